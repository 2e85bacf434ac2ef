"""Roles get the follow-up permissions: Civil Affairs track implementation; CLIs log visits,
alerts, planned visits and material support; reviewers, the RREWC and administrators see the
follow-up board."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from jpt.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0007_review_permissions_in_reports"),
        ("recommendations", "0005_follow_up"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
