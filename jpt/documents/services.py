"""The state changes of a rendered document, one function each, every one audited.

- :func:`document_request`: a user asks for the PDF of a record. Its input is prepared now and
  hashed; the same input for the same record and audience is rendered once (a request for it
  returns the stored document, and puts it back in the queue when it failed: a retry).
  Rendering is enqueued once the transaction commits (``render_document_task``).
- :func:`document_render`: a worker claims a queued document, calls its kind's renderer on the
  stored input, renders the PDF (``jpt.documents.pdf``) and stores it.
- :func:`document_fail`: rendering failed; the reason is kept and shown.
- :func:`document_download`: a user downloads a ready PDF (who, what, when).

:func:`render_now` and :func:`preview_pdf` render synchronously, for the benchmark and for
code that needs the PDF at once.

Rendering never writes to the record it renders.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.core.exceptions import InvalidTransition

from .choices import ACTIVE_STATUSES, RETRYABLE_STATUSES, DocumentAudience, DocumentStatus
from .models import Document
from .pdf import RenderedPdf, render_pdf
from .registry import DocumentRenderer, PdfMeta, get_renderer

logger = logging.getLogger(__name__)

# A document queued or claimed longer ago than this is taken to be lost (a broker message
# lost, a worker that died): requesting it again enqueues it again, and a worker takes over
# the stale claim.
RENDER_TIMEOUT = timedelta(minutes=10)
MAX_REASON = 1000


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def input_hash(
    *,
    kind: str,
    version: int,
    audience: str,
    language: str,
    data: dict[str, Any],
    classification: str | None = None,
) -> str:
    """The SHA-256 that names an input: its data and everything else the PDF depends on (the
    renderer's layout version, the audience, the language, the classification marking:
    ``JPT_DOCUMENT_CLASSIFICATION`` unless given, so that a new marking is a new PDF)."""
    if classification is None:
        classification = settings.JPT_DOCUMENT_CLASSIFICATION
    envelope = {
        "kind": kind,
        "layout": version,
        "audience": audience,
        "language": language,
        "classification": classification,
        "data": data,
    }
    return hashlib.sha256(canonical_json(envelope).encode("utf-8")).hexdigest()


def audience_allows(allowed: str, audience: str) -> bool:
    """A user allowed ``allowed`` may have ``audience``: the standard one, or their own."""
    return audience == DocumentAudience.STANDARD or audience == allowed


def may_see(user, document: Document, *, renderer: DocumentRenderer | None = None):
    """The document's record if ``user`` may have this document (they see the record, and
    the document's audience is theirs or the standard one), else None."""
    if not (user.is_authenticated and user.is_active):
        return None
    try:
        renderer = renderer or get_renderer(document.kind)
    except LookupError:
        return None
    target = renderer.visible_target(user, document.target_id)
    if target is None:
        return None
    if not audience_allows(renderer.audience_for(user, target), document.audience):
        return None
    return target


def safe_filename(name: str) -> str:
    """A download name: letters, digits, dots, dashes and underscores only, ending in .pdf."""
    base = get_valid_filename(name.replace("/", "-").replace(" ", "-"))[:100]
    base = base.encode("ascii", "ignore").decode() or "document"
    return f"{base.removesuffix('.pdf')}.pdf"


def _dispatch(document: Document) -> None:
    from .tasks import render_document_task

    document_id = document.pk
    transaction.on_commit(lambda: render_document_task.delay(document_id))


def _stalled(document: Document, now) -> bool:
    """Queued or claimed for longer than :data:`RENDER_TIMEOUT`."""
    if document.status == DocumentStatus.QUEUED:
        return document.updated_at < now - RENDER_TIMEOUT
    if document.status == DocumentStatus.RENDERING:
        return document.claimed_at is None or document.claimed_at < now - RENDER_TIMEOUT
    return False


def _audit_details(document: Document, **extra) -> dict[str, Any]:
    return {
        "kind": document.kind,
        "target": f"{document.target_type.app_label}.{document.target_type.model}:"
        f"{document.target_id}",
        "audience": document.audience,
        "input_sha256": document.input_sha256,
        **extra,
    }


@transaction.atomic
def document_request(
    *,
    kind: str,
    target: models.Model,
    user,
    audience: str | None = None,
    enqueue: bool = True,
) -> Document:
    """Ask for the PDF of ``target`` (a record of ``kind``) for ``user``.

    ``audience`` defaults to the widest ``user`` may have (``renderer.audience_for``); asking
    for another is refused (``PermissionDenied``), as is a record the user does not see. The
    renderer prepares the input now; its SHA-256 (:func:`input_hash`) is the key:

    - a new input: a queued document, one ``DOCUMENT_REQUESTED`` entry, rendering enqueued
      after commit;
    - an input already queued, rendering or ready: that document, unchanged (its
      ``requested_at`` moves: it was checked against the record now); no audit entry;
    - an input whose rendering failed, or stalled for :data:`RENDER_TIMEOUT`: queued again
      (a retry, ``DOCUMENT_REQUESTED`` with ``retry``), rendering enqueued after commit.

    ``enqueue=False`` leaves the rendering to the caller (:func:`render_now`).
    """
    renderer = get_renderer(kind)
    if not (user.is_authenticated and user.is_active):
        raise PermissionDenied
    if renderer.visible_target(user, str(target.pk)) is None:
        raise PermissionDenied
    allowed = renderer.audience_for(user, target)
    audience = audience or allowed
    if not audience_allows(allowed, audience):
        raise PermissionDenied
    prepared = renderer.prepare(target=target, audience=audience)
    language = translation.get_language() or settings.LANGUAGE_CODE
    digest = input_hash(
        kind=kind,
        version=renderer.version,
        audience=audience,
        language=language,
        data=prepared.data,
    )
    key = {
        "kind": kind,
        "target_type": ContentType.objects.get_for_model(target),
        "target_id": str(target.pk),
        "audience": audience,
        "input_sha256": digest,
    }
    now = timezone.now()
    document = Document.objects.select_for_update().filter(**key).first()
    if document is None:
        try:
            with transaction.atomic():
                document = Document.objects.create(
                    **key,
                    language=language,
                    title=prepared.title[:200],
                    filename=safe_filename(prepared.filename),
                    input=prepared.data,
                    requested_by=user,
                    requested_at=now,
                )
        except IntegrityError:
            # The same input requested at the same moment: the other request made it.
            document = Document.objects.select_for_update().get(**key)
        else:
            audit_record(
                actor=user,
                action=AuditAction.DOCUMENT_REQUESTED,
                target=document,
                details=_audit_details(document),
            )
            if enqueue:
                _dispatch(document)
            return document
    if document.status in RETRYABLE_STATUSES or _stalled(document, now):
        retry_of = document.status
        document.status = DocumentStatus.QUEUED
        document.failure_reason = ""
        document.claimed_at = None
        document.requested_by = user
        document.requested_at = now
        document.save(
            update_fields=[
                "status",
                "failure_reason",
                "claimed_at",
                "requested_by",
                "requested_at",
                "updated_at",
            ]
        )
        audit_record(
            actor=user,
            action=AuditAction.DOCUMENT_REQUESTED,
            target=document,
            details=_audit_details(document, retry=retry_of),
        )
        if enqueue:
            _dispatch(document)
        return document
    # Queued, rendering or ready: the same PDF. Only the time it was last checked moves.
    Document.objects.filter(pk=document.pk).update(requested_at=now)
    document.requested_at = now
    return document


def _claim(document_id: int) -> tuple[Document, Any] | None:
    """Claim a queued document (or one whose claim is stale) for rendering, in one
    conditional UPDATE committed at once; None when there is nothing to claim (rendered,
    failed, or another worker is rendering it)."""
    claimed_at = timezone.now()
    claimable = Q(status=DocumentStatus.QUEUED) | Q(
        status=DocumentStatus.RENDERING, claimed_at__lt=claimed_at - RENDER_TIMEOUT
    )
    with transaction.atomic():
        claimed = (
            Document.objects.filter(claimable, pk=document_id).update(
                status=DocumentStatus.RENDERING,
                claimed_at=claimed_at,
                attempts=F("attempts") + 1,
                updated_at=claimed_at,
            )
            == 1
        )
    if not claimed:
        Document.objects.get(pk=document_id)  # DoesNotExist for an unknown id
        return None
    return (
        Document.objects.select_related("requested_by", "target_type").get(pk=document_id),
        claimed_at,
    )


def _meta(document: Document, user=None, *, now=None) -> PdfMeta:
    who = user if user is not None else document.requested_by
    return PdfMeta(
        title=document.title,
        classification=settings.JPT_DOCUMENT_CLASSIFICATION,
        generated_by=str(who) if who is not None else _("JPT Desk"),
        generated_at=timezone.localtime(now or timezone.now()),
    )


def _render(renderer: DocumentRenderer, document: Document, meta: PdfMeta) -> RenderedPdf:
    with translation.override(document.language or settings.LANGUAGE_CODE):
        html = renderer.html(data=document.input, audience=document.audience, meta=meta)
    return render_pdf(html)


def _reason(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}".strip()
    return text[:MAX_REASON]


def document_render(*, document_id: int) -> bool:
    """Render a queued document: claim it, render its stored input with its kind's renderer,
    store the PDF (the default storage), mark it ready with one ``DOCUMENT_RENDERED`` entry.

    Holds no lock while rendering. Returns False when there was nothing to do (already ready,
    failed, or being rendered by another worker) or when rendering failed (the document is
    then failed with the reason: :func:`document_fail`). Raises ``Document.DoesNotExist`` for
    an unknown id.
    """
    claim = _claim(document_id)
    if claim is None:
        return False
    document, claimed_at = claim
    started = time.perf_counter()
    try:
        renderer = get_renderer(document.kind)
        rendered = _render(renderer, document, _meta(document))
    except Exception as error:  # any error of the renderer or WeasyPrint: shown, retryable
        logger.exception("Rendering document %s failed", document_id)
        document_fail(document_id=document_id, reason=_reason(error), claimed_at=claimed_at)
        return False
    field = document.file
    name = field.field.generate_filename(document, f"{uuid.uuid4().hex}.pdf")
    try:
        name = field.storage.save(name, ContentFile(rendered.content), max_length=200)
    except Exception as error:  # a full disk, a storage down: the document says so
        logger.exception("Storing document %s failed", document_id)
        document_fail(document_id=document_id, reason=_reason(error), claimed_at=claimed_at)
        return False
    with transaction.atomic():
        locked = Document.objects.select_for_update().filter(pk=document_id).first()
        if locked is None or (
            locked.status != DocumentStatus.RENDERING or locked.claimed_at != claimed_at
        ):
            # Deleted while it rendered, or another worker took over a claim it thought
            # stale and finished first: the file is nobody's.
            field.storage.delete(name)
            return False
        locked.file.name = name
        locked.sha256 = rendered.sha256
        locked.page_count = rendered.page_count
        locked.size = len(rendered.content)
        locked.status = DocumentStatus.READY
        locked.rendered_at = timezone.now()
        locked.failure_reason = ""
        locked.save(
            update_fields=[
                "file",
                "sha256",
                "page_count",
                "size",
                "status",
                "rendered_at",
                "failure_reason",
                "updated_at",
            ]
        )
        audit_record(
            actor=None,
            action=AuditAction.DOCUMENT_RENDERED,
            target=locked,
            details=_audit_details(
                locked,
                sha256=rendered.sha256,
                pages=rendered.page_count,
                seconds=round(time.perf_counter() - started, 2),
                requested_by=locked.requested_by_id,
                refused=list(rendered.refused)[:10],
            ),
        )
    return True


@transaction.atomic
def document_fail(*, document_id: int, reason: str, claimed_at=None) -> bool:
    """Rendering failed: the document keeps the reason (shown on the page) and may be
    requested again (a retry). One ``DOCUMENT_FAILED`` entry. Only a queued or rendering
    document fails (with ``claimed_at``, only while the claim is still that one); returns
    whether it did (False too for a document deleted meanwhile)."""
    document = (
        Document.objects.select_for_update()
        .select_related("target_type")
        .filter(pk=document_id)
        .first()
    )
    if document is None or document.status not in ACTIVE_STATUSES:
        return False
    if claimed_at is not None and document.claimed_at != claimed_at:
        return False
    document.status = DocumentStatus.FAILED
    document.failure_reason = (reason or _("Unknown error"))[:MAX_REASON]
    document.save(update_fields=["status", "failure_reason", "updated_at"])
    audit_record(
        actor=None,
        action=AuditAction.DOCUMENT_FAILED,
        target=document,
        details=_audit_details(document, reason=document.failure_reason),
    )
    return True


@transaction.atomic
def document_download(*, document: Document, user) -> Document:
    """A user downloads a ready PDF: checks they may have it (``may_see``: a
    ``PermissionDenied`` otherwise) and that it is ready (``InvalidTransition``), and writes
    one ``DOCUMENT_DOWNLOADED`` entry (who, what: the document, its record, audience and the
    PDF's SHA-256; when: the entry's time). Returns the document; the caller sends its file.

    Nothing here changes the document (a ready PDF never changes), so it is read, not locked.
    """
    if may_see(user, document) is None:
        raise PermissionDenied
    if document.status != DocumentStatus.READY:
        raise InvalidTransition(_("The PDF is not ready."))
    audit_record(
        actor=user,
        action=AuditAction.DOCUMENT_DOWNLOADED,
        target=document,
        details=_audit_details(document, sha256=document.sha256, pages=document.page_count),
    )
    return document


# --------------------------------------------------------------------------------------------
# Synchronous rendering (the benchmark, the trend summaries' command, tests)
# --------------------------------------------------------------------------------------------


def render_now(*, kind: str, target: models.Model, user, audience: str | None = None) -> Document:
    """Request the PDF of ``target`` and render it in this process, now: the same services as
    the page (deduplicated, audited, stored), without the Celery task. Returns the document,
    ready (or failed, with its reason). Call it outside a transaction, as a worker would."""
    document = document_request(
        kind=kind, target=target, user=user, audience=audience, enqueue=False
    )
    if document.status == DocumentStatus.QUEUED:
        document_render(document_id=document.pk)
    return Document.objects.get(pk=document.pk)


def preview_pdf(
    *, kind: str, target: models.Model, user, audience: str | None = None
) -> RenderedPdf:
    """The PDF of ``target`` as ``user`` would get it, rendered now, written nowhere (no row,
    no file, no audit entry): for the benchmark and for checking a layout."""
    renderer = get_renderer(kind)
    allowed = renderer.audience_for(user, target)
    audience = audience or allowed
    if not audience_allows(allowed, audience):
        raise PermissionDenied
    prepared = renderer.prepare(target=target, audience=audience)
    document = Document(
        kind=kind,
        audience=audience,
        language=translation.get_language() or settings.LANGUAGE_CODE,
        title=prepared.title,
        input=prepared.data,
    )
    return _render(renderer, document, _meta(document, user))
