"""Choices of what follows approval (step 8 of the life of a JPT): implementation tracking,
follow-up visits by CLIs, community alerts and material support."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OwnerKind(models.TextChoices):
    """Who carries an approved recommendation out."""

    MISSION_SECTION = "mission_section", _("A mission section")
    FORCE = "force", _("The Force")
    UN_POLICE = "un_police", _("UN Police")
    UN_AGENCY = "un_agency", _("A UN agency")
    NGO = "ngo", _("An NGO")
    AUTHORITY = "authority", _("An authority")


class ImplementationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    PARTLY_IMPLEMENTED = "partly_implemented", _("Partly implemented")
    STALLED = "stalled", _("Stalled")
    NO_LONGER_RELEVANT = "no_longer_relevant", _("No longer relevant")


# Statuses in which the work is over: a target date passed is no longer "overdue".
DONE_IMPLEMENTATION_STATUSES = {
    ImplementationStatus.IMPLEMENTED,
    ImplementationStatus.NO_LONGER_RELEVANT,
}
IMPLEMENTATION_STATUS_COLOURS = {
    ImplementationStatus.NOT_STARTED: "secondary",
    ImplementationStatus.IN_PROGRESS: "primary",
    ImplementationStatus.IMPLEMENTED: "success",
    ImplementationStatus.PARTLY_IMPLEMENTED: "info",
    ImplementationStatus.STALLED: "danger",
    ImplementationStatus.NO_LONGER_RELEVANT: "dark",
}


class StalledReason(models.TextChoices):
    LOGISTICS = "logistics", _("Logistics")
    SECURITY = "security", _("Security")
    NO_FUNDING = "no_funding", _("No funding")
    NO_PARTNER = "no_partner", _("No partner")
    REFUSED = "refused", _("Refused")


class Finding(models.TextChoices):
    """What a CLI saw of a recommendation on a follow-up visit."""

    AS_PLANNED = "as_planned", _("Implemented as planned")
    PARTLY = "partly", _("Partly implemented")
    NOT_AT_ALL = "not_at_all", _("Not implemented at all")
    WORSE = "worse", _("Made things worse")


class Confidence(models.IntegerChoices):
    """The community's confidence in the mission, as the CLI heard it."""

    VERY_LOW = 1, _("1 – very low")
    LOW = 2, _("2 – low")
    MEDIUM = 3, _("3 – medium")
    HIGH = 4, _("4 – high")
    VERY_HIGH = 5, _("5 – very high")


class PlannedVisitStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Visit made")
    CANCELLED = "cancelled", _("Cancelled")


class AlertChannel(models.TextChoices):
    PHONE = "phone", _("Phone (hotline)")
    IN_PERSON = "in_person", _("In person")
    RADIO = "radio", _("Radio")


class AlertSource(models.TextChoices):
    """Who raised the alert, by category: never a name."""

    COMMUNITY_MEMBER = "community_member", _("Community member")
    LOCAL_LEADER = "local_leader", _("Local leader")
    WOMENS_GROUP = "womens_group", _("Women's group")
    LOCAL_AUTHORITY = "local_authority", _("Local authority")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    DISPLACED_PERSON = "displaced_person", _("Displaced person")
    OTHER = "other", _("Other")


class RelayedTo(models.TextChoices):
    PEACEKEEPERS = "peacekeepers", _("Peacekeepers")
    NATIONAL_ARMY = "national_army", _("National army")
    POLICE = "police", _("Police")
    AUTHORITIES = "authorities", _("Authorities")


class PlanUse(models.TextChoices):
    """How the community protection plan worked when an alert came in its area."""

    WORKED = "worked", _("Worked as agreed")
    PARTLY = "partly", _("Worked in part")
    FAILED = "failed", _("Did not work")


class SupportItem(models.TextChoices):
    PHONE = "phone", _("Mobile phone")
    RADIO = "radio", _("Radio")
    LAMP = "lamp", _("Solar lamp")
    WHISTLE = "whistle", _("Whistle")
    OTHER = "other", _("Other")
