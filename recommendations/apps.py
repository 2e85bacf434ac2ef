from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    """What approved recommendations become: the recommendation pages now, implementation
    tracking and follow-up visits next. Above ``reports``, which owns recommendations and
    their review chain; ``reports`` never imports this app."""

    name = "recommendations"
    verbose_name = _("Recommendations")
