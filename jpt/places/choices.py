from django.db import models
from django.utils.translation import gettext_lazy as _


class LocalitySource(models.TextChoices):
    GAZETTEER = "gazetteer", _("Gazetteer")
    USER = "user", _("Added by a user")


class BaseKind(models.TextChoices):
    COB = "cob", _("Company operating base (COB)")
    TOB = "tob", _("Temporary operating base (TOB)")
