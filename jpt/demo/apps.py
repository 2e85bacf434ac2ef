from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data command (``load_demo``). Installed by jpt.settings.local and .test only."""

    name = "jpt.demo"
    label = "demo"
    verbose_name = _("Demo data")
