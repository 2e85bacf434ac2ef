"""Every list and detail page, and every form page, under an absolute query ceiling.

The tests beside the code (``missions/tests``, ``reports/tests``) pin that a page makes the same
number of queries with one row and with many; this module pins how many that is at most: 12
for every page, the target of the next issue. A page above it fails here with its count (the
ceiling is never raised to let a page pass).

Each page is measured as the user who works with it, twice (``ceiling_scene``,
tests/conftest.py): in Nord-Kivu, where there is one row of everything, and in Sud-Kivu, which
holds many: 60 more requests, 30 more missions with their reports waiting at the head of office,
and on the mission whose report is drafted 20 more team members, consultations and key
stakeholders (40 in all), a report with 20 threats, 20 recommendations and 20 rows in each list
of its sexual-violence analysis and protection plan (20 contingency contacts), reports in review
and approved with 20 recommendations, 30 history lines and 20 e-mails on what the detail pages
show. Kinshasa SMG-P, analysts and administrators see both provinces,
so both measures of their home page read everything. Each page is loaded once before it is
measured (the content-type cache), and must answer 200.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse

CEILING = 12


@dataclass(frozen=True)
class Page:
    """A page, who opens it, its URL in a world, and at most how many queries it makes.
    ``shows``: what the page of the "many" world must show (so it really has many rows)."""

    who: str
    url: Callable
    ceiling: int = CEILING
    shows: Callable = field(default=lambda w: [])


def url(name: str, *attrs: str, **extra: str) -> Callable:
    """A URL builder: ``url("missions:mission_detail", "mission")`` reverses the route with
    ``pk`` from ``world.mission``; ``extra`` names other kwargs (``threat_id="threat"``)."""

    def build(world) -> str:
        kwargs = {"pk": getattr(world, attrs[0]).pk} if attrs else {}
        kwargs.update({key: getattr(world, attr).pk for key, attr in extra.items()})
        return reverse(name, kwargs=kwargs)

    return build


def mission_url(name: str, **extra: str) -> Callable:
    return url(name, "mission", **extra)


def report_url(name: str, **extra: str) -> Callable:
    return url(name, "report", **extra)


def bulk(*texts: str) -> Callable:
    return lambda world: list(texts)


# Page -> who opens it, where, and its ceiling (12 for every page).
PAGES: dict[str, Page] = {
    # The home page of each role, and of a team member and an invitee.
    **{
        f"home as {who}": Page(who, lambda w: reverse("home"))
        for who in (
            "requester",
            "ca",
            "team_member",
            "head",
            "brigade",
            "smg_p",
            "rrewc",
            "cli",
            "smg_k",
            "analyst",
            "admin",
            "member",
            "invitee",
        )
    },
    # Requests.
    "request list": Page(
        "ca", lambda w: reverse("missions:request_list"), shows=bulk("Bulk request")
    ),
    "my requests": Page(
        "requester", lambda w: reverse("missions:my_requests"), shows=bulk("Bulk request")
    ),
    "request detail": Page("ca", url("missions:request_detail", "pending")),
    # Missions.
    "mission list": Page(
        "ca", lambda w: reverse("missions:mission_list"), shows=bulk("Bulk request")
    ),
    "my missions (lead)": Page("ca", lambda w: reverse("missions:my_missions")),
    "my missions (member)": Page("member", lambda w: reverse("missions:my_missions")),
    "mission detail (lead)": Page(
        "ca",
        mission_url("missions:mission_detail"),
        shows=bulk("Staff member 19", "Bulk stakeholder 19", "+243 990 019 000"),
    ),
    "mission detail (member)": Page(
        "member", mission_url("missions:mission_detail"), shows=bulk("Staff member 19")
    ),
    "mission detail (reader)": Page(
        "team_member", mission_url("missions:mission_detail"), shows=bulk("Bulk stakeholder 19")
    ),
    # Reports.
    "report page (draft)": Page(
        "ca",
        report_url("reports:report_detail"),
        shows=bulk("(recommendation 20)", "Mayi-Mayi group 20", "Bulk stakeholder 19", "Week 20"),
    ),
    "report page (draft, reader)": Page("head", report_url("reports:report_detail")),
    "report page (approved, frozen copy)": Page(
        "ca", url("reports:report_detail", "approved_report"), shows=bulk("(recommendation 20)")
    ),
    # The review chain and recommendations.
    "review inbox": Page("head", lambda w: reverse("reports:inbox"), shows=bulk("Bulk request")),
    "review page": Page(
        "head",
        lambda w: reverse("reports:review", args=[w.open_stage.pk]),
        shows=bulk("(recommendation 20)"),
    ),
    "recommendation list": Page(
        "ca", lambda w: reverse("recommendations:recommendation_list"), shows=bulk("Patrol")
    ),
    "recommendation detail": Page("ca", url("recommendations:recommendation_detail", "decided")),
    # The bulk meetings are all on one mission: no text of theirs tells them from the others.
    "consultation list": Page("ca", lambda w: reverse("missions:consultation_list")),
    "team list": Page("ca", lambda w: reverse("missions:team_member_list")),
    "review stages": Page("smg_k", lambda w: reverse("reports:review_stage_list")),
    "threat list": Page(
        "ca", lambda w: reverse("reports:threat_list"), shows=bulk("Mayi-Mayi group 20")
    ),
    # After approval: tracking, follow-up visits, alerts, support.
    "monitoring board": Page("ca", lambda w: reverse("recommendations:board")),
    "monitoring board (Kinshasa)": Page("smg_k", lambda w: reverse("recommendations:board")),
    "community alerts": Page("ca", lambda w: reverse("recommendations:alert_list")),
    "community alert (new)": Page("cli", lambda w: reverse("recommendations:alert_create")),
    "material support": Page("ca", lambda w: reverse("recommendations:support_list")),
    "material support (new)": Page("cli", lambda w: reverse("recommendations:support_create")),
    "follow-up visits": Page("cli", lambda w: reverse("recommendations:visit_list")),
    "what the visits saw": Page("cli", lambda w: reverse("recommendations:observation_list")),
    "follow-up visit (new)": Page("cli", lambda w: reverse("recommendations:visit_create")),
    "places to follow up": Page("cli", lambda w: reverse("recommendations:places")),
    "visit calendar": Page("cli", lambda w: reverse("recommendations:calendar")),
    # Form pages: requests.
    "request form (new)": Page("requester", lambda w: reverse("missions:request_create")),
    "request form (edit)": Page("requester", url("missions:request_update", "pending")),
    # Form pages: the mission forming its team.
    "mission plan": Page("ca", url("missions:mission_plan", "forming")),
    "logistics line (new)": Page("ca", url("missions:logistics_create", "forming")),
    "logistics line (edit)": Page(
        "ca", url("missions:logistics_update", "forming", item_id="item")
    ),
    "team member (add)": Page("ca", url("missions:team_add", "forming")),
    "invitation answer": Page(
        "invitee", url("missions:team_answer", "forming", member_id="invitation")
    ),
    # Form pages: field work on the mission whose report is drafted.
    "consultation (new)": Page("ca", mission_url("missions:consultation_create")),
    "consultation (edit)": Page(
        "ca", mission_url("missions:consultation_update", consultation_id="consultation")
    ),
    "stakeholder (add)": Page("ca", mission_url("missions:stakeholder_add")),
    "stakeholder (edit)": Page("ca", mission_url("missions:stakeholder_update", link_id="link")),
    "stakeholder (remove)": Page("ca", mission_url("missions:stakeholder_remove", link_id="link")),
    # Form pages: the report's sections.
    "report (commander, plan of action)": Page("ca", report_url("reports:report_update")),
    "threat (new)": Page("ca", report_url("reports:threat_create")),
    "threat (edit)": Page("ca", report_url("reports:threat_update", threat_id="threat")),
    "threat (remove)": Page("ca", report_url("reports:threat_remove", threat_id="threat")),
    "sexual-violence analysis": Page(
        "ca", report_url("reports:sv_analysis"), shows=bulk('value="Week 20"')
    ),
    "protection plan": Page(
        "ca",
        report_url("reports:protection_plan"),
        shows=bulk("Parish compound 20", "Checkpoint bridge 20", "+243 970"),
    ),
    "recommendation (new)": Page("ca", report_url("reports:recommendation_create")),
    "recommendation (edit)": Page(
        "ca", report_url("reports:recommendation_update", rec_id="recommendation")
    ),
    "recommendation (remove)": Page(
        "ca", report_url("reports:recommendation_remove", rec_id="recommendation")
    ),
    # Form pages: accounts.
    "login": Page("anon", lambda w: reverse("login")),
    "password reset": Page("anon", lambda w: reverse("password_reset")),
    "password change": Page("ca", lambda w: reverse("password_change")),
    "profile": Page("ca", lambda w: reverse("profile")),
}


def test_every_ceiling_is_within_the_target():
    assert all(page.ceiling <= CEILING for page in PAGES.values())


@pytest.mark.django_db
@pytest.mark.parametrize("size", ["one", "many"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_stays_under_its_query_ceiling(
    name, size, ceiling_scene, django_assert_max_num_queries
):
    page = PAGES[name]
    world = ceiling_scene.worlds[size]
    client = ceiling_scene.clients[(size, page.who)]
    target = page.url(world)
    warm = client.get(target)
    assert warm.status_code == 200, f"{name}: {target} answers {warm.status_code}"
    if size == "many":
        content = warm.content.decode()
        missing = [text for text in page.shows(world) if text not in content]
        assert not missing, f"{name}: the page of many rows does not show {missing}"
    with django_assert_max_num_queries(page.ceiling) as captured:
        response = client.get(target)
    print(f"{name} ({size} row{'s' if size == 'many' else ''}): {len(captured)} queries")  # noqa: T201
    assert response.status_code == 200
