"""Trigram indexes for the request and mission searches (PostgreSQL only: jpt/core/db.py)."""

from django.db import migrations

from jpt.core.db import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [("missions", "0004_list_order_indexes")]

    operations = [
        trigram_extension(),
        trigram_index("missions_request_title_trgm", "missions_jptrequest", "title"),
        trigram_index("missions_request_reason_trgm", "missions_jptrequest", "reason"),
    ]
