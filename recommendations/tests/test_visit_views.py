"""The follow-up pages of CLIs: the visit form (and its plain HTML post), the JSON sync
endpoint the form's script posts to, the visit list and page, the JPT request made from an
urgent alert, the visit calendar, the CLI's home page section and the service worker.

Who gets what: the CLI of the province 200, a CLI of another province 404 on anything of
Nord-Kivu, Civil Affairs see the visits and make requests from alerts, other roles 403,
anonymous users the login page (the sync endpoint: 401, it answers a script).
"""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jpt.accounts.roles import Role
from jpt.notifications.models import EmailMessage
from jpt.places.models import Locality
from missions.choices import RequestStatus, Trigger
from missions.models import JptRequest
from recommendations import services
from recommendations.choices import Finding, ImplementationStatus, PlannedVisitStatus
from recommendations.models import FollowUpVisit, Implementation, PlannedVisit
from reports.choices import Category, Priority, RecommendationStatus, ThreatType
from reports.models import Recommendation, SafeArea

pytestmark = pytest.mark.django_db

FORM = reverse("recommendations:visit_create")
SYNC = reverse("recommendations:visit_sync")
LIST = reverse("recommendations:visit_list")
CALENDAR = reverse("recommendations:calendar")


def client_for(user=None, **kwargs) -> Client:
    client = Client(**kwargs)
    if user is not None:
        client.force_login(user)
    return client


def payload(places, approved, today, **overrides) -> dict:
    """What the form's script sends."""
    data = {
        "client_id": str(uuid.uuid4()),
        "visited_on": today.isoformat(),
        "localities": [places.ntoto.pk],
        "women": 12,
        "men": 9,
        "women_meeting": True,
        "confidence": 4,
        "new_threats": [ThreatType.LOOTING],
        "threats_note": "Looting at the checkpoint on market days.",
        "urgent_alert": False,
        "note": "",
        "planned_visit": None,
        "observations": [
            {"recommendation": approved.rec_ntoto.pk, "finding": Finding.PARTLY, "note": "Once."}
        ],
    }
    data.update(overrides)
    return data


def sync(client, data):
    return client.post(SYNC, json.dumps(data), content_type="application/json")


def form_post(places, approved, today, **overrides) -> dict:
    """What the form sends without JavaScript."""
    data = {
        "client_id": str(uuid.uuid4()),
        "visited_on": today.isoformat(),
        "localities": [places.ntoto.pk],
        "women": "12",
        "men": "9",
        "women_meeting": "on",
        "confidence": "4",
        "new_threats": [ThreatType.LOOTING],
        "threats_note": "Looting at the checkpoint.",
        "note": "",
        "planned_visit": "",
        f"obs-{approved.rec_ntoto.pk}-finding": Finding.AS_PLANNED,
        f"obs-{approved.rec_ntoto.pk}-note": "Escorts every Thursday.",
        f"obs-{approved.rec_otobora.pk}-finding": "",
        f"obs-{approved.rec_otobora.pk}-note": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def visit(approved, cli_nord, places, today):
    """An urgent visit of the Nord-Kivu CLI to Ntoto."""
    stored, _created = services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={
            "visited_on": today,
            "localities": [places.ntoto],
            "women": 12,
            "men": 9,
            "women_meeting": True,
            "confidence": 2,
            "new_threats": [ThreatType.ATTACK],
            "threats_note": "Armed men seen near the fields at dawn.",
            "urgent_alert": True,
            "observations": [{"recommendation": approved.rec_ntoto, "finding": Finding.WORSE}],
        },
    )
    return stored


# --- the visit form --------------------------------------------------------------------------


def place_url(locality) -> str:
    return reverse("recommendations:visit_place_recommendations", args=[locality.pk])


def test_the_form_holds_the_places_and_only_the_recommendations_of_the_places_ticked(
    approved, cli_nord, places
):
    response = client_for(cli_nord).get(FORM)
    assert response.status_code == 200
    content = response.content.decode()
    # Every place of the provinces is offered, those with recommendations to follow up first.
    assert f'value="{places.ntoto.pk}" id="place-{places.ntoto.pk}"' in content
    assert {p.pk for p in response.context["places_to_follow"]} == {
        places.ntoto.pk,
        places.otobora.pk,
    }
    # Nothing ticked: no recommendation in the page (the script fetches a place's when ticked).
    for rec in (approved.rec_ntoto, approved.rec_otobora):
        assert rec.display_text not in content
        assert f'name="obs-{rec.pk}-finding"' not in content
    assert response.context["groups"] == []
    assert "js/visits.js" in content
    assert 'id="visit-config"' in content
    config = response.context["config"]
    assert config["syncUrl"] == SYNC and config["user"] == cli_nord.pk
    assert config["swUrl"] == reverse("service_worker")
    assert config["placeUrl"].replace("{id}", str(places.ntoto.pk)) == place_url(places.ntoto)
    # The service worker keeps the fragments below the form's path (static/js/sw.js).
    assert config["placeUrl"].startswith(FORM + "places/")
    # Prefetched while online: the places to follow up (never visited first).
    assert set(config["prefetch"]) == {places.ntoto.pk, places.otobora.pk}
    # Without JavaScript: a button brings the form back with the places' recommendations.
    assert 'name="show"' in content
    # Places of Sud-Kivu are not offered.
    assert f'id="place-{places.matili.pk}"' not in content


def test_the_places_ticked_bring_their_recommendations_into_the_page(approved, cli_nord, places):
    client = client_for(cli_nord)
    for query in ({"locality": places.ntoto.pk}, {"localities": [places.ntoto.pk]}):
        response = client.get(FORM, query)
        content = response.content.decode()
        assert approved.rec_ntoto.display_text in content
        assert f'name="obs-{approved.rec_ntoto.pk}-finding"' in content
        assert approved.rec_otobora.display_text not in content
        assert f'data-loaded-places="{places.ntoto.pk}"' in content
    both = client.get(FORM, {"localities": [places.ntoto.pk, places.otobora.pk]})
    assert approved.rec_otobora.display_text in both.content.decode()
    assert f'data-localities="{places.ntoto.pk}"' in both.content.decode()
    # Another province's place, or no place at all: not found.
    assert client.get(FORM, {"localities": [places.matili.pk]}).status_code == 404
    assert client.get(FORM, {"localities": ["99999999999999999999"]}).status_code == 404


def test_the_show_button_brings_the_form_back_as_typed_with_the_recommendations(
    approved, cli_nord, places, today
):
    data = form_post(places, approved, today, show="1", localities=[places.otobora.pk])
    data[f"obs-{approved.rec_ntoto.pk}-note"] = "Typed before unticking Ntoto."
    response = client_for(cli_nord).post(FORM, data)
    assert response.status_code == 200
    assert FollowUpVisit.objects.count() == 0  # nothing stored, nothing checked yet
    content = response.content.decode()
    assert approved.rec_otobora.display_text in content
    # What was typed stays: the counts, the device id, a note of a recommendation seen.
    assert 'value="12"' in content and data["client_id"] in content
    assert "Typed before unticking Ntoto." in content
    assert f'id="place-{places.otobora.pk}" data-place data-name="Otobora" checked' in content
    assert "is-invalid" not in content


def test_a_place_fragment_holds_its_open_recommendations_only(approved, cli_nord, places):
    client = client_for(cli_nord)
    response = client.get(place_url(places.ntoto))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert f'data-place-groups="{places.ntoto.pk}"' in content
    assert approved.rec_ntoto.display_text in content
    assert f'name="obs-{approved.rec_ntoto.pk}-finding"' in content
    assert f'data-localities="{places.ntoto.pk}"' in content
    # Not the other places' recommendations.
    assert approved.rec_otobora.display_text not in content
    # Private, revalidated: a prefetch of a place that did not change is a 304.
    assert "private" in response["Cache-Control"] and response["ETag"]
    again = client.get(place_url(places.ntoto), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    # Implemented, or no longer relevant: nothing left to follow up there.
    Implementation.objects.create(
        recommendation=approved.rec_ntoto, status=ImplementationStatus.IMPLEMENTED
    )
    done = client.get(place_url(places.ntoto))
    assert done.status_code == 200 and approved.rec_ntoto.display_text not in done.text
    assert f'data-place-groups="{places.ntoto.pk}"' in done.text
    # Nor one not approved (withdrawn).
    Recommendation.objects.filter(pk=approved.rec_otobora.pk).update(
        status=RecommendationStatus.REJECTED
    )
    assert approved.rec_otobora.display_text not in client.get(place_url(places.otobora)).text


def test_a_place_fragment_is_scoped_to_the_user(approved, cli_nord, cli_sud, ca_officer, places):
    # Another province's place: not found (the Sud-Kivu CLI, Nord-Kivu's Ntoto).
    assert client_for(cli_sud).get(place_url(places.ntoto)).status_code == 404
    assert client_for(cli_nord).get(place_url(places.matili)).status_code == 404
    sud = client_for(cli_sud).get(place_url(places.matili))
    assert sud.status_code == 200 and approved.rec_ntoto.display_text not in sud.text
    # Only CLIs; anonymous users to the login page.
    assert client_for(ca_officer).get(place_url(places.ntoto)).status_code == 403
    anonymous = Client().get(place_url(places.ntoto))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for(cli_nord).post(place_url(places.ntoto)).status_code == 405


def test_a_place_fragment_makes_as_many_queries_with_one_recommendation_and_many(
    approved, cli_nord, places
):
    client = client_for(cli_nord)
    ticked = f"{FORM}?localities={places.ntoto.pk}&localities={places.otobora.pk}"
    one = count_queries(client, place_url(places.ntoto))
    one_form = count_queries(client, ticked)
    report = approved.report
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                report=report,
                text=f"Light the Ntoto market path, section {i}.",
                category=Category.ESCORT_PATROL,
                addressee=approved.rec_ntoto.addressee,
                priority=Priority.HIGH,
                status=RecommendationStatus.APPROVED,
            )
            for i in range(15)
        ]
    )
    through = Recommendation.localities.through
    through.objects.bulk_create(
        [through(recommendation_id=r.pk, locality_id=places.ntoto.pk) for r in recs]
        + [through(recommendation_id=recs[0].pk, locality_id=places.otobora.pk)]
    )
    many = count_queries(client, place_url(places.ntoto))
    assert many == one, f"{one} queries with one recommendation, {many} with 16"
    many_form = count_queries(client, ticked)
    assert many_form == one_form, f"the form: {one_form} queries, then {many_form}"
    assert one <= 12 and one_form <= 12
    content = client.get(place_url(places.ntoto)).text
    assert "section 14" in content
    assert "section 14" in client.get(ticked).text
    # A recommendation of Ntoto and Otobora is in a group of its own, shown by either place.
    both = " ".join(str(loc.pk) for loc in sorted([places.ntoto, places.otobora], key=str))
    assert f'data-localities="{both}"' in content


def test_a_cli_of_another_province_sees_none_of_nord_kivu(approved, cli_sud, places):
    client = client_for(cli_sud)
    response = client.get(FORM)
    assert response.status_code == 200
    content = response.content.decode()
    assert approved.rec_ntoto.display_text not in content
    assert f'id="place-{places.ntoto.pk}"' not in content
    assert f'id="place-{places.matili.pk}"' in content
    # A link to a Nord-Kivu place or recommendation: not found.
    assert client.get(FORM, {"locality": places.ntoto.pk}).status_code == 404
    assert client.get(FORM, {"recommendation": approved.rec_ntoto.pk}).status_code == 404
    assert client.get(FORM, {"locality": "99999999999999999999"}).status_code == 404


def test_links_from_the_home_page_tick_the_places(approved, cli_nord, places, today):
    client = client_for(cli_nord)
    response = client.get(FORM, {"locality": places.otobora.pk})
    assert response.status_code == 200
    assert f'id="place-{places.otobora.pk}" data-place data-name="Otobora" checked' in (
        response.content.decode()
    )
    planned = services.planned_visit_add(
        user=cli_nord, data={"planned_on": today, "localities": [places.ntoto]}
    )
    response = client.get(FORM, {"planned": planned.pk})
    content = response.content.decode()
    assert f'id="place-{places.ntoto.pk}" data-place data-name="Ntoto" checked' in content
    assert f'value="{planned.pk}" data-localities="{places.ntoto.pk}" selected' in content


@pytest.mark.parametrize("role", [Role.CIVIL_AFFAIRS, Role.REQUESTER, Role.HEAD_OF_OFFICE])
def test_only_clis_log_visits(make_user, places, role):
    user = make_user("someone", role, [places.nord_kivu])
    client = client_for(user)
    assert client.get(FORM).status_code == 403
    assert client.get(CALENDAR).status_code == 403
    assert sync(client, {}).status_code == 403


def test_anonymous_users_go_to_the_login_page():
    client = Client()
    for url in (FORM, LIST, CALENDAR):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_the_form_without_javascript_stores_the_visit_once(approved, cli_nord, places, today):
    client = client_for(cli_nord)
    data = form_post(places, approved, today)
    response = client.post(FORM, data)
    visit = FollowUpVisit.objects.get()
    assert response.status_code == 302 and response["Location"] == visit.get_absolute_url()
    assert visit.women == 12 and visit.women_meeting and visit.confidence == 4
    assert visit.new_threats == [ThreatType.LOOTING]
    [observation] = visit.observations.all()
    assert observation.recommendation == approved.rec_ntoto
    assert observation.finding == Finding.AS_PLANNED
    assert observation.note == "Escorts every Thursday."
    # Sent twice (a double tap, a retry): stored once.
    again = client.post(FORM, data, follow=True)
    assert FollowUpVisit.objects.count() == 1
    assert "already stored" in again.content.decode()


def test_the_form_without_javascript_shows_mistakes_and_keeps_what_was_typed(
    approved, cli_nord, places, today
):
    data = form_post(places, approved, today, confidence="", localities=[])
    response = client_for(cli_nord).post(FORM, data)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Choose at least one locality." in content
    assert "Give the community&#x27;s confidence, from 1 to 5." in content
    assert "Looting at the checkpoint." in content  # what was typed is still there
    assert f'id="obs-{approved.rec_ntoto.pk}-as_planned" value="as_planned" checked' in content
    assert not FollowUpVisit.objects.exists()


def test_the_form_refuses_a_recommendation_not_concerning_the_places(
    approved, cli_nord, places, today
):
    data = form_post(
        places,
        approved,
        today,
        **{f"obs-{approved.rec_otobora.pk}-finding": Finding.NOT_AT_ALL},
    )
    response = client_for(cli_nord).post(FORM, data)
    assert response.status_code == 200
    assert "withdrawn meanwhile" in response.content.decode()
    assert not FollowUpVisit.objects.exists()


def test_the_form_of_a_cli_of_another_province_cannot_name_a_nord_kivu_recommendation(
    approved, cli_sud, places, today
):
    data = form_post(places, approved, today, localities=[places.matili.pk])
    assert client_for(cli_sud).post(FORM, data).status_code == 404
    assert not FollowUpVisit.objects.exists()


# --- the sync endpoint -----------------------------------------------------------------------


def test_the_same_device_id_twice_stores_one_visit(approved, cli_nord, places, today):
    client = client_for(cli_nord)
    data = payload(places, approved, today)
    first = sync(client, data)
    assert first.status_code == 201
    visit = FollowUpVisit.objects.get()
    assert first.json() == {"id": visit.pk, "url": visit.get_absolute_url(), "created": True}
    assert str(visit.client_id) == data["client_id"]
    second = sync(client, data)
    assert second.status_code == 200
    assert second.json() == {"id": visit.pk, "url": visit.get_absolute_url(), "created": False}
    assert FollowUpVisit.objects.count() == 1
    [observation] = visit.observations.all()
    assert (observation.finding, observation.note) == (Finding.PARTLY, "Once.")


def test_a_retry_of_a_stored_visit_is_200_even_once_its_recommendation_is_withdrawn(
    approved, cli_nord, places, today
):
    client = client_for(cli_nord)
    data = payload(places, approved, today)
    assert sync(client, data).status_code == 201
    Recommendation.objects.filter(pk=approved.rec_ntoto.pk).update(
        status=RecommendationStatus.REJECTED
    )
    assert sync(client, data).status_code == 200
    assert FollowUpVisit.objects.count() == 1


def test_a_withdrawn_recommendation_is_refused_with_the_reason(approved, cli_nord, places, today):
    Recommendation.objects.filter(pk=approved.rec_ntoto.pk).update(
        status=RecommendationStatus.REJECTED
    )
    response = sync(client_for(cli_nord), payload(places, approved, today))
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "withdrawn meanwhile" in " ".join(errors["observations"])
    assert not FollowUpVisit.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"confidence": 7}, "confidence"),
        ({"confidence": None}, "confidence"),
        ({"women": -1}, "women"),
        ({"women": 1.5}, "women"),
        ({"women": 0, "women_meeting": True}, "women"),
        ({"new_threats": ["invented"]}, "new_threats"),
        ({"localities": []}, "localities"),
        ({"visited_on": "yesterday"}, "visited_on"),
        ({"client_id": "not-a-uuid"}, "client_id"),
        ({"observations": [{"recommendation": "x"}]}, "observations"),
        ({"observations": "all of them"}, "observations"),
    ],
)
def test_a_mistake_is_refused_next_to_its_field(
    approved, cli_nord, places, today, overrides, field
):
    response = sync(client_for(cli_nord), payload(places, approved, today, **overrides))
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert all(isinstance(m, str) for m in response.json()["errors"][field])
    assert not FollowUpVisit.objects.exists()


def test_a_visit_in_the_future_is_refused(approved, cli_nord, places, today):
    tomorrow = (today + timedelta(days=1)).isoformat()
    response = sync(client_for(cli_nord), payload(places, approved, today, visited_on=tomorrow))
    assert response.status_code == 400
    assert response.json()["errors"]["visited_on"] == ["This date is still to come."]


def test_a_nord_kivu_recommendation_from_a_sud_kivu_cli_is_404_with_the_reason(
    approved, cli_sud, places, today
):
    client = client_for(cli_sud)
    data = payload(places, approved, today, localities=[places.matili.pk])
    response = sync(client, data)
    assert response.status_code == 404
    assert "not one of your provinces" in response.json()["errors"]["observations"][0]
    # Nord-Kivu places too (the CLI lost the province, or never had it).
    response = sync(client, payload(places, approved, today, observations=[]))
    assert response.status_code == 404
    assert "not in your provinces" in response.json()["errors"]["localities"][0]
    assert not FollowUpVisit.objects.exists()


def test_a_device_id_of_someone_else_is_refused(approved, cli_nord, make_user, places, today):
    data = payload(places, approved, today)
    assert sync(client_for(cli_nord), data).status_code == 201
    other = make_user("cli_nord_2", Role.CLI, [places.nord_kivu])
    response = sync(client_for(other), data)
    assert response.status_code == 403
    assert response.json()["errors"]["__all__"] == ["This visit was logged by someone else."]


def test_the_endpoint_answers_a_script(approved, cli_nord, places, today):
    anonymous = sync(Client(), payload(places, approved, today))
    assert anonymous.status_code == 401
    assert "log in again" in anonymous.json()["errors"]["__all__"][0]
    client = client_for(cli_nord)
    assert client.get(SYNC).status_code == 405
    not_json = client.post(SYNC, "{not json", content_type="application/json")
    assert not_json.status_code == 400 and "__all__" in not_json.json()["errors"]
    assert sync(client, [1, 2]).status_code == 400


def test_the_endpoint_is_csrf_protected(approved, cli_nord, places, today):
    client = client_for(cli_nord, enforce_csrf_checks=True)
    data = json.dumps(payload(places, approved, today))
    refused = client.post(SYNC, data, content_type="application/json")
    assert refused.status_code == 403
    # The page holds the token (and sets the cookie the script reads).
    page = client.get(FORM)
    token = page.cookies["csrftoken"].value
    stored = client.post(SYNC, data, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert stored.status_code == 201


def test_an_urgent_alert_is_emailed_to_civil_affairs_once_stored(
    approved,
    cli_nord,
    ca_officer,
    ca_officer_sud,
    places,
    today,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = sync(client_for(cli_nord), payload(places, approved, today, urgent_alert=True))
    assert response.status_code == 201
    visit = FollowUpVisit.objects.get()
    assert callbacks, "the e-mail waits for the commit"
    [email] = EmailMessage.objects.for_object(visit)
    assert email.to_address == ca_officer.email  # Nord-Kivu's officers only
    assert [m.to for m in mail.outbox] == [[ca_officer.email]]
    assert "URGENT" in mail.outbox[0].subject
    assert visit.get_absolute_url() in mail.outbox[0].body


# --- the visit list and page -----------------------------------------------------------------


def test_the_visit_list_is_scoped(visit, cli_nord, cli_sud, ca_officer, ca_officer_sud, requester):
    for user in (cli_nord, ca_officer):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        assert list(response.context["visits"]) == [visit]
    for user in (cli_sud, ca_officer_sud):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        assert list(response.context["visits"]) == []
    assert client_for(requester).get(LIST).status_code == 403


@pytest.fixture
def calm_visit(approved, cli_nord, places, today):
    """A visit of the Nord-Kivu CLI to Otobora ten days ago: no alert, no meeting with women."""
    stored, _created = services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={
            "visited_on": today - timedelta(days=10),
            "localities": [places.otobora],
            "women": 3,
            "men": 5,
            "confidence": 4,
        },
    )
    return stored


def test_the_visit_list_filters_by_province_dates_and_alert(
    visit, calm_visit, ca_officer, kinshasa_smg, places, today
):
    def listed(user=ca_officer, **params):
        response = client_for(user).get(LIST, params)
        assert response.status_code == 200
        return [v.pk for v in response.context["visits"]]

    assert listed() == [visit.pk, calm_visit.pk]
    assert listed(urgent="true") == [visit.pk]
    assert listed(urgent="false") == [calm_visit.pk]
    assert listed(women_meeting="true") == [visit.pk]
    week_ago = (today - timedelta(days=7)).isoformat()
    assert listed(visited_from=week_ago) == [visit.pk]
    assert listed(visited_to=week_ago) == [calm_visit.pk]
    # Both ends included.
    ten_days_ago = calm_visit.visited_on.isoformat()
    assert listed(visited_from=ten_days_ago, visited_to=ten_days_ago) == [calm_visit.pk]
    assert listed(kinshasa_smg, province=places.nord_kivu.pk) == [visit.pk, calm_visit.pk]
    assert listed(kinshasa_smg, province=places.sud_kivu.pk) == []
    # The filter bar offers only the user's provinces; another one is a mistake shown there.
    response = client_for(ca_officer).get(LIST, {"province": places.sud_kivu.pk})
    form = response.context["filter"].form
    assert list(form.fields["province"].queryset) == [places.nord_kivu]
    assert "province" in form.errors
    assert 'name="visited_from"' in response.text and "No visit matches." not in response.text
    assert (
        "No visit matches." in client_for(ca_officer).get(LIST, {"visited_to": "2000-01-01"}).text
    )


def test_the_visit_export_follows_the_filters(visit, calm_visit, ca_officer):
    client = client_for(ca_officer)
    page = client.get(LIST, {"urgent": "true"}).text
    assert "export=csv" in page and "urgent=true" in page
    export = client.get(LIST, {"urgent": "true", "export": "csv"})
    assert export.status_code == 200
    lines = export.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 2  # the header and the urgent visit
    everything = client.get(LIST, {"export": "csv"}).content.decode("utf-8-sig")
    assert len(everything.strip().splitlines()) == 3


# Malformed or out-of-range values: a mistake next to the field (or nothing matched), never a
# 500, in the list and in its export.
ODD_FILTER_VALUES = [
    "0000-01-01",
    "0000-03",
    "0001-01-01",
    "9999-12-31",
    "99999999999999999999",
    "-99999999999999999999",
    "2026-03-01\x00",
    "\x00",
    "2026-02-30",
    "٢٠٢٦-٠٣-٠١",
    "x" * 2000,
]
VALID_DAYS = {"0001-01-01", "9999-12-31"}


@pytest.mark.parametrize("value", ODD_FILTER_VALUES)
def test_odd_filter_values_never_crash_the_visit_list(visit, ca_officer, value):
    client = client_for(ca_officer)
    for name in ("province", "visited_from", "visited_to", "urgent", "women_meeting", "page"):
        response = client.get(LIST, {name: value})
        assert response.status_code in (200, 404), (name, value)  # 404: a page out of range
        if name == "province" or (name.startswith("visited") and value not in VALID_DAYS):
            assert name in response.context["filter"].form.errors, (name, value)
        assert client.get(LIST, {name: value, "export": "csv"}).status_code == 200, (name, value)


def test_the_visit_page(visit, cli_nord, cli_sud, ca_officer, ca_officer_sud, requester, approved):
    url = visit.get_absolute_url()
    response = client_for(cli_nord).get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Armed men seen near the fields at dawn." in content
    assert "Made things worse" in content
    assert approved.rec_ntoto.display_text[:80] in content
    # CLIs do not file requests: no button for them.
    assert "Make a JPT request from this alert" not in content
    ca_page = client_for(ca_officer).get(url).content.decode()
    assert "Make a JPT request from this alert" in ca_page
    assert reverse("recommendations:visit_request", args=[visit.pk]) in ca_page
    for outsider in (cli_sud, ca_officer_sud):
        assert client_for(outsider).get(url).status_code == 404
    assert client_for(requester).get(url).status_code == 403
    unknown = reverse("recommendations:visit_detail", args=[999999])
    assert client_for(cli_nord).get(unknown).status_code == 404


# --- a JPT request from an urgent alert -------------------------------------------------------


def test_civil_affairs_make_a_request_from_an_alert(visit, ca_officer, places, today, approved):
    url = reverse("recommendations:visit_request", args=[visit.pk])
    client = client_for(ca_officer)
    page = client.get(url)
    assert page.status_code == 200
    assert set(page.context["form"].fields) == {"start_date", "end_date"}
    start = today + timedelta(days=2)
    response = client.post(
        url, {"start_date": start.isoformat(), "end_date": (start + timedelta(days=6)).isoformat()}
    )
    jpt_request = JptRequest.objects.get(followup_visits=visit)
    assert response.status_code == 302 and response["Location"] == jpt_request.get_absolute_url()
    assert jpt_request.status == RequestStatus.SUBMITTED
    assert jpt_request.requested_by == ca_officer
    assert jpt_request.trigger == Trigger.EMERGENCY_OTHER
    assert (jpt_request.province, jpt_request.territory) == (places.nord_kivu, places.walikale)
    assert list(jpt_request.localities.all()) == [places.ntoto]
    assert "Armed men seen near the fields at dawn." in jpt_request.reason
    assert jpt_request.start_date == start
    assert jpt_request.previous_request == approved.report.mission.request
    # Once made, the button goes and the page leads to the request.
    assert "Make a JPT request" not in client.get(visit.get_absolute_url()).content.decode()
    again = client.get(url)
    assert again.status_code == 302 and again["Location"] == jpt_request.get_absolute_url()


def test_the_request_form_shows_the_request_rules(visit, ca_officer, today):
    url = reverse("recommendations:visit_request", args=[visit.pk])
    past = (today - timedelta(days=3)).isoformat()
    response = client_for(ca_officer).post(url, {"start_date": past, "end_date": past})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not JptRequest.objects.filter(followup_visits=visit).exists()
    response = client_for(ca_officer).post(
        url, {"start_date": today.isoformat(), "end_date": (today - timedelta(days=1)).isoformat()}
    )
    assert "end_date" in response.context["form"].errors


def test_who_may_make_a_request_from_an_alert(
    visit, approved, cli_nord, ca_officer, ca_officer_sud, requester, places, today
):
    url = reverse("recommendations:visit_request", args=[visit.pk])
    assert client_for(cli_nord).get(url).status_code == 403  # CLIs file no request
    assert client_for(requester).get(url).status_code == 403
    assert client_for(ca_officer_sud).get(url).status_code == 404
    assert Client().get(url)["Location"].startswith(reverse("login"))
    calm, _created = services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={
            "visited_on": today,
            "localities": [places.ntoto],
            "confidence": 4,
            "urgent_alert": False,
        },
    )
    calm_url = reverse("recommendations:visit_request", args=[calm.pk])
    assert client_for(ca_officer).get(calm_url).status_code == 404  # no alert, no request


# --- the calendar ----------------------------------------------------------------------------


def test_the_calendar_adds_flags_and_cancels(cli_nord, make_user, places, today):
    client = client_for(cli_nord)
    response = client.post(
        CALENDAR,
        {
            "planned_on": (today + timedelta(days=3)).isoformat(),
            "localities": [places.ntoto.pk, places.otobora.pk],
            "purpose": "Check the market escorts",
        },
    )
    assert response.status_code == 302
    planned = PlannedVisit.objects.get()
    assert set(planned.localities.all()) == {places.ntoto, places.otobora}
    PlannedVisit.objects.filter(pk=planned.pk).update(planned_on=today - timedelta(days=2))
    page = client.get(CALENDAR).content.decode()
    assert "Check the market escorts" in page and "Not made by its date" in page
    cancel = reverse("recommendations:planned_visit_cancel", args=[planned.pk])
    other = make_user("cli_nord_2", Role.CLI, [places.nord_kivu])
    assert client_for(other).post(cancel).status_code == 404
    assert client.get(cancel).status_code == 405
    assert client.post(cancel).status_code == 302
    assert PlannedVisit.objects.get().status == PlannedVisitStatus.CANCELLED
    assert "Check the market escorts" not in client.get(CALENDAR).content.decode()


def test_the_calendar_shows_mistakes(cli_nord, cli_sud, places, today):
    client = client_for(cli_nord)
    response = client.post(CALENDAR, {"planned_on": "", "localities": []})
    assert response.status_code == 200
    assert {"planned_on", "localities"} <= set(response.context["form"].errors)
    # The service's rule, next to its field.
    past = (today - timedelta(days=9)).isoformat()
    response = client.post(CALENDAR, {"planned_on": past, "localities": [places.ntoto.pk]})
    assert response.context["form"].errors["planned_on"] == ["Plan a visit from today on."]
    # A Sud-Kivu CLI is offered no Nord-Kivu place (a field error if posted anyway).
    response = client_for(cli_sud).post(
        CALENDAR, {"planned_on": today.isoformat(), "localities": [places.ntoto.pk]}
    )
    assert "localities" in response.context["form"].errors
    assert not PlannedVisit.objects.exists()


# --- the CLI's home page ---------------------------------------------------------------------


def test_the_cli_home_page_lists_planned_visits_and_loads_the_places(
    approved, cli_nord, places, today
):
    planned = services.planned_visit_add(
        user=cli_nord, data={"planned_on": today, "localities": [places.otobora]}
    )
    PlannedVisit.objects.filter(pk=planned.pk).update(planned_on=today - timedelta(days=1))
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={"visited_on": today, "localities": [places.ntoto], "confidence": 3},
    )
    client = client_for(cli_nord)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="follow-up"' in content
    assert "Not made by its date" in content
    assert f"{FORM}?planned={planned.pk}" in content
    assert f'hx-get="{reverse("recommendations:places")}"' in content
    assert 'id="visit-config"' in content and "js/visits.js" in content
    assert reverse("recommendations:calendar") in content
    # The places, as htmx loads them into the section: never visited first.
    fragment = client.get(reverse("recommendations:places"), HTTP_HX_REQUEST="true")
    assert fragment.status_code == 200
    assert "<html" not in fragment.content.decode()
    assert [p.locality for p in fragment.context["places"]] == [places.otobora, places.ntoto]
    text = fragment.content.decode()
    assert "Never visited" in text and "last visited" in text
    assert f"{FORM}?locality={places.otobora.pk}" in text
    assert "Community protection plan of" in text  # Ntoto's safe area
    # Without JavaScript, the link opens the whole page.
    page = client.get(reverse("recommendations:places"))
    assert "<html" in page.content.decode() and "Otobora" in page.content.decode()


def test_the_places_are_drawn_again_after_a_visit_and_only_then(approved, cli_nord, places, today):
    """The list of places is cached by the version of the data (missions.caching): a second view
    reads it from the cache; a visit recorded is on the list at the next view."""
    client = client_for(cli_nord)
    url = reverse("recommendations:places")
    first = client.get(url)
    assert {p.last_visited for p in first.context["places"]} == {None}  # drawn; none visited
    again = client.get(url)
    assert "places" not in again.context  # from the cache
    assert again.context["places_html"] == first.context["places_html"]
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={"visited_on": today, "localities": [places.otobora], "confidence": 3},
    )
    after = client.get(url)
    visited = next(p for p in after.context["places"] if p.locality == places.otobora)
    assert visited.last_visited == today
    assert after.context["places"][-1] == visited  # never visited first
    # The home page's fragment (htmx) and the page are cached apart.
    fragment = client.get(url, HTTP_HX_REQUEST="true")
    assert "places" in fragment.context and "<html" not in fragment.content.decode()


def test_the_visit_forms_places_are_read_again_after_a_change_and_only_then(
    approved, cli_nord, ca_officer, places, today
):
    """The visit form's places (which have recommendations to follow up, when each was last
    visited) are cached by the version of the data: the next form reads no recommendation
    nor visit, and a visit or a recommendation done shows on the form after."""
    client = client_for(cli_nord)

    def form():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(FORM)
        form.read = any("first_open" in q["sql"] for q in queries.captured_queries)
        return {p.pk: p.last_visited for p in response.context["places_to_follow"]}

    assert form() == {places.ntoto.pk: None, places.otobora.pk: None}
    assert form.read
    assert form() == {places.ntoto.pk: None, places.otobora.pk: None}
    assert not form.read
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={"visited_on": today, "localities": [places.otobora], "confidence": 3},
    )
    assert form() == {places.ntoto.pk: None, places.otobora.pk: today}
    assert form.read
    # Otobora's only recommendation done: nothing left to follow up there.
    services.implementation_update(
        recommendation=approved.rec_otobora,
        user=ca_officer,
        data={"owner_name": "FARDC", "status": ImplementationStatus.IMPLEMENTED},
        comment="Patrols run every market day.",
    )
    assert form() == {places.ntoto.pk: None}
    assert form.read


def test_other_roles_have_no_follow_up_section(approved, ca_officer):
    response = client_for(ca_officer).get(reverse("home"))
    assert "followup_planned" not in response.context
    assert 'id="follow-up"' not in response.content.decode()


def grow_followup(approved, cli_nord, places, today, *, n: int = 12) -> None:
    """Many rows: ``n`` more approved recommendations, each about a new locality (and the
    plan's safe areas there), ``n`` visits and ``n`` planned visits."""
    report = approved.report
    localities = Locality.objects.bulk_create(
        [Locality(territory=places.walikale, name=f"Village {i}") for i in range(n)]
    )
    recs = Recommendation.objects.bulk_create(
        [
            Recommendation(
                report=report,
                text=f"Escort the women of village {i} to the fields.",
                category=Category.ESCORT_PATROL,
                addressee=approved.rec_ntoto.addressee,
                priority=Priority.HIGH,
                status=RecommendationStatus.APPROVED,
            )
            for i in range(n)
        ]
    )
    through = Recommendation.localities.through
    through.objects.bulk_create(
        [
            through(recommendation_id=r.pk, locality_id=loc.pk)
            for r, loc in zip(recs, localities, strict=True)
        ]
    )
    SafeArea.objects.bulk_create(
        [
            SafeArea(plan=approved.safe_area.plan, name=f"School {i}", locality=loc)
            for i, loc in enumerate(localities)
        ]
    )
    for i, loc in enumerate(localities):
        services.visit_record(
            user=cli_nord,
            client_id=uuid.uuid4(),
            data={
                "visited_on": today - timedelta(days=i),
                "localities": [loc, places.ntoto],
                "confidence": 3,
                "observations": [{"recommendation": recs[i], "finding": Finding.PARTLY}],
            },
        )
        services.planned_visit_add(
            user=cli_nord, data={"planned_on": today + timedelta(days=i), "localities": [loc]}
        )


def count_queries(client, url, **headers) -> int:
    client.get(url, **headers)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries)


PLACES = reverse("recommendations:places")


def fill_one(cli_nord, places, today) -> None:
    """One row of everything: a visit and a planned visit (the approved report's two
    recommendations and its plan are there already)."""
    services.visit_record(
        user=cli_nord,
        client_id=uuid.uuid4(),
        data={"visited_on": today, "localities": [places.ntoto], "confidence": 3},
    )
    services.planned_visit_add(
        user=cli_nord, data={"planned_on": today, "localities": [places.ntoto]}
    )


@pytest.mark.parametrize(
    ("url", "headers", "shows"),
    [
        (reverse("home"), {}, "Village 11"),  # a planned visit of the "many" rows
        (PLACES, {"HTTP_HX_REQUEST": "true"}, "Village"),  # the home page's places
        (PLACES, {}, "Village 11"),
        (LIST, {}, "Village 11"),
        (FORM, {}, "Village 11"),  # a place to follow up
    ],
    ids=["home", "home places (htmx)", "places page", "visit list", "visit form"],
)
def test_query_count_is_the_same_with_one_row_and_with_many(
    url, headers, shows, approved, cli_nord, places, today
):
    client = client_for(cli_nord)
    fill_one(cli_nord, places, today)
    one = count_queries(client, url, **headers)
    grow_followup(approved, cli_nord, places, today)
    many = count_queries(client, url, **headers)
    assert many == one, f"{url}: {one} queries with one row, {many} with many"
    assert shows in client.get(url, **headers).content.decode()
    assert one <= 12, f"{url} makes {one} queries (tests/test_query_ceilings.py: 12 at most)"


# --- the service worker ----------------------------------------------------------------------


def test_the_service_worker_is_served_at_the_root():
    client = Client()
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"] and response["ETag"]
    script = response.content.decode()
    config = json.loads(script.split("self.JPT_SW = ", 1)[1].split(";\n", 1)[0])
    assert config["pages"] == [FORM]
    assert config["logout"] == reverse("logout")
    assert config["modules"][0].endswith("vendor/workbox/workbox-core.prod.js")
    urls = [entry["url"] for entry in config["precache"]]
    assert any(url.endswith("css/app.css") for url in urls)
    assert any(url.endswith("js/visits.js") for url in urls)
    assert all(entry["revision"] for entry in config["precache"])
    assert "precacheAndRoute" in script and "NetworkFirst" in script
    # Nothing from a CDN.
    assert "googleapis" not in script and "https://" not in script
    # Cached, revalidated: unchanged, it is a 304.
    again = client.get("/sw.js", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    for module in config["modules"]:
        assert client.get(module).status_code == 200
