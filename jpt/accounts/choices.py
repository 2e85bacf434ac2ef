"""Choices describing staff: sex, staff category and section."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")


class StaffCategory(models.TextChoices):
    NATIONAL = "national", _("National staff")
    INTERNATIONAL = "international", _("International staff")


class Section(models.TextChoices):
    CIVIL_AFFAIRS = "civil_affairs", _("Civil Affairs")
    POLITICAL_AFFAIRS = "political_affairs", _("Political Affairs")
    HUMAN_RIGHTS = "human_rights", _("Human Rights")
    CHILD_PROTECTION = "child_protection", _("Child Protection")
    GENDER_AFFAIRS = "gender_affairs", _("Gender Affairs")
    PUBLIC_INFORMATION = "public_information", _("Public Information")
    UN_POLICE = "un_police", _("UN Police")
    MILITARY_OBSERVER = "military_observer", _("Military observer")
    FORCE = "force", _("Force / military unit")
    NGO = "ngo", _("NGO")
    UN_AGENCY = "un_agency", _("UN agency")
