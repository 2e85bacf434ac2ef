"""`manage.py load_demo`, what follows approval: implementation tracking of the approved
recommendations (one stalled with its reason, one overdue, some done), the CLIs' follow-up
visits with their observations and their calendar (one visit overdue), the urgent alert made
into a JPT request, community alerts (one answered within hours, one still waiting) and material
support counted by sex; all through the services, and the pages that show them.

Reads the demo loaded once for the package (``conftest.demo``); the loading's idempotence, these
rows included, is checked in ``test_load_demo``. Also run on SQLite (marker ``sqlite``).
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.demo.loaders.recommendations import recommendation_of
from jpt.demo.stories.followup import ALERTS, IMPLEMENTATIONS, PLANNED_VISITS, SUPPORT, VISITS
from jpt.demo.stories.people import DEMO_PASSWORD
from jpt.demo.stories.requests import DURU_BANGADI, NTOTO, OTOBORA
from missions.choices import RequestStatus
from missions.models import JptRequest
from recommendations import services
from recommendations.choices import (
    Finding,
    ImplementationStatus,
    PlannedVisitStatus,
    PlanUse,
    StalledReason,
)
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from recommendations.selectors import (
    alerts_waiting,
    approved_rows,
    board_by,
    places_to_follow,
    planned_visits,
    response_times,
    support_by_province,
)
from reports.choices import RecommendationStatus
from reports.models import Recommendation

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _rec(title: str, key: str) -> Recommendation:
    rec = recommendation_of(title, key)
    assert rec is not None, (title, key)
    return rec


def _audited(action: str) -> int:
    return AuditEntry.objects.filter(action=action).count()


# Through the services ------------------------------------------------------------------------


def test_the_follow_up_story_is_loaded_through_the_services(demo) -> None:
    assert Implementation.objects.count() == len(IMPLEMENTATIONS)
    assert PlannedVisit.objects.count() == len(PLANNED_VISITS)
    assert FollowUpVisit.objects.count() == len(VISITS)
    assert VisitObservation.objects.count() == sum(len(v.observations) for v in VISITS)
    assert CommunityAlert.objects.count() == len(ALERTS)
    assert MaterialSupport.objects.count() == len(SUPPORT)
    # One audit entry per service call: each change of an implementation, each visit, each
    # planned or cancelled visit, each alert logged and updated, each support record.
    steps = sum(len(spec.steps) for spec in IMPLEMENTATIONS)
    assert _audited(AuditAction.IMPLEMENTATION_UPDATED) == steps
    assert _audited(AuditAction.VISIT_RECORDED) == len(VISITS)
    assert _audited(AuditAction.VISIT_PLANNED) == len(PLANNED_VISITS)
    assert _audited(AuditAction.VISIT_PLAN_CANCELLED) == sum(p.cancelled for p in PLANNED_VISITS)
    assert _audited(AuditAction.ALERT_RECORDED) == len(ALERTS)
    assert _audited(AuditAction.ALERT_UPDATED) == sum(a.logged_later for a in ALERTS)
    assert _audited(AuditAction.SUPPORT_RECORDED) == len(SUPPORT)
    assert _audited(AuditAction.VISIT_TO_REQUEST) == sum(1 for v in VISITS if v.to_request)
    # The device ids come from the story: a second load sends the same visits again.
    assert f"Demo follow-up visits: {len(VISITS)} created, 0 already present." in demo


def test_the_cli_logins_are_printed_with_the_others(demo) -> None:
    for username in ("cli.walikale", "cli.dungu", "cli.shabunda", "cli.masisi"):
        account = _user(username)
        assert account.has_role(Role.CLI)
        assert account.check_password(DEMO_PASSWORD)
        line = next(line for line in demo.splitlines() if line.strip().startswith(username))
        assert "Community Liaison Interpreter" in line and account.full_name in line


# Implementation ------------------------------------------------------------------------------


def test_every_approved_recommendation_is_tracked_with_an_owner_and_a_target(demo) -> None:
    approved = Recommendation.objects.filter(status=RecommendationStatus.APPROVED)
    assert approved.count() == len(IMPLEMENTATIONS)
    for rec in approved.select_related("implementation"):
        implementation = rec.implementation
        assert implementation.owner_name and implementation.focal_person, rec
        assert implementation.target_date is not None, rec
        assert implementation.plan_section and implementation.plan_name, rec
        # Each change was a Civil Affairs officer's, with a comment.
        for entry in AuditEntry.objects.for_object(rec).filter(
            action=AuditAction.IMPLEMENTATION_UPDATED
        ):
            assert entry.actor.has_role(Role.CIVIL_AFFAIRS)
            assert entry.details["comment"]


def test_one_implementation_is_stalled_with_its_reason_and_one_is_overdue(demo) -> None:
    stalled = Implementation.objects.get(status=ImplementationStatus.STALLED)
    assert stalled.recommendation == _rec(OTOBORA, "health")
    assert stalled.stalled_reason == StalledReason.LOGISTICS
    assert stalled.cluster_discussed_on < timezone.localdate() and stalled.cluster_outcome
    assert not stalled.is_overdue

    overdue = [i for i in Implementation.objects.all() if i.is_overdue]
    assert [i.recommendation for i in overdue] == [_rec(OTOBORA, "patrols")]
    assert overdue[0].status == ImplementationStatus.IN_PROGRESS

    # Duru and Bangadi: both done (its mission is closed), though their target dates passed.
    for key in ("patrols", "calendar"):
        done = _rec(DURU_BANGADI, key).implementation
        assert done.status == ImplementationStatus.IMPLEMENTED
        assert done.target_date < timezone.localdate() and not done.is_overdue
    assert _rec(OTOBORA, "ihl").implementation.status == ImplementationStatus.PARTLY_IMPLEMENTED

    # The board says the same, overdue first, for a Kinshasa reviewer (every province) and for
    # a Civil Affairs officer of Nord-Kivu.
    for username, total in (("smg.kinshasa", 5), ("civil.affairs", 3)):
        rows = list(approved_rows(_user(username)))
        assert len(rows) == total
        assert rows[0] == _rec(OTOBORA, "patrols") and rows[0].is_overdue
        assert sum(r.is_overdue for r in rows) == 1
    by_province = {row.label: row for row in board_by(_user("smg.kinshasa"), "province")}
    assert by_province["Nord-Kivu"].overdue == 1
    assert by_province["Haut-Uele"].cells[ImplementationStatus.IMPLEMENTED].count == 2


# Visits and the calendar -----------------------------------------------------------------------


def test_the_cli_visited_otobora_and_ntoto_and_saw_each_recommendation(demo) -> None:
    cli = _user("cli.walikale")
    visits = FollowUpVisit.objects.filter(cli=cli)
    places = set(visits.values_list("localities__name", flat=True))
    assert {"Otobora", "Ntoto"} <= places
    after = visits.get(urgent_alert=True)
    assert after.visited_on == timezone.localdate() - timedelta(days=1)
    assert after.women_meeting and after.women > after.men
    seen = {o.recommendation_id: o.finding for o in after.observations.all()}
    assert seen == {
        _rec(OTOBORA, "ihl").pk: Finding.PARTLY,
        _rec(OTOBORA, "health").pk: Finding.NOT_AT_ALL,
        _rec(OTOBORA, "patrols").pk: Finding.PARTLY,
    }
    # Observations are made after the approval only, of approved recommendations only.
    for observation in VisitObservation.objects.select_related("visit", "recommendation__report"):
        assert observation.recommendation.status == RecommendationStatus.APPROVED
        approved_on = timezone.localtime(observation.recommendation.report.approved_at).date()
        assert observation.visit.visited_on >= approved_on, observation
    # What prompted the repeat visit to Ntoto came before it was requested.
    ntoto = visits.get(localities__name="Ntoto")
    assert ntoto.new_threats and ntoto.visited_on < timezone.localdate()
    assert ntoto.visited_on <= timezone.localdate(JptRequest.objects.get(title=NTOTO).submitted_at)
    # The places to follow: Otobora, visited yesterday.
    otobora = next(p for p in places_to_follow(cli) if p.locality.name == "Otobora")
    assert otobora.days_since_visit == 1 and len(otobora.recommendations) == 3


def test_the_urgent_alert_became_a_jpt_request_for_the_other_officer(demo) -> None:
    visit = FollowUpVisit.objects.select_related("request").get(urgent_alert=True)
    jpt_request = visit.request
    assert jpt_request is not None
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.requested_by == _user("civil.affairs")
    assert jpt_request.is_repeat_visit
    assert jpt_request.previous_request == JptRequest.objects.get(title=OTOBORA)
    assert jpt_request.start_date > timezone.localdate()
    assert "paths to the fields at dawn" in jpt_request.reason
    # Nobody decides a request they filed: the other officer of Nord-Kivu sees it to decide.
    assert JptRequest.objects.visible_to(_user("civil.affairs.goma")).filter(pk=jpt_request.pk)


def test_a_visit_the_service_refuses_is_not_stored_and_says_why(demo) -> None:
    """The demo stores no refused visit: the phone keeps it, with the reason. The service's
    refusal of one: Otobora's recommendation observed on a visit to Ntoto."""
    before = FollowUpVisit.objects.count()
    ntoto = FollowUpVisit.objects.get(localities__name="Ntoto").localities.get()
    with pytest.raises(ValidationError) as refused:
        services.visit_record(
            user=_user("cli.walikale"),
            client_id=uuid.uuid4(),
            data={
                "visited_on": timezone.localdate(),
                "localities": [ntoto],
                "women": 4,
                "men": 3,
                "confidence": 3,
                "observations": [
                    {"recommendation": _rec(OTOBORA, "ihl"), "finding": Finding.AS_PLANNED}
                ],
            },
        )
    assert "concerning these places" in " ".join(refused.value.message_dict["observations"])
    assert FollowUpVisit.objects.count() == before


def test_the_calendar_has_one_visit_overdue(demo) -> None:
    cli = _user("cli.walikale")
    planned = list(planned_visits(cli))
    overdue = [p for p in planned if p.is_overdue]
    assert len(overdue) == 1 and "Pinga" in overdue[0].purpose
    assert len(planned) >= 3  # and visits to come
    # The visit of yesterday was in the calendar: made; another one was cancelled.
    done = PlannedVisit.objects.get(cli=cli, status=PlannedVisitStatus.DONE)
    assert FollowUpVisit.objects.get(planned_visit=done).urgent_alert
    assert PlannedVisit.objects.filter(cli=cli, status=PlannedVisitStatus.CANCELLED).count() == 1
    assert list(planned_visits(_user("cli.dungu")))


# Alerts and material support -----------------------------------------------------------------


def test_one_alert_answered_within_hours_and_one_still_waiting(demo) -> None:
    waiting = list(alerts_waiting(_user("civil.affairs")))
    assert [a.locality.name for a in waiting] == ["Ntoto"]
    assert waiting[0].relayed_at and waiting[0].waiting_for_response()
    assert list(alerts_waiting(_user("smg.kinshasa"))) == waiting
    assert not list(alerts_waiting(_user("cli.dungu")))  # another province's

    otobora = CommunityAlert.objects.select_related("safe_area__plan__report").get(
        locality__name="Otobora"
    )
    assert otobora.responded_at - otobora.received_at < timedelta(hours=2)
    assert otobora.plan_used and otobora.plan_outcome == PlanUse.WORKED
    assert otobora.safe_area.plan.report.mission.request.title == OTOBORA
    duru = CommunityAlert.objects.get(locality__name="Duru")
    assert duru.plan_used and duru.escort_point and duru.plan_outcome == PlanUse.PARTLY

    times = {row.base: row for row in response_times(_user("smg.kinshasa"))}
    assert times["COB Walikale"].median_hours < 2
    assert {"COB Walikale", "COB Dungu", "COB Shabunda"} <= set(times)


def test_material_support_is_counted_by_sex(demo) -> None:
    women = sum(s.women for s in SUPPORT)
    men = sum(s.men for s in SUPPORT)
    rows = support_by_province(_user("smg.kinshasa"))
    assert sum(r["women"] for r in rows) == women and sum(r["men"] for r in rows) == men
    assert round(100 * women / (women + men)) == 63
    shares = {r["province"]: r["women_share"] for r in rows}
    assert shares == {"Haut-Uele": 80, "Nord-Kivu": 65, "Sud-Kivu": 20}
    # Scoped: a Civil Affairs officer of the two Kivus sees those two.
    assert {r["province"] for r in support_by_province(_user("civil.affairs"))} == {
        "Nord-Kivu",
        "Sud-Kivu",
    }


# The pages -----------------------------------------------------------------------------------


PAGES_TEXT = {
    "cli.walikale": [
        ("recommendations:calendar", "Not made by its date"),
        ("recommendations:places", "Otobora"),
        ("recommendations:visit_list", "Urgent"),
        ("recommendations:alert_list", "No response yet"),
        ("recommendations:support_list", "Whistle"),
        ("recommendations:board", "HEAL Africa"),
        ("home", "Pinga: confirm the reports"),
    ],
    "civil.affairs": [
        ("recommendations:board", "Indian battalion, COB Walikale"),
        ("recommendations:alert_list", "No response yet"),
        ("recommendations:visit_list", "Patient Kambale Muhindo"),
        ("recommendations:support_list", "Solar lamp"),
        ("recommendations:recommendation_list", "Stalled"),
    ],
    "smg.kinshasa": [
        ("recommendations:board", "Moroccan battalion, COB Dungu"),
        ("recommendations:alert_list", "COB Dungu"),
        ("recommendations:visit_list", "Faustin Bakongo Ngbandi"),
        ("recommendations:support_list", "Matili"),
    ],
}


@pytest.mark.parametrize("username", sorted(PAGES_TEXT))
def test_the_follow_up_pages_tell_the_story(demo, client, username) -> None:
    client.force_login(_user(username))
    for name, text in PAGES_TEXT[username]:
        response = client.get(reverse(name))
        assert response.status_code == 200, (username, name)
        assert text in response.content.decode(), (username, name, text)
    visit = FollowUpVisit.objects.get(urgent_alert=True)
    page = client.get(visit.get_absolute_url())
    assert page.status_code == 200
    assert visit.request.reference in page.content.decode()
    stalled = Implementation.objects.get(status=ImplementationStatus.STALLED).recommendation
    page = client.get(stalled.get_absolute_url())
    assert page.status_code == 200 and "Logistics" in page.content.decode()
