"""Give the roles the mission permissions (manage missions, see stakeholders' contacts)."""

from django.db import migrations


def sync_roles(apps, schema_editor):
    from jpt.accounts.roles import sync_role_groups

    sync_role_groups(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_roles"),
        ("missions", "0002_mission_planning_team_field"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
