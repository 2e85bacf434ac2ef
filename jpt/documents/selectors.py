"""Reads of rendered documents: the one a user may have, and what a page's PDF card shows."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone

from .choices import ACTIVE_STATUSES, DocumentStatus
from .models import Document
from .registry import get_renderer
from .services import RENDER_TIMEOUT, may_see


def document_visible_to(user, pk: int) -> tuple[Document, models.Model] | None:
    """The document ``pk`` and its record, if ``user`` may have it (``services.may_see``: the
    record is in the user's scope and the audience is theirs or the standard one); else None,
    which views turn into a 404 (confirming nothing)."""
    document = Document.objects.select_related("target_type", "requested_by").filter(pk=pk).first()
    if document is None:
        return None
    target = may_see(user, document)
    if target is None:
        return None
    return document, target


def latest_document(*, kind: str, target: models.Model, audience: str) -> Document | None:
    """The document of ``target`` for ``audience`` requested last (one query)."""
    return (
        Document.objects.filter(
            kind=kind,
            target_type=ContentType.objects.get_for_model(target),
            target_id=str(target.pk),
            audience=audience,
        )
        .select_related("requested_by")
        .latest_first()
        .first()
    )


def document_card(
    *, kind: str, target: models.Model, user, document: Document | None = None
) -> dict[str, Any]:
    """What ``documents/partials/card.html`` shows for ``target``: the user's latest document
    (or ``document``), where the buttons post, whether the page should poll for its state, and
    whether the record changed since it was requested."""
    renderer = get_renderer(kind)
    audience = renderer.audience_for(user, target)
    if document is None:
        document = latest_document(kind=kind, target=target, audience=audience)
    active = document is not None and document.status in ACTIVE_STATUSES
    stalled = False
    if active:
        since = document.claimed_at or document.updated_at
        stalled = since < timezone.now() - RENDER_TIMEOUT
    return {
        "document": document,
        "audience": audience,
        "request_url": renderer.request_url(target),
        "status_url": reverse("documents:document_status", args=[document.pk]) if document else "",
        "download_url": reverse("documents:document_download", args=[document.pk])
        if document and document.status == DocumentStatus.READY
        else "",
        "polling": active and not stalled,
        "stalled": stalled,
        "changed": document is not None
        and document.status == DocumentStatus.READY
        and renderer.changed_since(target, document.requested_at),
    }
