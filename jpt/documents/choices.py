"""Choices of rendered documents, with their named groups."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What a document is; each kind has one renderer (``jpt.documents.registry``)."""

    REPORT = "report", _("Mission report")
    TREND = "trend", _("Monthly trend summary")


class DocumentAudience(models.TextChoices):
    """Who a rendering is for: the same content is rendered once per audience.

    ``CONTACTS`` holds the ways of reaching people (stakeholders' phone numbers) and is only
    ever given to users who may see them; ``STANDARD`` holds none and may be given to anyone
    who sees the document's record.
    """

    STANDARD = "standard", _("Without contacts")
    CONTACTS = "contacts", _("With contacts")


class DocumentStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RENDERING = "rendering", _("Rendering")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# A job still to finish: the page polls while a document is in one of these.
ACTIVE_STATUSES = frozenset({DocumentStatus.QUEUED, DocumentStatus.RENDERING})
# Requesting the same input again puts a failed job back in the queue (a retry).
RETRYABLE_STATUSES = frozenset({DocumentStatus.FAILED})
DOCUMENT_STATUS_COLOURS = {
    DocumentStatus.QUEUED: "secondary",
    DocumentStatus.RENDERING: "primary",
    DocumentStatus.READY: "success",
    DocumentStatus.FAILED: "danger",
}
