"""Pages that show a history open after every correction, and whatever shape an audit entry has
(the trail is append-only: an entry that broke a page would break it for ever)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from missions import services
from missions.choices import StakeholderCategory
from missions.models import Mission

pytestmark = pytest.mark.django_db

ODD_DETAILS = [
    {"fields": ["phone"]},
    {"fields": ["name", "phone"]},
    {"fields": ["name", "title", "phone"]},
    {"status": {"nested": ["a", {"b": 1}]}},
    {"from": ["a", "b"], "to": None},
    {"lead": ["", "x", "y"]},
    ["not", "a", "dict"],
    "a string",
    42,
    None,
    {"": "", "x" * 300: "y" * 3000},
]


@pytest.fixture
def mission(submitted_request, ca_officer):
    return services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate="Assess the threats."
    )


@pytest.fixture
def link(mission, ca_officer, places):
    return services.stakeholder_add(
        mission=mission,
        user=ca_officer,
        data={
            "name": "Mwami Kalinda",
            "sex": "male",
            "locality": places.ntoto,
            "phone": "+243 997 123 456",
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
        },
    )


def get_mission_page(client, user, mission):
    client.force_login(user)
    return client.get(reverse("missions:mission_detail", args=[mission.pk]))


@pytest.mark.parametrize(
    "changes",
    [
        {"phone": "+243 990 000 111"},
        {"name": "Mwami Kalinda Bakuzi", "phone": "+243 990 000 111"},
        {"name": "Mwami K.", "title": "Chef", "organisation": "Groupement"},
    ],
)
def test_the_mission_page_opens_after_a_stakeholder_is_corrected(
    client, mission, link, ca_officer, make_user, places, changes
):
    services.stakeholder_update(link=link, user=ca_officer, data=changes)
    for user in (ca_officer, make_user("ca_nord_2", Role.CIVIL_AFFAIRS, [places.nord_kivu])):
        response = get_mission_page(client, user, mission)
        assert response.status_code == 200
        assert "Key stakeholder updated" in response.content.decode()


def test_the_mission_page_opens_after_three_fields_of_the_plan_change(client, mission, ca_officer):
    services.mission_update_plan(
        mission=mission,
        user=ca_officer,
        data={
            "host_unit_commander": "Major Kabila",
            "planned_return": mission.planned_return + timedelta(days=1),
            "women_accommodation_needed": True,
        },
    )
    page = get_mission_page(client, ca_officer, mission).content.decode()
    assert "Host unit commander: — → Major Kabila" in page
    assert "Separate accommodation and facilities for women needed: no → yes" in page


@pytest.mark.parametrize("details", ODD_DETAILS, ids=range(len(ODD_DETAILS)))
def test_request_and_mission_pages_render_any_audit_entry(
    client, mission, ca_officer, submitted_request, details
):
    # Written as a service long ago (or a bug) might have: the model takes any JSON.
    for target in (Mission.objects.get(pk=mission.pk), submitted_request):
        audit_record(actor=None, action=AuditAction.REQUEST_UPDATED, target=target, details=details)
    assert get_mission_page(client, ca_officer, mission).status_code == 200
    response = client.get(reverse("missions:request_detail", args=[submitted_request.pk]))
    assert response.status_code == 200


@pytest.mark.sqlite
def test_a_history_is_drawn_again_after_a_change_and_only_then(
    client, mission, ca_officer, submitted_request
):
    """The history of the mission, request, report and recommendation pages is a
    ``{% part history %}``: the page again reads no audit entry for it, and the next change
    (every change is an audit entry) is on the page after."""
    client.force_login(ca_officer)
    for url in (
        reverse("missions:mission_detail", args=[mission.pk]),
        reverse("missions:request_detail", args=[submitted_request.pk]),
    ):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not [
            q
            for q in queries.captured_queries
            if 'FROM "audit_auditentry"' in q["sql"]
            and "ORDER BY" in q["sql"]
            and '"audit_auditentry"."action"' in q["sql"]
        ]
    services.mission_update_plan(
        mission=mission, user=ca_officer, data={"host_unit_commander": "Major Kabila"}
    )
    page = get_mission_page(client, ca_officer, mission).content.decode()
    assert "Host unit commander: — → Major Kabila" in page
