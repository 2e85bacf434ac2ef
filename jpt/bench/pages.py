"""The pages the benchmark measures, and the targets they are held to: one table each.

A later issue adds its page in one line of :data:`PAGES`: a name, the user it is seen as (a key of
the data set's ``users``: see ``dataset.PAGE_USERS``), its URL built from the data set's scene (the
ids of the showcase rows), and whether it is a list page measured under load too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

Scene = dict[str, Any]

FLOOR = "floor"

# Targets at 5,000 missions (the issue's). Checked by ``results.check``; never by tests.
MAX_QUERIES = 12
MAX_FLOOR_RATIO = 3.0  # median, as a multiple of the floor view's (same scale, same run)
MAX_GROWTH = 1.3  # median at 5,000 missions / median at 10
MIN_THROUGHPUT_PCT = 25.0  # requests/s under load, as a percentage of the floor view's
# "Search answers at the same speed as the unfiltered list": the search's median over its
# list's, with this much room for noise.
MAX_SEARCH_RATIO = 1.2


@dataclass(frozen=True)
class Page:
    name: str
    user: str
    url: Callable[[Scene], str]
    under_load: bool = False  # a list page: its throughput is measured under gunicorn too
    search_of: str = ""  # for a search: the name of the unfiltered list it must keep up with
    label: str = ""

    def resolve(self, scene: Scene) -> str:
        return self.url(scene)

    def username(self, scene: Scene) -> str:
        return scene["users"][self.user]


def search(name: str) -> Callable[[Scene], str]:
    return lambda scene: f"{reverse(name)}?{urlencode({'q': scene['search']})}"


def detail(name: str, key: str) -> Callable[[Scene], str]:
    return lambda scene: reverse(name, args=[scene[key]])


def plain(name: str) -> Callable[[Scene], str]:
    return lambda scene: reverse(name)


def filtered(name: str, **params: str) -> Callable[[Scene], str]:
    """A list with fixed filters (as the follow-up board links to it)."""
    return lambda scene: f"{reverse(name)}?{urlencode(params)}"


# fmt: off
PAGES: list[Page] = [
    Page(FLOOR, "civil_affairs", plain("bench:floor"), under_load=True,
         label="floor: 25 localities"),
    Page("home", "civil_affairs", plain("home"), label="/ (Civil Affairs officer)"),
    Page("requests", "civil_affairs", plain("missions:request_list"), under_load=True),
    Page("requests_search", "civil_affairs", search("missions:request_list"), under_load=True,
         search_of="requests"),
    Page("missions", "kinshasa", plain("missions:mission_list"), under_load=True,
         label="/missions/ (Kinshasa SMG-P)"),
    Page("missions_search", "kinshasa", search("missions:mission_list"), under_load=True,
         search_of="missions"),
    Page("missions_mine", "civil_affairs", plain("missions:my_missions"), under_load=True),
    Page("mission_busy", "civil_affairs", detail("missions:mission_detail", "busy_mission"),
         label="busy mission (20 members, 40 meetings, 40 stakeholders, 103 history lines)"),
    Page("report_approved", "civil_affairs", detail("reports:report_detail", "approved_report")),
    Page("report_draft", "civil_affairs", detail("reports:report_detail", "draft_report")),
    Page("review_inbox", "head_of_office", plain("reports:inbox"), under_load=True,
         label="/review/ (head of office, Nord-Kivu)"),
    Page("recommendations", "kinshasa", plain("recommendations:recommendation_list"),
         under_load=True),
    Page("recommendations_search", "kinshasa", search("recommendations:recommendation_list"),
         under_load=True, search_of="recommendations"),
    Page("recommendation", "civil_affairs",
         detail("recommendations:recommendation_detail", "recommendation")),
    # The follow-up (step 8): the board, the lists it links to, a CLI's pages.
    Page("board", "civil_affairs", plain("recommendations:board"),
         label="/follow-up/board/ (Civil Affairs officer)"),
    Page("board_kinshasa", "kinshasa", plain("recommendations:board"),
         label="/follow-up/board/ (Kinshasa SMG-P)"),
    Page("recommendations_overdue", "kinshasa",
         filtered("recommendations:recommendation_list", status="approved", overdue="true"),
         under_load=True, label="approved recommendations past their target (the board's link)"),
    Page("alerts", "kinshasa", plain("recommendations:alert_list"), under_load=True),
    Page("alert", "cli", detail("recommendations:alert_update", "followup_alert"),
         label="an alert that used the protection plan (CLI)"),
    Page("support", "kinshasa", plain("recommendations:support_list"), under_load=True),
    Page("visits", "cli", plain("recommendations:visit_list"), under_load=True,
         label="/follow-up/visits/ (CLI, Nord-Kivu)"),
    Page("visit", "civil_affairs", detail("recommendations:visit_detail", "followup_visit")),
    Page("visit_form", "cli", plain("recommendations:visit_create"),
         label="the visit form (the places; recommendations fetched per place ticked)"),
    Page("places", "cli", plain("recommendations:places"), label="places to follow up (CLI)"),
    Page("calendar", "cli", plain("recommendations:calendar"),
         label="the CLI's calendar (10 planned visits)"),
    Page("home_cli", "cli", plain("home"), label="/ (CLI)"),
    Page("recommendation_followup", "civil_affairs",
         detail("recommendations:recommendation_detail", "followup_recommendation"),
         label="a recommendation with its follow-up (24 observations, 6 changes)"),
    Page("implementation", "civil_affairs",
         detail("recommendations:implementation_update", "followup_recommendation"),
         label="the implementation form of the follow-up recommendation"),
    Page("alert_new", "cli", plain("recommendations:alert_create"),
         label="the new-alert form (CLI)"),
    Page("support_new", "cli", plain("recommendations:support_create"),
         label="the material-support form (CLI)"),
    # The record lists the indicators link to (issue 11), across every province.
    Page("consultations", "kinshasa", plain("missions:consultation_list"), under_load=True,
         label="/consultations/ (Kinshasa SMG-P)"),
    Page("threats", "kinshasa", plain("reports:threat_list"), under_load=True,
         label="/threats/ (Kinshasa SMG-P)"),
    Page("team_members", "kinshasa", plain("missions:team_member_list"), under_load=True,
         label="/missions/team-members/ (Kinshasa SMG-P)"),
    Page("observations", "kinshasa", plain("recommendations:observation_list"), under_load=True,
         label="/follow-up/observations/ (Kinshasa SMG-P)"),
    Page("review_stages", "kinshasa", plain("reports:review_stage_list"), under_load=True,
         label="/review-stages/ (Kinshasa SMG-P)"),
    # The indicators (issue 11): the month just ended, every province.
    Page("dashboard", "kinshasa", plain("insights:dashboard"),
         label="/indicators/ (Kinshasa SMG-P: every province, with drill-down links)"),
    Page("dashboard_analyst", "analyst", plain("insights:dashboard"),
         label="/indicators/ (analyst: every province, aggregates only)"),
]
# fmt: on

BY_NAME = {page.name: page for page in PAGES}
assert len(BY_NAME) == len(PAGES), "page names must be unique"
assert PAGES[0].name == FLOOR


def selected(names: str | None) -> list[Page]:
    """The pages named (comma-separated), always with the floor; every page when empty."""
    if not names:
        return list(PAGES)
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        raise ValueError(f"Unknown pages: {', '.join(unknown)} (known: {', '.join(BY_NAME)})")
    return [page for page in PAGES if page.name == FLOOR or page.name in wanted]
