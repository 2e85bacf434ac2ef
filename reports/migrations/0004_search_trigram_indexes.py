"""Trigram indexes for the recommendation search (PostgreSQL only: jpt/core/db.py)."""

from django.db import migrations

from jpt.core.db import trigram_extension, trigram_index


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_review_tables_renamed")]

    operations = [
        trigram_extension(),
        trigram_index("reports_rec_text_trgm", "reports_recommendation", "text"),
        trigram_index("reports_rec_current_text_trgm", "reports_recommendation", "current_text"),
        trigram_index("reports_rec_addressee_trgm", "reports_recommendation", "addressee_detail"),
    ]
