from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Mission reports: sections drafted by the team, recommendations, submission checks, the
    review chain up to Kinshasa (the report's state machine) and frozen versions."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        # The shared layer renders PDFs but may not import apps: the report's renderer is
        # registered here (models are loaded by now).
        from jpt.documents.registry import register

        from .documents import ReportPdf

        register(ReportPdf())
