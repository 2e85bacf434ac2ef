"""Who gets what on every page: a permission matrix over every named route.

The routes come from Django's URL resolver (``named_routes``, as the small-screen test walks
them): a route without a row in ``MATRIX`` fails ``test_every_route_has_a_row``. Each row gives,
for each column of ``WHO`` (anonymous, each role in scope, the same roles out of scope, a team
member and an invitee), the status expected on that route, built from a family default (README
"Using JPT Desk" and "Roles") with a comment for every exception.

The scene (``matrix_scene``, tests/conftest.py) puts every record in Nord-Kivu: "in scope"
columns are users of Nord-Kivu, ``*_out`` columns the same roles in Sud-Kivu (a record of
another province is a 404, never a 403, so its existence is not confirmed), ``smg_k``,
``analyst`` and ``admin`` see every province. ``member`` and ``invitee`` are Sud-Kivu team
members: ``member`` accepted a place on the team of the Nord-Kivu missions that went to the
field, ``invitee`` is invited to the one forming its team and has not answered.

POST-only routes are checked with a real POST (what the page's button sends) and with a GET,
which must be a 405 (or, for those refused the POST, that same refusal: views that check the
right before the method). Every request runs in a savepoint rolled back afterwards, so each
cell sees the same scene.

On every answer with a page, three more checks:

- the stakeholders' phone numbers appear only for users ``missions.permissions.
  can_see_contacts`` allows on a mission the person is on;
- out-of-scope users never see the title of a Nord-Kivu record;
- a GET writes nothing (no INSERT, UPDATE or DELETE but on ``django_session``), with one
  exception: a list's export (``?export=csv``, ``?export=xlsx``, ``export`` below) is an audited
  read, which writes exactly one audit entry (``list.exported``) when it answers a file, and
  nothing when it is refused. Its file is read as a page is: no phone number, no Nord-Kivu
  record out of scope. A PDF's download (``download`` below) is audited the same way
  (``document.downloaded``), and its text (pdftotext) is read as a page is.

Failures are collected per route and listed together, each with its method, URL, user,
expected and actual status.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from jpt.accounts.roles import Role
from jpt.documents.services import render_now
from jpt.documents.tests.helpers import pdf_text
from recommendations.services import alert_record, planned_visit_add, visit_record
from reports.models import Report, SafeArea
from tests.browser.test_small_screens import POST_ONLY, named_routes

from .conftest import MANDATE, MATRIX_PEOPLE

OK, REDIRECT, BAD, DENIED, HIDDEN, NOT_ALLOWED = 200, 302, 400, 403, 404, 405
LOGIN = "login"  # a 302 to the login page, with ?next= (a 302 anywhere else is REDIRECT)
REFUSALS = {LOGIN, DENIED, HIDDEN}

# The columns (tests/conftest.py MATRIX_PEOPLE makes a user for each but "anon").
IN_SCOPE = ("requester", "ca", "team_member", "head", "brigade", "smg_p", "rrewc", "cli")
ALL_PROVINCES = ("smg_k", "analyst", "admin")
OUT_OF_SCOPE = tuple(f"{who}_out" for who in IN_SCOPE)
ON_TEAM = ("member", "invitee")
WHO = ("anon", *IN_SCOPE, *ALL_PROVINCES, *OUT_OF_SCOPE, *ON_TEAM)


def row(default, *merged: dict, anon=LOGIN, **cells) -> dict:
    """A full row: ``default`` for every logged-in column, then ``merged`` dicts and ``cells``
    in order (anonymous users are sent to the login page unless said otherwise)."""
    values = dict.fromkeys(WHO, default)
    values["anon"] = anon
    for extra in merged:
        values.update(extra)
    values.update(cells)
    return values


def out(status, *roles) -> dict:
    """The out-of-scope columns (of ``roles``, all by default) at ``status``."""
    return {f"{who}_out": status for who in roles or IN_SCOPE}


def replaced(values: dict, old, new) -> dict:
    return {who: new if status == old else status for who, status in values.items()}


def off_team(values: dict) -> dict:
    """A mission whose team ``member`` is not on: they do not see it."""
    return {**values, "member": HIDDEN}


# --------------------------------------------------------------------------------------------
# Defaults per route family
# --------------------------------------------------------------------------------------------

PUBLIC = row(OK, anon=OK)
LOGGED_IN = row(OK)
LOGIN_PAGE = row(REDIRECT, anon=OK)  # logged in: sent home (redirect_authenticated_user)

# Requests (README: "every role but RREWC, CLI and Analyst"). Lists narrow to the user's
# scope, so out of scope is the user's own list, not a 404.
REQUEST_LIST = row(OK, out(DENIED, "rrewc", "cli"), rrewc=DENIED, cli=DENIED, analyst=DENIED)
# Filing: Requester, Civil Affairs officer, Administrator.
FILERS = row(DENIED, out(OK, "requester", "ca"), requester=OK, ca=OK, admin=OK)
# A Nord-Kivu request: the permission first (a 403 that says nothing of the record), then the
# scope (404). ``member`` and ``invitee`` see Sud-Kivu requests only: a team place opens the
# mission, not its request.
REQUEST_PAGE = row(
    OK,
    out(HIDDEN),
    out(DENIED, "rrewc", "cli"),
    rrewc=DENIED,
    cli=DENIED,
    analyst=DENIED,
    member=HIDDEN,
    invitee=HIDDEN,
)
# Changing a request: its filer only (``requester``); another filer who sees it gets a 403,
# one who does not a 404; roles that file nothing a 403.
REQUEST_EDIT = row(DENIED, out(HIDDEN, "requester", "ca"), requester=OK)
# Approve, decline, return: Civil Affairs of the request's province (and administrators).
DECIDE = row(DENIED, ca=REDIRECT, admin=REDIRECT, ca_out=HIDDEN)

# Missions (README: "roles that see missions"): every role but Requester and Analyst.
MISSION_LIST = row(OK, requester=DENIED, requester_out=DENIED, analyst=DENIED)
# A page of a Nord-Kivu mission (its report, a recommendation of it) for whoever sees the
# mission: roles that see missions in scope, everyone on its team. Requesters and analysts do
# not see missions: the mission is not found for them (404, confirming nothing), as for an
# invitee until they accept (only the invitation page).
MISSION_PAGE = row(OK, out(HIDDEN), requester=HIDDEN, analyst=HIDDEN, invitee=HIDDEN)
# Acting on a mission: its lead and Civil Affairs of its province (can_manage; the
# administrator holds manage_mission in every province); whoever else sees the mission gets a
# 403, whoever does not a 404.
MANAGE = row(DENIED, out(HIDDEN), ca=OK, admin=OK, requester=HIDDEN, analyst=HIDDEN, invitee=HIDDEN)
MANAGE_POST = replaced(MANAGE, OK, REDIRECT)
# Field work and the report's sections: managers and the team's members (can_contribute).
CONTRIBUTE = {**MANAGE, "member": OK}
CONTRIBUTE_POST = replaced(CONTRIBUTE, OK, REDIRECT)
# The same page when the record cannot change any more: contributors are sent back to the
# mission or report page with the reason, before they type anything.
CONTRIBUTE_CLOSED = replaced(CONTRIBUTE, OK, REDIRECT)
MANAGE_CLOSED = replaced(MANAGE, OK, REDIRECT)
# The invitation page: the invited person only; anyone else finds nothing.
INVITATION = row(HIDDEN, invitee=OK)

# The review chain (README: "heads of office, provincial and Kinshasa SMG-P members"; the
# brigade commander decides beside the head of office). The administrator is no reviewer:
# roles.py gives the Administrator role no review permission, and the README has them alerted
# "above Kinshasa", not deciding; being a superuser (every permission) must not make them one,
# as it does not make them see contacts.
INBOX = row(
    DENIED,
    out(OK, "head", "brigade", "smg_p"),
    head=OK,
    brigade=OK,
    smg_p=OK,
    smg_k=OK,
)
# A stage of a Nord-Kivu report: reviewers who see the report; reviewers of Sud-Kivu find
# nothing.
REVIEW_PAGE = {**INBOX, **out(HIDDEN, "head", "brigade", "smg_p")}
# Deciding at the head-of-office level: its reviewers in the report's province only (other
# levels, and the administrator who has no province, 403).
DECIDE_HOO = row(DENIED, out(HIDDEN, "head", "brigade", "smg_p"), head=REDIRECT, brigade=REDIRECT)
# Deciding at Kinshasa: its SMG-P members (every province).
DECIDE_KINSHASA = row(DENIED, out(HIDDEN, "head", "brigade", "smg_p"), smg_k=REDIRECT)


# The follow-up (README "Implementation, alerts and material support"): the board, the alerts
# and the material support are for ``recommendations.view_followup`` (Civil Affairs, reviewers,
# the RREWC, CLIs; administrators): out of scope, the user's own figures and lists (a 200); a
# Nord-Kivu alert is not found (404). Team members, requesters and analysts (aggregates only)
# get a 403. Administrators are superusers: the follow-up services accept them as they accept
# any permission (``_require`` is ``user.has_perm``), so the pages do too.
_FOLLOWING = ("ca", "head", "brigade", "smg_p", "rrewc", "cli")
FOLLOW_UP = row(DENIED, out(OK, *_FOLLOWING), dict.fromkeys(_FOLLOWING, OK), smg_k=OK, admin=OK)
FOLLOW_UP_RECORD = {**FOLLOW_UP, **out(HIDDEN, *_FOLLOWING)}
# Logging alerts: CLIs (``recommendations.log_followup``), in their own provinces.
LOG_FOLLOW_UP = row(DENIED, cli=OK, cli_out=OK, admin=OK)
# Material support: CLIs and Civil Affairs officers.
RECORD_SUPPORT = row(DENIED, ca=OK, ca_out=OK, cli=OK, cli_out=OK, admin=OK)
# Implementation: Civil Affairs of the recommendation's province (the permission first, then
# the scope).
TRACK = row(DENIED, ca=OK, admin=OK, ca_out=HIDDEN)


def follow_up_alert(scene):
    """A Nord-Kivu alert logged by the CLI (made inside the test: rolled back with it)."""
    return alert_record(
        user=scene.users["cli"],
        data={
            "received_at": timezone.now() - timedelta(hours=6),
            "locality": scene.nk.places["Ntoto"],
            "base": scene.nk.base,
            "channel": "phone",
            "threat_type": "attack",
            "source": "local_leader",
        },
    )


def nk_plan_rows(scene) -> list[str]:
    return list(
        SafeArea.objects.filter(plan__report__mission__province=scene.nk.province).values_list(
            "name", flat=True
        )
    )


# Follow-up visits (README "Follow-up by CLIs"): the visit list and a visit's page are for
# ``view_followup`` (FOLLOW_UP, FOLLOW_UP_RECORD); logging a visit, the calendar and the places
# to follow up for CLIs (LOG_FOLLOW_UP); a JPT request from an urgent alert for Civil Affairs of
# the province (TRACK: CLIs file no request). The sync endpoint answers a script: 401 for
# anonymous users (not the login page), and the matrix's form-encoded POST is a 400 for those
# who may log a visit (the endpoint takes JSON: recommendations/tests/test_visit_views.py).
def follow_up_visit(scene):
    """A Nord-Kivu urgent visit of the CLI to Otobora, seeing the approved recommendation
    (made inside the test: rolled back with it)."""
    visit_row, _created = visit_record(
        user=scene.users["cli"],
        client_id=uuid.uuid4(),
        data={
            "visited_on": timezone.localdate(),
            "localities": [scene.nk.places["Otobora"]],
            "women": 5,
            "men": 3,
            "confidence": 2,
            "urgent_alert": True,
            "observations": [{"recommendation": scene.approved.recs[0], "finding": "partly"}],
        },
    )
    return visit_row


def follow_up_planned(scene):
    return planned_visit_add(
        user=scene.users["cli"],
        data={"planned_on": timezone.localdate(), "localities": [scene.nk.places["Otobora"]]},
    )


def nk_followup_texts(scene) -> list[str]:
    return [*scene.nk_titles, *(rec.text for rec in scene.approved.recs)]


# PDFs of reports (README "Reports"): whoever sees the report asks for its PDF, for their
# audience; a PDF with contacts (a draft's, made by Civil Affairs) only for those who may see
# them (``can_see_contacts``: the team, Civil Affairs, heads of office and provincial SMG-P of
# the province); an approved report's PDF (the frozen copy, no contact) for every reader.
CONTACTS_PDF = row(HIDDEN, ca=OK, head=OK, smg_p=OK, member=OK)


def report_pdf(path: str, who: str) -> Callable:
    """kwargs {"pk": a ready PDF of the report at ``path``, made by ``who``} (rendered inside
    the test: rolled back with it)."""

    def kwargs(scene):
        report = pk(path)(scene)["pk"]
        target = Report.objects.select_related("mission").get(pk=report)
        return {"pk": render_now(kind="report", target=target, user=scene.users[who]).pk}

    return kwargs


# The indicators (README "Indicators"): the dashboard and the stored monthly summaries are for
# ``insights.view_dashboard`` (Civil Affairs, heads of office, brigade commanders, provincial
# and Kinshasa SMG-P members, analysts; administrators), each on the provinces they see: out of
# scope, the user's own figures (a 200 that never names Nord-Kivu). Requesters, team members,
# the RREWC and CLIs get a 403. Analysts see the figures without the drill-down to records
# (``test_analysts_get_the_figures_without_the_drill_down`` below).
_INDICATORS = ("ca", "head", "brigade", "smg_p")
INDICATORS = row(
    DENIED,
    out(OK, *_INDICATORS),
    dict.fromkeys(_INDICATORS, OK),
    smg_k=OK,
    analyst=OK,
    admin=OK,
)
# A stored Nord-Kivu summary: not found out of scope.
NK_SUMMARY = {**INDICATORS, **out(HIDDEN, *_INDICATORS)}
# The all-provinces summary: only for those who see every province.
ALL_SUMMARY = {**NK_SUMMARY, **dict.fromkeys(_INDICATORS, HIDDEN)}
# Computing a summary on demand: Civil Affairs officers (for their provinces) and analysts
# (``insights.compute_summary``); the administrator is a superuser.
COMPUTE_SUMMARY = row(DENIED, ca=OK, ca_out=OK, analyst=OK, admin=OK)
# Asking for Nord-Kivu's: done (a redirect to the list) for those who may; out of scope, the
# form again (a 200) with the error: Nord-Kivu is not among the province's choices.
COMPUTE_NK = {**replaced(COMPUTE_SUMMARY, OK, REDIRECT), "ca_out": OK}
# A trend PDF (``documents``): whoever sees its summary; anyone else finds nothing.
TREND_PDF = row(HIDDEN, dict.fromkeys(_INDICATORS, OK), smg_k=OK, analyst=OK, admin=OK)


def nk_indicator_secrets(scene) -> list[str]:
    """What an indicators page must not show out of scope: Nord-Kivu's records and its name
    (the figures of another province)."""
    return [*scene.nk_titles, scene.nk.province.name]


def summary(province: str | None) -> Callable:
    """kwargs {"pk": the summary of the month just ended for Nord-Kivu ("nk") or for every
    province (None)} (computed inside the test: rolled back with it)."""

    def kwargs(scene):
        from jpt.insights.periods import last_full_month
        from jpt.insights.services import summary_compute

        who = "ca" if province else "analyst"
        made = summary_compute(
            month=last_full_month().start,
            province=scene.nk.province if province else None,
            user=scene.users[who],
        )
        return {"pk": made.pk}

    return kwargs


def trend_pdf(province: str | None) -> Callable:
    """kwargs {"pk": a ready PDF of that summary} (rendered inside the test)."""

    def kwargs(scene):
        from jpt.insights.models import MonthlySummary

        target = MonthlySummary.objects.get(pk=summary(province)(scene)["pk"])
        who = "ca" if province else "analyst"
        return {"pk": render_now(kind="trend", target=target, user=scene.users[who]).pk}

    return kwargs


def last_year(scene) -> str:
    """The year to today: every record of the scene."""
    today = timezone.localdate()
    return f"?start={today - timedelta(days=364):%Y-%m-%d}&end={today:%Y-%m-%d}"


# --------------------------------------------------------------------------------------------
# The matrix
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One URL of a route and what each column gets. ``kwargs`` and ``query`` are built from
    the scene; ``data`` (POST-only routes) is the POST body, the route then also checked with
    a GET (``on_get``: what GET gives, by default a 405, or the POST's refusal for those it
    refuses); ``secrets`` are strings out-of-scope users must never see (titles by default)."""

    expect: dict
    kwargs: Callable = field(default=lambda s: {})
    query: Callable = field(default=lambda s: "")
    note: str = ""
    data: Callable | None = None
    on_get: dict | None = None
    secrets: Callable | None = None
    audited: bool = False


def visit(expect, kwargs=None, *, query=None, note="", secrets=None) -> Case:
    return Case(
        expect,
        kwargs or (lambda s: {}),
        query or (lambda s: ""),
        note,
        secrets=secrets,
    )


def post(expect, kwargs=None, *, data=None, note="", on_get=None) -> Case:
    return Case(
        expect, kwargs or (lambda s: {}), lambda s: "", note, data or (lambda s: {}), on_get
    )


def export(expect, file_format, *, setup=None, secrets=None) -> Case:
    """A list's export (``?export=<file_format>``): refused as the list is; an audited read
    (one audit entry, nothing else written). ``setup(scene)`` makes the rows it should hold."""

    def query(scene):
        if setup is not None:
            setup(scene)
        return f"?export={file_format}"

    return Case(expect, lambda s: {}, query, f"export {file_format}", secrets=secrets, audited=True)


def exports(expect, *, setup=None, secrets=None) -> list[Case]:
    return [export(expect, fmt, setup=setup, secrets=secrets) for fmt in ("csv", "xlsx")]


def download(expect, kwargs, *, note="") -> Case:
    """A file's download (a PDF): an audited read, as an export is."""
    return Case(expect, kwargs, lambda s: "", note, audited=True)


def pk(name: str) -> Callable:
    """kwargs {"pk": scene.<name>.pk} (a dotted path: "drafting.report")."""

    def kwargs(scene):
        obj = scene
        for part in name.split("."):
            obj = obj[int(part)] if part.isdigit() else getattr(obj, part)
        return {"pk": obj.pk}

    return kwargs


def nk_places(scene) -> list[str]:
    return [scene.nk.territory.name, scene.nk.base.name, *scene.nk.places]


def nk_threat_secrets(scene) -> list[str]:
    """What the threat list must not show out of scope: Nord-Kivu's missions and the armed
    groups their reports name (``draft_report``: "Mayi-Mayi group 1")."""
    return [*scene.nk_titles, "Mayi-Mayi group"]


def nk_consultation_secrets(scene) -> list[str]:
    """What the consultation list must not show out of scope: Nord-Kivu's missions and places
    (the meetings' localities, its territory and base)."""
    return [*scene.nk_titles, *nk_places(scene)]


MATRIX: dict[str, list[Case]] = {
    # Root and accounts ------------------------------------------------------------------
    "home": [visit(LOGGED_IN)],
    "login": [visit(LOGIN_PAGE)],
    # To the login page, logged in or not.
    "logout": [post(row(REDIRECT, anon=REDIRECT))],
    "password_change": [visit(LOGGED_IN)],
    "password_change_done": [visit(LOGGED_IN)],
    "password_reset": [visit(PUBLIC)],
    "password_reset_done": [visit(PUBLIC)],
    "password_reset_confirm": [
        visit(
            PUBLIC,
            lambda s: {"uidb64": s.reset_uid, "token": "expired-token"},
            note="an expired link: the page says so",
        ),
        # A valid link moves the token to the session and goes to the password form.
        visit(
            row(REDIRECT, anon=REDIRECT),
            lambda s: {"uidb64": s.reset_uid, "token": s.reset_token},
            note="a valid link",
        ),
    ],
    "password_reset_complete": [visit(PUBLIC)],
    "profile": [visit(LOGGED_IN)],
    # Django's language switch: a POST sets the language and goes to ``next``; a GET only
    # redirects there, changing nothing.
    "set_language": [
        post(
            row(REDIRECT, anon=REDIRECT),
            data=lambda s: {"language": "fr", "next": "/"},
            on_get=row(REDIRECT, anon=REDIRECT),
        )
    ],
    # Requests ---------------------------------------------------------------------------
    "missions:request_list": [visit(REQUEST_LIST), *exports(REQUEST_LIST)],
    "missions:my_requests": [visit(FILERS), *exports(FILERS)],
    "missions:request_create": [visit(FILERS)],
    "missions:request_detail": [
        visit(REQUEST_PAGE, pk("pending"), note="awaiting a decision"),
        visit(REQUEST_PAGE, pk("deployed.request"), note="approved: its mission is in the field"),
    ],
    "missions:request_update": [
        visit(REQUEST_EDIT, pk("returned_request"), note="returned: its filer completes it"),
        # Decided: back to the request page with the reason.
        visit({**REQUEST_EDIT, "requester": REDIRECT}, pk("deployed.request"), note="approved"),
    ],
    "missions:request_decide": [
        post(
            DECIDE,
            lambda s: {"pk": s.pending.pk, "action": "approve"},
            data=lambda s: {"approve-mandate": MANDATE, "approve-comment": ""},
        )
    ],
    # The request form's <option> lists: narrowed to the user's provinces (an empty list out
    # of scope, never a 404 that would confirm an id).
    "missions:territory_options": [
        visit(LOGGED_IN, query=lambda s: f"?province={s.nk.province.pk}", secrets=nk_places)
    ],
    "missions:locality_options": [
        visit(LOGGED_IN, query=lambda s: f"?territory={s.nk.territory.pk}", secrets=nk_places)
    ],
    "missions:base_options": [
        visit(LOGGED_IN, query=lambda s: f"?province={s.nk.province.pk}", secrets=nk_places)
    ],
    # Missions ---------------------------------------------------------------------------
    "missions:mission_list": [visit(MISSION_LIST), *exports(MISSION_LIST)],
    "missions:my_missions": [visit(LOGGED_IN), *exports(LOGGED_IN)],
    "missions:mission_detail": [
        visit(MISSION_PAGE, pk("deployed"), note="in the field: team, meetings, stakeholders"),
        visit(off_team(MISSION_PAGE), pk("forming"), note="team forming, an invitation open"),
        visit(MISSION_PAGE, pk("approved.mission"), note="report approved: follow-up"),
    ],
    "missions:mission_plan": [
        visit(off_team(MANAGE), pk("planning")),
        # In review, the plan can no longer change (mission_update_plan refuses it): the page
        # should say so before anything is typed, as the field-work pages do.
        visit(MANAGE_CLOSED, pk("in_review.mission"), note="report in review"),
    ],
    "missions:logistics_create": [
        visit(off_team(MANAGE), pk("forming")),
        # A cancelled mission takes nothing new.
        visit(off_team(MANAGE_CLOSED), pk("cancelled"), note="cancelled"),
    ],
    "missions:logistics_update": [
        visit(off_team(MANAGE), lambda s: {"pk": s.forming.pk, "item_id": s.helicopter.pk})
    ],
    "missions:mission_status": [
        post(off_team(MANAGE_POST), pk("forming"), data=lambda s: {"status": "planning"})
    ],
    "missions:mission_early_notice": [post(off_team(MANAGE_POST), pk("planning"))],
    "missions:mission_email_resend": [
        post(
            off_team(MANAGE_POST),
            lambda s: {"pk": s.forming.pk, "email_id": s.invitation_email.pk},
        )
    ],
    "missions:team_add": [
        visit(off_team(MANAGE), pk("forming")),
        # Back from the field, the roster is fixed (team_add_member refuses): the page should
        # say so before a name is chosen.
        visit(MANAGE_CLOSED, pk("drafting.mission"), note="report drafting"),
    ],
    "missions:team_withdraw": [
        post(
            off_team(MANAGE_POST),
            lambda s: {"pk": s.forming.pk, "member_id": s.invitation.pk},
        )
    ],
    "missions:team_answer": [
        visit(
            INVITATION,
            lambda s: {"pk": s.forming.pk, "member_id": s.invitation.pk},
            query=lambda s: "?answer=accept",
        )
    ],
    # The consultation list: the mission list's rule (MISSION_LIST: whoever sees missions,
    # each in their own scope, the Sud-Kivu team member with the Nord-Kivu meetings of their
    # missions; requesters and analysts get a 403). Out of scope, the user's own list: never a
    # Nord-Kivu mission nor its places. No contact on it for anyone (the page checks).
    "missions:consultation_list": [
        visit(MISSION_LIST, secrets=nk_consultation_secrets),
        visit(
            MISSION_LIST,
            query=lambda s: f"?province={s.nk.province.pk}&kind=local_women",
            secrets=nk_consultation_secrets,
            note="filtered on Nord-Kivu",
        ),
        *exports(MISSION_LIST, secrets=nk_consultation_secrets),
    ],
    # The review stages that ended: the mission list's rule; out of scope, no Nord-Kivu report.
    "reports:review_stage_list": [
        visit(MISSION_LIST, secrets=lambda s: s.nk_titles),
        visit(
            MISSION_LIST,
            query=lambda s: f"?province={s.nk.province.pk}&late=false&level=head_of_office",
            secrets=lambda s: s.nk_titles,
            note="filtered on Nord-Kivu",
        ),
        *exports(MISSION_LIST, secrets=lambda s: s.nk_titles),
    ],
    # The team list: the mission list's rule too. Out of scope, never a Nord-Kivu mission.
    "missions:team_member_list": [
        visit(MISSION_LIST, secrets=lambda s: s.nk_titles),
        visit(
            MISSION_LIST,
            query=lambda s: f"?province={s.nk.province.pk}&sex=woman&role=interpreter",
            secrets=lambda s: s.nk_titles,
            note="filtered on Nord-Kivu",
        ),
        *exports(MISSION_LIST, secrets=lambda s: s.nk_titles),
    ],
    "missions:consultation_create": [
        visit(CONTRIBUTE, pk("deployed")),
        # The report is in review: the record of meetings stays as submitted.
        visit(CONTRIBUTE_CLOSED, pk("in_review.mission"), note="report in review"),
    ],
    "missions:consultation_update": [
        visit(CONTRIBUTE, lambda s: {"pk": s.deployed.pk, "consultation_id": s.consultation.pk})
    ],
    "missions:stakeholder_add": [
        visit(CONTRIBUTE, pk("deployed")),
        visit(CONTRIBUTE_CLOSED, pk("in_review.mission"), note="report in review"),
    ],
    "missions:stakeholder_update": [
        visit(CONTRIBUTE, lambda s: {"pk": s.deployed.pk, "link_id": s.deployed_link.pk})
    ],
    "missions:stakeholder_remove": [
        visit(CONTRIBUTE, lambda s: {"pk": s.deployed.pk, "link_id": s.deployed_link.pk})
    ],
    # Reports ----------------------------------------------------------------------------
    "reports:report_start": [post(CONTRIBUTE_POST, pk("deployed"))],
    "reports:report_detail": [
        visit(MISSION_PAGE, pk("drafting.report"), note="draft"),
        visit(MISSION_PAGE, pk("bare_report"), note="just started, no section rows"),
        visit(MISSION_PAGE, pk("in_review.report"), note="in review at the head of office"),
        visit(MISSION_PAGE, pk("approved_report"), note="approved: the frozen copy"),
    ],
    "reports:report_update": [
        visit(CONTRIBUTE, pk("drafting.report")),
        # Approved: it cannot change (the right is checked first: others still get a 403).
        visit(CONTRIBUTE_CLOSED, pk("approved_report"), note="approved"),
    ],
    "reports:report_submit": [post(CONTRIBUTE_POST, pk("drafting.report"))],
    "reports:threat_create": [visit(CONTRIBUTE, pk("drafting.report"))],
    "reports:threat_update": [
        visit(
            CONTRIBUTE,
            lambda s: {"pk": s.drafting.report.pk, "threat_id": s.drafting.threats[0].pk},
        )
    ],
    "reports:threat_remove": [
        visit(
            CONTRIBUTE,
            lambda s: {"pk": s.drafting.report.pk, "threat_id": s.drafting.threats[0].pk},
        )
    ],
    "reports:sv_analysis": [
        visit(CONTRIBUTE, pk("drafting.report")),
        visit(CONTRIBUTE, pk("bare_report"), note="its row missing: read, never created"),
        visit(CONTRIBUTE_CLOSED, pk("in_review.report"), note="in review"),
    ],
    "reports:protection_plan": [
        visit(CONTRIBUTE, pk("drafting.report"), note="a contingency contact with a phone"),
        visit(CONTRIBUTE, pk("bare_report"), note="its row missing: read, never created"),
        visit(CONTRIBUTE_CLOSED, pk("in_review.report"), note="in review"),
    ],
    "reports:recommendation_create": [visit(CONTRIBUTE, pk("drafting.report"))],
    "reports:recommendation_update": [
        visit(CONTRIBUTE, lambda s: {"pk": s.drafting.report.pk, "rec_id": s.drafting.recs[0].pk})
    ],
    "reports:recommendation_remove": [
        visit(CONTRIBUTE, lambda s: {"pk": s.drafting.report.pk, "rec_id": s.drafting.recs[0].pk})
    ],
    # PDFs of reports -------------------------------------------------------------------
    "reports:report_pdf": [
        post(replaced(MISSION_PAGE, OK, REDIRECT), pk("drafting.report"), note="draft"),
        post(replaced(MISSION_PAGE, OK, REDIRECT), pk("approved_report"), note="approved"),
    ],
    "documents:document_status": [
        visit(CONTACTS_PDF, report_pdf("drafting.report", "ca"), note="with contacts"),
        visit(MISSION_PAGE, report_pdf("approved_report", "ca"), note="approved, no contact"),
        visit(TREND_PDF, trend_pdf("nk"), note="Nord-Kivu's trend summary"),
    ],
    "documents:document_download": [
        download(CONTACTS_PDF, report_pdf("drafting.report", "ca"), note="with contacts"),
        download(MISSION_PAGE, report_pdf("approved_report", "ca"), note="approved"),
        download(TREND_PDF, trend_pdf("nk"), note="Nord-Kivu's trend summary"),
        download(
            {**TREND_PDF, **dict.fromkeys(_INDICATORS, HIDDEN)},
            trend_pdf(None),
            note="every province's trend summary",
        ),
    ],
    # The threat list: every record list's rule (MISSION_LIST: whoever sees missions, each
    # in their own scope; analysts get a 403). Out of scope, the user's own list: never a
    # Nord-Kivu mission nor the armed groups its reports name.
    "reports:threat_list": [
        visit(MISSION_LIST, secrets=nk_threat_secrets),
        visit(
            MISSION_LIST,
            query=lambda s: f"?province={s.nk.province.pk}&threat_type=attack&trend=rising",
            secrets=nk_threat_secrets,
            note="filtered on Nord-Kivu",
        ),
        *exports(MISSION_LIST, secrets=nk_threat_secrets),
    ],
    # The review chain and recommendations ----------------------------------------------
    "reports:inbox": [visit(INBOX), *exports(INBOX)],
    "reports:review": [
        visit(REVIEW_PAGE, lambda s: {"stage_id": s.open_stage.pk}, note="open, one decided"),
        visit(REVIEW_PAGE, lambda s: {"stage_id": s.kinshasa_stage.pk}, note="at Kinshasa"),
        visit(REVIEW_PAGE, lambda s: {"stage_id": s.final_stage.pk}, note="approved"),
    ],
    "reports:decide": [
        post(
            DECIDE_HOO,
            lambda s: {"stage_id": s.open_stage.pk, "rec_id": s.undecided.pk},
            data=lambda s: {f"rec{s.undecided.pk}-decision": "endorse"},
            note="at the head of office",
        ),
        post(
            DECIDE_KINSHASA,
            lambda s: {"stage_id": s.kinshasa_stage.pk, "rec_id": s.at_kinshasa.recs[0].pk},
            data=lambda s: {f"rec{s.at_kinshasa.recs[0].pk}-decision": "endorse"},
            note="at Kinshasa",
        ),
    ],
    "reports:return": [
        post(
            DECIDE_HOO,
            lambda s: {"stage_id": s.open_stage.pk},
            data=lambda s: {"return-comment": "Name the unit that escorts the women."},
        )
    ],
    "recommendations:recommendation_list": [visit(MISSION_LIST), *exports(MISSION_LIST)],
    "recommendations:recommendation_detail": [
        visit(MISSION_PAGE, pk("undecided"), note="in review"),
        visit(MISSION_PAGE, pk("approved.recs.0"), note="approved"),
    ],
    # The follow-up -----------------------------------------------------------------------
    "recommendations:implementation_update": [
        visit(TRACK, pk("approved.recs.0"), note="approved"),
        # In review: back to the recommendation's page with the reason.
        visit(replaced(TRACK, OK, REDIRECT), pk("undecided"), note="in review"),
    ],
    "recommendations:board": [
        visit(FOLLOW_UP),
        visit(FOLLOW_UP, query=lambda s: f"?province={s.nk.province.pk}", note="Nord-Kivu"),
    ],
    "recommendations:alert_list": [
        visit(FOLLOW_UP),
        *exports(FOLLOW_UP, setup=follow_up_alert, secrets=nk_places),
    ],
    "recommendations:alert_create": [visit(LOG_FOLLOW_UP, secrets=nk_plan_rows)],
    "recommendations:alert_update": [
        visit(FOLLOW_UP_RECORD, lambda s: {"pk": follow_up_alert(s).pk})
    ],
    # The alert form's <option>s of the plan: narrowed to the user's provinces (empty out of
    # scope, never a 404 that would confirm an id).
    "recommendations:alert_plan_options": [
        visit(
            LOG_FOLLOW_UP,
            query=lambda s: f"?locality={s.nk.places['Ntoto'].pk}&kind=safe_area",
            secrets=nk_plan_rows,
        )
    ],
    "recommendations:support_list": [visit(FOLLOW_UP), *exports(FOLLOW_UP)],
    "recommendations:support_create": [visit(RECORD_SUPPORT)],
    "recommendations:visit_list": [
        visit(FOLLOW_UP),
        *exports(FOLLOW_UP, setup=follow_up_visit, secrets=nk_places),
    ],
    # What the visits saw: the visit list's rule; out of scope, no Nord-Kivu place nor record.
    "recommendations:observation_list": [
        visit(FOLLOW_UP),
        *exports(FOLLOW_UP, setup=follow_up_visit, secrets=nk_places),
    ],
    "recommendations:visit_detail": [
        visit(FOLLOW_UP_RECORD, lambda s: {"pk": follow_up_visit(s).pk}, note="urgent alert")
    ],
    "recommendations:visit_create": [
        visit(LOG_FOLLOW_UP, secrets=nk_followup_texts),
        # A link to a Nord-Kivu place: not found out of scope.
        visit(
            {**LOG_FOLLOW_UP, "cli_out": HIDDEN},
            query=lambda s: f"?locality={s.nk.places['Otobora'].pk}",
            note="from the home page's places",
        ),
    ],
    # The recommendations of one place, fetched by the form's script: another province's
    # locality is not found.
    "recommendations:visit_place_recommendations": [
        visit(
            {**LOG_FOLLOW_UP, "cli_out": HIDDEN},
            lambda s: {"pk": s.nk.places["Otobora"].pk},
            secrets=nk_followup_texts,
            note="a Nord-Kivu place",
        )
    ],
    "recommendations:visit_sync": [
        post(row(DENIED, anon=401, cli=BAD, cli_out=BAD, admin=BAD), data=lambda s: {"x": "1"})
    ],
    "recommendations:visit_request": [
        visit(TRACK, lambda s: {"pk": follow_up_visit(s).pk}, note="an urgent alert")
    ],
    "recommendations:places": [
        visit(LOG_FOLLOW_UP, secrets=nk_followup_texts),
        *exports(LOG_FOLLOW_UP, secrets=nk_followup_texts),
    ],
    "recommendations:calendar": [
        visit(LOG_FOLLOW_UP, secrets=nk_followup_texts),
        *exports(LOG_FOLLOW_UP, setup=follow_up_planned, secrets=nk_places),
    ],
    # Someone else's planned visit (the administrator's, Sud-Kivu's CLI): not found.
    "recommendations:planned_visit_cancel": [
        post(
            row(DENIED, cli=REDIRECT, cli_out=HIDDEN, admin=HIDDEN),
            lambda s: {"pk": follow_up_planned(s).pk},
        )
    ],
    # The indicators ------------------------------------------------------------------------
    "insights:dashboard": [
        visit(INDICATORS, secrets=nk_indicator_secrets, note="the month just ended"),
        visit(INDICATORS, query=last_year, secrets=nk_indicator_secrets, note="a year"),
        # Out of scope, Nord-Kivu is no choice: the user's own figures, never Nord-Kivu's.
        visit(
            INDICATORS,
            query=lambda s: f"?province={s.nk.province.pk}",
            secrets=nk_indicator_secrets,
            note="Nord-Kivu",
        ),
        visit(
            INDICATORS,
            query=lambda s: "?month=2026-13&start=yesterday&end=&province=x",
            secrets=nk_indicator_secrets,
            note="malformed query: the form's errors, never a 500",
        ),
    ],
    "insights:summary_list": [visit(INDICATORS, secrets=nk_indicator_secrets)],
    "insights:summary_detail": [
        visit(NK_SUMMARY, summary("nk"), note="Nord-Kivu's"),
        visit(ALL_SUMMARY, summary(None), note="every province's"),
    ],
    "insights:summary_compute": [
        visit(COMPUTE_SUMMARY, secrets=nk_indicator_secrets),
        post(
            COMPUTE_NK,
            data=lambda s: {"month": f"{timezone.localdate():%Y-%m}", "province": s.nk.province.pk},
            on_get=COMPUTE_SUMMARY,
            note="for Nord-Kivu",
        ),
    ],
    "insights:summary_pdf": [
        post(replaced(NK_SUMMARY, OK, REDIRECT), summary("nk"), note="Nord-Kivu's"),
        post(replaced(ALL_SUMMARY, OK, REDIRECT), summary(None), note="every province's"),
    ],
    "service_worker": [visit(PUBLIC)],
}


# --------------------------------------------------------------------------------------------
# The tests
# --------------------------------------------------------------------------------------------


def test_every_route_has_a_row():
    routes = named_routes()
    missing = sorted(set(routes) - set(MATRIX))
    assert not missing, f"Routes without a row in the permission matrix: {missing}"
    gone = sorted(set(MATRIX) - set(routes))
    assert not gone, f"Rows of the permission matrix for routes that no longer exist: {gone}"
    for name, cases in MATRIX.items():
        assert cases, name
        for case in cases:
            assert set(case.expect) == set(WHO), f"{name}: the row must give every column"
        if name in POST_ONLY:
            assert all(case.data is not None for case in cases), f"{name} is POST-only"


@pytest.mark.django_db
def test_every_role_has_a_column_in_scope_and_out(matrix_scene):
    users = matrix_scene.users
    assert set(users) | {"anon"} == set(WHO)
    assert {who for who, _role, _province in MATRIX_PEOPLE} == set(WHO) - {"anon"}

    def role_of(who):
        return {Role(name) for name in users[who].groups.values_list("name", flat=True)}

    assert set().union(*(role_of(who) for who in IN_SCOPE + ALL_PROVINCES)) == set(Role)
    for who in IN_SCOPE:
        assert role_of(f"{who}_out") == role_of(who)
        assert set(users[who].provinces.all()) == {matrix_scene.nk.province}
        assert set(users[f"{who}_out"].provinces.all()) == {matrix_scene.sk.province}
    for who in ALL_PROVINCES:
        assert users[who].sees_all_provinces


WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?([\w.]+)"?', re.IGNORECASE)


def writes(queries) -> list[str]:
    """The INSERT/UPDATE/DELETE statements of a request but those on the session table."""
    found = []
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and match.group(1) != "django_session":
            found.append(query["sql"][:160])
    return found


def outcome(response):
    if response.status_code == 302:
        target = response["Location"]
        if target.startswith(reverse("login")) and "next=" in target:
            return LOGIN
        return REDIRECT
    return response.status_code


def send(scene, who: str, method: str, url: str, data=None):
    """One request as ``who``, in a savepoint rolled back afterwards; the client's cookies are
    put back as they were (a logout or a language switch must not leak into the next cell)."""
    client = scene.clients[who]
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = getattr(client, method)(url, data or {})
        transaction.set_rollback(True)
    client.cookies = SimpleCookie()
    if scene.sessions[who]:
        client.cookies[settings.SESSION_COOKIE_NAME] = scene.sessions[who]
    return response, queries.captured_queries


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def readable(response) -> str | None:
    """What the user reads: a page's HTML, or an export's cells (CSV, XLSX) escaped as a page
    would show them; None for anything else."""
    kind = response.get("Content-Type", "")
    if kind.startswith("text/html"):
        return response.content.decode()
    if kind.startswith("text/csv"):
        return escape(response.content.decode("utf-8-sig"))
    if kind.startswith(XLSX_TYPE):
        sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
        cells = (str(value) for row in sheet.iter_rows(values_only=True) for value in row)
        return escape("\n".join(cells))
    if kind.startswith("application/pdf"):
        return escape(pdf_text(b"".join(response.streaming_content), layout=True))
    return None


def page_problems(scene, who: str, response, case: Case) -> list[str]:
    """What a page (or an export) must never show this user: phone numbers they may not see,
    Nord-Kivu records when they are out of scope."""
    content = readable(response) if response.status_code in (OK, BAD) else None
    if content is None:
        return []
    problems = []
    for phone, missions in scene.phones.items():
        if phone in content and not missions & scene.contact_missions[who]:
            problems.append(f"shows the phone number {phone}, which can_see_contacts forbids")
    if who in OUT_OF_SCOPE:
        secrets = case.secrets(scene) if case.secrets else scene.nk_titles
        shown = [text for text in secrets if escape(text) in content]
        if shown:
            problems.append(f"shows Nord-Kivu records to an out-of-scope user: {shown}")
    return problems


def check(scene, who, method, url, expected, case) -> list[str]:
    """One cell: the request, its status against ``expected`` (a status, or a set of them),
    and the checks of what the page shows and writes."""
    data = case.data(scene) if method == "post" else None
    response, queries = send(scene, who, method, url, data)
    got = outcome(response)
    accepted = expected if isinstance(expected, set) else {expected}
    label = f"{method.upper()} {url}{f' ({case.note})' if case.note else ''} as {who}"
    problems = []
    if got not in accepted:
        detail = ""
        if response.exc_info:
            detail = f" ({response.exc_info[1]!r})"
        elif got == REDIRECT:
            detail = f" (to {response['Location']})"
        wanted = " or ".join(str(status) for status in sorted(accepted, key=str))
        problems.append(f"{label}: expected {wanted}, got {got}{detail}")
    problems.extend(f"{label}: {problem}" for problem in page_problems(scene, who, response, case))
    if method == "get":
        written = writes(queries)
        if case.audited:
            # An export answering a file writes its one audit entry; refused, nothing.
            audit = [sql for sql in written if '"audit_auditentry"' in sql]
            if len(audit) != (entries := 1 if got == OK else 0):
                problems.append(f"{label}: {len(audit)} audit entries written, not {entries}")
            written = [sql for sql in written if sql not in audit]
        problems.extend(f"{label}: writes on GET: {sql}" for sql in written)
    return problems


@pytest.mark.django_db
def test_the_page_checks_see_what_they_look_for(matrix_scene):
    """The checks on each page would notice: phone numbers are on the pages of those who may
    see them, a write is recognised, and the section rows of ``bare_report`` are missing."""
    scene = matrix_scene
    detail = reverse("missions:mission_detail", args=[scene.deployed.pk])
    report = reverse("reports:report_detail", args=[scene.drafting.report.pk])
    plan = reverse("reports:protection_plan", args=[scene.drafting.report.pk])
    contingency = scene.drafting.links[0].stakeholder.phone
    for who in ("ca", "head", "smg_p", "member"):
        response, _queries = send(scene, who, "get", detail)
        assert scene.deployed_link.stakeholder.phone in response.content.decode(), who
        response, _queries = send(scene, who, "get", report)
        assert contingency in response.content.decode(), who
    for who in ("ca", "member"):
        response, _queries = send(scene, who, "get", plan)
        assert contingency in response.content.decode(), f"{who}: the contingency contact"
    _response, queries = send(
        scene, "ca", "post", reverse("reports:report_start", args=[scene.deployed.pk])
    )
    assert writes(queries)
    assert not hasattr(Report.objects.get(pk=scene.bare_report.pk), "sv_analysis")
    assert not hasattr(Report.objects.get(pk=scene.bare_report.pk), "protection_plan")


@pytest.fixture(autouse=True, scope="module")
def quiet_refusals():
    """Each 403 and 404 of the matrix would be logged with its traceback (500s still are)."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_permission_matrix(route, matrix_scene):
    scene = matrix_scene
    problems = []
    for case in MATRIX[route]:
        url = reverse(route, kwargs=case.kwargs(scene)) + case.query(scene)
        for who in WHO:
            expected = case.expect[who]
            if case.data is None:
                problems.extend(check(scene, who, "get", url, expected, case))
                continue
            problems.extend(check(scene, who, "post", url, expected, case))
            if case.on_get is not None:
                on_get = {case.on_get[who]}
            else:
                # A 405, or the refusal the POST gets (views that check the right before the
                # method): never the page nor the action.
                on_get = {NOT_ALLOWED, expected} if expected in REFUSALS else {NOT_ALLOWED}
            problems.extend(check(scene, who, "get", url, on_get, case))
    assert not problems, f"{len(problems)} problems on {route}:\n  " + "\n  ".join(problems)


# Links from the indicators' figures to the record lists (the nav's links have no query).
RECORD_LINK = re.compile(
    r'href="(/(?:missions|recommendations|follow-up|threats|consultations)/[^"?]*\?[^"]*)"'
)


@pytest.mark.django_db
def test_analysts_get_the_figures_without_the_drill_down(matrix_scene):
    """Every number links to its list for those who see the records; the analyst (aggregates
    only) gets the same figures with no link, and a link followed opens the list (a 200)."""
    scene = matrix_scene
    url = reverse("insights:dashboard") + last_year(scene)
    figures = {}
    for who in ("ca", "smg_k", "analyst"):
        response, _queries = send(scene, who, "get", url)
        assert response.status_code == OK, who
        missions = next(k for k in response.context["presentation"].kpis if k.id == "missions")
        figures[who] = missions.current.value
        links = RECORD_LINK.findall(response.content.decode())
        if who == "analyst":
            assert not links, f"the analyst is offered records: {links[:3]}"
            assert not response.context["drill_down"]
        else:
            assert links, f"{who}: no figure links to its list"
            threats = sorted({link for link in links if link.startswith("/threats/")})
            assert threats, f"{who}: no count of threats links to the threat list"
            meetings = sorted({link for link in links if link.startswith("/consultations/")})
            assert meetings, f"{who}: no count of meetings links to the consultation list"
            for link in [*sorted(set(links))[:5], *threats[:3], *meetings[:3]]:
                followed, _queries = send(scene, who, "get", link.replace("&amp;", "&"))
                assert followed.status_code == OK, (who, link)
        # The analyst refused the list the others follow (aggregates only).
        if who == "analyst":
            for route in (
                "reports:threat_list",
                "missions:consultation_list",
                "missions:team_member_list",
                "reports:review_stage_list",
            ):
                refused, _queries = send(scene, who, "get", reverse(route))
                assert refused.status_code == DENIED, route
    assert figures["ca"] and figures["smg_k"] >= figures["ca"]
    assert figures["analyst"] == figures["smg_k"]  # both see every province
