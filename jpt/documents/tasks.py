"""Celery tasks of rendered documents. They take ids and call services."""

from celery import shared_task

from .models import Document
from .services import RENDER_TIMEOUT, document_fail, document_render

MAX_RETRIES = 3
# A rendering that hangs is stopped well before its claim goes stale (RENDER_TIMEOUT): the
# soft limit raises inside WeasyPrint, so the document fails with that reason (retryable); the
# hard limit kills the worker process if even that does not return. A document left
# "rendering" by a process that died is recovered once its claim is stale: the card stops
# polling and offers to ask again (``document_request`` queues it afresh), and a message
# Redis redelivers later (acks_late: a whole worker lost) takes the stale claim over.
SOFT_TIME_LIMIT = int(RENDER_TIMEOUT.total_seconds() / 2)
TIME_LIMIT = SOFT_TIME_LIMIT + 60


@shared_task(
    bind=True,
    max_retries=MAX_RETRIES,
    acks_late=True,
    soft_time_limit=SOFT_TIME_LIMIT,
    time_limit=TIME_LIMIT,
)
def render_document_task(self, document_id: int) -> bool:
    """Render one queued document (``document_render``). An error of the renderer fails the
    document with its reason (the user may retry); an error around it (the database gone
    away) is retried with backoff (30 s, 1 min, 2 min), then the document fails. A document
    deleted meanwhile is nothing to do (False)."""
    try:
        return document_render(document_id=document_id)
    except Document.DoesNotExist:
        return False
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            document_fail(document_id=document_id, reason=f"{type(exc).__name__}: {exc}")
            return False
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc
