"""Database helpers shared by the apps: PostgreSQL-only migration steps, search-friendly filters.

**Trigram indexes.** The lists' searches are ``icontains`` filters, which PostgreSQL runs as
``UPPER(column::text) LIKE UPPER('%word%')``. A GIN index of the column's trigrams over the same
expression (``pg_trgm``'s ``gin_trgm_ops``) answers them without reading the table. The embedded
SQLite default of ``make run`` has no such index and needs none at its scale: the migration step
(``TrigramIndex``) does nothing there, and the index is not part of Django's model state (so that
SQLite's table rebuilds never try to create it). The indexes a list relies on are named in its
model's ``Meta`` comment and checked in ``jpt/core/tests/test_database.py``.
"""

from __future__ import annotations

from django.db import migrations


class PostgreSQLOnly(migrations.RunSQL):
    """``RunSQL`` run on PostgreSQL only; a no-op on any other database."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


def trigram_extension() -> PostgreSQLOnly:
    """``CREATE EXTENSION pg_trgm`` (a trusted extension: the database's owner may create it)."""
    return PostgreSQLOnly(
        "CREATE EXTENSION IF NOT EXISTS pg_trgm", reverse_sql=migrations.RunSQL.noop
    )


def trigram_index(name: str, table: str, column: str) -> PostgreSQLOnly:
    """A GIN trigram index on ``UPPER(column)``, the expression of Django's ``icontains``."""
    return PostgreSQLOnly(
        f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
        f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)',
        reverse_sql=f'DROP INDEX IF EXISTS "{name}"',
    )


def id_list(queryset, field: str = "id") -> list[int]:
    """The ids (or ``field``) of a (small) queryset, read now.

    For a search's ``OR`` over other tables (a territory's name, a locality's): as a list of ids
    the planner combines each part with the others' indexes (a ``BitmapOr``); as a subquery it
    reads the whole table and tests each row.
    """
    return list(queryset.values_list(field, flat=True))
