"""Choices for JPT requests and missions, with their named groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RequesterKind(models.TextChoices):
    SENIOR_MANAGEMENT = "senior_management", _("Senior management")
    FIELD_OFFICE = "field_office", _("Field office")
    SECTION = "section", _("Section")


class TriggerCategory(models.TextChoices):
    EMERGENCY = "emergency", _("Emergency response")
    RISK_ASSESSMENT = "risk_assessment", _("Risk assessment")


class Trigger(models.TextChoices):
    ATTACK = "attack", _("Attack")
    DISPLACEMENT = "displacement", _("Displacement")
    EMERGENCY_OTHER = "emergency_other", _("Other emergency")
    RUMOURED_ATTACKS = "rumoured_attacks", _("Rumoured attacks")
    FOLLOW_UP = "follow_up", _("Follow-up of an earlier JPT")
    RISK_OTHER = "risk_other", _("Other risk")


TRIGGER_CATEGORY = {
    Trigger.ATTACK: TriggerCategory.EMERGENCY,
    Trigger.DISPLACEMENT: TriggerCategory.EMERGENCY,
    Trigger.EMERGENCY_OTHER: TriggerCategory.EMERGENCY,
    Trigger.RUMOURED_ATTACKS: TriggerCategory.RISK_ASSESSMENT,
    Trigger.FOLLOW_UP: TriggerCategory.RISK_ASSESSMENT,
    Trigger.RISK_OTHER: TriggerCategory.RISK_ASSESSMENT,
}
TRIGGERS_NEEDING_DETAILS = {Trigger.EMERGENCY_OTHER, Trigger.RISK_OTHER}

# Grouped for <select> widgets: (category label, [(value, label), ...]).
TRIGGER_GROUPED_CHOICES = [
    (
        category.label,
        [(t.value, t.label) for t, c in TRIGGER_CATEGORY.items() if c == category],
    )
    for category in TriggerCategory
]


class Urgency(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    HIGH = "high", _("High")
    IMMEDIATE = "immediate", _("Immediate")


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting decision")
    RETURNED = "returned", _("Returned for more information")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


DECIDABLE_REQUEST_STATUSES = {RequestStatus.SUBMITTED}
EDITABLE_REQUEST_STATUSES = {RequestStatus.SUBMITTED, RequestStatus.RETURNED}
TERMINAL_REQUEST_STATUSES = {RequestStatus.APPROVED, RequestStatus.DECLINED}
DECIDED_REQUEST_STATUSES = TERMINAL_REQUEST_STATUSES

# Bootstrap colour for each status badge.
REQUEST_STATUS_COLOURS = {
    RequestStatus.SUBMITTED: "primary",
    RequestStatus.RETURNED: "warning",
    RequestStatus.APPROVED: "success",
    RequestStatus.DECLINED: "secondary",
}


class MissionStatus(models.TextChoices):
    PLANNING = "planning", _("Planning")
    TEAM_FORMING = "team_forming", _("Team forming")
    DEPLOYED = "deployed", _("Deployed")
    RETURNED = "returned", _("Returned")
    REPORT_DRAFTING = "report_drafting", _("Report drafting")
    IN_REVIEW = "in_review", _("Report in review")
    FOLLOW_UP = "follow_up", _("Recommendations followed up")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_MISSION_STATUSES = {
    MissionStatus.PLANNING,
    MissionStatus.TEAM_FORMING,
    MissionStatus.DEPLOYED,
    MissionStatus.RETURNED,
    MissionStatus.REPORT_DRAFTING,
    MissionStatus.IN_REVIEW,
    MissionStatus.FOLLOW_UP,
}
TERMINAL_MISSION_STATUSES = {MissionStatus.CLOSED, MissionStatus.CANCELLED}
# Statuses before the team leaves: plans, team and logistics are still being arranged.
PRE_DEPLOYMENT_STATUSES = {MissionStatus.PLANNING, MissionStatus.TEAM_FORMING}
# The plan (mandate, lead, base, dates) can change until the team is back.
PLAN_OPEN_STATUSES = {*PRE_DEPLOYMENT_STATUSES, MissionStatus.DEPLOYED, MissionStatus.RETURNED}
# The roster can change until the team comes back.
ROSTER_OPEN_STATUSES = {*PRE_DEPLOYMENT_STATUSES, MissionStatus.DEPLOYED}
# The record of meetings and the key-stakeholder list can change until the report is submitted
# (and again once it is returned, when the mission is back to report drafting): reviewers read
# them as they were submitted.
FIELD_RECORD_OPEN_STATUSES = {
    MissionStatus.PLANNING,
    MissionStatus.TEAM_FORMING,
    MissionStatus.DEPLOYED,
    MissionStatus.RETURNED,
    MissionStatus.REPORT_DRAFTING,
}
# Which status may follow which, by the lead's or Civil Affairs' hand (``mission_change_status``).
MISSION_TRANSITIONS = {
    MissionStatus.PLANNING: {MissionStatus.TEAM_FORMING, MissionStatus.CANCELLED},
    MissionStatus.TEAM_FORMING: {
        MissionStatus.PLANNING,
        MissionStatus.DEPLOYED,
        MissionStatus.CANCELLED,
    },
    MissionStatus.DEPLOYED: {MissionStatus.RETURNED, MissionStatus.CANCELLED},
    MissionStatus.RETURNED: {MissionStatus.REPORT_DRAFTING, MissionStatus.CANCELLED},
    MissionStatus.REPORT_DRAFTING: {MissionStatus.CLOSED, MissionStatus.CANCELLED},
    # The report moves the mission out of review (below); nobody does it by hand.
    MissionStatus.IN_REVIEW: set(),
    # Civil Affairs closes the mission once its recommendations need no more follow-up.
    MissionStatus.FOLLOW_UP: {MissionStatus.CLOSED},
    MissionStatus.CLOSED: set(),
    MissionStatus.CANCELLED: set(),
}


class ReportStep(models.TextChoices):
    """What happened to the mission's report; the mission's status follows it
    (``missions.services.mission_follow_report``, called by the reports app)."""

    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report returned to the team")
    APPROVED = "approved", _("Report approved")
    CLOSED = "closed", _("Review closed: nothing endorsed")


# The status a report step moves the mission to, and the statuses it may come from.
REPORT_STEP_TRANSITIONS = {
    ReportStep.SUBMITTED: (
        {MissionStatus.RETURNED, MissionStatus.REPORT_DRAFTING},
        MissionStatus.IN_REVIEW,
    ),
    ReportStep.RETURNED: ({MissionStatus.IN_REVIEW}, MissionStatus.REPORT_DRAFTING),
    ReportStep.APPROVED: ({MissionStatus.IN_REVIEW}, MissionStatus.FOLLOW_UP),
    ReportStep.CLOSED: ({MissionStatus.IN_REVIEW}, MissionStatus.CLOSED),
}
MISSION_STATUS_COLOURS = {
    MissionStatus.PLANNING: "secondary",
    MissionStatus.TEAM_FORMING: "info",
    MissionStatus.DEPLOYED: "primary",
    MissionStatus.RETURNED: "warning",
    MissionStatus.REPORT_DRAFTING: "warning",
    MissionStatus.IN_REVIEW: "primary",
    MissionStatus.FOLLOW_UP: "success",
    MissionStatus.CLOSED: "success",
    MissionStatus.CANCELLED: "dark",
}


class LogisticsCategory(models.TextChoices):
    TRANSPORT = "transport", _("Transport")
    EQUIPMENT = "equipment", _("Equipment")
    ESCORT = "escort", _("Escort")
    ACCOMMODATION = "accommodation", _("Accommodation")


class TransportMode(models.TextChoices):
    HELICOPTER = "helicopter", _("Helicopter")
    ROAD_CONVOY = "road_convoy", _("Road convoy")
    OTHER = "other", _("Other")


class LogisticsStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    REFUSED = "refused", _("Refused")


class TeamRole(models.TextChoices):
    TEAM_LEAD = "team_lead", _("Team lead")
    MEMBER = "member", _("Member")
    GENDER_OFFICER = "gender_officer", _("Gender officer")
    SEXUAL_VIOLENCE_EXPERT = "sv_expert", _("Sexual-violence expert")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    HUMAN_RIGHTS = "human_rights", _("Human rights")
    INTERPRETER = "interpreter", _("CLI / interpreter")
    MILITARY_OBSERVER = "military_observer", _("Military observer")
    UN_POLICE = "un_police", _("UN Police")
    HOST_UNIT_LIAISON = "host_unit_liaison", _("Host-unit liaison")


class ParticipationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Permissions (app_label.codename) the missions app's rules refer to.
PERM_DECIDE = "missions.decide_jptrequest"
PERM_MANAGE = "missions.manage_mission"
PERM_CONTACTS = "missions.view_stakeholder_contact"

# Members counted in the composition and the readiness checks.
ACTIVE_PARTICIPATION = {ParticipationStatus.INVITED, ParticipationStatus.ACCEPTED}
# Members who hold the team's rights (see the mission, record field work, see contacts): those
# who accepted. An invitee sees only the invitation until they accept; a declined or withdrawn
# invitee keeps nothing.
TEAM_RIGHTS_PARTICIPATION = {ParticipationStatus.ACCEPTED}


class ConsultationType(models.TextChoices):
    LOCAL_LEADERS = "local_leaders", _("Local leaders")
    LOCAL_AUTHORITIES = "local_authorities", _("Local authorities")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    WOMENS_ORGANIZATION = "womens_organization", _("Women's organization")
    LOCAL_WOMEN = "local_women", _("Meeting with local women")
    YOUTH = "youth", _("Youth")
    DISPLACED = "displaced", _("Displaced people")
    RELIGIOUS_LEADERS = "religious_leaders", _("Religious leaders")
    ARMED_ACTOR = "armed_actor", _("Armed actor / commander")
    MILITARY = "military", _("Military")
    OTHER = "other", _("Other")


class Announcement(models.TextChoices):
    WORD_OF_MOUTH = "word_of_mouth", _("Word of mouth")
    MARKET = "market", _("Market announcement")
    RADIO = "radio", _("Radio")
    GENDER_OFFICE = "gender_office", _("Gender office contacts")
    CLI = "cli", _("CLI")


class ConsultationSetting(models.TextChoices):
    ON_BASE = "on_base", _("On the base")
    COMMUNITY = "community", _("In the community")


class StakeholderCategory(models.TextChoices):
    CUSTOMARY_CHIEF = "customary_chief", _("Customary chief")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    WOMENS_LEADER = "womens_leader", _("Women's leader")
    RELIGIOUS_LEADER = "religious_leader", _("Religious leader")
    HEALTH_WORKER = "health_worker", _("Health worker")
    TEACHER = "teacher", _("Teacher")
    ARMED_ACTOR = "armed_actor", _("Armed actor")
    OTHER = "other", _("Other")
