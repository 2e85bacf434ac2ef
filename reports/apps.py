from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Mission reports (issue 4). Empty until then."""

    name = "reports"
    verbose_name = _("Reports")
