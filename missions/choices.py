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
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")
