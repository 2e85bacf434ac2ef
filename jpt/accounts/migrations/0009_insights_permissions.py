"""Roles get the indicators' permissions (jpt.insights): the dashboard and the monthly trend
summaries for Civil Affairs officers, reviewers (heads of office, brigade commanders,
provincial and Kinshasa SMG-P members), analysts and administrators; computing a summary on
demand for Civil Affairs officers and analysts."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from jpt.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0008_follow_up_permissions"),
        ("insights", "0001_initial"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
