"""The request pages through the test client: who may open what, form errors, the whole life of
a request, query counts and the list filters."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.audit.services import audit_record
from jpt.notifications.models import EmailMessage
from jpt.places.choices import LocalitySource
from jpt.places.models import Locality
from missions.choices import RequesterKind, RequestStatus, Trigger, Urgency
from missions.models import JptRequest, Mission
from missions.services import request_submit

from .factories import JptRequestFactory

pytestmark = pytest.mark.django_db

LOGIN = "login"  # expected outcome: redirect to the login page with ?next=

MANDATE = "Assess threats to civilians around Ntoto; include the Annex 2 analysis."

# What each decision POSTs when it is valid: (form prefix + field, value).
DECISION_DATA = {
    "approve": {"approve-mandate": MANDATE, "approve-comment": ""},
    "decline": {"decline-reason": "A JPT visited the area last month."},
    "return": {"return-comment": "Which villages exactly, and since when?"},
}


def decide_url(jpt_request, action: str) -> str:
    return reverse("missions:request_decide", args=[jpt_request.pk, action])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def assert_login_redirect(response, url: str) -> None:
    assert response.status_code == 302
    parts = urlsplit(response.url)
    assert parts.path == reverse("login")
    assert parse_qs(parts.query)["next"] == [url]


def text(response) -> str:
    return response.content.decode()


# --------------------------------------------------------------------------------------------
# 1. Permission matrix
# --------------------------------------------------------------------------------------------

# page name -> (method, url builder taking the ``scene`` and ``places``, POST data or None)
PAGES = {
    "home": ("get", lambda s, p: reverse("home"), None),
    "profile": ("get", lambda s, p: reverse("profile"), None),
    "list": ("get", lambda s, p: reverse("missions:request_list"), None),
    "mine": ("get", lambda s, p: reverse("missions:my_requests"), None),
    "detail": ("get", lambda s, p: s.nord.get_absolute_url(), None),
    "detail_sud": ("get", lambda s, p: s.sud.get_absolute_url(), None),
    "create": ("get", lambda s, p: reverse("missions:request_create"), None),
    "update": ("get", lambda s, p: reverse("missions:request_update", args=[s.nord.pk]), None),
    **{
        action: ("post", lambda s, p, a=action: decide_url(s.nord, a), DECISION_DATA[action])
        for action in DECISION_DATA
    },
    "territory_options": (
        "get",
        lambda s, p: f"{reverse('missions:territory_options')}?province={p.nord_kivu.pk}",
        None,
    ),
    "locality_options": (
        "get",
        lambda s, p: f"{reverse('missions:locality_options')}?territory={p.walikale.pk}",
        None,
    ),
    "base_options": (
        "get",
        lambda s, p: f"{reverse('missions:base_options')}?province={p.nord_kivu.pk}",
        None,
    ),
}

# (page, user fixture or None for anonymous, expected status or LOGIN)
MATRIX = [
    *[(page, None, LOGIN) for page in PAGES],
    # Any logged-in user has a home page and a profile.
    *[(page, who, 200) for page in ("home", "profile") for who in ("requester", "analyst", "cli")],
    # The request list: anyone who may view requests, not analysts (aggregates only) nor CLIs.
    ("list", "requester", 200),
    ("list", "ca_officer", 200),
    ("list", "team_member", 200),
    ("list", "kinshasa_smg", 200),
    ("list", "analyst", 403),
    ("list", "cli", 403),
    # My requests: those who may file.
    ("mine", "requester", 200),
    ("mine", "ca_officer", 200),
    ("mine", "team_member", 403),
    ("mine", "kinshasa_smg", 403),
    ("mine", "analyst", 403),
    ("mine", "cli", 403),
    # Detail of a Nord-Kivu request.
    ("detail", "requester", 200),
    ("detail", "ca_officer", 200),
    ("detail", "team_member", 200),
    ("detail", "kinshasa_smg", 200),
    ("detail", "analyst", 403),
    ("detail", "cli", 403),
    ("detail", "ca_officer_sud", 404),
    ("detail", "requester_sud", 404),
    # Detail of a Sud-Kivu request: its requester sees it, a Nord-Kivu requester does not.
    ("detail_sud", "requester_sud", 200),
    ("detail_sud", "ca_officer_sud", 200),
    ("detail_sud", "requester", 404),
    ("detail_sud", "ca_officer", 404),
    # Filing a request.
    ("create", "requester", 200),
    ("create", "ca_officer", 200),
    ("create", "team_member", 403),
    ("create", "kinshasa_smg", 403),
    ("create", "analyst", 403),
    ("create", "cli", 403),
    # Changing a submitted request filed by ``requester``.
    ("update", "requester", 200),
    ("update", "ca_officer", 403),  # sees it, did not file it
    ("update", "team_member", 403),  # sees it, did not file it
    ("update", "ca_officer_sud", 404),
    ("update", "requester_sud", 404),
    ("update", "analyst", 403),  # may not file requests at all
    ("update", "cli", 403),
    # Decisions on the Nord-Kivu request.
    *[(action, "ca_officer", 302) for action in DECISION_DATA],
    *[(action, "requester", 403) for action in DECISION_DATA],
    *[(action, "team_member", 403) for action in DECISION_DATA],
    *[(action, "kinshasa_smg", 403) for action in DECISION_DATA],
    *[(action, "ca_officer_sud", 404) for action in DECISION_DATA],
    # The htmx option lists of the request form.
    *[
        (page, who, 200)
        for page in ("territory_options", "locality_options", "base_options")
        for who in ("requester", "ca_officer")
    ],
]


@pytest.mark.parametrize(
    ("page", "who", "expected"),
    MATRIX,
    ids=[f"{page}-{who or 'anonymous'}-{expected}" for page, who, expected in MATRIX],
)
def test_permission_matrix(client, request, scene, places, page, who, expected):
    method, build_url, data = PAGES[page]
    url = build_url(scene, places)
    if who is not None:
        client.force_login(request.getfixturevalue(who))
    response = getattr(client, method)(url, data) if data else getattr(client, method)(url)

    if expected == LOGIN:
        assert_login_redirect(response, url)
        return
    assert response.status_code == expected
    if method == "post" and expected == 302:
        assert response.url == scene.nord.get_absolute_url()
        scene.nord.refresh_from_db()
        assert scene.nord.status != RequestStatus.SUBMITTED
    if method == "post" and expected != 302:
        scene.nord.refresh_from_db()
        assert scene.nord.status == RequestStatus.SUBMITTED
        assert not Mission.objects.exists()


def test_decision_endpoints_refuse_get(client, ca_officer, scene):
    client.force_login(ca_officer)
    for action in DECISION_DATA:
        assert client.get(decide_url(scene.nord, action)).status_code == 405


def test_update_of_a_decided_request_redirects_with_a_message(client, requester, scene):
    client.force_login(requester)
    for method in ("get", "post"):
        response = getattr(client, method)(
            reverse("missions:request_update", args=[scene.decided.pk])
        )
        assert response.status_code == 302
        assert response.url == scene.decided.get_absolute_url()
        # Unread messages pile up until a page shows them: the newest one is this request's.
        assert messages_of(response)[-1] == "This request has been decided and cannot be changed."


def test_option_lists_are_scoped_to_the_users_provinces(client, requester, places):
    client.force_login(requester)
    territories = text(
        client.get(reverse("missions:territory_options"), {"province": places.nord_kivu.pk})
    )
    assert "Walikale" in territories and "Masisi" in territories
    other = text(
        client.get(reverse("missions:territory_options"), {"province": places.sud_kivu.pk})
    )
    assert "Shabunda" not in other
    localities = text(
        client.get(reverse("missions:locality_options"), {"territory": places.walikale.pk})
    )
    assert "Ntoto" in localities and "Otobora" in localities and "Nyabiondo" not in localities
    assert "Matili" not in text(
        client.get(reverse("missions:locality_options"), {"territory": places.shabunda.pk})
    )
    bases = text(client.get(reverse("missions:base_options"), {"province": places.nord_kivu.pk}))
    assert "COB Walikale" in bases
    # Rubbish parameters give an empty list, not an error.
    assert client.get(reverse("missions:territory_options"), {"province": "x"}).status_code == 200


# --------------------------------------------------------------------------------------------
# 2. Form errors
# --------------------------------------------------------------------------------------------


def _days(n: int) -> str:
    return (timezone.localdate() + timedelta(days=n)).isoformat()


# (id, form overrides (may use ``places``), field, expected message (may use ``places``))
FORM_ERRORS = [
    (
        "end_before_start",
        lambda p: {"start_date": _days(30), "end_date": _days(29)},
        "end_date",
        lambda p: "The end date must be on or after the start date.",
    ),
    (
        "start_in_the_past",
        lambda p: {"start_date": _days(-1), "end_date": _days(6)},
        "start_date",
        lambda p: "The start date cannot be in the past for a new request.",
    ),
    (
        "locality_not_in_territory",
        lambda p: {"localities": [str(p.ntoto.pk), str(p.nyabiondo.pk)]},
        "localities",
        lambda p: "Nyabiondo is not in Walikale.",
    ),
    (
        "no_locality",
        lambda p: {"localities": None, "new_localities": "  ,  "},
        "localities",
        lambda p: "Choose at least one locality, or type the name of a new one.",
    ),
    (
        "field_office_without_name",
        lambda p: {"requester_kind": RequesterKind.FIELD_OFFICE.value, "requesting_office": ""},
        "requesting_office",
        lambda p: "Name the field office that asks for the JPT.",
    ),
    (
        "section_without_name",
        lambda p: {"requester_kind": RequesterKind.SECTION.value, "requesting_section": ""},
        "requesting_section",
        lambda p: "Choose the section that asks for the JPT.",
    ),
    (
        "other_emergency_without_details",
        lambda p: {"trigger": Trigger.EMERGENCY_OTHER.value, "trigger_details": "  "},
        "trigger_details",
        lambda p: "Describe the trigger when you choose 'other'.",
    ),
    (
        "other_risk_without_details",
        lambda p: {"trigger": Trigger.RISK_OTHER.value},
        "trigger_details",
        lambda p: "Describe the trigger when you choose 'other'.",
    ),
]


def assert_form_error(response, field: str, message: str) -> None:
    """The message is in the form's errors for ``field`` and shown next to that field."""
    assert response.status_code == 200
    form = response.context["form"]
    assert message in form.errors[field], form.errors
    html = text(response)
    # crispy (bootstrap5) renders the field's errors as <... id="error_1_id_<field>" ...>.
    match = re.search(rf'id="error_\d+_id_{field}"[^>]*>(.*?)</', html, flags=re.S)
    assert match, f"no error block next to {field}"
    assert escape(message) in html[match.start() : match.start() + 600]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [case[1:] for case in FORM_ERRORS],
    ids=[case[0] for case in FORM_ERRORS],
)
def test_request_form_shows_each_error_and_keeps_the_input(
    client, requester, places, form_data, overrides, field, message
):
    client.force_login(requester)
    title = "Market attack typed by the requester"
    response = client.post(
        reverse("missions:request_create"), form_data(title=title, **overrides(places))
    )
    assert_form_error(response, field, message(places))
    html = text(response)
    assert f'value="{title}"' in html
    assert "Armed men attacked Ntoto market" in html  # the reason is kept too
    assert not JptRequest.objects.exists()


def test_territory_outside_the_province(client, requester_both, places, form_data):
    client.force_login(requester_both)
    response = client.post(
        reverse("missions:request_create"),
        form_data(territory=str(places.shabunda.pk), localities=[str(places.matili.pk)]),
    )
    assert_form_error(response, "territory", "Shabunda is not in Nord-Kivu.")
    assert not JptRequest.objects.exists()


def test_territory_outside_the_users_provinces_is_not_a_choice(
    client, requester, places, form_data
):
    client.force_login(requester)
    response = client.post(
        reverse("missions:request_create"),
        form_data(
            province=str(places.sud_kivu.pk),
            territory=str(places.shabunda.pk),
            localities=[str(places.matili.pk)],
        ),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "province" in form.errors and "territory" in form.errors
    assert not JptRequest.objects.exists()


def test_warnings_need_confirmation_then_file_a_short_notice_request(
    client, requester, places, form_data
):
    client.force_login(requester)
    url = reverse("missions:request_create")
    data = form_data(
        title="Short and soon",
        trigger=Trigger.RUMOURED_ATTACKS.value,
        start_date=_days(10),
        end_date=_days(12),
    )

    response = client.post(url, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.warnings) == 2
    html = text(response)
    assert "The visit lasts 3 day(s): the target is at least 5 days" in html
    assert "Short notice: the start is less than three weeks away." in html
    assert_form_error(
        response,
        "confirm_warnings",
        "Read the warnings and tick this box to file the request anyway.",
    )
    assert 'value="Short and soon"' in html
    assert not JptRequest.objects.exists()

    response = client.post(url, {**data, "confirm_warnings": "on"})
    jpt_request = JptRequest.objects.get()
    assert response.status_code == 302
    assert response.url == jpt_request.get_absolute_url()
    assert jpt_request.is_short_notice
    assert jpt_request.is_short_visit
    assert jpt_request.requested_by == requester
    assert messages_of(response) == [
        f"Request {jpt_request.reference} filed. Civil Affairs will decide on it."
    ]


@pytest.mark.parametrize(
    ("action", "data", "field"),
    [
        ("approve", {"approve-mandate": "", "approve-comment": "Go ahead."}, "mandate"),
        ("approve", {"approve-mandate": "   \n  "}, "mandate"),
        ("decline", {"decline-reason": ""}, "reason"),
        ("return", {"return-comment": " "}, "comment"),
    ],
    ids=["approve_empty", "approve_blank", "decline_empty", "return_empty"],
)
def test_decision_form_errors(client, ca_officer, submitted_request, action, data, field):
    client.force_login(ca_officer)
    response = client.post(decide_url(submitted_request, action), data)
    assert response.status_code == 400
    form = response.context[f"{action}_form"]
    assert form.errors[field] == ["This field is required."]
    assert response.context["open_decision"] == action
    html = text(response)
    assert re.search(rf'id="error_\d+_id_{action}-{field}"', html)
    assert "This field is required." in html
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.SUBMITTED
    assert not Mission.objects.exists()
    assert AuditEntry.objects.for_object(submitted_request).count() == 1  # the filing only


def test_approving_an_already_decided_request(client, ca_officer, submitted_request):
    client.force_login(ca_officer)
    url = decide_url(submitted_request, "approve")
    first = client.post(url, DECISION_DATA["approve"])
    assert first.status_code == 302

    again = client.post(url, DECISION_DATA["approve"])
    assert again.status_code == 302
    assert again.url == submitted_request.get_absolute_url()
    assert messages_of(again)[-1] == "This request is already approved; nothing was changed."
    assert Mission.objects.count() == 1
    approvals = AuditEntry.objects.for_object(submitted_request).filter(
        action=AuditAction.REQUEST_APPROVED
    )
    assert approvals.count() == 1

    # Declining it afterwards is refused the same way.
    declined = client.post(decide_url(submitted_request, "decline"), DECISION_DATA["decline"])
    assert declined.status_code == 302
    assert "already approved" in messages_of(declined)[-1]
    submitted_request.refresh_from_db()
    assert submitted_request.status == RequestStatus.APPROVED


# --------------------------------------------------------------------------------------------
# 3. End to end
# --------------------------------------------------------------------------------------------


def test_the_home_page_shows_what_was_recorded_since_it_was_drawn(
    client, requester, ca_officer, form_data
):
    """The home page's sections are cached by the version of the data (jpt.views.HomeView):
    the same page again reads no list; a request filed since is awaiting the officer's
    decision at the next view, and the requester's own list has it too."""
    client.force_login(ca_officer)
    first = client.get(reverse("home"))
    assert first.context["awaiting_decision"] == []  # drawn
    again = client.get(reverse("home"))
    assert "awaiting_decision" not in again.context  # from the cache
    assert again.context["home_body"] == first.context["home_body"]
    client.force_login(requester)
    client.get(reverse("home"))
    client.post(reverse("missions:request_create"), form_data(title="Attack on Kibati"))
    assert [r.title for r in client.get(reverse("home")).context["my_requests"]] == [
        "Attack on Kibati"
    ]
    client.force_login(ca_officer)
    home = client.get(reverse("home"))
    assert [r.title for r in home.context["awaiting_decision"]] == ["Attack on Kibati"]
    assert "Attack on Kibati" in home.text


def test_life_of_a_request_through_the_pages(
    client, requester, ca_officer, places, form_data, django_capture_on_commit_callbacks
):
    # The requester files, naming a village missing from the gazetteer.
    client.force_login(requester)
    assert client.get(reverse("missions:request_create")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("missions:request_create"),
            form_data(title="Attack on Kibati", new_localities="Kibati, kibati ,  Ntoto "),
        )
    jpt_request = JptRequest.objects.get()
    assert response.status_code == 302
    assert response.url == jpt_request.get_absolute_url()
    kibati = Locality.objects.get(name="Kibati")
    assert kibati.territory == places.walikale
    assert kibati.source == LocalitySource.USER
    assert kibati.created_by == requester
    assert Locality.objects.filter(name__iexact="ntoto").count() == 1
    assert set(jpt_request.localities.all()) == {places.ntoto, kibati}
    assert [m.to for m in mail.outbox] == [[ca_officer.email]]

    # Civil Affairs returns it for more information.
    client.force_login(ca_officer)
    detail = client.get(jpt_request.get_absolute_url())
    assert detail.context["can_decide"] and not detail.context["can_edit"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(jpt_request, "return"), DECISION_DATA["return"])
    assert response.status_code == 302
    jpt_request.refresh_from_db()
    assert jpt_request.status == RequestStatus.RETURNED
    assert mail.outbox[-1].to == [requester.email]

    # The requester sees the comment, edits and resubmits.
    client.force_login(requester)
    edit_url = reverse("missions:request_update", args=[jpt_request.pk])
    page = client.get(edit_url)
    assert page.status_code == 200
    assert "Which villages exactly, and since when?" in text(page)
    assert page.context["form"].initial["title"] == "Attack on Kibati"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            edit_url,
            form_data(
                title="Attack on Kibati and Otobora",
                localities=[str(places.otobora.pk), str(kibati.pk)],
                reason="Armed men attacked Kibati and Otobora on 3 May; 200 families fled.",
            ),
        )
    assert response.status_code == 302
    assert response.url == jpt_request.get_absolute_url()
    jpt_request.refresh_from_db()
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.title == "Attack on Kibati and Otobora"
    assert set(jpt_request.localities.all()) == {places.otobora, kibati}
    assert mail.outbox[-1].to == [ca_officer.email]
    assert "resubmitted" in mail.outbox[-1].subject

    # Civil Affairs approves: the mission exists.
    client.force_login(ca_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(decide_url(jpt_request, "approve"), DECISION_DATA["approve"])
    assert response.status_code == 302
    jpt_request.refresh_from_db()
    assert jpt_request.status == RequestStatus.APPROVED
    assert jpt_request.decided_by == ca_officer
    mission = Mission.objects.get(request=jpt_request)
    assert mission.mandate == MANDATE
    assert mission.lead == ca_officer
    assert mission.province == places.nord_kivu

    # The detail page tells the story in order and lists the e-mails.
    client.force_login(requester)
    detail = client.get(jpt_request.get_absolute_url())
    assert detail.status_code == 200
    assert [item.entry.action for item in detail.context["history"]] == [
        AuditAction.REQUEST_SUBMITTED,
        AuditAction.REQUEST_RETURNED,
        AuditAction.REQUEST_UPDATED,
        AuditAction.REQUEST_APPROVED,
    ]
    html = text(detail)
    history = html[html.index('id="history"') :]
    positions = [
        history.index(label)
        for label in (
            "Request filed",
            "Request returned for more information",
            "Request updated and resubmitted",
            "Request approved",
        )
    ]
    assert positions == sorted(positions)
    assert MANDATE in html
    assert mission.reference in html
    assert not detail.context["can_edit"] and not detail.context["can_decide"]
    emails = list(EmailMessage.objects.for_object(jpt_request).order_by("id"))
    assert [e.to_address for e in emails] == [
        ca_officer.email,
        requester.email,
        ca_officer.email,
        requester.email,
    ]
    for email in emails:
        assert escape(email.subject) in html
    assert len(mail.outbox) == 4


# --------------------------------------------------------------------------------------------
# 4. Query counts
# --------------------------------------------------------------------------------------------

# Ceilings, a little above the counts measured when these tests were written (see the report):
# a page creeping past them has most likely gained a per-row query.
MAX_QUERIES = {"list": 11, "mine": 11, "home_requester": 11, "home_ca": 12, "detail": 11}


def bulk_requests(n: int, *, user, places, offset: int = 0) -> list[JptRequest]:
    """``n`` submitted Nord-Kivu requests filed by ``user``, two localities each, in 3 queries."""
    now = timezone.now()
    start = timezone.localdate() + timedelta(days=30)
    rows = JptRequest.objects.bulk_create(
        [
            JptRequest(
                title=f"Request {offset + i}",
                requested_by=user,
                requester_kind=RequesterKind.FIELD_OFFICE,
                requesting_office="Goma field office",
                trigger=Trigger.ATTACK,
                province=places.nord_kivu,
                territory=places.walikale,
                nearest_base=places.walikale_cob,
                reason="Armed men attacked the market.",
                start_date=start + timedelta(days=i % 20),
                end_date=start + timedelta(days=i % 20 + 2 + i % 7),
                urgency=Urgency.HIGH,
                status=RequestStatus.SUBMITTED,
                submitted_at=now - timedelta(minutes=offset + i),
                is_short_notice=bool(i % 2),
            )
            for i in range(n)
        ]
    )
    through = JptRequest.localities.through
    through.objects.bulk_create(
        [
            through(jptrequest_id=row.pk, locality_id=locality.pk)
            for row in rows
            for locality in (places.ntoto, places.otobora)
        ]
    )
    return rows


def count_queries(client, url: str):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


QUERY_PAGES = [
    ("list", "ca_officer", lambda: reverse("missions:request_list"), "requests", 25),
    ("mine", "requester", lambda: reverse("missions:my_requests"), "requests", 25),
    ("home_requester", "requester", lambda: reverse("home"), "my_requests", 5),
    ("home_ca", "ca_officer", lambda: reverse("home"), "awaiting_decision", 10),
]


@pytest.mark.parametrize(
    ("name", "who", "build_url", "context_name", "page_size"),
    QUERY_PAGES,
    ids=[page[0] for page in QUERY_PAGES],
)
def test_list_pages_query_count_does_not_grow_with_rows(
    drawn,
    client,
    request,
    requester,
    places,
    django_assert_num_queries,
    django_assert_max_num_queries,
    name,
    who,
    build_url,
    context_name,
    page_size,
):
    url = build_url()
    client.force_login(request.getfixturevalue(who))
    bulk_requests(1, user=requester, places=places)
    client.get(url)  # warm the content-type and permission caches
    one, response = count_queries(client, url)
    assert len(response.context[context_name]) == 1
    print(f"{name}: {one} queries")  # noqa: T201 (shown with -s; quoted in the report)

    bulk_requests(199, user=requester, places=places, offset=1)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert len(response.context[context_name]) == page_size
    with django_assert_max_num_queries(MAX_QUERIES[name]):
        response = client.get(url)
    if context_name == "requests":
        assert response.context["paginator"].count == 200
        assert response.context["paginator"].per_page == 25
        with django_assert_num_queries(one):
            last = client.get(url, {"page": 8})
        assert len(last.context["requests"]) == 200 - 7 * 25


def test_detail_query_count_does_not_grow_with_history(
    client,
    make_user,
    requester,
    ca_officer,
    places,
    django_assert_num_queries,
    django_assert_max_num_queries,
    drawn,
):
    from django.contrib.contenttypes.models import ContentType

    jpt_request = JptRequestFactory(
        requested_by=requester, territory=places.walikale, localities=[places.ntoto]
    )
    content_type = ContentType.objects.get_for_model(JptRequest)

    def add_history(n: int, actors) -> None:
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=actors[i % len(actors)],
                    action=AuditAction.REQUEST_UPDATED,
                    target_type=content_type,
                    target_id=str(jpt_request.pk),
                    target_repr=str(jpt_request)[:200],
                    details={"comment": f"Change {i}"},
                )
                for i in range(n)
            ]
        )

    add_history(1, [requester])
    url = jpt_request.get_absolute_url()
    client.force_login(ca_officer)
    client.get(url)
    one, response = count_queries(client, url)
    assert len(response.context["history"]) == 1
    print(f"detail: {one} queries")  # noqa: T201

    others = [make_user(f"actor{i}") for i in range(5)]
    add_history(29, [requester, ca_officer, *others])
    with django_assert_num_queries(one):
        response = client.get(url)
    # The latest ten, with a link to the rest; the whole history on demand, in as many queries.
    assert len(response.context["history"]) == 10 and response.context["history"].earlier
    assert "Change 28" in text(response) and "Change 18" not in text(response)
    assert 'href="?history=all#history"' in response.content.decode()
    with django_assert_num_queries(one):
        response = client.get(url, {"history": "all"})
    assert len(response.context["history"]) == 30 and not response.context["history"].earlier
    assert "Change 0" in text(response) and "?history=all" not in response.content.decode()
    with django_assert_max_num_queries(MAX_QUERIES["detail"]):
        client.get(url)


# --------------------------------------------------------------------------------------------
# 5. Filters
# --------------------------------------------------------------------------------------------


@pytest.fixture
def filter_scene(places, requester, requester_sud):
    today = timezone.localdate()
    return {
        "ntoto": JptRequestFactory(
            requested_by=requester,
            title="Attack on the market",
            territory=places.walikale,
            localities=[places.ntoto],
            trigger=Trigger.ATTACK,
            start_date=today + timedelta(days=30),
        ),
        "masisi": JptRequestFactory(
            returned=True,
            requested_by=requester,
            title="Families fleeing the hills",
            territory=places.masisi,
            localities=[places.nyabiondo],
            trigger=Trigger.DISPLACEMENT,
            start_date=today + timedelta(days=60),
        ),
        "matili": JptRequestFactory(
            requested_by=requester_sud,
            title="Rumoured raids along the river",
            territory=places.shabunda,
            localities=[places.matili],
            trigger=Trigger.RUMOURED_ATTACKS,
            start_date=today + timedelta(days=45),
        ),
    }


def listed(client, **params) -> set[str]:
    response = client.get(reverse("missions:request_list"), params)
    assert response.status_code == 200
    return {r.title for r in response.context["requests"]}


def test_filters_narrow_the_list(client, kinshasa_smg, places, filter_scene):
    s = {key: r.title for key, r in filter_scene.items()}
    today = timezone.localdate()
    client.force_login(kinshasa_smg)
    assert listed(client) == set(s.values())
    assert listed(client, province=places.sud_kivu.pk) == {s["matili"]}
    assert listed(client, province=places.nord_kivu.pk) == {s["ntoto"], s["masisi"]}
    assert listed(client, status=RequestStatus.RETURNED) == {s["masisi"]}
    assert listed(client, status=RequestStatus.SUBMITTED) == {s["ntoto"], s["matili"]}
    assert listed(client, trigger=Trigger.DISPLACEMENT) == {s["masisi"]}
    assert listed(client, start_from=today + timedelta(days=40)) == {s["masisi"], s["matili"]}
    assert listed(client, start_to=today + timedelta(days=40)) == {s["ntoto"]}
    assert listed(
        client, start_from=today + timedelta(days=40), start_to=today + timedelta(days=50)
    ) == {s["matili"]}
    assert listed(client, province=places.nord_kivu.pk, status=RequestStatus.SUBMITTED) == {
        s["ntoto"]
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("market", {"ntoto"}),  # title
        ("HILLS", {"masisi"}),  # title, any case
        ("Matili", {"matili"}),  # locality name
        ("nyabio", {"masisi"}),  # part of a locality name
        ("Walikale", {"ntoto"}),  # territory name
        ("no such thing", set()),
        ("JPT-R2026-99999999999999999999", set()),  # a reference too big for an id
    ],
)
def test_search(client, kinshasa_smg, filter_scene, query, expected):
    client.force_login(kinshasa_smg)
    assert listed(client, q=query) == {filter_scene[key].title for key in expected}


def test_search_by_reference(client, kinshasa_smg, filter_scene):
    client.force_login(kinshasa_smg)
    target = filter_scene["masisi"]
    assert re.fullmatch(r"JPT-R\d{4}-\d{4,}", target.reference)
    assert listed(client, q=target.reference) == {target.title}
    assert listed(client, q=target.reference.lower()) == {target.title}
    assert listed(client, q=f"  {target.reference} ") == {target.title}
    # The year and the letter are part of the reference: another year or a mission's
    # reference with the same number does not find the request.
    number = target.reference.rsplit("-", 1)[1]
    other_year = target.submitted_at.year - 1
    assert listed(client, q=f"JPT-R{other_year}-{number}") == set()
    assert listed(client, q=f"JPT-M{target.submitted_at.year}-{number}") == set()


def test_filters_never_leak_another_province(client, ca_officer, places, filter_scene):
    client.force_login(ca_officer)
    nord = {filter_scene["ntoto"].title, filter_scene["masisi"].title}
    response = client.get(reverse("missions:request_list"), {"province": places.sud_kivu.pk})
    assert response.status_code == 200
    assert "province" in response.context["filter"].form.errors
    assert {r.title for r in response.context["requests"]} <= nord
    html = text(response)
    assert filter_scene["matili"].title not in html
    assert "Sud-Kivu" not in html  # not even offered as a choice
    # Searching for the out-of-scope request by reference or locality finds nothing.
    assert listed(client, q=filter_scene["matili"].reference) == set()
    assert listed(client, q="Matili") == set()
    assert listed(client, status=RequestStatus.SUBMITTED) == {filter_scene["ntoto"].title}


@pytest.mark.sqlite
def test_the_filter_options_are_read_again_only_after_a_change(
    client, kinshasa_smg, places, filter_scene
):
    """``cache_choices``: the filter bar's options of rows (territories, leads) are
    cached by the version of the data, like the list's count: the same list again reads no
    territory, and a change recorded in the audit trail shows at the next view. A value out
    of the options is still checked against the rows (the field's queryset)."""
    url = reverse("missions:mission_list")
    client.force_login(kinshasa_smg)
    assert '">Walikale</option>' in text(client.get(url))

    def reads_territories(queries) -> bool:
        return any(  # PostgreSQL reads the options through a cursor: DECLARE ... FOR SELECT
            re.match(r'(DECLARE .*? FOR )?SELECT "places_territory"', q["sql"])
            for q in queries.captured_queries
        )

    with CaptureQueriesContext(connection) as queries:
        assert '">Walikale</option>' in text(client.get(url))
    assert not reads_territories(queries)
    places.walikale.name = "Walikale-Centre"
    places.walikale.save()
    audit_record(actor=kinshasa_smg, action=AuditAction.LIST_EXPORTED, target=places.walikale)
    with CaptureQueriesContext(connection) as queries:
        html = text(client.get(url))
    assert reads_territories(queries)
    assert '">Walikale-Centre</option>' in html
    assert '">Walikale</option>' not in html
    # From the cache, the options; from the rows, the check of what was chosen.
    response = client.get(url, {"territory": places.walikale.pk})
    assert response.context["filter"].form.is_valid()
    response = client.get(url, {"territory": 10**9})
    assert "territory" in response.context["filter"].form.errors


@pytest.mark.sqlite
def test_the_list_table_is_drawn_again_after_a_change_and_only_then(
    client, kinshasa_smg, ca_officer, requester, places, filter_scene, request_details
):
    """``{% part %}``: a list's table is drawn once per version of the data, for each user,
    filter and page: the same list again reads no row, a request filed through the service is
    on the next view, and another user, filter or page is drawn for itself."""
    url = reverse("missions:request_list")
    client.force_login(kinshasa_smg)

    def view(**params):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        view.read = any(
            q["sql"].startswith('SELECT "missions_jptrequest"."id"')
            for q in queries.captured_queries
        )
        return text(response)

    titles = [r.title for r in filter_scene.values()]
    html = view()
    assert view.read and all(title in html for title in titles)
    again = view()
    assert not view.read and all(title in again for title in titles)
    filed = request_submit(user=requester, details=request_details(title="Raids near Pinga"))
    html = view()
    assert view.read and filed.title in html
    assert filter_scene["matili"].title not in view(province=places.nord_kivu.pk)
    assert view.read  # another filter: drawn for itself
    assert filed.title in view(page=1)
    assert view.read  # another query string: drawn for itself
    # A Nord-Kivu officer never gets Kinshasa's drawing (Sud-Kivu's request).
    client.force_login(ca_officer)
    html = view()
    assert view.read and filter_scene["matili"].title not in html and filed.title in html


@pytest.mark.sqlite
def test_a_search_reads_its_id_lists_again_only_after_a_change(
    client, kinshasa_smg, requester, places, filter_scene, request_details
):
    """``CachedIdsMixin``: the territories and localities a search matches are read once per
    version of the data; the same search again (its next page, a reload) reads neither, and a
    request filed since is found."""
    client.force_login(kinshasa_smg)

    def search(**params) -> set[str]:
        with CaptureQueriesContext(connection) as queries:
            titles = listed(client, **params)
        search.read = any(
            re.match(r'SELECT "(places_territory|missions_jptrequest_localities)"', q["sql"])
            for q in queries.captured_queries
        )
        return titles

    assert search(q="Walikale") == {filter_scene["ntoto"].title}
    assert search.read
    assert search(q="Walikale", page=1) == {filter_scene["ntoto"].title}
    assert not search.read
    filed = request_submit(
        user=requester, details=request_details(title="Raids near the river")
    )  # Walikale / Ntoto
    assert search(q="Ntoto") >= {filter_scene["ntoto"].title, filed.title}
    assert search.read


def test_my_requests_lists_only_what_the_user_filed(
    client, requester, requester_sud, places, filter_scene
):
    other = JptRequestFactory(
        requested_by=requester_sud, territory=places.walikale, title="Filed by someone else"
    )
    client.force_login(requester)
    response = client.get(reverse("missions:my_requests"))
    titles = {r.title for r in response.context["requests"]}
    assert titles == {filter_scene["ntoto"].title, filter_scene["masisi"].title}
    assert other.title not in text(response)
    response = client.get(reverse("missions:my_requests"), {"trigger": Trigger.DISPLACEMENT})
    assert {r.title for r in response.context["requests"]} == {filter_scene["masisi"].title}
