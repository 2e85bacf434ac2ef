"""The mission pages through the test client: who may open what, the plan and logistics forms,
status changes, the early notice and e-mail resend, the home page's "My missions" and transport
flag, and constant query counts on the list, the mission page and the home page."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from missions import services
from missions.choices import (
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
)
from missions.models import (
    Consultation,
    LogisticsItem,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from tests.factories import (
    MissionFactory,
    ProtectionPlanFactory,
    ReportFactory,
    SexualViolenceAnalysisFactory,
)

from .factories import JptRequestFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"
MANDATE = "Assess threats to civilians around Ntoto; include the Annex 2 analysis."


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def text(response) -> str:
    return response.content.decode()


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    parts = urlsplit(response.url)
    assert parts.path == reverse("login")
    assert parse_qs(parts.query)["next"] == [url]


@pytest.fixture
def mission(submitted_request, ca_officer, places):
    """A Nord-Kivu mission approved by ``ca_officer`` (its lead), hosted at COB Walikale."""
    created = services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate=MANDATE
    )
    Mission.objects.filter(pk=created.pk).update(host_base=places.walikale_cob)
    return Mission.objects.get(pk=created.pk)


@pytest.fixture
def team_member(make_user, places):
    """A Nord-Kivu team member (sees missions of the province, manages none, not on the team)."""
    from jpt.accounts.roles import Role

    return make_user("team_nord", Role.TEAM_MEMBER, [places.nord_kivu])


@pytest.fixture
def accepted_requester(mission, make_user, places):
    """A requester (no ``view_mission`` permission) who accepted a place on the team."""
    person = make_user("requester_team", Role.REQUESTER, [places.nord_kivu])
    TeamMember.objects.create(
        mission=mission,
        user=person,
        role=TeamRole.MEMBER,
        status=ParticipationStatus.ACCEPTED,
        invited_at=timezone.now(),
        responded_at=timezone.now(),
    )
    return person


@pytest.fixture
def invited_requester(mission, requester):
    """``requester`` (no ``view_mission`` permission) invited to the mission's team."""
    TeamMember.objects.create(
        mission=mission,
        user=requester,
        role=TeamRole.MEMBER,
        status=ParticipationStatus.INVITED,
        invited_at=timezone.now(),
    )
    return requester


def failed_email(mission, to="host.unit@example.org") -> EmailMessage:
    return EmailMessage.objects.create(
        to_address=to,
        subject=f"Early notice {mission.reference}",
        body="A JPT is planned.",
        status=EmailStatus.FAILED,
        attempts=5,
        last_error="SMTPServerDisconnected: Connection unexpectedly closed",
        target_type=ContentType.objects.get_for_model(Mission),
        target_id=str(mission.pk),
    )


# --------------------------------------------------------------------------------------------
# 1. Permission matrix
# --------------------------------------------------------------------------------------------


def _item(mission):
    return LogisticsItem.objects.create(
        mission=mission,
        category=LogisticsCategory.EQUIPMENT,
        description="Satellite phone",
        quantity_requested=1,
    )


# page -> (method, url builder taking the mission, POST data or None)
PAGES = {
    "list": ("get", lambda m: reverse("missions:mission_list"), None),
    "detail": ("get", lambda m: m.get_absolute_url(), None),
    "plan": ("get", lambda m: reverse("missions:mission_plan", args=[m.pk]), None),
    "logistics_create": (
        "get",
        lambda m: reverse("missions:logistics_create", args=[m.pk]),
        None,
    ),
    "logistics_update": (
        "get",
        lambda m: reverse("missions:logistics_update", args=[m.pk, _item(m).pk]),
        None,
    ),
    "status": (
        "post",
        lambda m: reverse("missions:mission_status", args=[m.pk]),
        {"status": MissionStatus.TEAM_FORMING},
    ),
    "early_notice": ("post", lambda m: reverse("missions:mission_early_notice", args=[m.pk]), {}),
    "resend": (
        "post",
        lambda m: reverse("missions:mission_email_resend", args=[m.pk, failed_email(m).pk]),
        {},
    ),
}
MANAGER_PAGES = [p for p in PAGES if p not in ("list", "detail")]
RIGHT = {"get": 200, "post": 302}

MATRIX = [
    *[(page, None, LOGIN) for page in PAGES],
    # The lead (a Nord-Kivu Civil Affairs officer) does everything.
    *[(page, "ca_officer", RIGHT[PAGES[page][0]]) for page in PAGES],
    # Another Nord-Kivu Civil Affairs officer manages the province's missions.
    *[(page, "ca_officer_2", RIGHT[PAGES[page][0]]) for page in PAGES],
    # A Sud-Kivu officer lists missions (not this one) and cannot reach it: 404.
    ("list", "ca_officer_sud", 200),
    *[(page, "ca_officer_sud", 404) for page in PAGES if page != "list"],
    # A team member of the province sees the mission but may not manage it.
    ("list", "team_member", 200),
    ("detail", "team_member", 200),
    *[(page, "team_member", 403) for page in MANAGER_PAGES],
    # Kinshasa sees every mission, manages none.
    ("list", "kinshasa_smg", 200),
    ("detail", "kinshasa_smg", 200),
    *[(page, "kinshasa_smg", 403) for page in MANAGER_PAGES],
    # A requester invited to the team who has not answered: the invitation only.
    ("list", "invited_requester", 403),
    ("detail", "invited_requester", 404),
    *[(page, "invited_requester", 404) for page in MANAGER_PAGES],
    # Once on the team (accepted): no list, but the mission page; no management.
    ("list", "accepted_requester", 403),
    ("detail", "accepted_requester", 200),
    *[(page, "accepted_requester", 403) for page in MANAGER_PAGES],
    # A requester not on the team and an analyst (aggregates only) do not see the mission.
    ("list", "requester", 403),
    ("detail", "requester", 404),
    ("plan", "requester", 404),
    ("list", "analyst", 403),
    ("detail", "analyst", 404),
    ("status", "analyst", 404),
]


@pytest.fixture
def ca_officer_2(make_user, places):
    from jpt.accounts.roles import Role

    return make_user("ca_nord_2", Role.CIVIL_AFFAIRS, [places.nord_kivu])


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    MATRIX,
    ids=[f"{page}-{who or 'anonymous'}" for page, who, _ in MATRIX],
)
def test_permission_matrix(client, request, mission, page, who, expected):
    method, build_url, data = PAGES[page]
    url = build_url(mission)
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    if expected == LOGIN:
        assert_login_redirect(response, url)
    else:
        assert response.status_code == expected


@pytest.mark.parametrize("page", ["status", "early_notice", "resend"])
def test_post_only_actions_refuse_get(client, ca_officer, mission, page):
    client.force_login(ca_officer)
    assert client.get(PAGES[page][1](mission)).status_code == 405


def test_missions_nav_item_only_with_view_permission(client, ca_officer, requester, mission):
    list_url = reverse("missions:mission_list")
    client.force_login(ca_officer)
    assert f'href="{list_url}"' in text(client.get(reverse("home")))
    client.force_login(requester)
    assert f'href="{list_url}"' not in text(client.get(reverse("home")))


def test_request_detail_links_to_the_mission(client, ca_officer, mission):
    client.force_login(ca_officer)
    response = client.get(mission.request.get_absolute_url())
    assert f'href="{mission.get_absolute_url()}"' in text(response)


# --------------------------------------------------------------------------------------------
# 2. The list and its filters
# --------------------------------------------------------------------------------------------


def test_list_shows_missions_in_scope_with_team_counts(
    client, ca_officer, ca_officer_sud, mission, places, requester_sud
):
    sud_request = JptRequestFactory(
        requested_by=requester_sud, territory=places.shabunda, localities=[places.matili]
    )
    sud_mission = services.request_approve(
        jpt_request=sud_request, user=ca_officer_sud, mandate=MANDATE
    )
    client.force_login(ca_officer)
    response = client.get(reverse("missions:mission_list"))
    assert list(response.context["missions"]) == [mission]
    row = response.context["missions"][0]
    assert (row.team_size, row.team_women) == (1, 1)  # the lead, a woman
    html = text(response)
    assert mission.reference in html and sud_mission.reference not in html
    # The province filter offers only the user's provinces.
    provinces = list(response.context["filter"].form.fields["province"].queryset)
    assert provinces == [places.nord_kivu]


@pytest.fixture
def requester_sud(make_user, places):
    from jpt.accounts.roles import Role

    return make_user("requester_sud", Role.REQUESTER, [places.sud_kivu])


def test_list_filters(client, kinshasa_smg, ca_officer, ca_officer_sud, places, requester_sud):
    nord = bulk_missions(2, lead=ca_officer, places=places)
    Mission.objects.filter(pk=nord[1].pk).update(
        status=MissionStatus.TEAM_FORMING,
        planned_departure=timezone.localdate() + timedelta(days=60),
        planned_return=timezone.localdate() + timedelta(days=66),
    )
    sud = bulk_missions(1, lead=ca_officer_sud, places=places, territory=places.shabunda)
    client.force_login(kinshasa_smg)
    url = reverse("missions:mission_list")

    def pks(**params):
        return {m.pk for m in client.get(url, params).context["missions"]}

    assert pks() == {nord[0].pk, nord[1].pk, sud[0].pk}
    assert pks(province=places.sud_kivu.pk) == {sud[0].pk}
    assert pks(territory=places.walikale.pk) == {nord[0].pk, nord[1].pk}
    assert pks(status=MissionStatus.TEAM_FORMING) == {nord[1].pk}
    assert pks(lead=ca_officer_sud.pk) == {sud[0].pk}
    later = (timezone.localdate() + timedelta(days=45)).isoformat()
    assert pks(departure_from=later) == {nord[1].pk}
    assert pks(departure_to=later) == {nord[0].pk, sud[0].pk}
    nord[0].refresh_from_db()
    assert pks(q=nord[0].reference) == {nord[0].pk}
    assert pks(q=nord[0].reference.lower()) == {nord[0].pk}
    assert pks(q=nord[1].title[:12].upper()) >= {nord[1].pk}


# --------------------------------------------------------------------------------------------
# 3. The mission page
# --------------------------------------------------------------------------------------------


def test_detail_context_for_the_partials(client, ca_officer, mission):
    client.force_login(ca_officer)
    response = client.get(mission.get_absolute_url())
    context = response.context
    assert context["mission"] == mission
    assert context["can_manage"] is True
    assert context["can_contribute"] is True
    assert context["can_see_contacts"] is True
    assert [m.user for m in context["team"]] == [ca_officer]
    assert context["composition"].total == 1
    assert list(context["consultations"]) == []
    assert list(context["stakeholder_links"]) == []
    assert context["stakeholder_women"] == 0
    html = text(response)
    for anchor in ("plan", "readiness", "logistics", "team", "consultations", "stakeholders"):
        assert f'id="{anchor}"' in html
    assert 'id="emails"' in html and 'id="history"' in html
    # Readiness: the blocker in red, warnings in yellow.
    assert 'alert-danger py-2 mb-2 readiness-check" data-check="no_member"' in html
    assert 'alert-warning py-2 mb-2 readiness-check" data-check="no_gender_officer"' in html
    # Status buttons: team forming, and cancelling behind a confirmation.
    assert 'name="status" value="team_forming"' in html
    assert 'name="confirm"' in html
    assert escape(MANDATE) in html


def test_detail_for_a_team_member_has_no_management_buttons(client, team_member, mission):
    failed_email(mission)
    client.force_login(team_member)
    response = client.get(mission.get_absolute_url())
    assert response.context["can_manage"] is False
    html = text(response)
    assert reverse("missions:mission_plan", args=[mission.pk]) not in html
    assert reverse("missions:mission_status", args=[mission.pk]) not in html
    assert reverse("missions:mission_early_notice", args=[mission.pk]) not in html
    assert "Send again" not in html
    assert 'data-status="failed"' in html  # the failure itself is visible


def test_history_is_readable(client, ca_officer, mission):
    client.force_login(ca_officer)
    client.post(
        reverse("missions:mission_status", args=[mission.pk]),
        {"status": MissionStatus.TEAM_FORMING},
    )
    response = client.get(mission.get_absolute_url())
    lines = [item.lines for item in response.context["history"]]
    assert ["Planning → Team forming (" + timezone.localdate().isoformat() + ")"] in lines


# --------------------------------------------------------------------------------------------
# 4. The plan form
# --------------------------------------------------------------------------------------------


def plan_data(mission, **overrides) -> dict:
    data = {
        "mandate": MANDATE,
        "lead": str(mission.lead_id),
        "host_base": str(mission.host_base_id or ""),
        "host_unit_commander": "Maj. Singh",
        "host_unit_email": "coy-a@example.org",
        "planned_departure": mission.planned_departure.isoformat(),
        "planned_return": mission.planned_return.isoformat(),
        "women_accommodation_needed": "on",
        "women_accommodation_notes": "Separate tent and latrine at the COB.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_plan_form_saves_through_the_service(client, ca_officer, ca_officer_2, mission):
    client.force_login(ca_officer)
    url = reverse("missions:mission_plan", args=[mission.pk])
    response = client.get(url)
    assert response.context["form"]["mandate"].value() == MANDATE
    leads = set(response.context["form"].fields["lead"].queryset)
    assert leads == {ca_officer, ca_officer_2}
    response = client.post(url, plan_data(mission, lead=str(ca_officer_2.pk)))
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.lead == ca_officer_2
    assert mission.host_unit_commander == "Maj. Singh"
    assert mission.women_accommodation_needed is True
    assert TeamMember.objects.get(mission=mission, user=ca_officer_2).role == TeamRole.TEAM_LEAD
    assert (
        AuditEntry.objects.for_object(mission)
        .filter(action=AuditAction.MISSION_PLAN_UPDATED)
        .exists()
    )


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("planned_return", "return_before_departure", "The return must be on or after"),
        ("mandate", {"mandate": "   "}, "This field is required."),
        ("lead", "not_a_ca_officer", "Select a valid choice."),
    ],
    ids=["return-before-departure", "empty-mandate", "lead-not-ca"],
)
def test_plan_form_errors_next_to_fields(
    client, ca_officer, team_member, mission, field, overrides, message
):
    if overrides == "return_before_departure":
        overrides = {"planned_return": (mission.planned_departure - timedelta(days=2)).isoformat()}
    elif overrides == "not_a_ca_officer":
        overrides = {"lead": str(team_member.pk)}
    client.force_login(ca_officer)
    data = plan_data(mission, host_unit_commander="Cpt. Kept Input", **overrides)
    response = client.post(reverse("missions:mission_plan", args=[mission.pk]), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field])
    html = text(response)
    assert escape(message) in html and "invalid-feedback" in html
    assert 'value="Cpt. Kept Input"' in html  # input kept
    mission.refresh_from_db()
    assert mission.host_unit_commander == ""


def test_plan_service_error_shown_next_to_the_field(client, ca_officer, mission):
    """A rule only the service knows (here: the return) comes back next to its field."""
    client.force_login(ca_officer)
    data = plan_data(
        mission, planned_return=(mission.planned_departure - timedelta(days=1)).isoformat()
    )
    response = client.post(reverse("missions:mission_plan", args=[mission.pk]), data)
    assert response.context["form"].errors["planned_return"] == [
        "The return must be on or after the departure."
    ]


def test_plan_of_a_closed_mission_cannot_change(client, ca_officer, mission):
    Mission.objects.filter(pk=mission.pk).update(status=MissionStatus.CLOSED)
    client.force_login(ca_officer)
    response = client.post(reverse("missions:mission_plan", args=[mission.pk]), plan_data(mission))
    assert response.status_code == 302
    assert "can no longer change" in messages_of(response)[0]


# --------------------------------------------------------------------------------------------
# 5. Logistics
# --------------------------------------------------------------------------------------------


def logistics_data(**overrides) -> dict:
    data = {
        "category": LogisticsCategory.TRANSPORT,
        "transport_mode": TransportMode.HELICOPTER,
        "description": "Mi-8 Goma–Walikale",
        "quantity_requested": "6",
        "quantity_confirmed": "",
        "status": LogisticsStatus.REQUESTED,
        "notes": "",
    }
    data.update(overrides)
    return data


def test_logistics_add_and_confirm(client, ca_officer, mission):
    client.force_login(ca_officer)
    response = client.post(
        reverse("missions:logistics_create", args=[mission.pk]), logistics_data()
    )
    assert response.status_code == 302
    item = LogisticsItem.objects.get(mission=mission)
    assert item.transport_mode == TransportMode.HELICOPTER
    url = reverse("missions:logistics_update", args=[mission.pk, item.pk])
    assert client.get(url).context["form"]["description"].value() == "Mi-8 Goma–Walikale"
    response = client.post(
        url, logistics_data(quantity_confirmed="6", status=LogisticsStatus.CONFIRMED)
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.quantity_confirmed) == (LogisticsStatus.CONFIRMED, 6)
    html = text(client.get(mission.get_absolute_url()))
    assert "Mi-8 Goma–Walikale" in html and "text-bg-success" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"transport_mode": ""}, "transport_mode", "Say how the team travels."),
        (
            {"quantity_requested": "2", "quantity_confirmed": "5"},
            "quantity_confirmed",
            "More confirmed than requested",
        ),
        (
            {"category": LogisticsCategory.EQUIPMENT},
            "transport_mode",
            "A transport mode only goes with a transport line.",
        ),
        ({"quantity_requested": "-1"}, "quantity_requested", "greater than or equal to 0"),
    ],
    ids=["transport-without-mode", "confirmed-over-requested", "mode-on-equipment", "negative"],
)
def test_logistics_errors_next_to_fields(client, ca_officer, mission, overrides, field, message):
    client.force_login(ca_officer)
    data = logistics_data(description="Kept description", **overrides)
    response = client.post(reverse("missions:logistics_create", args=[mission.pk]), data)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert 'value="Kept description"' in text(response)
    assert not LogisticsItem.objects.exists()


def test_logistics_update_errors_and_wrong_mission(client, ca_officer, mission, places):
    item = _item(mission)
    client.force_login(ca_officer)
    url = reverse("missions:logistics_update", args=[mission.pk, item.pk])
    response = client.post(
        url,
        logistics_data(
            category=LogisticsCategory.EQUIPMENT,
            transport_mode="",
            description="Satellite phone",
            quantity_requested="1",
            quantity_confirmed="3",
        ),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["quantity_confirmed"]
    other = bulk_missions(1, lead=ca_officer, places=places)[0]
    assert (
        client.get(reverse("missions:logistics_update", args=[other.pk, item.pk])).status_code
        == 404
    )


# --------------------------------------------------------------------------------------------
# 6. Status, early notice, e-mails
# --------------------------------------------------------------------------------------------


def test_status_change_blocked_until_a_member_accepts(client, ca_officer, mission, cli):
    client.force_login(ca_officer)
    url = reverse("missions:mission_status", args=[mission.pk])
    response = client.post(url, {"status": MissionStatus.TEAM_FORMING})
    assert response.status_code == 302
    mission.refresh_from_db()
    assert mission.status == MissionStatus.TEAM_FORMING

    day = timezone.localdate().isoformat()
    response = client.post(url, {"status": MissionStatus.DEPLOYED, "on_date": day})
    assert response.status_code == 302
    assert any(
        "No member besides the lead has accepted" in message for message in messages_of(response)
    )
    mission.refresh_from_db()
    assert mission.status == MissionStatus.TEAM_FORMING
    # The blocker is on the page too.
    assert "No member besides the lead has accepted" in text(client.get(mission.get_absolute_url()))

    TeamMember.objects.create(
        mission=mission,
        user=cli,
        role=TeamRole.INTERPRETER,
        status=ParticipationStatus.ACCEPTED,
    )
    response = client.post(url, {"status": MissionStatus.DEPLOYED, "on_date": day})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.DEPLOYED
    assert mission.actual_departure.isoformat() == day
    assert "The mission is now deployed." in messages_of(response)


def test_status_invalid_transition_and_cancel_confirmation(client, ca_officer, mission):
    client.force_login(ca_officer)
    url = reverse("missions:mission_status", args=[mission.pk])
    response = client.post(url, {"status": MissionStatus.CLOSED})
    assert "cannot become closed" in messages_of(response)[0]
    response = client.post(url, {"status": MissionStatus.CANCELLED})
    assert "confirm the cancellation" in messages_of(response)[-1]
    mission.refresh_from_db()
    assert mission.status == MissionStatus.PLANNING
    response = client.post(url, {"status": "nonsense"})
    assert messages_of(response)
    client.post(url, {"status": MissionStatus.CANCELLED, "confirm": "1"})
    mission.refresh_from_db()
    assert mission.status == MissionStatus.CANCELLED


def test_early_notice_queued_and_listed(client, ca_officer, mission, make_user, places):
    from jpt.accounts.choices import Sex
    from jpt.accounts.roles import Role

    make_user("gender_nord", Role.TEAM_MEMBER, [places.nord_kivu], sex=Sex.FEMALE)
    Mission.objects.filter(pk=mission.pk).update(host_unit_email="coy-a@example.org")
    client.force_login(ca_officer)
    response = client.post(reverse("missions:mission_early_notice", args=[mission.pk]))
    assert response.status_code == 302
    emails = EmailMessage.objects.for_object(mission)
    # Women civilian staff of Nord-Kivu (ca_nord, gender_nord) and the host unit.
    assert emails.count() == 3
    assert "Early notice queued: 3 e-mails." in messages_of(response)
    mission.refresh_from_db()
    assert mission.early_notice_sent_at is not None
    html = text(client.get(mission.get_absolute_url()))
    for email in emails:
        assert escape(email.to_address) in html
        assert escape(email.subject) in html


def test_early_notice_without_recipients_is_an_error(client, ca_officer, mission):
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(pk=ca_officer.pk).update(sex="male")
    client.force_login(ca_officer)
    response = client.post(reverse("missions:mission_early_notice", args=[mission.pk]))
    assert response.status_code == 302
    assert "Nobody to notify" in messages_of(response)[0]
    assert not EmailMessage.objects.for_object(mission).exists()


def test_failed_email_shown_in_red_and_sent_again(
    client, ca_officer, mission, django_capture_on_commit_callbacks
):
    email = failed_email(mission)
    client.force_login(ca_officer)
    html = text(client.get(mission.get_absolute_url()))
    assert f'list-group-item-danger" data-email="{email.pk}"' in html
    assert reverse("missions:mission_email_resend", args=[mission.pk, email.pk]) in html
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("missions:mission_email_resend", args=[mission.pk, email.pk])
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the Celery task is queued on commit
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert AuditEntry.objects.for_object(mission).filter(action=AuditAction.EMAIL_RESENT).exists()


def test_resend_of_another_missions_email_is_404(client, ca_officer, mission, places):
    other = bulk_missions(1, lead=ca_officer, places=places)[0]
    email = failed_email(other)
    client.force_login(ca_officer)
    response = client.post(reverse("missions:mission_email_resend", args=[mission.pk, email.pk]))
    assert response.status_code == 404
    email.refresh_from_db()
    assert email.status == EmailStatus.FAILED


# --------------------------------------------------------------------------------------------
# 7. Home page
# --------------------------------------------------------------------------------------------


def test_home_my_missions_open_first(client, ca_officer, places, invited_requester, mission):
    closed = bulk_missions(1, lead=ca_officer, places=places)[0]
    Mission.objects.filter(pk=closed.pk).update(status=MissionStatus.CLOSED)
    client.force_login(ca_officer)
    response = client.get(reverse("home"))
    assert response.context["my_missions"] == [mission, closed]
    # The invited requester sees the invitation, to answer it; not yet a mission of theirs.
    client.force_login(invited_requester)
    response = client.get(reverse("home"))
    assert response.context["my_missions"] == []
    assert [m.mission for m in response.context["invitations"]] == [mission]
    answer = reverse(
        "missions:team_answer", args=[mission.pk, mission.team.get(user=invited_requester).pk]
    )
    assert answer in response.content.decode()
    assert "transport_unconfirmed" not in response.context


def test_home_flags_transport_not_confirmed_within_48_hours(
    client, ca_officer, ca_officer_2, team_member, mission
):
    soon = timezone.localdate() + timedelta(days=1)
    Mission.objects.filter(pk=mission.pk).update(
        planned_departure=soon, planned_return=soon + timedelta(days=5)
    )
    LogisticsItem.objects.create(
        mission=mission,
        category=LogisticsCategory.TRANSPORT,
        transport_mode=TransportMode.ROAD_CONVOY,
        description="Convoy Goma–Walikale",
        status=LogisticsStatus.REQUESTED,
    )
    # A confirmed line that is not transport does not count as confirmed transport.
    LogisticsItem.objects.create(
        mission=mission,
        category=LogisticsCategory.EQUIPMENT,
        description="Satellite phone",
        status=LogisticsStatus.CONFIRMED,
    )
    client.force_login(ca_officer)
    response = client.get(reverse("home"))
    assert response.context["transport_unconfirmed"] == [mission]
    html = text(response)
    assert "Transport not confirmed, departure within 48 hours" in html
    assert mission.reference in html
    # Another Civil Affairs officer of the province sees the flag; a team member does not.
    client.force_login(ca_officer_2)
    assert client.get(reverse("home")).context["transport_unconfirmed"] == [mission]
    client.force_login(team_member)
    response = client.get(reverse("home"))
    assert "transport_unconfirmed" not in response.context
    assert "Transport not confirmed" not in text(response)
    # Once the transport is confirmed, the flag goes.
    LogisticsItem.objects.filter(mission=mission).update(status=LogisticsStatus.CONFIRMED)
    client.force_login(ca_officer)
    response = client.get(reverse("home"))
    assert response.context["transport_unconfirmed"] == []
    assert "Transport not confirmed" not in text(response)


def test_home_no_flag_for_a_departure_in_ten_days(client, ca_officer, mission):
    Mission.objects.filter(pk=mission.pk).update(
        planned_departure=timezone.localdate() + timedelta(days=10),
        planned_return=timezone.localdate() + timedelta(days=15),
    )
    client.force_login(ca_officer)
    assert client.get(reverse("home")).context["transport_unconfirmed"] == []


# --------------------------------------------------------------------------------------------
# 8. Query counts
# --------------------------------------------------------------------------------------------


def bulk_missions(n: int, *, lead, places, territory=None, departure=None) -> list[Mission]:
    """``n`` missions led by ``lead``, each with the lead and one external woman on the team."""
    territory = territory or places.walikale
    departure = departure or timezone.localdate() + timedelta(days=30)
    missions = []
    for i in range(n):
        jpt_request = JptRequestFactory(
            approved=True,
            requested_by=lead,
            decided_by=lead,
            territory=territory,
            localities=[territory.localities.first()],
            title=f"Bulk mission {i} {territory.name}",
        )
        mission = Mission.objects.create(
            request=jpt_request,
            province=territory.province,
            mandate=MANDATE,
            lead=lead,
            planned_departure=departure,
            planned_return=departure + timedelta(days=6),
        )
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    mission=mission,
                    user=lead,
                    role=TeamRole.TEAM_LEAD,
                    status=ParticipationStatus.ACCEPTED,
                ),
                TeamMember(
                    mission=mission,
                    external_name=f"External {i}",
                    external_organisation="NGO",
                    external_sex="female",
                    role=TeamRole.MEMBER,
                    status=ParticipationStatus.ACCEPTED,
                ),
            ]
        )
        missions.append(mission)
    return missions


def count_queries(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_list_query_count_does_not_grow(
    drawn, client, ca_officer, places, django_assert_num_queries
):
    url = reverse("missions:mission_list")
    client.force_login(ca_officer)
    bulk_missions(1, lead=ca_officer, places=places)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["missions"]) == 1
    print(f"mission list: {one} queries")  # noqa: T201
    bulk_missions(29, lead=ca_officer, places=places)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["missions"]) == 25
    assert response.context["paginator"].count == 30
    assert all((m.team_size, m.team_women) == (2, 2) for m in response.context["missions"])


def add_to_mission(mission, n: int, *, offset: int, recorder, places) -> None:
    """``n`` more of each: team members (users), consultations, stakeholders, e-mails, history."""
    users = [
        UserFactory(username=f"member_{offset + i}", provinces=[places.nord_kivu]) for i in range(n)
    ]
    members = TeamMember.objects.bulk_create(
        [
            TeamMember(
                mission=mission,
                user=user,
                role=TeamRole.INTERPRETER if i % 2 else TeamRole.MEMBER,
                status=ParticipationStatus.ACCEPTED,
                invited_at=timezone.now(),
            )
            for i, user in enumerate(users)
        ]
    )
    held = timezone.make_aware(
        timezone.datetime.combine(mission.planned_departure, timezone.datetime.min.time())
    ) + timedelta(hours=9)
    Consultation.objects.bulk_create(
        [
            Consultation(
                mission=mission,
                held_at=held + timedelta(hours=i),
                kind="local_women",
                locality=places.otobora if i % 2 else places.ntoto,
                interpreter=members[i],
                women=12,
                men=0,
                recorded_by=recorder,
                announced_by=["word_of_mouth", "market"],
                topics="Safety on the way to the fields.",
            )
            for i in range(n)
        ]
    )
    stakeholders = Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                name=f"Stakeholder {offset + i}",
                sex="female" if (offset + i) % 2 else "male",
                locality=places.ntoto if i % 2 else places.otobora,
                phone="+243 990 000 000",
                category=StakeholderCategory.WOMENS_LEADER,
            )
            for i in range(n)
        ]
    )
    MissionStakeholder.objects.bulk_create(
        [
            MissionStakeholder(mission=mission, stakeholder=s, added_by=recorder)
            for s in stakeholders
        ]
    )
    target_type = ContentType.objects.get_for_model(Mission)
    EmailMessage.objects.bulk_create(
        [
            EmailMessage(
                recipient=user,
                to_address=user.email,
                subject=f"Invitation {offset + i}",
                body="You are invited.",
                status=EmailStatus.FAILED if i % 2 else EmailStatus.PENDING,
                target_type=target_type,
                target_id=str(mission.pk),
            )
            for i, user in enumerate(users)
        ]
    )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                actor=users[i],
                action=AuditAction.MISSION_PLAN_UPDATED,
                target_type=target_type,
                target_id=str(mission.pk),
                target_repr=str(mission)[:200],
                details={"host_unit_commander": ["", f"Maj. {i}"], "lead": ["A", "B"]},
            )
            for i in range(n)
        ]
    )
    LogisticsItem.objects.bulk_create(
        [
            LogisticsItem(
                mission=mission,
                category=LogisticsCategory.EQUIPMENT,
                description=f"Phone {offset + i}",
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("who", ["ca_officer", "team_member"])
def test_detail_query_count_does_not_grow(
    client, request, ca_officer, mission, places, django_assert_num_queries, who, drawn
):
    url = mission.get_absolute_url()
    client.force_login(request.getfixturevalue(who))
    add_to_mission(mission, 1, offset=0, recorder=ca_officer, places=places)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["consultations"]) == 1
    print(f"mission detail ({who}): {one} queries")  # noqa: T201
    add_to_mission(mission, 19, offset=1, recorder=ca_officer, places=places)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["team"]) == 21
    assert len(response.context["consultations"]) == 20
    assert len(response.context["stakeholder_links"]) == 20
    assert response.context["stakeholder_women"] == 10
    # E-mails: the latest ten on the page, the rest on demand, in as many queries.
    assert len(response.context["emails"]) == 10 and response.context["emails_cut"]
    with django_assert_num_queries(one):
        response = client.get(url, {"emails": "all", "history": "all"})
    assert len(response.context["emails"]) == 20 and not response.context["emails_cut"]


@pytest.mark.parametrize("who", ["ca_officer", "team_member"])
def test_home_query_count_does_not_grow(
    drawn, client, request, ca_officer, make_user, places, django_assert_num_queries, who
):
    from jpt.accounts.roles import Role

    member = make_user("member_home", Role.TEAM_MEMBER, [places.nord_kivu])
    user = ca_officer if who == "ca_officer" else member
    soon = timezone.localdate() + timedelta(days=1)

    def add(n):
        missions = bulk_missions(n, lead=ca_officer, places=places, departure=soon)
        TeamMember.objects.bulk_create(
            [
                TeamMember(
                    mission=m,
                    user=member,
                    role=TeamRole.MEMBER,
                    status=ParticipationStatus.ACCEPTED,
                )
                for m in missions
            ]
        )

    add(1)
    url = reverse("home")
    client.force_login(user)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["my_missions"]) == 1
    print(f"home ({who}): {one} queries")  # noqa: T201
    add(19)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context["my_missions"]) == 15
    assert response.context["my_missions_count"] == 20
    assert 'id="all-my-missions"' in response.content.decode()
    if who == "ca_officer":
        assert len(response.context["transport_unconfirmed"]) == 20


def test_the_missions_whose_report_holds_the_analysis_or_women_organisations(
    client, kinshasa_smg, places
):
    """``report_has`` (the indicators' reports with the sexual-violence analysis filled, or
    women's organisations consulted on the plan, link here): only a filled analysis counts
    (the three services assessed and the patterns described), and a mission without a report
    has neither."""

    def mission_with(analysis: dict | None, plan: dict | None):
        report = ReportFactory(mission=MissionFactory(request__territory=places.walikale))
        if analysis is not None:
            SexualViolenceAnalysisFactory(report=report, **analysis)
        if plan is not None:
            ProtectionPlanFactory(report=report, **plan)
        return report.mission

    both = mission_with({"filled": True}, {"with_womens_organizations": True})
    started = mission_with({}, {})  # notes only, a plan without women's organisations
    no_patterns = mission_with({"filled": True, "patterns": ""}, None)
    without_report = MissionFactory(request__territory=places.walikale)
    client.force_login(kinshasa_smg)

    def pks(**params):
        response = client.get(reverse("missions:mission_list"), params)
        assert response.status_code == 200
        return {m.pk for m in response.context["missions"]}

    assert {both.pk, started.pk, no_patterns.pk, without_report.pk} <= pks()
    assert pks(report_has="sv_analysis") == {both.pk}
    assert pks(report_has="womens_organizations") == {both.pk}
    response = client.get(reverse("missions:mission_list"), {"report_has": "threats"})
    assert "report_has" in response.context["filter"].form.errors
