"""The append-only audit trail: who did what to which record, and when.

Append-only three times over: the model and its queryset refuse to update or delete, and the
database itself refuses ``UPDATE`` and ``DELETE`` on the table (PostgreSQL: the pgtrigger
``Protect`` trigger below; SQLite, the database of ``make run``: two triggers created by migration
``0005_append_only``). ``TRUNCATE`` (PostgreSQL), which is how the test runner empties the
database, is not refused. On SQLite, a migration that rebuilds the table (Django does so for most
column changes there) drops the triggers with it: ``test_sqlite_refuses_update_and_delete`` fails
then, and the migration must create them again.
"""

import pgtrigger
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import UNTARGETED_ACTIONS, AuditAction


class AuditEntryQuerySet(models.QuerySet):
    def for_object(self, obj) -> "AuditEntryQuerySet":
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
        ).select_related("actor")

    def for_objects(self, objects) -> "AuditEntryQuerySet":
        """Entries of several records (of any models), in one query."""
        query = models.Q(pk__in=[])
        for obj in objects:
            query |= models.Q(
                target_type=ContentType.objects.get_for_model(obj), target_id=str(obj.pk)
            )
        return self.filter(query).select_related("actor")

    def update(self, **kwargs):
        raise TypeError("Audit entries are append-only.")

    def delete(self):
        raise TypeError("Audit entries are append-only.")


class AuditEntry(models.Model):
    """One action on one record. Written by services only; never changed or deleted.

    Every entry has a target but a failed login for an unknown username (``UNTARGETED_ACTIONS``),
    which has no row to point at.
    """

    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=40, choices=AuditAction.choices)
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("target type"),
    )
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    target_repr = models.CharField(_("target"), max_length=200)
    details = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "created_at"],
                name="audit_entry_target_time_idx",
            ),
            models.Index(fields=["actor", "created_at"], name="audit_entry_actor_time_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(target_type__isnull=False)
                | models.Q(
                    action__in=sorted(action.value for action in UNTARGETED_ACTIONS),
                    target_id="",
                ),
                name="%(app_label)s_%(class)s_target_required",
            ),
        ]
        triggers = [
            pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit entries are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are append-only.")
