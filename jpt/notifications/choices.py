from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed (retries exhausted)")


# A worker may claim these for sending (a SENDING one only once its claim has gone stale).
CLAIMABLE_STATUSES = (EmailStatus.PENDING, EmailStatus.FAILED)
