"""A real Celery worker, on Redis, renders a report's PDF requested from the page.

As ``jpt/core/tests/test_celery_worker.py`` (whose fixtures this test reuses): the worker runs
in a thread of this process with its own database connection, so the test is transactional;
without Redis it is skipped on a developer machine and fails under ``make test`` / CI.
"""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from jpt.celery import app
from jpt.core.tests.test_celery_worker import (  # noqa: F401 (fixtures)
    celery_app,
    celery_worker,
    redis_url,
)
from jpt.documents.choices import DocumentStatus
from jpt.documents.models import Document
from jpt.documents.tests.helpers import pdf_text

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

RENDER_TIMEOUT = 60.0  # seconds (a busy machine renders a short report in one or two)


def wait_until_done(document: Document) -> Document:
    deadline = time.monotonic() + RENDER_TIMEOUT
    while time.monotonic() < deadline:
        document.refresh_from_db()
        if document.status in (DocumentStatus.READY, DocumentStatus.FAILED):
            return document
        time.sleep(0.2)
    return document


@pytest.mark.usefixtures("celery_worker")
def test_a_worker_renders_the_pdf_requested_from_the_report_page(
    client, make_report, ca_officer, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    assert app.conf.task_always_eager is False
    report = make_report()
    client.force_login(ca_officer)

    response = client.post(reverse("reports:report_pdf", args=[report.pk]))
    assert response.status_code == 302
    document = Document.objects.get()

    document = wait_until_done(document)
    assert document.status == DocumentStatus.READY, (
        f"not rendered within {RENDER_TIMEOUT}s: {document.status} {document.failure_reason!r}"
    )
    assert document.attempts == 1
    with document.file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert report.reference in text
    assert "UN restricted" in text
    response = client.get(reverse("documents:document_download", args=[document.pk]))
    assert response.status_code == 200
