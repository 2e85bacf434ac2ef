"""Ordinary mistakes on the request form (and its edit page) give a message next to the field
and keep what was typed; the services hold the same rules for any other caller."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from jpt.accounts.roles import Role
from jpt.places.choices import BaseKind
from jpt.places.models import OperatingBase
from missions import services
from missions.models import JptRequest

# Also on SQLite (make run): it refuses integers over 2**63 - 1 where PostgreSQL finds nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

TOO_BIG = "99999999999999999999"
REASON = "Armed men attacked Ntoto market; about 200 families fled to Otobora."

MISTAKES = {
    "empty title": ({"title": ""}, "title"),
    "title too long": ({"title": "T" * 201}, "title"),
    "NUL in the title": ({"title": "Attack\x00 on Ntoto"}, "title"),
    "NUL in the reason": ({"reason": "Armed\x00 men"}, "reason"),
    "empty reason": ({"reason": ""}, "reason"),
    "unknown urgency": ({"urgency": "bogus"}, "urgency"),
    "unknown trigger": ({"trigger": "bogus"}, "trigger"),
    "unknown requester kind": ({"requester_kind": "bogus"}, "requester_kind"),
    "no dates": ({"start_date": "", "end_date": ""}, "start_date"),
    "bad date": ({"start_date": "2026-02-31"}, "start_date"),
    "province id out of range": ({"province": TOO_BIG}, "province"),
    "territory id out of range": ({"territory": TOO_BIG}, "territory"),
    "locality id out of range": ({"localities": [TOO_BIG]}, "localities"),
    "base id out of range": ({"nearest_base": TOO_BIG}, "nearest_base"),
    "province not a number": ({"province": "abc"}, "province"),
    "locality not a number": ({"localities": ["abc"]}, "localities"),
}


def assert_error_next_to(response, field: str) -> None:
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    assert f'id="error_1_id_{field}"' in response.content.decode()


def assert_kept(response, data: dict, *, skip: str) -> None:
    """Everything else typed is shown again."""
    html = response.content.decode()
    for name in ("title", "reason", "requesting_office"):
        if name != skip and data.get(name) and "\x00" not in data[name]:
            assert data[name] in html, f"{name} lost"


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_on_the_new_request_form(client, requester, form_data, mistake):
    overrides, field = MISTAKES[mistake]
    data = form_data(**overrides)
    client.force_login(requester)
    response = client.post(reverse("missions:request_create"), data)
    assert_error_next_to(response, field)
    assert_kept(response, data, skip=field)
    assert not JptRequest.objects.exists()


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_a_mistake_on_the_edit_page(client, requester, submitted_request, form_data, mistake):
    overrides, field = MISTAKES[mistake]
    data = form_data(**{"title": "Attack on Ntoto, corrected", **overrides})
    client.force_login(requester)
    response = client.post(reverse("missions:request_update", args=[submitted_request.pk]), data)
    assert_error_next_to(response, field)
    assert_kept(response, data, skip=field)
    submitted_request.refresh_from_db()
    assert submitted_request.title == "Attack on Ntoto"


@pytest.mark.parametrize(
    "url",
    [
        f"/places/localities/?territory={TOO_BIG}",
        f"/places/territories/?province={TOO_BIG}",
        f"/places/bases/?province={TOO_BIG}",
        "/places/localities/?territory=-1",
        "/places/localities/?territory=1e9",
    ],
)
def test_an_id_out_of_range_in_a_query_string_finds_nothing(client, requester, url):
    client.force_login(requester)
    response = client.get(url)
    assert response.status_code == 200
    assert "<option" not in response.content.decode().replace('<option value="">', "")


@pytest.mark.parametrize(
    "url",
    [
        f"/requests/{TOO_BIG}/",
        f"/requests/{TOO_BIG}/edit/",
        f"/missions/{TOO_BIG}/",
        f"/missions/1/team/{TOO_BIG}/answer/",
        f"/reports/{TOO_BIG}/",
        f"/review/{TOO_BIG}/",
        f"/recommendations/{TOO_BIG}/",
    ],
)
def test_an_id_out_of_range_in_a_url_is_a_404(client, ca_officer, url):
    client.force_login(ca_officer)
    assert client.get(url).status_code == 404


def test_the_nearest_base_belongs_to_the_request_province(
    client, requester_both, form_data, places
):
    sud_base = OperatingBase.objects.create(
        name="COB Shabunda", kind=BaseKind.COB, locality=places.matili
    )
    client.force_login(requester_both)
    response = client.post(
        reverse("missions:request_create"), form_data(nearest_base=str(sud_base.pk))
    )
    assert_error_next_to(response, "nearest_base")


def test_the_service_refuses_a_base_of_another_province(requester_both, request_details, places):
    sud_base = OperatingBase.objects.create(
        name="COB Shabunda", kind=BaseKind.COB, locality=places.matili
    )
    with pytest.raises(ValidationError) as error:
        services.request_submit(user=requester_both, details=request_details(nearest_base=sud_base))
    assert "nearest_base" in error.value.message_dict


def test_the_service_refuses_a_province_the_user_does_not_work_in(requester_sud, request_details):
    """The form offers only the user's provinces; the service checks it again itself."""
    with pytest.raises(ValidationError) as error:
        services.request_submit(user=requester_sud, details=request_details())
    assert "province" in error.value.message_dict
    assert not JptRequest.objects.exists()


def test_the_service_refuses_incomplete_details(requester, request_details):
    with pytest.raises(ValidationError) as error:
        services.request_submit(
            user=requester, details=request_details(title="  ", reason="", urgency="bogus")
        )
    assert {"title", "reason", "urgency"} <= set(error.value.message_dict)


def test_whoever_filed_a_request_cannot_decide_it(
    client, ca_officer, request_details, make_user, places
):
    jpt_request = services.request_submit(user=ca_officer, details=request_details())
    for decide in (
        lambda: services.request_approve(jpt_request=jpt_request, user=ca_officer, mandate="M."),
        lambda: services.request_decline(jpt_request=jpt_request, user=ca_officer, reason="R."),
        lambda: services.request_return(jpt_request=jpt_request, user=ca_officer, comment="C."),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    client.force_login(ca_officer)
    page = client.get(jpt_request.get_absolute_url())
    assert not page.context["can_decide"]
    assert 'id="filer-cannot-decide"' in page.content.decode()
    response = client.post(
        reverse("missions:request_decide", args=[jpt_request.pk, "approve"]),
        {"approve-mandate": "Assess."},
    )
    assert response.status_code == 403
    # Another officer of the province decides it.
    other = make_user("ca_nord_2", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    mission = services.request_approve(jpt_request=jpt_request, user=other, mandate="Assess.")
    assert mission.lead == other


def test_the_localities_picker_does_not_tell_phone_users_to_hold_ctrl(client, requester):
    """Phones have no Ctrl key: the help text says how on a computer, and what a tap does."""
    client.force_login(requester)
    html = client.get(reverse("missions:request_create")).content.decode()
    assert "hold ctrl" not in html.lower() and "hold down" not in html.lower()
    assert "Ctrl-click or Cmd-click" in html
