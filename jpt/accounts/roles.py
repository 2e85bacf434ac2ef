"""Roles are Django groups with permissions. This module is the one definition of both.

The data migrations call :func:`sync_role_groups`, so a fresh database always has the groups,
and a change here goes with a new migration that calls it again.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REQUESTER = "Requester", _("Requester")
    CIVIL_AFFAIRS = "Civil Affairs officer", _("Civil Affairs officer")
    TEAM_MEMBER = "Team member", _("Team member")
    HEAD_OF_OFFICE = "Head of office", _("Head of office")
    BRIGADE_COMMANDER = "Brigade commander", _("Brigade commander")
    SMG_PROVINCIAL = "Provincial SMG-P member", _("Provincial SMG-P member")
    SMG_KINSHASA = "Kinshasa SMG-P member", _("Kinshasa SMG-P member")
    RREWC = "RREWC member", _("Rapid Response and Early Warning Cell")
    CLI = "CLI", _("Community Liaison Interpreter")
    ANALYST = "Analyst", _("Analyst")
    ADMINISTRATOR = "Administrator", _("Administrator")


# "app_label.codename" for each role.
VIEW_ALL_PROVINCES = "accounts.view_all_provinces"
VIEW_AGGREGATES = "accounts.view_aggregates"
# The indicators (jpt.insights): the dashboard and the monthly trend summaries, and computing a
# summary on demand. Scoped to the user's provinces like everything else.
VIEW_DASHBOARD = "insights.view_dashboard"
COMPUTE_SUMMARY = "insights.compute_summary"

ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.REQUESTER: [
        "missions.add_jptrequest",
        "missions.view_jptrequest",
        "places.add_locality",
    ],
    Role.CIVIL_AFFAIRS: [
        "missions.add_jptrequest",
        "missions.view_jptrequest",
        "missions.decide_jptrequest",
        "missions.view_mission",
        "missions.manage_mission",
        "missions.view_stakeholder_contact",
        "places.add_locality",
        # After approval: who carries each recommendation out, and the follow-up board.
        "recommendations.track_implementation",
        "recommendations.view_followup",
        VIEW_AGGREGATES,
        VIEW_DASHBOARD,
        COMPUTE_SUMMARY,
    ],
    Role.TEAM_MEMBER: ["missions.view_jptrequest", "missions.view_mission"],
    Role.HEAD_OF_OFFICE: [
        "missions.view_jptrequest",
        "missions.view_mission",
        "missions.view_stakeholder_contact",
        "reports.review_head_of_office",
        "recommendations.view_followup",
        VIEW_DASHBOARD,
    ],
    # The brief: the report "is reviewed by civilian heads of office and brigade commanders".
    # The brigade commander decides at the first level beside the head of office; contacts
    # of local people are not theirs to see (military positions are, in the report).
    Role.BRIGADE_COMMANDER: [
        "missions.view_jptrequest",
        "missions.view_mission",
        "reports.review_head_of_office",
        "recommendations.view_followup",
        VIEW_DASHBOARD,
    ],
    Role.SMG_PROVINCIAL: [
        "missions.view_jptrequest",
        "missions.view_mission",
        "missions.view_stakeholder_contact",
        "reports.review_provincial",
        "recommendations.view_followup",
        VIEW_DASHBOARD,
    ],
    Role.SMG_KINSHASA: [
        "missions.view_jptrequest",
        "missions.view_mission",
        "reports.review_kinshasa",
        "recommendations.view_followup",
        VIEW_ALL_PROVINCES,
        VIEW_DASHBOARD,
    ],
    # Notified when a report reaches the provincial SMG-P, and reads it (no decisions); sees
    # the community alerts of its provinces on the follow-up board (early warning).
    Role.RREWC: ["missions.view_mission", "recommendations.view_followup"],
    # Community Liaison Interpreters follow up approved recommendations in their provinces:
    # visits, their calendar, community alerts, material support.
    Role.CLI: [
        "missions.view_mission",
        "recommendations.view_followup",
        "recommendations.log_followup",
    ],
    # Analysts see aggregates only: the dashboard and the summaries, without the drill-down to
    # records (they have no permission on any list).
    Role.ANALYST: [VIEW_AGGREGATES, VIEW_ALL_PROVINCES, VIEW_DASHBOARD, COMPUTE_SUMMARY],
    Role.ADMINISTRATOR: [
        "missions.add_jptrequest",
        "missions.view_jptrequest",
        "missions.change_jptrequest",
        "missions.decide_jptrequest",
        "missions.view_mission",
        "missions.manage_mission",
        "places.add_locality",
        "places.change_locality",
        "places.add_operatingbase",
        "places.change_operatingbase",
        "places.view_operatingbase",
        "audit.view_auditentry",
        "notifications.view_emailmessage",
        "reports.add_provincechain",
        "reports.change_provincechain",
        "reports.view_provincechain",
        "reports.change_levelsetting",
        "reports.view_levelsetting",
        "recommendations.view_followup",
        VIEW_ALL_PROVINCES,
        VIEW_AGGREGATES,
        VIEW_DASHBOARD,
    ],
}


def sync_role_groups(apps=None) -> None:
    """Create or update one group per role with exactly the permissions listed above."""
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    # Permissions are normally created after migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, perms in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=str(role.value))
        wanted = []
        for dotted in perms:
            app_label, codename = dotted.split(".")
            # A permission whose model comes in a later migration is skipped here; the
            # migration that adds it calls this function again.
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename=codename)
            )
        group.permissions.set(wanted)
