"""The review permissions now belong to ``reports`` (the review chain moved there): the role
groups are given them again under their new app label."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from jpt.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_brigade_commander"),
        ("reports", "0003_review_tables_renamed"),
        ("recommendations", "0004_review_models_to_reports"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
