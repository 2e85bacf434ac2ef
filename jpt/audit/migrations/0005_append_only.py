"""The database refuses to change or delete an audit entry.

PostgreSQL: pgtrigger's ``Protect`` trigger (``AuditEntry.Meta.triggers``), which pgtrigger installs
on PostgreSQL only. SQLite (the database of ``make run``): two plain triggers with the same effect,
created here and only there. Neither refuses ``TRUNCATE``.
"""

import pgtrigger.compiler
import pgtrigger.migrations
from django.db import migrations

SQLITE_TRIGGERS = {
    "audit_auditentry_append_only_update": "UPDATE",
    "audit_auditentry_append_only_delete": "DELETE",
}
SQLITE_MESSAGE = "Audit entries are append-only: they are never changed or deleted."


def create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, operation in SQLITE_TRIGGERS.items():
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS {name} BEFORE {operation} ON audit_auditentry "
            f"BEGIN SELECT RAISE(ABORT, '{SQLITE_MESSAGE}'); END;"
        )


def drop_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in SQLITE_TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name};")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_auth_and_admin_actions"),
    ]

    operations = [
        pgtrigger.migrations.AddTrigger(
            model_name="auditentry",
            trigger=pgtrigger.compiler.Trigger(
                name="append_only",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func="RAISE EXCEPTION 'pgtrigger: Cannot update or delete rows from % table', TG_TABLE_NAME;",
                    hash="ab24cb77a22d3160dc788fecde00a98236f14d09",
                    operation="UPDATE OR DELETE",
                    pgid="pgtrigger_append_only_6cfb3",
                    table="audit_auditentry",
                    when="BEFORE",
                ),
            ),
        ),
        migrations.RunPython(create_sqlite_triggers, drop_sqlite_triggers, elidable=False),
    ]
