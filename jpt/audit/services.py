"""Writing to the audit trail. Called by services, inside their transaction."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .choices import UNTARGETED_ACTIONS, AuditAction
from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: AuditAction,
    target: models.Model | None,
    details: dict[str, Any] | None = None,
    target_repr: str = "",
) -> AuditEntry:
    """Append one entry to the audit trail.

    ``target`` is the record acted on. Only an action of ``UNTARGETED_ACTIONS`` (a failed login
    for an unknown username) may have none; ``target_repr`` then says what was aimed at.
    """
    if target is None and action not in UNTARGETED_ACTIONS:
        raise ValueError(f"The audit action {action} needs a target.")
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=None if target is None else ContentType.objects.get_for_model(target),
        target_id="" if target is None else str(target.pk),
        target_repr=storable((target_repr or ("" if target is None else str(target)))[:200]),
        details=storable(details or {}),
    )


def storable(value):
    """``value`` with every NUL character (in text, keys included, at any depth) replaced by
    U+FFFD: PostgreSQL's text and jsonb refuse NUL, and what an entry records can come from
    a query string no form has cleaned (an export's filters). The entry keeps that something
    was there."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {storable(key): storable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [storable(item) for item in value]
    return value
