from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The indicators: monthly trend summaries and the dashboard. At the composition level,
    below the root URLs and the home page and above ``recommendations``: it reads missions,
    reports and recommendations, and no domain app imports it."""

    name = "jpt.insights"
    label = "insights"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        # The shared layer renders PDFs but may not import the apps above it: the trend
        # summary's renderer is registered here (models are loaded by now).
        from jpt.documents.registry import register

        from .documents import TrendPdf

        register(TrendPdf())
