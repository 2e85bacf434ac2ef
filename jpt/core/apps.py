from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jpt.core"
    label = "core"
    verbose_name = "Core"
