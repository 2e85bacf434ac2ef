from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Mission reports: sections drafted by the team, submission checks, frozen versions."""

    name = "reports"
    verbose_name = _("Reports")
