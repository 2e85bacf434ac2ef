"""A rendered PDF: what it renders (kind, target, audience), from which input (its SHA-256),
the job's state, and the stored file with its own SHA-256.

The same input for the same target and audience is rendered once: the input's SHA-256 is part
of a unique constraint, and requesting it again returns the stored document (or retries it,
when it failed). Only ``jpt.documents.services`` changes a document's status.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.models import TimeStampedModel

from .choices import DOCUMENT_STATUS_COLOURS, DocumentAudience, DocumentKind, DocumentStatus


class DocumentQuerySet(models.QuerySet):
    def for_target(self, target: models.Model) -> DocumentQuerySet:
        """Documents of one record (any kind, any audience)."""
        return self.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
        )

    def latest_first(self) -> DocumentQuerySet:
        return self.order_by("-requested_at", "-id")


def document_upload_to(document: Document, filename: str) -> str:
    """Where the file goes under the storage: by kind and month, under a random name (never a
    name made from what the document says)."""
    return f"documents/{document.kind}/{timezone.now():%Y/%m}/{filename}"


class Document(TimeStampedModel):
    """One PDF rendering of a record (``target``) for one audience, from one input.

    ``input`` is the JSON the kind's renderer prepared when the PDF was requested (for a report:
    its content, live or the frozen version's); the PDF is rendered from it, never from rows
    read later, so the PDF is exactly what ``input_sha256`` names. ``file`` is stored with
    Django's default storage (``MEDIA_ROOT``), never served directly: the download view checks
    the user's right and writes the audit entry.
    """

    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=40)
    target = GenericForeignKey("target_type", "target_id")
    audience = models.CharField(
        _("audience"),
        max_length=20,
        choices=DocumentAudience.choices,
        default=DocumentAudience.STANDARD,
    )
    language = models.CharField(_("language"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    filename = models.CharField(_("file name"), max_length=120)
    input = models.JSONField(_("input"), default=dict, blank=True)
    input_sha256 = models.CharField(_("SHA-256 of the input"), max_length=64)
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(
        _("last requested"),
        help_text=_("The last time someone asked for this input (checked against the record)."),
    )
    claimed_at = models.DateTimeField(
        _("claimed at"),
        null=True,
        blank=True,
        help_text=_("When a worker last took the document for rendering."),
    )
    rendered_at = models.DateTimeField(_("rendered at"), null=True, blank=True)
    file = models.FileField(_("PDF"), upload_to=document_upload_to, max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "target_type", "target_id", "audience", "input_sha256"],
                name="%(app_label)s_%(class)s_unique_input",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(audience__in=DocumentAudience.values),
                name="%(app_label)s_%(class)s_audience_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DocumentStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.READY)
                | (
                    ~Q(file="")
                    & ~Q(sha256="")
                    & Q(page_count__isnull=False)
                    & Q(rendered_at__isnull=False)
                ),
                name="%(app_label)s_%(class)s_ready_has_file",
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.RENDERING) | Q(claimed_at__isnull=False),
                name="%(app_label)s_%(class)s_rendering_has_claim",
            ),
        ]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "kind", "audience", "-requested_at"],
                name="documents_target_latest_idx",
            ),
            models.Index(fields=["status", "updated_at"], name="documents_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_audience_display()})"

    @property
    def status_colour(self) -> str:
        return DOCUMENT_STATUS_COLOURS[DocumentStatus(self.status)]

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY
