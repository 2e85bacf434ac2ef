"""Every e-mail the application sends is a row first, so none is silently lost."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jpt.core.models import TimeStampedModel

from .choices import EmailStatus


class EmailMessageQuerySet(models.QuerySet):
    def for_object(self, obj) -> "EmailMessageQuerySet":
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        )

    def failed_first(self) -> "EmailMessageQuerySet":
        """Failed ones first (they wait for someone to send them again), then the newest."""
        failed_rank = models.Case(
            models.When(status=EmailStatus.FAILED, then=models.Value(0)),
            default=models.Value(1),
        )
        return self.order_by(failed_rank, "-created_at", "-id")


class EmailMessage(TimeStampedModel):
    """An e-mail queued by a service and delivered by a Celery task, with its delivery state."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recipient"),
    )
    to_address = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_at = models.DateTimeField(
        _("claimed at"),
        null=True,
        blank=True,
        help_text=_("When a worker last took the e-mail for sending."),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    target_id = models.CharField(max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")

    objects = EmailMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="notif_email_status_idx"),
            models.Index(fields=["target_type", "target_id"], name="notif_email_target_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EmailStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENT) | Q(sent_at__isnull=False),
                name="%(app_label)s_%(class)s_sent_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=EmailStatus.SENDING) | Q(claimed_at__isnull=False),
                name="%(app_label)s_%(class)s_sending_has_claim",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.to_address}: {self.subject}"
