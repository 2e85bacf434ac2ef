from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """Recommendations and their review chain (issue 4). Empty until then."""

    name = "recommendations"
    verbose_name = _("Recommendations")
