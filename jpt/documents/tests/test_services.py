"""The document services: request (deduplicated by the input's SHA-256), render, fail, retry,
download; each writes exactly one audit entry; the task calls them."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from jpt.documents.choices import DocumentAudience, DocumentKind, DocumentStatus
from jpt.documents.models import Document
from jpt.documents.selectors import document_card, document_visible_to, latest_document
from jpt.documents.services import (
    RENDER_TIMEOUT,
    document_download,
    document_fail,
    document_render,
    document_request,
    preview_pdf,
    render_now,
)
from jpt.documents.tasks import render_document_task

from .helpers import pdf_pages

pytestmark = pytest.mark.django_db

TREND = DocumentKind.TREND


@pytest.fixture
def officer(make_user, places):
    return make_user("officer", Role.CIVIL_AFFAIRS, [places.nord_kivu])


@pytest.fixture
def outsider(make_user, places):
    return make_user("outsider", Role.CIVIL_AFFAIRS, [places.sud_kivu])


def actions(document) -> list[str]:
    return list(AuditEntry.objects.for_object(document).values_list("action", flat=True))


def request(target, user, **kwargs) -> Document:
    return document_request(kind=TREND, target=target, user=user, **kwargs)


# --- request and dedupe -------------------------------------------------------------------


def test_a_request_queues_one_document_and_renders_after_commit(
    fake_renderer, officer, places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        document = request(places.nord_kivu, officer)
    assert document.status == DocumentStatus.QUEUED
    assert document.target == places.nord_kivu
    assert document.audience == DocumentAudience.STANDARD
    assert document.requested_by == officer
    assert document.input["name"] == "Nord-Kivu"
    assert len(document.input_sha256) == 64
    assert document.title == "Summary of Nord-Kivu"
    assert document.filename == "summary-Nord-Kivu-..-x.pdf"  # no slash, nothing else
    assert actions(document) == [AuditAction.DOCUMENT_REQUESTED]
    entry = AuditEntry.objects.for_object(document).get()
    assert entry.actor == officer
    assert entry.details["target"] == f"places.province:{places.nord_kivu.pk}"
    assert len(callbacks) == 1  # the task, once the transaction commits


def test_the_same_input_twice_is_rendered_once(
    fake_renderer, officer, places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = request(places.nord_kivu, officer)
    assert len(callbacks) == 1
    first.refresh_from_db()
    assert first.status == DocumentStatus.READY  # rendered by the (eager) task
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        second = request(places.nord_kivu, officer)
    assert second.pk == first.pk
    assert callbacks == []  # nothing rendered again
    assert Document.objects.count() == 1
    assert second.requested_at > first.requested_at  # checked again now
    assert actions(first) == [AuditAction.DOCUMENT_REQUESTED, AuditAction.DOCUMENT_RENDERED]


def test_a_queued_document_asked_again_is_not_queued_twice(
    fake_renderer, officer, places, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        first = request(places.nord_kivu, officer)
        second = request(places.nord_kivu, officer)
    assert first.pk == second.pk
    assert len(callbacks) == 1
    assert actions(first) == [AuditAction.DOCUMENT_REQUESTED]


def test_a_new_input_is_a_new_document(fake_renderer, officer, places):
    first = request(places.nord_kivu, officer)
    fake_renderer.extra = "the figures changed"
    second = request(places.nord_kivu, officer)
    assert second.pk != first.pk
    assert second.input_sha256 != first.input_sha256
    assert latest_document(kind=TREND, target=places.nord_kivu, audience="standard") == second


def test_each_audience_has_its_own_document(fake_renderer, officer, make_user, places):
    fake_renderer.contacts_users = {officer.pk}
    other = make_user("other", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    with_contacts = request(places.nord_kivu, officer)
    standard = request(places.nord_kivu, other)
    assert with_contacts.audience == DocumentAudience.CONTACTS
    assert standard.audience == DocumentAudience.STANDARD
    assert with_contacts.pk != standard.pk
    # One who may see contacts may ask for the standard one: the same as the other user's.
    assert request(places.nord_kivu, officer, audience="standard").pk == standard.pk


def test_the_language_is_part_of_the_input(fake_renderer, officer, places, settings):
    from django.utils import translation

    english = request(places.nord_kivu, officer)
    with translation.override("fr"):
        french = request(places.nord_kivu, officer)
    assert french.pk != english.pk
    assert (english.language, french.language) == ("en", "fr")


def test_the_classification_marking_is_part_of_the_input(fake_renderer, officer, places, settings):
    first = request(places.nord_kivu, officer)
    settings.JPT_DOCUMENT_CLASSIFICATION = "UN confidential"
    marked = request(places.nord_kivu, officer)
    assert marked.pk != first.pk
    document_render(document_id=marked.pk)
    marked.refresh_from_db()
    with marked.file.open("rb") as handle:
        assert "UN confidential" in pdf_pages(handle.read())[0]


def test_the_database_refuses_a_second_row_for_the_same_input(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    twin = Document(
        kind=document.kind,
        target_type=document.target_type,
        target_id=document.target_id,
        audience=document.audience,
        input_sha256=document.input_sha256,
        language="en",
        title="twin",
        filename="twin.pdf",
        requested_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_user_who_does_not_see_the_record_may_not_ask(fake_renderer, outsider, places):
    with pytest.raises(PermissionDenied):
        request(places.nord_kivu, outsider)
    assert not Document.objects.exists()


def test_asking_for_contacts_one_may_not_see_is_refused(fake_renderer, officer, places):
    with pytest.raises(PermissionDenied):
        request(places.nord_kivu, officer, audience=DocumentAudience.CONTACTS)


# --- render, fail, retry --------------------------------------------------------------------


def test_render_stores_the_pdf_with_its_hash_and_pages(fake_renderer, officer, places):
    fake_renderer.paragraphs = ["Un.", "Deux.", "Trois."]
    document = request(places.nord_kivu, officer)
    assert document_render(document_id=document.pk) is True
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert document.page_count == 3
    assert document.rendered_at is not None
    with document.file.open("rb") as handle:
        content = handle.read()
    assert hashlib.sha256(content).hexdigest() == document.sha256
    assert document.size == len(content)
    assert document.file.name.startswith("documents/trend/")
    assert "Nord" not in document.file.name  # a random name, never the document's words
    pages = pdf_pages(content)
    assert len(pages) == 3
    assert "Generated by Officer on" in pages[0]
    assert actions(document) == [AuditAction.DOCUMENT_REQUESTED, AuditAction.DOCUMENT_RENDERED]
    rendered = AuditEntry.objects.for_object(document).get(action=AuditAction.DOCUMENT_RENDERED)
    assert rendered.actor is None  # the system
    assert rendered.details["sha256"] == document.sha256
    assert rendered.details["pages"] == 3
    assert rendered.details["requested_by"] == officer.pk


def test_render_twice_renders_once(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    assert document_render(document_id=document.pk) is True
    assert document_render(document_id=document.pk) is False
    assert actions(document).count(AuditAction.DOCUMENT_RENDERED) == 1


def test_a_stale_claim_is_taken_over(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, claimed_at=timezone.now() - RENDER_TIMEOUT * 2
    )
    assert document_render(document_id=document.pk) is True
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_a_fresh_claim_is_left_to_its_worker(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, claimed_at=timezone.now()
    )
    assert document_render(document_id=document.pk) is False


def test_a_failed_rendering_keeps_its_reason_and_is_retried_by_asking_again(
    fake_renderer, officer, make_user, places, django_capture_on_commit_callbacks
):
    fake_renderer.fail = RuntimeError("the template is broken")
    document = request(places.nord_kivu, officer)
    assert document_render(document_id=document.pk) is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.failure_reason == "RuntimeError: the template is broken"
    assert not document.file
    failed = AuditEntry.objects.for_object(document).get(action=AuditAction.DOCUMENT_FAILED)
    assert failed.details["reason"] == "RuntimeError: the template is broken"

    fake_renderer.fail = None
    colleague = make_user("colleague", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = request(places.nord_kivu, colleague)
    assert retried.pk == document.pk
    assert len(callbacks) == 1
    retried.refresh_from_db()
    assert retried.status == DocumentStatus.READY
    assert retried.failure_reason == ""
    assert retried.attempts == 2
    assert retried.requested_by == colleague  # the PDF says who made it
    assert actions(document) == [
        AuditAction.DOCUMENT_REQUESTED,
        AuditAction.DOCUMENT_FAILED,
        AuditAction.DOCUMENT_REQUESTED,
        AuditAction.DOCUMENT_RENDERED,
    ]
    retry = AuditEntry.objects.for_object(document).filter(action=AuditAction.DOCUMENT_REQUESTED)[1]
    assert retry.details["retry"] == DocumentStatus.FAILED
    assert retry.actor == colleague


def test_a_document_queued_too_long_is_queued_again(
    fake_renderer, officer, places, django_capture_on_commit_callbacks
):
    document = request(places.nord_kivu, officer)
    Document.objects.filter(pk=document.pk).update(updated_at=timezone.now() - RENDER_TIMEOUT * 2)
    with django_capture_on_commit_callbacks() as callbacks:
        again = request(places.nord_kivu, officer)
    assert again.pk == document.pk
    assert len(callbacks) == 1
    assert actions(document).count(AuditAction.DOCUMENT_REQUESTED) == 2


def test_a_job_stuck_rendering_after_its_worker_died_is_recovered(
    fake_renderer, officer, places, django_capture_on_commit_callbacks
):
    """A worker that died mid-rendering leaves the document "rendering" with its claim. Once
    the claim is older than RENDER_TIMEOUT the card stops polling and offers to ask again;
    asking again queues it afresh (one task), which renders it; a redelivered task (acks_late)
    would take the stale claim over too (test_a_stale_claim_is_taken_over)."""
    document = request(places.nord_kivu, officer)
    stale = timezone.now() - RENDER_TIMEOUT * 2
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, claimed_at=stale, updated_at=stale, attempts=1
    )
    card = document_card(kind=TREND, target=places.nord_kivu, user=officer)
    assert card["stalled"] and not card["polling"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = request(places.nord_kivu, officer)
    assert again.pk == document.pk
    assert len(callbacks) == 1
    again.refresh_from_db()
    assert again.status == DocumentStatus.READY
    assert again.attempts == 2
    retry = AuditEntry.objects.for_object(document).filter(action=AuditAction.DOCUMENT_REQUESTED)
    assert retry.count() == 2
    assert retry[1].details["retry"] == DocumentStatus.RENDERING


def test_a_rendering_that_hangs_is_stopped_and_fails_with_its_reason(
    fake_renderer, officer, places
):
    """The task's soft time limit raises inside the renderer, well before the claim goes
    stale: the document fails (retryable) instead of staying "rendering"."""
    from celery.exceptions import SoftTimeLimitExceeded

    assert render_document_task.soft_time_limit < RENDER_TIMEOUT.total_seconds()
    assert render_document_task.time_limit < RENDER_TIMEOUT.total_seconds()
    fake_renderer.fail = SoftTimeLimitExceeded("soft time limit exceeded")
    document = request(places.nord_kivu, officer)
    assert render_document_task.delay(document.pk).get() is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert document.failure_reason.startswith("SoftTimeLimitExceeded")


def test_a_task_for_a_deleted_document_does_nothing(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    pk = document.pk
    document.delete()
    assert render_document_task.delay(pk).get() is False
    assert document_fail(document_id=pk, reason="late") is False
    assert not Document.objects.exists()


def test_a_document_deleted_while_it_renders_leaves_no_file(
    fake_renderer, officer, places, media_root, monkeypatch
):
    document = request(places.nord_kivu, officer)
    html = fake_renderer.html

    def delete_then_render(**kwargs):
        Document.objects.filter(pk=document.pk).delete()
        return html(**kwargs)

    monkeypatch.setattr(fake_renderer, "html", delete_then_render)
    assert document_render(document_id=document.pk) is False
    assert not Document.objects.exists()
    assert not [path for path in media_root.rglob("*") if path.is_file()]


def test_only_a_job_still_running_can_fail(fake_renderer, officer, places):
    document = render_now(kind=TREND, target=places.nord_kivu, user=officer)
    assert document.status == DocumentStatus.READY
    assert document_fail(document_id=document.pk, reason="late") is False
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY


def test_the_task_renders_and_ignores_unknown_ids(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    assert render_document_task.delay(document.pk).get() is True
    document.refresh_from_db()
    assert document.status == DocumentStatus.READY
    assert render_document_task.delay(10**12).get() is False


# --- download --------------------------------------------------------------------------------


def test_download_is_audited_with_who_and_what(fake_renderer, officer, places):
    document = render_now(kind=TREND, target=places.nord_kivu, user=officer)
    downloaded = document_download(document=document, user=officer)
    assert downloaded.pk == document.pk
    entry = AuditEntry.objects.for_object(document).get(action=AuditAction.DOCUMENT_DOWNLOADED)
    assert entry.actor == officer
    assert entry.details["sha256"] == document.sha256
    assert entry.details["audience"] == "standard"
    assert entry.details["target"] == f"places.province:{places.nord_kivu.pk}"
    assert entry.created_at <= timezone.now()


def test_download_out_of_scope_is_refused_and_not_audited(fake_renderer, officer, outsider, places):
    document = render_now(kind=TREND, target=places.nord_kivu, user=officer)
    with pytest.raises(PermissionDenied):
        document_download(document=document, user=outsider)
    assert document_visible_to(outsider, document.pk) is None
    assert AuditAction.DOCUMENT_DOWNLOADED not in actions(document)


def test_contacts_are_only_for_those_who_may_see_them(fake_renderer, officer, make_user, places):
    fake_renderer.contacts_users = {officer.pk}
    other = make_user("other", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    document = render_now(kind=TREND, target=places.nord_kivu, user=officer)
    assert document.audience == DocumentAudience.CONTACTS
    assert document_visible_to(officer, document.pk) is not None
    assert document_visible_to(other, document.pk) is None
    with pytest.raises(PermissionDenied):
        document_download(document=document, user=other)


def test_a_document_not_ready_cannot_be_downloaded(fake_renderer, officer, places):
    document = request(places.nord_kivu, officer)
    with pytest.raises(InvalidTransition):
        document_download(document=document, user=officer)


# --- synchronous rendering, the card ----------------------------------------------------------


def test_preview_writes_nothing(fake_renderer, officer, places):
    rendered = preview_pdf(kind=TREND, target=places.nord_kivu, user=officer)
    assert rendered.page_count == 1
    assert "Nord-Kivu" in pdf_pages(rendered.content)[0]
    assert not Document.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="document.").exists()


def test_the_card_polls_while_the_job_runs(fake_renderer, officer, places):
    card = document_card(kind=TREND, target=places.nord_kivu, user=officer)
    assert card["document"] is None and not card["polling"]
    document = request(places.nord_kivu, officer)
    card = document_card(kind=TREND, target=places.nord_kivu, user=officer)
    assert card["document"] == document
    assert card["polling"] and card["status_url"] and not card["download_url"]
    document_render(document_id=document.pk)
    card = document_card(kind=TREND, target=places.nord_kivu, user=officer)
    assert not card["polling"]
    assert card["download_url"]
    assert card["request_url"] == f"/fake/{places.nord_kivu.pk}/pdf/"
