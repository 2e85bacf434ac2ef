from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "jpt.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from django.urls import register_converter

        from .ids import IdConverter

        # ``<id:pk>`` in every URL pattern: an id no row can have is a 404 before any query.
        register_converter(IdConverter, "id")
