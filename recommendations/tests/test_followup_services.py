"""The follow-up services: implementation tracking, visits (idempotent by the device's id,
refused with a reason), the calendar, alerts, material support, an urgent alert made into a
request. Each writes one audit entry; e-mails wait for the commit."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.models import EmailMessage
from missions.choices import RequestStatus, Trigger
from recommendations import services
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    PlannedVisitStatus,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from recommendations.models import FollowUpVisit, Implementation, PlannedVisit
from reports.choices import ThreatType

pytestmark = pytest.mark.django_db


def visit_data(places, approved, today, **overrides):
    data = {
        "visited_on": today,
        "localities": [places.ntoto],
        "women": 12,
        "men": 9,
        "women_meeting": True,
        "confidence": 4,
        "new_threats": [ThreatType.LOOTING],
        "threats_note": "Looting at the checkpoint on market days.",
        "urgent_alert": False,
        "observations": [
            {"recommendation": approved.rec_ntoto, "finding": Finding.PARTLY, "note": "Once."}
        ],
    }
    data.update(overrides)
    return data


# --- implementation ------------------------------------------------------------------------


def test_implementation_update_tracks_and_audits(approved, ca_officer, today):
    implementation = services.implementation_update(
        recommendation=approved.rec_ntoto,
        user=ca_officer,
        data={
            "owner_kind": "mission_section",
            "owner_name": "Human Rights section",
            "focal_person": "Mme Kahindo",
            "target_date": today + timedelta(days=30),
            "status": ImplementationStatus.IN_PROGRESS,
            "plan_section": "Human Rights",
            "plan_name": "HR work plan 2027",
        },
        comment="Escorts start next week.",
    )
    assert implementation.status == ImplementationStatus.IN_PROGRESS
    entry = AuditEntry.objects.for_object(approved.rec_ntoto).last()
    assert entry.action == AuditAction.IMPLEMENTATION_UPDATED
    assert entry.details["status"] == ["not_started", "in_progress"]
    assert entry.details["comment"] == "Escorts start next week."
    # Stalled needs a reason; the reason goes when it is no longer stalled.
    with pytest.raises(ValidationError) as error:
        services.implementation_update(
            recommendation=approved.rec_ntoto,
            user=ca_officer,
            data={"status": ImplementationStatus.STALLED},
            comment="No escort.",
        )
    assert "stalled_reason" in error.value.message_dict
    services.implementation_update(
        recommendation=approved.rec_ntoto,
        user=ca_officer,
        data={"status": ImplementationStatus.STALLED, "stalled_reason": StalledReason.SECURITY},
        comment="Road closed.",
    )
    done = services.implementation_update(
        recommendation=approved.rec_ntoto,
        user=ca_officer,
        data={"status": ImplementationStatus.IMPLEMENTED},
        comment="Escorts every Thursday now.",
    )
    assert done.stalled_reason == ""
    assert Implementation.objects.count() == 1


def test_implementation_needs_a_comment_the_right_and_an_approved_recommendation(
    approved, ca_officer, ca_officer_sud, cli_nord, make_report
):
    with pytest.raises(ValidationError) as error:
        services.implementation_update(
            recommendation=approved.rec_ntoto, user=ca_officer, data={}, comment="  "
        )
    assert "comment" in error.value.message_dict
    for outsider in (ca_officer_sud, cli_nord):
        with pytest.raises(PermissionDenied):
            services.implementation_update(
                recommendation=approved.rec_ntoto, user=outsider, data={}, comment="x"
            )
    draft = make_report().recommendations.first()
    with pytest.raises(PermissionDenied):
        services.implementation_update(recommendation=draft, user=ca_officer, data={}, comment="x")


# --- visits --------------------------------------------------------------------------------


def test_a_visit_is_stored_once_whatever_the_retries(
    approved, cli_nord, places, today, django_capture_on_commit_callbacks
):
    client_id = uuid.uuid4()
    data = visit_data(places, approved, today)
    visit, created = services.visit_record(user=cli_nord, client_id=client_id, data=data)
    assert created
    again, created_again = services.visit_record(user=cli_nord, client_id=client_id, data=data)
    assert not created_again and again.pk == visit.pk
    assert FollowUpVisit.objects.count() == 1
    assert visit.province == places.nord_kivu
    [observation] = visit.observations.all()
    assert observation.finding == Finding.PARTLY
    assert AuditEntry.objects.for_object(visit).count() == 1


def test_another_users_device_id_is_refused(approved, cli_nord, make_user, places, today):
    from jpt.accounts.roles import Role

    client_id = uuid.uuid4()
    services.visit_record(
        user=cli_nord, client_id=client_id, data=visit_data(places, approved, today)
    )
    other = make_user("cli_nord_2", Role.CLI, [places.nord_kivu])
    with pytest.raises(PermissionDenied):
        services.visit_record(
            user=other, client_id=client_id, data=visit_data(places, approved, today)
        )


def test_a_cli_of_another_province_is_refused(approved, cli_sud, places, today):
    """The Sud-Kivu CLI logging against Nord-Kivu places and a Nord-Kivu recommendation."""
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            user=cli_sud, client_id=uuid.uuid4(), data=visit_data(places, approved, today)
        )
    assert "localities" in error.value.message_dict
    assert not FollowUpVisit.objects.exists()


def test_a_withdrawn_recommendation_is_refused_with_the_reason(approved, cli_nord, places, today):
    data = visit_data(
        places,
        approved,
        today,
        observations=[{"recommendation": approved.rec_otobora, "finding": Finding.AS_PLANNED}],
    )
    with pytest.raises(ValidationError) as error:
        services.visit_record(user=cli_nord, client_id=uuid.uuid4(), data=data)
    # Otobora's recommendation does not concern Ntoto: refused, with what to do about it.
    assert "withdrawn meanwhile" in " ".join(error.value.message_dict["observations"])


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"confidence": 6}, "confidence"),
        ({"confidence": 0}, "confidence"),
        ({"women": -1}, "women"),
        ({"women": 0, "women_meeting": True}, "women"),
        ({"new_threats": ["invented"]}, "new_threats"),
        ({"localities": []}, "localities"),
        ({"visited_on": None}, "visited_on"),
    ],
)
def test_a_visit_with_a_mistake_is_refused_next_to_the_field(
    approved, cli_nord, places, today, overrides, field
):
    with pytest.raises(ValidationError) as error:
        services.visit_record(
            user=cli_nord,
            client_id=uuid.uuid4(),
            data=visit_data(places, approved, today, **overrides),
        )
    assert field in error.value.message_dict


def test_a_visit_in_the_future_and_a_bad_device_id_are_refused(approved, cli_nord, places, today):
    with pytest.raises(ValidationError):
        services.visit_record(
            user=cli_nord,
            client_id=uuid.uuid4(),
            data=visit_data(places, approved, today, visited_on=today + timedelta(days=1)),
        )
    with pytest.raises(ValidationError):
        services.visit_record(
            user=cli_nord, client_id="not-a-uuid", data=visit_data(places, approved, today)
        )


def test_an_urgent_alert_emails_civil_affairs_after_commit_and_becomes_a_request(
    approved, cli_nord, ca_officer, make_user, places, today, django_capture_on_commit_callbacks
):
    from jpt.accounts.roles import Role

    with django_capture_on_commit_callbacks() as callbacks:
        visit, _created = services.visit_record(
            user=cli_nord,
            client_id=uuid.uuid4(),
            data=visit_data(places, approved, today, urgent_alert=True),
        )
    emails = EmailMessage.objects.for_object(visit)
    assert [e.to_address for e in emails] == [ca_officer.email]
    assert "URGENT" in emails[0].subject
    assert callbacks  # queued once the visit is committed
    jpt_request = services.visit_to_request(
        visit=visit,
        user=ca_officer,
        start_date=today + timedelta(days=2),
        end_date=today + timedelta(days=8),
    )
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.trigger == Trigger.EMERGENCY_OTHER
    assert jpt_request.territory == places.walikale
    assert list(jpt_request.localities.all()) == [places.ntoto]
    assert "Looting at the checkpoint" in jpt_request.reason
    assert jpt_request.previous_request == approved.report.mission.request
    # The base nearest the place (as the request form would have it), of the request's province.
    assert jpt_request.nearest_base == places.walikale_cob
    visit.refresh_from_db()
    assert visit.request == jpt_request
    with pytest.raises(ValidationError):
        services.visit_to_request(
            visit=visit, user=ca_officer, start_date=today, end_date=today + timedelta(days=5)
        )
    # The officer who filed it does not decide it; another of the province does.
    other = make_user("ca_nord_2", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    from missions.services import request_approve

    request_approve(jpt_request=jpt_request, user=other, mandate="Revisit Ntoto.")


# --- the calendar --------------------------------------------------------------------------


def test_a_planned_visit_is_done_by_the_visit_that_names_it(approved, cli_nord, places, today):
    planned = services.planned_visit_add(
        user=cli_nord,
        data={"planned_on": today, "localities": [places.ntoto], "purpose": "Escorts"},
    )
    assert planned.status == PlannedVisitStatus.PLANNED
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data=visit_data(places, approved, today, planned_visit=planned),
    )
    assert PlannedVisit.objects.get(pk=planned.pk).status == PlannedVisitStatus.DONE


def test_a_planned_visit_not_made_is_overdue(cli_nord, places, today):
    planned = services.planned_visit_add(
        user=cli_nord, data={"planned_on": today, "localities": [places.ntoto]}
    )
    PlannedVisit.objects.filter(pk=planned.pk).update(planned_on=today - timedelta(days=3))
    assert PlannedVisit.objects.get(pk=planned.pk).is_overdue
    services.planned_visit_cancel(planned=planned, user=cli_nord)
    assert not PlannedVisit.objects.get(pk=planned.pk).is_overdue


# --- alerts ------------------------------------------------------------------------------


def alert_data(places, **overrides):
    # 05:40 of the last day on which the relay and response the tests add (up to a few hours
    # after) are already past: run at 06:30, 05:40 today would give a response still to come.
    received = timezone.make_aware(datetime.combine(timezone.localdate(), time(5, 40)))
    if received > timezone.now() - timedelta(hours=6):
        received -= timedelta(days=1)
    data = {
        "received_at": received,
        "locality": places.ntoto,
        "channel": AlertChannel.PHONE,
        "threat_type": ThreatType.ATTACK,
        "source": AlertSource.LOCAL_LEADER,
        "description": "Armed men seen near the fields.",
    }
    data.update(overrides)
    return data


def test_an_alert_relayed_answered_and_its_plan_used(approved, cli_nord, places):
    alert = services.alert_record(user=cli_nord, data=alert_data(places))
    assert alert.waiting_for_response(now=alert.received_at + timedelta(hours=5))
    relayed = alert.received_at + timedelta(minutes=20)
    services.alert_update(
        alert=alert,
        user=cli_nord,
        data={
            "relayed_at": relayed,
            "relayed_to": [RelayedTo.PEACEKEEPERS, RelayedTo.AUTHORITIES],
            "responded_at": relayed + timedelta(hours=1),
            "response": "A patrol went to the fields.",
            "plan_used": True,
            "safe_area": approved.safe_area,
            "escort_point": approved.escort_point,
            "plan_outcome": "worked",
        },
    )
    alert.refresh_from_db()
    assert not alert.waiting_for_response()
    assert alert.relayed_to_labels == ["Peacekeepers", "Authorities"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"responded_at": "set", "response": ""}, "relayed_at"),
        ({"relayed_at": "before"}, "relayed_at"),
        ({"channel": "pigeon"}, "channel"),
        ({"source": "Jean Mukendi"}, "source"),  # a name is not a category
        ({"plan_used": False, "safe_area": "set"}, "plan_used"),
    ],
)
def test_an_alert_with_a_mistake_is_refused(approved, cli_nord, places, overrides, field):
    data = alert_data(places)
    if overrides.get("responded_at") == "set":
        overrides["responded_at"] = data["received_at"] + timedelta(hours=1)
    if overrides.get("relayed_at") == "before":
        overrides["relayed_at"] = data["received_at"] - timedelta(hours=1)
        overrides["relayed_to"] = [RelayedTo.POLICE]
    if overrides.get("safe_area") == "set":
        overrides["safe_area"] = approved.safe_area
    with pytest.raises(ValidationError) as error:
        services.alert_record(user=cli_nord, data={**data, **overrides})
    assert field in error.value.message_dict


def test_a_safe_area_of_another_plan_is_refused(approved, cli_nord, places):
    with pytest.raises(ValidationError) as error:
        services.alert_record(
            user=cli_nord,
            data=alert_data(
                places, locality=places.nyabiondo, plan_used=True, safe_area=approved.safe_area
            ),
        )
    assert "safe_area" in error.value.message_dict


# --- material support ------------------------------------------------------------------------


def test_material_support_is_counted_by_sex(cli_nord, ca_officer, places, today):
    support = services.support_record(
        user=cli_nord,
        data={
            "locality": places.ntoto,
            "given_on": today,
            "item": SupportItem.PHONE,
            "women": 6,
            "men": 4,
        },
    )
    assert support.province == places.nord_kivu
    assert support.recipients == 10
    with pytest.raises(ValidationError) as error:
        services.support_record(
            user=ca_officer,
            data={
                "locality": places.ntoto,
                "given_on": today,
                "item": "other",
                "women": 0,
                "men": 0,
            },
        )
    assert {"women", "item_detail"} <= set(error.value.message_dict)
