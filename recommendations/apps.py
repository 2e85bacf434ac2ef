from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """Recommendations and the review chain (head of office, provincial and Kinshasa SMG-P)."""

    name = "recommendations"
    verbose_name = _("Recommendations")
