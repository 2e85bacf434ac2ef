"""Choices of recommendations and the review chain."""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
    ReviewLevel.HEAD_OF_OFFICE: "recommendations.review_head_of_office",
    ReviewLevel.PROVINCIAL_SMG: "recommendations.review_provincial",
    ReviewLevel.KINSHASA_SMG: "recommendations.review_kinshasa",
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
