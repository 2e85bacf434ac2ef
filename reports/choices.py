"""Choices of mission reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    RETURNED = "returned", _("Returned to the team")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed: no recommendation endorsed")


# The team may edit the report in these statuses.
EDITABLE_REPORT_STATUSES = {ReportStatus.DRAFT, ReportStatus.RETURNED}
REPORT_STATUS_COLOURS = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.IN_REVIEW: "primary",
    ReportStatus.RETURNED: "warning",
    ReportStatus.APPROVED: "success",
    ReportStatus.CLOSED: "dark",
}


class ThreatType(models.TextChoices):
    ATTACK = "attack", _("Attack on civilians")
    SEXUAL_VIOLENCE = "sexual_violence", _("Sexual violence")
    ABDUCTION = "abduction", _("Abduction")
    FORCED_DISPLACEMENT = "forced_displacement", _("Forced displacement")
    LOOTING = "looting", _("Looting / extortion")
    FORCED_LABOUR = "forced_labour", _("Forced labour")
    CHILD_RECRUITMENT = "child_recruitment", _("Recruitment of children")
    OCCUPATION = "occupation", _("Occupation of homes")
    CHECKPOINT = "checkpoint", _("Checkpoint harassment")
    OTHER = "other", _("Other")


class PerpetratorCategory(models.TextChoices):
    ARMED_GROUP = "armed_group", _("Armed group (named)")
    NATIONAL_ARMY = "national_army", _("National army unit")
    POLICE = "police", _("Police")
    UNKNOWN = "unknown", _("Unknown")


class Trend(models.TextChoices):
    RISING = "rising", _("Rising")
    STABLE = "stable", _("Stable")
    FALLING = "falling", _("Falling")


class Severity(models.IntegerChoices):
    LOW = 1, _("1 – low")
    MODERATE = 2, _("2 – moderate")
    HIGH = 3, _("3 – high")
    CRITICAL = 4, _("4 – critical")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child (under 18)")
    ADULT = "adult", _("Adult")
    UNKNOWN = "unknown", _("Unknown")


class SurvivorSex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "unknown", _("Unknown")


class ServiceAccess(models.TextChoices):
    NONE = "none", _("No access")
    LIMITED = "limited", _("Limited access")
    AVAILABLE = "available", _("Available")
