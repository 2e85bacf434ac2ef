from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """PDFs rendered by Celery from the documents of the apps above (their renderers register
    themselves with ``jpt.documents.registry.register``), stored, deduplicated and audited."""

    name = "jpt.documents"
    label = "documents"
    verbose_name = _("PDF documents")
