"""The database itself refuses to change or delete an audit entry, not only the ORM.

PostgreSQL (``make test``): pgtrigger's ``Protect`` trigger. SQLite (``make run``): the two
triggers of migration ``0005_append_only``; the test marked ``sqlite`` runs there too
(``make test`` runs the tests marked ``sqlite`` a second time, on SQLite).
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, InternalError, connection, transaction

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.audit.services import audit_record

pytestmark = pytest.mark.django_db

PG_REFUSAL = "Cannot update or delete rows from audit_auditentry"
SQLITE_REFUSAL = "Audit entries are append-only"


@pytest.fixture
def entry(requester, places):
    return audit_record(
        actor=requester,
        action=AuditAction.LOCALITY_ADDED,
        target=places.ntoto,
        details={"territory": "Walikale"},
    )


def execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def unchanged(entry) -> bool:
    row = AuditEntry.objects.get(pk=entry.pk)
    return row.details == {"territory": "Walikale"} and row.action == AuditAction.LOCALITY_ADDED


@pytest.fixture
def on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the pgtrigger trigger exists on PostgreSQL only")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditentry SET details = '{}'::jsonb WHERE id = %s",
        "UPDATE audit_auditentry SET action = 'request.approved' WHERE id = %s",
        "UPDATE audit_auditentry SET actor_id = NULL WHERE id >= %s",
    ],
)
def test_postgresql_refuses_an_update(on_postgresql, entry, sql):
    with pytest.raises(InternalError, match=PG_REFUSAL), transaction.atomic():
        execute(sql, [entry.pk])
    assert unchanged(entry)


@pytest.mark.parametrize(
    "sql",
    ["DELETE FROM audit_auditentry WHERE id = %s", "DELETE FROM audit_auditentry WHERE id >= %s"],
)
def test_postgresql_refuses_a_delete(on_postgresql, entry, sql):
    with pytest.raises(InternalError, match=PG_REFUSAL), transaction.atomic():
        execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_postgresql_trigger_is_installed_under_its_name(on_postgresql):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
            "AND NOT tgisinternal"
        )
        names = [name for (name,) in cursor.fetchall()]
    assert len(names) == 1
    assert names[0].startswith("pgtrigger_append_only_")


def test_postgresql_still_inserts(on_postgresql, entry, places):
    audit_record(actor=None, action=AuditAction.LOCALITY_ADDED, target=places.otobora)
    assert AuditEntry.objects.count() == 2


def test_truncate_is_not_refused(on_postgresql, entry):
    """How pytest-django empties the database after a transactional test (``flush``): the
    triggers refuse row changes, not ``TRUNCATE``. Rolled back with the test's transaction."""
    execute("SET CONSTRAINTS ALL IMMEDIATE")  # The entry's foreign keys, checked now.
    execute("TRUNCATE audit_auditentry")
    assert not AuditEntry.objects.exists()


@pytest.mark.sqlite
def test_sqlite_refuses_update_and_delete(entry):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite triggers exist on SQLite only")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s",
            ["audit_auditentry"],
        )
        names = sorted(name for (name,) in cursor.fetchall())
    assert names == ["audit_auditentry_append_only_delete", "audit_auditentry_append_only_update"]

    with pytest.raises(IntegrityError, match=SQLITE_REFUSAL), transaction.atomic():
        execute("UPDATE audit_auditentry SET details = '{}' WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError, match=SQLITE_REFUSAL), transaction.atomic():
        execute("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(IntegrityError, match=SQLITE_REFUSAL), transaction.atomic():
        execute("DELETE FROM audit_auditentry")
    assert unchanged(entry)


# Entries without a target: only a failed login for an unknown username.


@pytest.mark.sqlite
def test_a_failed_login_may_have_no_target():
    entry = audit_record(
        actor=None,
        action=AuditAction.AUTH_LOGIN_FAILED,
        target=None,
        target_repr="nobody",
        details={"username": "nobody"},
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.target_type is None
    assert entry.target_id == ""
    assert entry.target is None
    assert entry.target_repr == "nobody"


def test_any_other_action_needs_a_target():
    with pytest.raises(ValueError, match="needs a target"):
        audit_record(actor=None, action=AuditAction.LOCALITY_ADDED, target=None)
    assert not AuditEntry.objects.exists()


@pytest.mark.sqlite
def test_the_database_refuses_an_entry_without_a_target(places):
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.create(action=AuditAction.LOCALITY_ADDED, target_repr="x")
    with pytest.raises(IntegrityError), transaction.atomic():  # a half-set target
        AuditEntry.objects.create(
            action=AuditAction.AUTH_LOGIN_FAILED, target_id="7", target_repr="x"
        )
    AuditEntry.objects.create(  # a full target is fine for every action
        action=AuditAction.AUTH_LOGIN_FAILED,
        target_type=ContentType.objects.get_for_model(places.ntoto),
        target_id=str(places.ntoto.pk),
        target_repr="Ntoto",
    )
