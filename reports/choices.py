"""Choices of mission reports: the report, its recommendations and the review chain."""

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


# Recommendations and the review chain ---------------------------------------------------


class Category(models.TextChoices):
    ESCORT_PATROL = "escort_patrol", _("Escort / patrol")
    BASE_POSTURE = "base_posture", _("Base posture")
    HEALTH = "health", _("Health services")
    JUSTICE = "justice", _("Legal / justice access")
    HR_INVESTIGATION = "hr_investigation", _("Human-rights investigation")
    IHL_ENGAGEMENT = "ihl_engagement", _("IHL engagement with an armed actor")
    DIALOGUE = "dialogue", _("Dialogue / reconciliation")
    MATERIAL_SUPPORT = "material_support", _("Material support")
    NATIONAL_AUTHORITIES = "national_authorities", _("Request to national authorities")
    LOGISTICS = "logistics", _("Logistics")
    OTHER = "other", _("Other")


class Addressee(models.TextChoices):
    MISSION_SECTION = "mission_section", _("A mission section")
    FORCE = "force", _("The Force")
    UN_POLICE = "un_police", _("UN Police")
    UN_AGENCY = "un_agency", _("A UN agency")
    NGO = "ngo", _("An NGO")
    NATIONAL_AUTHORITIES = "national_authorities", _("National authorities")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class RecommendationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    REJECTED = "rejected", _("Rejected")
    APPROVED = "approved", _("Approved for implementation")


RECOMMENDATION_STATUS_COLOURS = {
    RecommendationStatus.DRAFT: "secondary",
    RecommendationStatus.IN_REVIEW: "primary",
    RecommendationStatus.REJECTED: "danger",
    RecommendationStatus.APPROVED: "success",
}


class ReviewLevel(models.TextChoices):
    """The review chain, in order."""

    HEAD_OF_OFFICE = "head_of_office", _("Head of office and brigade commander")
    PROVINCIAL_SMG = "provincial_smg", _("Provincial SMG-P")
    KINSHASA_SMG = "kinshasa_smg", _("SMG-P Kinshasa")


LEVEL_ORDER = [ReviewLevel.HEAD_OF_OFFICE, ReviewLevel.PROVINCIAL_SMG, ReviewLevel.KINSHASA_SMG]
# The level final by default (a province may end its chain at provincial level).
DEFAULT_FINAL_LEVEL = ReviewLevel.KINSHASA_SMG
DEFAULT_DEADLINE_DAYS = 10
# Permission (app_label.codename) that makes a user a reviewer at each level.
LEVEL_PERMISSIONS = {
    ReviewLevel.HEAD_OF_OFFICE: "reports.review_head_of_office",
    ReviewLevel.PROVINCIAL_SMG: "reports.review_provincial",
    ReviewLevel.KINSHASA_SMG: "reports.review_kinshasa",
}


class Decision(models.TextChoices):
    ENDORSE = "endorse", _("Endorse")
    ENDORSE_WITH_CHANGES = "endorse_changed", _("Endorse with changes")
    REJECT = "reject", _("Reject")


ENDORSING_DECISIONS = {Decision.ENDORSE, Decision.ENDORSE_WITH_CHANGES}


class StageOutcome(models.TextChoices):
    OPEN = "open", _("Waiting")
    FORWARDED = "forwarded", _("Sent to the next level")
    RETURNED = "returned", _("Returned to the team")
    APPROVED = "approved", _("Approved (final level)")
    CLOSED = "closed", _("Closed: nothing endorsed")
