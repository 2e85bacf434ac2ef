"""State changes of JPT requests: who may do what from which state, audit, and e-mail."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.places.models import Locality
from missions.choices import RequestStatus, Trigger
from missions.models import JptRequest, Mission
from missions.services import (
    request_approve,
    request_decline,
    request_return,
    request_submit,
    request_update,
)

from .factories import JptRequestFactory

pytestmark = pytest.mark.django_db

# Each decision, called the same way: (service, keyword arguments, resulting status, audit action)
DECISIONS = {
    "approve": (
        request_approve,
        {"mandate": "Assess threats to civilians around Ntoto; include Annex 2."},
        RequestStatus.APPROVED,
        AuditAction.REQUEST_APPROVED,
    ),
    "decline": (
        request_decline,
        {"reason": "A JPT visited last month."},
        RequestStatus.DECLINED,
        AuditAction.REQUEST_DECLINED,
    ),
    "return": (
        request_return,
        {"comment": "Which villages were attacked?"},
        RequestStatus.RETURNED,
        AuditAction.REQUEST_RETURNED,
    ),
}


def decide(name, jpt_request, user):
    service, kwargs, _status, _action = DECISIONS[name]
    return service(jpt_request=jpt_request, user=user, **kwargs)


def audit_count(obj) -> int:
    return AuditEntry.objects.for_object(obj).count()


def last_audit(obj) -> AuditEntry:
    return AuditEntry.objects.for_object(obj).order_by("-id").first()


# --- request_submit ---------------------------------------------------------------------------


def test_submit_files_request_with_one_audit_entry(requester, request_details, places):
    jpt_request = request_submit(user=requester, details=request_details())

    jpt_request.refresh_from_db()
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.requested_by == requester
    assert jpt_request.submitted_at is not None
    assert jpt_request.is_short_notice is False
    assert list(jpt_request.localities.all()) == [places.ntoto]
    assert audit_count(jpt_request) == 1
    entry = last_audit(jpt_request)
    assert entry.action == AuditAction.REQUEST_SUBMITTED
    assert entry.actor == requester
    assert entry.details["province"] == "Nord-Kivu"


def test_submit_flags_short_notice_of_an_assessment(requester, request_details):
    start = timezone.localdate() + timedelta(days=10)
    jpt_request = request_submit(
        user=requester,
        details=request_details(
            trigger=Trigger.RUMOURED_ATTACKS, start_date=start, end_date=start + timedelta(days=6)
        ),
    )
    assert jpt_request.is_short_notice is True


def test_an_emergency_filed_at_short_notice_is_not_flagged(requester, request_details):
    start = timezone.localdate() + timedelta(days=2)
    jpt_request = request_submit(
        user=requester,
        details=request_details(
            trigger=Trigger.ATTACK, start_date=start, end_date=start + timedelta(days=6)
        ),
    )
    assert jpt_request.is_short_notice is False


def test_submit_adds_new_locality_with_its_own_audit_entry(requester, request_details, places):
    jpt_request = request_submit(
        user=requester,
        details=request_details(localities=[], new_locality_names=["  Kibati   Nord "]),
    )
    locality = Locality.objects.get(territory=places.walikale, name="Kibati Nord")
    assert locality.created_by == requester
    assert list(jpt_request.localities.all()) == [locality]
    assert audit_count(jpt_request) == 1
    assert last_audit(locality).action == AuditAction.LOCALITY_ADDED


def test_submit_needs_the_file_permission(analyst, request_details):
    with pytest.raises(PermissionDenied):
        request_submit(user=analyst, details=request_details())
    assert not JptRequest.objects.exists()


def test_submit_rejects_invalid_details(requester, request_details):
    with pytest.raises(ValidationError) as excinfo:
        request_submit(
            user=requester,
            details=request_details(start_date=timezone.localdate() - timedelta(days=1)),
        )
    assert "start_date" in excinfo.value.message_dict
    assert not JptRequest.objects.exists()
    assert not AuditEntry.objects.exists()


def test_submit_emails_civil_affairs_of_that_province_only(
    requester,
    ca_officer,
    ca_officer_sud,
    kinshasa_smg,
    make_user,
    places,
    request_details,
    django_capture_on_commit_callbacks,
):
    # A Nord-Kivu Civil Affairs officer without an address, and an inactive one: no e-mail.
    make_user("ca_no_mail", Role.CIVIL_AFFAIRS, [places.nord_kivu], email="")
    make_user("ca_gone", Role.CIVIL_AFFAIRS, [places.nord_kivu], is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        jpt_request = request_submit(user=requester, details=request_details())

    assert [m.to for m in mail.outbox] == [[ca_officer.email]]
    assert jpt_request.reference in mail.outbox[0].subject
    message = EmailMessage.objects.for_object(jpt_request).get()
    assert message.recipient == ca_officer
    assert message.status == EmailStatus.SENT


def test_a_civil_affairs_filer_is_not_asked_to_decide_their_own_request(
    ca_officer, make_user, places, request_details, django_capture_on_commit_callbacks
):
    """The filer cannot decide what they filed: the e-mail asking for a decision goes to the
    province's other Civil Affairs officers only (when they resubmit a returned one, too)."""
    colleague = make_user("ca_colleague", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    with django_capture_on_commit_callbacks(execute=True):
        jpt_request = request_submit(user=ca_officer, details=request_details())
    assert [m.to for m in mail.outbox] == [[colleague.email]]
    assert EmailMessage.objects.for_object(jpt_request).get().recipient == colleague

    mail.outbox.clear()
    decide("return", jpt_request, colleague)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request_update(jpt_request=jpt_request, user=ca_officer, details=request_details())
    assert [m.to for m in mail.outbox] == [[colleague.email]]


# --- request_update ---------------------------------------------------------------------------


def test_update_by_filer_keeps_submitted(submitted_request, requester, request_details):
    before = audit_count(submitted_request)
    updated = request_update(
        jpt_request=submitted_request,
        user=requester,
        details=request_details(title="Attack on Ntoto and Otobora"),
    )
    updated.refresh_from_db()
    assert updated.title == "Attack on Ntoto and Otobora"
    assert updated.status == RequestStatus.SUBMITTED
    assert audit_count(submitted_request) == before + 1
    entry = last_audit(submitted_request)
    assert entry.action == AuditAction.REQUEST_UPDATED
    assert entry.actor == requester
    assert entry.details == {"was_returned": False}
    assert not EmailMessage.objects.exists()


def test_update_of_returned_request_resubmits_and_emails_civil_affairs(
    submitted_request, requester, ca_officer, request_details, django_capture_on_commit_callbacks
):
    decide("return", submitted_request, ca_officer)
    before = audit_count(submitted_request)

    with django_capture_on_commit_callbacks(execute=True):
        updated = request_update(
            jpt_request=submitted_request, user=requester, details=request_details()
        )

    updated.refresh_from_db()
    assert updated.status == RequestStatus.SUBMITTED
    assert audit_count(submitted_request) == before + 1
    entry = last_audit(submitted_request)
    assert entry.action == AuditAction.REQUEST_UPDATED
    assert entry.details == {"was_returned": True}
    assert [m.to for m in mail.outbox] == [[ca_officer.email]]


@pytest.mark.parametrize("who", ["ca_officer", "kinshasa_smg", "other_requester"])
def test_update_by_someone_else_is_denied(
    who, submitted_request, request_details, make_user, places, request
):
    if who == "other_requester":
        user = make_user("other_requester", Role.REQUESTER, [places.nord_kivu])
    else:
        user = request.getfixturevalue(who)
    before = audit_count(submitted_request)
    with pytest.raises(PermissionDenied):
        request_update(
            jpt_request=submitted_request, user=user, details=request_details(title="Hijacked")
        )
    submitted_request.refresh_from_db()
    assert submitted_request.title == "Attack on Ntoto"
    assert audit_count(submitted_request) == before


@pytest.mark.parametrize("decision", ["approve", "decline"])
def test_update_after_decision_is_invalid(
    decision, submitted_request, requester, ca_officer, request_details
):
    decide(decision, submitted_request, ca_officer)
    before = audit_count(submitted_request)
    with pytest.raises(InvalidTransition):
        request_update(jpt_request=submitted_request, user=requester, details=request_details())
    assert audit_count(submitted_request) == before


def test_update_allows_a_start_date_now_in_the_past(submitted_request, requester, request_details):
    start = timezone.localdate() - timedelta(days=2)
    updated = request_update(
        jpt_request=submitted_request,
        user=requester,
        details=request_details(start_date=start, end_date=start + timedelta(days=6)),
    )
    assert updated.start_date == start


def test_update_rejects_invalid_details(submitted_request, requester, request_details, places):
    before = audit_count(submitted_request)
    with pytest.raises(ValidationError) as excinfo:
        request_update(
            jpt_request=submitted_request,
            user=requester,
            details=request_details(territory=places.shabunda, localities=[places.matili]),
        )
    assert "territory" in excinfo.value.message_dict
    assert audit_count(submitted_request) == before


# --- approve / decline / return ---------------------------------------------------------------


def test_approve_creates_mission_with_mandate_and_lead(submitted_request, ca_officer):
    mission = request_approve(
        jpt_request=submitted_request,
        user=ca_officer,
        mandate="  Assess threats to civilians; include Annex 2.  ",
        comment="Go ahead.",
    )
    mission.refresh_from_db()
    assert mission.request_id == submitted_request.pk
    assert mission.mandate == "Assess threats to civilians; include Annex 2."
    assert mission.lead == ca_officer
    assert mission.province_id == submitted_request.province_id
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.APPROVED
    assert submitted_request.decided_by == ca_officer
    assert submitted_request.decided_at is not None
    assert submitted_request.decision_comment == "Go ahead."


@pytest.mark.parametrize("name", list(DECISIONS))
def test_decision_writes_exactly_one_audit_entry(name, submitted_request, ca_officer):
    """One on the request; an approval also creates the mission, with its own entry."""
    _service, _kwargs, status, action = DECISIONS[name]
    before = audit_count(submitted_request)
    total = AuditEntry.objects.count()

    decide(name, submitted_request, ca_officer)

    submitted_request.refresh_from_db()
    assert submitted_request.status == status
    assert audit_count(submitted_request) == before + 1
    entry = last_audit(submitted_request)
    assert entry.action == action
    assert entry.actor == ca_officer
    assert AuditEntry.objects.count() == total + (2 if name == "approve" else 1)


def test_approve_records_the_mission_creation_on_the_mission(submitted_request, ca_officer):
    mandate = "  Assess threats to civilians around Ntoto; include Annex 2.  "
    mission = request_approve(jpt_request=submitted_request, user=ca_officer, mandate=mandate)

    assert audit_count(mission) == 1
    entry = last_audit(mission)
    assert entry.action == AuditAction.MISSION_CREATED
    assert entry.actor == ca_officer
    assert entry.target == mission
    assert entry.details == {
        "request": submitted_request.reference,
        "mandate_length": len(mandate.strip()),
    }
    assert "Ntoto" not in str(entry.details)  # the mandate's length, never its text


@pytest.mark.parametrize("name", list(DECISIONS))
def test_kinshasa_administrator_may_decide_any_province(name, submitted_request, make_user):
    admin = make_user("admin_kinshasa", Role.ADMINISTRATOR)
    decide(name, submitted_request, admin)
    submitted_request.refresh_from_db()
    assert submitted_request.status == DECISIONS[name][2]


@pytest.mark.parametrize("first", list(DECISIONS))
@pytest.mark.parametrize("second", list(DECISIONS))
def test_decision_only_from_submitted(first, second, submitted_request, ca_officer):
    decide(first, submitted_request, ca_officer)
    before_status = JptRequest.objects.get(pk=submitted_request.pk).status
    before = audit_count(submitted_request)
    missions = Mission.objects.count()

    with pytest.raises(InvalidTransition):
        decide(second, submitted_request, ca_officer)

    assert JptRequest.objects.get(pk=submitted_request.pk).status == before_status
    assert audit_count(submitted_request) == before
    assert Mission.objects.count() == missions


@pytest.mark.parametrize("name", list(DECISIONS))
def test_decision_on_a_stale_instance_is_invalid(name, ca_officer, make_user, places):
    """The service locks and re-reads the row: a stale in-memory status does not matter."""
    jpt_request = JptRequestFactory(
        approved=True,
        territory=places.walikale,
        requested_by=make_user("stale_requester", Role.REQUESTER, [places.nord_kivu]),
    )
    jpt_request.status = RequestStatus.SUBMITTED  # stale copy
    with pytest.raises(InvalidTransition):
        decide(name, jpt_request, ca_officer)


@pytest.mark.parametrize("name", list(DECISIONS))
@pytest.mark.parametrize("who", ["requester", "kinshasa_smg", "analyst", "cli"])
def test_decision_needs_the_decide_permission(name, who, submitted_request, request):
    user = request.getfixturevalue(who)
    before = audit_count(submitted_request)
    with pytest.raises(PermissionDenied):
        decide(name, submitted_request, user)
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.SUBMITTED
    assert audit_count(submitted_request) == before


@pytest.mark.parametrize("name", list(DECISIONS))
def test_decision_outside_own_province_is_denied(name, submitted_request, ca_officer_sud):
    with pytest.raises(PermissionDenied):
        decide(name, submitted_request, ca_officer_sud)
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.SUBMITTED
    assert not Mission.objects.exists()


@pytest.mark.parametrize(
    ("service", "field"),
    [(request_approve, "mandate"), (request_decline, "reason"), (request_return, "comment")],
)
@pytest.mark.parametrize("text", ["", "   \n "])
def test_decision_needs_its_text(service, field, text, submitted_request, ca_officer):
    before = audit_count(submitted_request)
    with pytest.raises(ValidationError) as excinfo:
        service(jpt_request=submitted_request, user=ca_officer, **{field: text})
    assert field in excinfo.value.message_dict
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.SUBMITTED
    assert audit_count(submitted_request) == before


# --- e-mail after commit ----------------------------------------------------------------------


@pytest.mark.parametrize("name", list(DECISIONS))
def test_decision_email_is_sent_only_on_commit(
    name, submitted_request, requester, ca_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decide(name, submitted_request, ca_officer)

    message = EmailMessage.objects.for_object(submitted_request).get()
    assert message.recipient == requester
    assert message.to_address == requester.email
    assert message.status == EmailStatus.PENDING
    assert mail.outbox == []
    assert len(callbacks) == 1

    for callback in callbacks:
        callback()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [requester.email]
    assert submitted_request.reference in mail.outbox[0].subject
    message.refresh_from_db()
    assert message.status == EmailStatus.SENT
    assert message.sent_at is not None
    assert message.attempts == 1


@pytest.mark.parametrize("name", list(DECISIONS))
def test_nothing_is_sent_or_kept_when_the_transaction_rolls_back(
    name, submitted_request, ca_officer, django_capture_on_commit_callbacks
):
    before = audit_count(submitted_request)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        decide(name, submitted_request, ca_officer)
        raise RuntimeError("something later in the same transaction failed")

    assert callbacks == []
    assert mail.outbox == []
    assert not EmailMessage.objects.exists()
    assert not Mission.objects.exists()
    assert audit_count(submitted_request) == before
    assert not AuditEntry.objects.filter(action=AuditAction.MISSION_CREATED).exists()
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.SUBMITTED
