"""Writing the audit trail. Called by services, inside their transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import AuditAction
from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: AuditAction,
    target: models.Model,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        details=details or {},
    )
