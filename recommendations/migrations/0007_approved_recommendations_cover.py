"""A covering index of the approved recommendations, by report (PostgreSQL only: jpt/core/db.py).

Every read of the follow-up starts from ``selectors.approved_rows``: the approved recommendations
of the reports in the user's scope, with their target date, joined to their implementation. The
board counts them all (``board_counts``) and sorts them all for its first rows; the overdue list
filters them. The index holds exactly those rows and columns, so that each read is an index-only
scan instead of a scan of the whole table (its texts included). A partial index with INCLUDE:
PostgreSQL only, and not part of Django's model state (the table belongs to ``reports``; SQLite,
the database of ``make run``, needs none at its scale).
"""

from django.db import migrations

from jpt.core.db import PostgreSQLOnly

INDEX = "recs_approved_report_cover"


class Migration(migrations.Migration):
    dependencies = [
        ("recommendations", "0006_owner_kinds"),
        ("reports", "0004_search_trigram_indexes"),
    ]

    operations = [
        PostgreSQLOnly(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "reports_recommendation" ("report_id") '
            'INCLUDE ("id", "target_date") WHERE "status" = \'approved\'',
            reverse_sql=f'DROP INDEX IF EXISTS "{INDEX}"',
        ),
    ]
