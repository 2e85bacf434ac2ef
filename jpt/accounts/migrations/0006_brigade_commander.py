"""The brigade commander reviews at the first level of the chain, beside the head of office."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from jpt.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_review_roles")]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
