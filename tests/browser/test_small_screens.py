"""Every page on a 360 px phone: no horizontal scroll of the page, and a label on every form
control.

Civil Affairs officers and Community Liaison Interpreters work on cheap phones, 360 px wide. A
page wider than the screen scrolls sideways and hides part of every line; a box without a label
is a guess on a small screen and silent for a screen reader.

The list of pages comes from Django's URL resolver: every named route is either visited here
(``PAGES``, with the kwargs filled in from a realistic scene) or explicitly listed as not a page
(``NOT_PAGES``, with the reason). A page added later without being listed in one of them fails
``test_every_route_is_a_visited_page_or_allow_listed``.

On each page, in a 360x740 viewport:

- ``document.documentElement.scrollWidth <= window.innerWidth``: a table may scroll inside its
  own ``.table-responsive`` box, the page never does. The check runs as the page loads, then
  again with every collapsed panel, tab pane and ``<details>`` opened (the navigation menu, the
  consultation details, the decision tabs);
- every ``<input>`` (but hidden inputs and buttons), ``<select>`` and ``<textarea>``, shown or in
  a panel the user can open, has an accessible label: a ``<label for>``, a wrapping
  ``<label>``, ``aria-label`` or ``aria-labelledby``, with some text.

Problems are collected over every page and reported together, each with the elements that stick
out and a screenshot under ``$TMPDIR/jpt-small-screens/`` (set ``JPT_SCREENSHOTS=all`` to keep
a screenshot of every page; ``JPT_PAGES=insights`` visits only the routes whose name holds
that text).
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.places.choices import LocalitySource
from jpt.places.models import Locality
from missions.choices import (
    Announcement,
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
)
from missions.models import Consultation, LogisticsItem, Mission, MissionStakeholder, TeamMember
from missions.services import (
    consultation_create,
    logistics_add,
    logistics_update,
    mission_change_status,
    mission_update_plan,
    request_approve,
    request_return,
    request_submit,
    stakeholder_add,
    team_add_member,
    team_respond,
)
from missions.tests.factories import JptRequestFactory
from missions.validation import RequestDetails
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    ImplementationStatus,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from recommendations.models import PlannedVisit
from recommendations.services import (
    alert_record,
    implementation_update,
    planned_visit_add,
    support_record,
    visit_record,
)
from reports.choices import (
    Addressee,
    AgeGroup,
    Category,
    Decision,
    PerpetratorCategory,
    Priority,
    RecommendationStatus,
    ReportStatus,
    ReviewLevel,
    ServiceAccess,
    SurvivorSex,
    ThreatType,
    Trend,
)
from reports.models import Recommendation, Report, ReviewStage
from reports.services import (
    protection_plan_update,
    recommendation_add,
    recommendation_decide,
    report_return,
    report_start,
    report_submit,
    report_update,
    sv_analysis_update,
    threat_add,
)

from .conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(tempfile.gettempdir()) / "jpt-small-screens"


# --------------------------------------------------------------------------------------------
# Which routes are pages
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """One visit of a route: who (an attribute of the scene, ``None`` for anonymous), the URL's
    kwargs and query string, and what the visit shows."""

    user: str | None
    kwargs: dict = field(default_factory=dict)
    query: str = ""
    note: str = ""


def follow_up(s) -> SimpleNamespace:
    """The follow-up of the scene's approved report, made once through the services: its
    changed recommendation stalled with a long owner's name, two alerts in Ntoto (one still
    waiting, one relayed and answered), material support given."""
    if "follow_up" in vars(s):
        return s.follow_up
    now = timezone.now().replace(second=0, microsecond=0)
    implementation_update(
        recommendation=Recommendation.objects.get(pk=s.changed_recommendation.pk),
        user=s.lead,
        data={
            "owner_kind": "mission_section",
            "owner_name": "Human Rights and Child Protection sections (joint Walikale office)",
            "focal_person": "Marie-Chantal Uwimana Nyirabahizi",
            "target_date": timezone.localdate() - timedelta(days=3),
            "status": ImplementationStatus.STALLED,
            "stalled_reason": StalledReason.NO_FUNDING,
            "plan_section": "Human Rights",
            "plan_name": "Plan de travail des droits de l'homme, Nord-Kivu 2027",
        },
        comment="The escorts wait for the new fuel budget.",
    )
    alert = {
        "locality": s.ntoto,
        "base": s.base,
        "channel": AlertChannel.PHONE,
        "threat_type": ThreatType.ATTACK,
        "source": AlertSource.WOMENS_GROUP,
        "description": "Hommes armés vus près des champs de Buleusa-Mutongo avant l'aube.",
    }
    waiting = alert_record(user=s.cli, data={**alert, "received_at": now - timedelta(hours=7)})
    received = now - timedelta(days=2)
    answered = alert_record(
        user=s.cli,
        data={
            **alert,
            "received_at": received,
            "relayed_at": received + timedelta(minutes=12),
            "relayed_to": [RelayedTo.PEACEKEEPERS, RelayedTo.NATIONAL_ARMY],
            "responded_at": received + timedelta(hours=2, minutes=40),
            "response": "Une patrouille de la compagnie A est allée aux champs.",
        },
    )
    support_record(
        user=s.cli,
        data={
            "locality": s.ntoto,
            "given_on": timezone.localdate(),
            "item": SupportItem.OTHER,
            "item_detail": "Téléphones solaires Nokia avec crédit de communication",
            "women": 14,
            "men": 9,
        },
    )
    s.follow_up = SimpleNamespace(waiting=waiting, answered=answered)
    return s.follow_up


def follow_up_visits(s) -> SimpleNamespace:
    """The CLI's follow-up, made once through the services: an urgent visit to Otobora with
    long notes, seeing the approved recommendations there, and a planned visit not made by
    its date."""
    if "follow_up_visits" in vars(s):
        return s.follow_up_visits
    approved = Recommendation.objects.filter(
        report=s.report_approved, status=RecommendationStatus.APPROVED
    ).order_by("id")
    visit_row, _created = visit_record(
        user=s.cli,
        client_id=uuid.uuid4(),
        data={
            "visited_on": timezone.localdate(),
            "localities": [s.otobora],
            "women": 23,
            "men": 17,
            "women_meeting": True,
            "confidence": 2,
            "new_threats": [ThreatType.ATTACK, ThreatType.CHILD_RECRUITMENT],
            "threats_note": "Des hommes armés recrutent des enfants au marché. " + LONG_TOPICS,
            "urgent_alert": True,
            "note": LONG_TOPICS,
            "observations": [
                {"recommendation": rec, "finding": "partly", "note": LONG_TOPICS}
                for rec in approved
            ],
        },
    )
    planned = planned_visit_add(
        user=s.cli,
        data={
            "planned_on": timezone.localdate(),
            "localities": [s.otobora, s.ntoto],
            "purpose": "Vérifier les escortes du marché du jeudi et la patrouille de nuit",
        },
    )
    PlannedVisit.objects.filter(pk=planned.pk).update(
        planned_on=timezone.localdate() - timedelta(days=4)
    )
    s.follow_up_visits = SimpleNamespace(visit=visit_row, planned=planned)
    return s.follow_up_visits


def summaries(s) -> SimpleNamespace:
    """The monthly trend summaries of the month just ended, computed once through the service:
    Nord-Kivu's by its Civil Affairs officer, every province's by the analyst (after the
    follow-up is made, so their tables are full)."""
    if "summaries" in vars(s):
        return s.summaries
    from jpt.insights.periods import last_full_month
    from jpt.insights.services import summary_compute

    follow_up(s)
    follow_up_visits(s)
    month = last_full_month().start
    s.summaries = SimpleNamespace(
        nord_kivu=summary_compute(month=month, province=s.nord_kivu, user=s.lead),
        everywhere=summary_compute(month=month, province=None, user=s.analyst),
    )
    return s.summaries


def this_year(s) -> str:
    today = timezone.localdate()
    return f"?start={today - timedelta(days=364):%Y-%m-%d}&end={today:%Y-%m-%d}"


# Route name -> the visits of that page, built from the scene. Routes whose pages differ a lot
# by role or state are visited more than once.
PAGES = {
    "home": lambda s: [
        Visit(who, note=who)
        for who in (
            "requester",
            "lead",
            "gender_officer",
            "cli",
            "head",
            "smg_provincial",
            "smg_kinshasa",
            "rrewc",
            "analyst",
            "admin",
        )
    ],
    # Accounts
    "login": lambda s: [Visit(None)],
    "password_change": lambda s: [Visit("lead")],
    "password_change_done": lambda s: [Visit("lead")],
    "password_reset": lambda s: [Visit(None)],
    "password_reset_done": lambda s: [Visit(None)],
    # A valid link: the view redirects to the form that sets the new password.
    "password_reset_confirm": lambda s: [
        Visit(None, {"uidb64": s.reset_uid, "token": s.reset_token}, note="valid link"),
        Visit(None, {"uidb64": s.reset_uid, "token": "bad-token"}, note="expired link"),
    ],
    "password_reset_complete": lambda s: [Visit(None)],
    "profile": lambda s: [Visit("lead"), Visit("cli")],
    # Requests
    "missions:request_list": lambda s: [
        Visit("lead"),
        Visit("lead", query="?status=submitted&page=2", note="filtered, second page"),
    ],
    "missions:my_requests": lambda s: [Visit("requester"), Visit("requester", query="?page=2")],
    "missions:request_create": lambda s: [Visit("requester"), Visit("lead")],
    "missions:request_detail": lambda s: [
        Visit("lead", {"pk": s.pending_request.pk}, note="decision forms"),
        Visit("requester", {"pk": s.returned_request.pk}, note="returned"),
        Visit("lead", {"pk": s.main.request_id}, note="approved"),
    ],
    "missions:request_update": lambda s: [
        Visit("requester", {"pk": s.returned_request.pk}),
        Visit("requester", {"pk": s.pending_request.pk}),
    ],
    # Missions
    "missions:mission_list": lambda s: [Visit("lead"), Visit("cli")],
    "missions:my_missions": lambda s: [Visit("lead"), Visit("cli")],
    "missions:mission_detail": lambda s: [
        Visit("lead", {"pk": s.main.pk}, note="full team, report drafting"),
        Visit("cli", {"pk": s.main.pk}, note="as its CLI"),
        Visit("smg_kinshasa", {"pk": s.main.pk}, note="without contacts"),
        Visit("lead", {"pk": s.forming.pk}, note="team forming, leaving tomorrow"),
        Visit("invitee", {"pk": s.forming.pk}, note="as the invited person"),
    ],
    "missions:mission_plan": lambda s: [Visit("lead", {"pk": s.forming.pk})],
    "missions:logistics_create": lambda s: [Visit("lead", {"pk": s.forming.pk})],
    "missions:logistics_update": lambda s: [
        Visit("lead", {"pk": s.forming.pk, "item_id": s.helicopter.pk})
    ],
    "missions:team_add": lambda s: [Visit("lead", {"pk": s.forming.pk})],
    "missions:team_answer": lambda s: [
        Visit("invitee", {"pk": s.forming.pk, "member_id": s.invitation.pk}, "?answer=accept"),
        Visit("invitee", {"pk": s.forming.pk, "member_id": s.invitation.pk}, "?answer=decline"),
    ],
    # The consultation list (the indicators' counts of meetings link to it, filtered).
    "missions:consultation_list": lambda s: [
        Visit("lead"),
        Visit("smg_kinshasa", query="?kind=local_women", note="filtered"),
    ],
    # The review stages that ended (the indicators' review times link to it).
    "reports:review_stage_list": lambda s: [
        Visit("lead"),
        Visit("smg_kinshasa", query="?late=false"),
    ],
    # The team list (the indicators' counts of team members link to it, filtered).
    "missions:team_member_list": lambda s: [
        Visit("lead"),
        Visit("smg_kinshasa", query="?sex=woman&role=interpreter", note="filtered"),
    ],
    "missions:consultation_create": lambda s: [Visit("lead", {"pk": s.main.pk})],
    "missions:consultation_update": lambda s: [
        Visit("cli", {"pk": s.main.pk, "consultation_id": s.consultation.pk})
    ],
    "missions:stakeholder_add": lambda s: [Visit("lead", {"pk": s.main.pk})],
    "missions:stakeholder_update": lambda s: [
        Visit("lead", {"pk": s.main.pk, "link_id": s.stakeholder_link.pk})
    ],
    "missions:stakeholder_remove": lambda s: [
        Visit("lead", {"pk": s.main.pk, "link_id": s.stakeholder_link.pk})
    ],
    # Reports
    "reports:report_detail": lambda s: [
        Visit("lead", {"pk": s.report.pk}, note="returned, editable"),
        Visit("head", {"pk": s.report.pk}, note="read by a reviewer"),
        Visit("lead", {"pk": s.report_in_review.pk}, note="in review"),
        Visit("lead", {"pk": s.report_approved.pk}, note="approved: the frozen copy"),
    ],
    "reports:report_update": lambda s: [Visit("lead", {"pk": s.report.pk})],
    # The threat list (the indicators' counts of threats link to it, filtered).
    "reports:threat_list": lambda s: [
        Visit("lead"),
        Visit("smg_kinshasa", query="?threat_type=attack&trend=rising", note="filtered"),
    ],
    "reports:threat_create": lambda s: [Visit("lead", {"pk": s.report.pk})],
    "reports:threat_update": lambda s: [
        Visit("lead", {"pk": s.report.pk, "threat_id": s.threat.pk})
    ],
    "reports:threat_remove": lambda s: [
        Visit("lead", {"pk": s.report.pk, "threat_id": s.threat.pk})
    ],
    "reports:sv_analysis": lambda s: [Visit("lead", {"pk": s.report.pk})],
    "reports:protection_plan": lambda s: [Visit("lead", {"pk": s.report.pk})],
    "reports:recommendation_create": lambda s: [Visit("lead", {"pk": s.report.pk})],
    "reports:recommendation_update": lambda s: [
        Visit("lead", {"pk": s.report.pk, "rec_id": s.recommendation.pk})
    ],
    "reports:recommendation_remove": lambda s: [
        Visit("lead", {"pk": s.report.pk, "rec_id": s.recommendation.pk})
    ],
    # Review chain and recommendations
    "reports:inbox": lambda s: [Visit("head"), Visit("smg_kinshasa")],
    "reports:review": lambda s: [
        Visit("head", {"stage_id": s.open_stage.pk}, note="decision forms"),
        Visit("head", {"stage_id": s.returned_stage.pk}, note="returned, read-only"),
        Visit("smg_kinshasa", {"stage_id": s.final_stage.pk}, note="approved, read-only"),
    ],
    "recommendations:recommendation_list": lambda s: [Visit("lead"), Visit("smg_kinshasa")],
    "recommendations:recommendation_detail": lambda s: [
        Visit("lead", {"pk": s.changed_recommendation.pk}, note="decided at every level"),
        Visit("lead", {"pk": s.recommendation.pk}, note="draft"),
    ],
    # Follow-up: implementation, the board, alerts, material support (``follow_up(s)`` makes
    # their rows once, and is truthy).
    "recommendations:implementation_update": lambda s: (
        follow_up(s) and [Visit("lead", {"pk": s.changed_recommendation.pk})]
    ),
    "recommendations:board": lambda s: (
        follow_up(s)
        and [
            Visit("lead", note="Civil Affairs"),
            Visit("cli"),
            Visit("smg_kinshasa", query=f"?province={s.nord_kivu.pk}&months=3", note="filtered"),
        ]
    ),
    "recommendations:alert_list": lambda s: (
        follow_up(s) and [Visit("cli"), Visit("lead", query="?waiting=true", note="waiting ones")]
    ),
    "recommendations:alert_create": lambda s: [Visit("cli")],
    "recommendations:alert_update": lambda s: [
        Visit("cli", {"pk": follow_up(s).waiting.pk}, note="waiting: relay and response"),
        Visit("lead", {"pk": follow_up(s).answered.pk}, note="answered, read by Civil Affairs"),
    ],
    "recommendations:support_list": lambda s: follow_up(s) and [Visit("lead")],
    "recommendations:support_create": lambda s: [Visit("cli"), Visit("lead")],
    # Follow-up visits (``follow_up_visits(s)`` makes a visit and a planned visit once).
    "recommendations:visit_create": lambda s: (
        follow_up_visits(s)
        and [
            Visit("cli", note="the places and planned visits; recommendations per place ticked"),
            Visit("cli", query=f"?locality={s.otobora.pk}", note="a place ticked"),
        ]
    ),
    "recommendations:visit_list": lambda s: (
        follow_up_visits(s) and [Visit("cli"), Visit("lead", note="Civil Affairs")]
    ),
    "recommendations:observation_list": lambda s: (
        follow_up_visits(s) and [Visit("cli"), Visit("lead", query="?finding=partly")]
    ),
    "recommendations:visit_detail": lambda s: [
        Visit("cli", {"pk": follow_up_visits(s).visit.pk}),
        Visit("lead", {"pk": follow_up_visits(s).visit.pk}, note="with the request button"),
    ],
    "recommendations:visit_request": lambda s: [
        Visit("lead", {"pk": follow_up_visits(s).visit.pk})
    ],
    "recommendations:calendar": lambda s: follow_up_visits(s) and [Visit("cli")],
    "recommendations:places": lambda s: follow_up_visits(s) and [Visit("cli")],
    # The indicators (``summaries(s)`` makes the follow-up and two stored summaries once).
    "insights:dashboard": lambda s: (
        summaries(s)
        and [
            Visit("lead", note="Civil Affairs: the month just ended, with links"),
            Visit("lead", query=this_year(s), note="a year: every table full"),
            Visit("head", query=f"{this_year(s)}&province={s.nord_kivu.pk}", note="a reviewer"),
            Visit("smg_kinshasa", query=this_year(s), note="every province"),
            Visit("analyst", query=this_year(s), note="aggregates only, no link"),
            Visit("analyst", query="?month=2026-13&start=x", note="a malformed period"),
        ]
    ),
    "insights:summary_list": lambda s: summaries(s) and [Visit("lead"), Visit("analyst")],
    "insights:summary_detail": lambda s: [
        Visit("lead", {"pk": summaries(s).nord_kivu.pk}, note="Nord-Kivu's, with the PDF card"),
        Visit("analyst", {"pk": summaries(s).everywhere.pk}, note="every province's"),
    ],
    "insights:summary_compute": lambda s: [
        Visit("lead", note="one of their provinces"),
        Visit("analyst", note="one province or all"),
    ],
}

# Named routes that are not pages a user reads or fills in, with the reason. Each entry whose
# reason starts with "POST-only" is checked against its view (``http_method_names`` without
# "get"), so a route that starts answering GET cannot hide here.
NOT_PAGES = {
    # POST-only actions (buttons on the pages above).
    "logout": "POST-only: the 'Log out' button of the user menu",
    "set_language": "Django's i18n language switch (a POST-only function view)",
    "missions:request_decide": "POST-only: the decision forms of the request page",
    "missions:mission_status": "POST-only: status buttons of the mission page",
    "missions:mission_early_notice": "POST-only: button of the mission page",
    "missions:mission_email_resend": "POST-only: button of the mission page's e-mail list",
    "missions:team_withdraw": "POST-only: button of the team table",
    "reports:report_start": "POST-only: button of the mission page",
    "reports:report_submit": "POST-only: button of the report page",
    "reports:decide": "POST-only: the decision forms of the review page",
    "reports:return": "POST-only: the return form of the review page",
    "reports:report_pdf": "POST-only: the PDF card's button on the report page",
    "insights:summary_pdf": "POST-only: the PDF card's button on a monthly summary's page",
    # htmx fragments: <option> lists swapped into the request form's selects.
    "missions:territory_options": "htmx fragment (<option>s) for the request form",
    "missions:locality_options": "htmx fragment (<option>s) for the request form",
    "missions:base_options": "htmx fragment (<option>s) for the request form",
    "recommendations:alert_plan_options": "htmx fragment (<option>s) for the alert form",
    "documents:document_status": "htmx fragment: the PDF card, polled while the PDF is made",
    "documents:document_download": "a PDF file (the card's download link), not a page",
    "recommendations:visit_sync": "POST-only: the JSON endpoint the visit form's script sends to",
    "recommendations:visit_place_recommendations": (
        "fragment: the recommendations of one place, fetched by the visit form's script (the"
        " form is visited with a place ticked)"
    ),
    "recommendations:planned_visit_cancel": "POST-only: the Cancel button of the visit calendar",
    "service_worker": "the service worker script (JavaScript at /sw.js, not a page)",
}
POST_ONLY = {name for name, why in NOT_PAGES.items() if why.startswith("POST-only")}
# Whole namespaces that are not the application's pages.
NOT_PAGE_NAMESPACES = {
    "admin": "Django's admin (administrators only, desktop; styled by Django)",
}


def named_routes() -> dict[str, object]:
    """Every named route of the project, ``"namespace:name"`` -> its URL pattern, walking the
    resolver's tree (an unnamed route, which cannot be reversed, appears as ``<unnamed ...>``)."""
    routes: dict[str, object] = {}

    def walk(patterns, namespaces: list[str], prefix: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = [*namespaces, pattern.namespace] if pattern.namespace else namespaces
                if inner and inner[0] in NOT_PAGE_NAMESPACES:
                    continue
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            else:
                route = prefix + str(pattern.pattern)
                name = ":".join([*namespaces, pattern.name]) if pattern.name else None
                routes[name or f"<unnamed /{route}>"] = pattern

    walk(get_resolver().url_patterns, [], "")
    return routes


def test_every_route_is_a_visited_page_or_allow_listed():
    routes = named_routes()
    unlisted = sorted(set(routes) - set(PAGES) - set(NOT_PAGES))
    assert not unlisted, (
        "Routes neither visited on a small screen nor allow-listed: add them to PAGES (with a "
        f"visit built from the scene) or, if they are not pages, to NOT_PAGES: {unlisted}"
    )
    gone = sorted((set(PAGES) | set(NOT_PAGES)) - set(routes))
    assert not gone, f"Listed routes that no longer exist: {gone}"
    for name in POST_ONLY:
        view_class = getattr(routes[name].callback, "view_class", None)
        methods = getattr(view_class, "http_method_names", ())
        assert view_class is not None and "get" not in methods, (
            f"{name} is allow-listed as POST-only but answers GET: visit it in PAGES"
        )


# --------------------------------------------------------------------------------------------
# The checks run in each page
# --------------------------------------------------------------------------------------------

# Elements sticking out of the viewport, and not clipped by a scrolling box of their own
# (an absolutely positioned element escapes an overflow box that is not its containing block:
# that is how a visually-hidden header can widen a whole page).
OVERFLOW_JS = """
() => {
  const vw = window.innerWidth;
  const doc = document.documentElement;
  const style = (el) => getComputedStyle(el);
  function clipped(el) {
    let node = el;
    while (node && node !== document.body && node !== doc) {
      const position = style(node).position;
      if (position === 'fixed') return false;
      let parent = node.parentElement;
      if (position === 'absolute') {
        while (parent && parent !== document.body && parent !== doc
               && style(parent).position === 'static') parent = parent.parentElement;
      }
      if (!parent || parent === document.body || parent === doc) return false;
      if (style(parent).overflowX !== 'visible') return true;
      node = parent;
    }
    return false;
  }
  function describe(el) {
    let path = [];
    for (let n = el; n && n !== document.body && path.length < 4; n = n.parentElement) {
      let part = n.tagName.toLowerCase();
      if (n.id) { part += '#' + n.id; path.unshift(part); break; }
      const classes = [...n.classList].slice(0, 3);
      if (classes.length) part += '.' + classes.join('.');
      path.unshift(part);
    }
    const rect = el.getBoundingClientRect();
    const text = (el.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 60);
    return `${path.join(' > ')} [${Math.round(rect.left)}..${Math.round(rect.right)} px]`
      + (text ? ` "${text}"` : '');
  }
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const rect = el.getBoundingClientRect();
    if (!rect.width && !rect.height) continue;
    if ((rect.right > vw + 0.5 || rect.left < -0.5) && !clipped(el)) out.push(el);
  }
  // The innermost ones: what sticks out, not every ancestor it widens.
  const leaves = out.filter((el) => !out.some((other) => other !== el && el.contains(other)));
  // Text too long for its box (a long word, a nowrap line) widens without a wider child.
  const texts = [];
  if (!leaves.length) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.scrollWidth > el.clientWidth + 1 && style(el).overflowX === 'visible'
          && !clipped(el) && el.getBoundingClientRect().left + el.scrollWidth > vw + 0.5) {
        texts.push(el);
      }
    }
  }
  const culprits = (leaves.length ? leaves : texts.filter(
    (el) => !texts.some((other) => other !== el && el.contains(other))));
  return {
    scrollWidth: doc.scrollWidth,
    innerWidth: vw,
    culprits: culprits.slice(0, 6).map(describe),
  };
}
"""

# Form controls without an accessible label.
LABELS_JS = """
() => {
  const skip = ['hidden', 'submit', 'button', 'reset', 'image'];
  const out = [];
  for (const el of document.querySelectorAll('input, select, textarea')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (el.tagName === 'INPUT' && skip.includes(type)) continue;
    let name = (el.getAttribute('aria-label') || '').trim();
    if (!name && el.getAttribute('aria-labelledby')) {
      name = el.getAttribute('aria-labelledby').split(/\\s+/)
        .map((id) => (document.getElementById(id) || {}).textContent || '').join(' ').trim();
    }
    if (!name && el.labels) {
      name = [...el.labels].map((label) => label.textContent).join(' ').trim();
    }
    if (!name) {
      const shown = !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
      out.push(`<${el.tagName.toLowerCase()}${type ? ' type=' + type : ''}`
        + ` name="${el.name}" id="${el.id}">${shown ? '' : ' (in a closed panel)'}`);
    }
  }
  return out;
}
"""

# Open what a user can open: collapsed panels (the navigation menu too), tabs, <details>.
OPEN_EVERYTHING_JS = """
() => {
  document.querySelectorAll('.collapse').forEach((el) => el.classList.add('show'));
  document.querySelectorAll('.tab-pane').forEach((el) => el.classList.add('show', 'active'));
  document.querySelectorAll('details').forEach((el) => { el.open = true; });
}
"""


def check_page(page, url: str, label: str) -> list[str]:
    """Load ``url`` and return its problems (empty when the page fits and is labelled)."""
    errors: list[str] = []

    def on_error(error) -> None:
        errors.append(f"JavaScript error: {error}")

    page.on("pageerror", on_error)
    try:
        problems = _problems(page, url, label)
    finally:
        page.remove_listener("pageerror", on_error)
    return problems + [f"{label}: {error}" for error in errors]


def _problems(page, url: str, label: str) -> list[str]:
    response = page.goto(url)
    problems = []
    if response is None or response.status != 200:
        return [f"{label}: HTTP {response.status if response else '?'} at {page.url}"]
    if "/accounts/login/" in page.url and "/accounts/login/" not in url:
        return [f"{label}: redirected to the login page"]
    page.wait_for_load_state("networkidle")

    for state in ("as loaded", "with every panel open"):
        if state != "as loaded":
            page.evaluate(OPEN_EVERYTHING_JS)
        width = page.evaluate(OVERFLOW_JS)
        if width["scrollWidth"] > width["innerWidth"]:
            culprits = "\n      ".join(width["culprits"]) or "(no single element found)"
            problems.append(
                f"{label}: {width['scrollWidth']} px wide on a {width['innerWidth']} px screen "
                f"({state}); sticking out:\n      {culprits}"
            )
            break
    unlabelled = page.evaluate(LABELS_JS)
    if unlabelled:
        problems.append(f"{label}: form controls without a label: {', '.join(unlabelled)}")

    keep = os.environ.get("JPT_SCREENSHOTS") == "all"
    if problems or keep:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^\w.-]+", "_", label).strip("_") + ".png")
        page.screenshot(path=path, full_page=True)
        if problems:
            problems[-1] += f"\n      screenshot: {path}"
    return problems


def test_every_page_fits_a_small_phone_and_labels_its_fields(context_as, live_server, scene):
    contexts = {}
    problems: list[str] = []
    visited = 0
    # JPT_PAGES=insights: only the routes whose name holds that text (a quicker run while
    # working on some pages; the full run visits every page).
    only = os.environ.get("JPT_PAGES", "")
    pages = {name: visits for name, visits in PAGES.items() if only in name}
    for name, visits_of in pages.items():
        visits = visits_of(scene)
        assert visits, f"{name}: no visit"
        for visit in visits:
            if visit.user not in contexts:
                user = getattr(scene, visit.user) if visit.user else None
                contexts[visit.user] = context_as(user, viewport=PHONE).new_page()
            page = contexts[visit.user]
            url = reverse(name, kwargs=visit.kwargs) + visit.query
            label = " ".join(
                part for part in (name, url, f"as {visit.user or 'anonymous'}", visit.note) if part
            )
            problems.extend(check_page(page, live_server.url + url, label))
            visited += 1
    assert visited >= len(pages)
    assert not problems, f"{len(problems)} problems on {visited} pages:\n  " + "\n  ".join(problems)


# --------------------------------------------------------------------------------------------
# The scene
# --------------------------------------------------------------------------------------------

LEAD = "Aminata Diallo-Ouédraogo Traoré"

# (username, full name, role, sex, category, section, role on the team)
TEAM = [
    (
        "gender.officer",
        "Esther Masika Kavira-Mbusa",
        Role.TEAM_MEMBER,
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Section.GENDER_AFFAIRS,
        TeamRole.GENDER_OFFICER,
    ),
    (
        "sv.expert",
        "Marie-Chantal Uwimana Nyirabahizi",
        Role.TEAM_MEMBER,
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Section.HUMAN_RIGHTS,
        TeamRole.SEXUAL_VIOLENCE_EXPERT,
    ),
    (
        "child.protection",
        "Innocent Bahati Mukanirwa-Lwaboshi",
        Role.TEAM_MEMBER,
        Sex.MALE,
        StaffCategory.NATIONAL,
        Section.CHILD_PROTECTION,
        TeamRole.CHILD_PROTECTION,
    ),
    (
        "milobs.goma",
        "Lieutenant-Colonel Rajesh Venkataraman-Subramaniam",
        Role.TEAM_MEMBER,
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Section.MILITARY_OBSERVER,
        TeamRole.MILITARY_OBSERVER,
    ),
    (
        "unpol.goma",
        "Commissaire Fatoumata Konaté-Sissoko",
        Role.TEAM_MEMBER,
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Section.UN_POLICE,
        TeamRole.UN_POLICE,
    ),
    (
        "cli.walikale",
        "Jean-de-Dieu Kasereka Muhindo-Paluku",
        Role.CLI,
        Sex.MALE,
        StaffCategory.NATIONAL,
        Section.CIVIL_AFFAIRS,
        TeamRole.INTERPRETER,
    ),
    (
        "human.rights",
        "Pierre-Olivier Vandenberghe-Lambrechts",
        Role.TEAM_MEMBER,
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Section.HUMAN_RIGHTS,
        TeamRole.HUMAN_RIGHTS,
    ),
]

LOCALITIES = ["Otobora", "Ntoto", "Pinga-Centre", "Kibua", "Buleusa-Mutongo", "Mpofi"]

STAKEHOLDERS = [
    (
        "Maman Furaha Bahati Ngoyi-Kasongo",
        "President of the women's association",
        "Association des Femmes Solidaires pour le Développement de Walikale (AFSDW)",
        Sex.FEMALE,
        StakeholderCategory.WOMENS_LEADER,
    ),
    (
        "Mwami Kalinda Shekanyau Ndeze-Rugabo",
        "Customary chief of the Bakano groupement",
        "Chefferie des Bakano",
        Sex.MALE,
        StakeholderCategory.CUSTOMARY_CHIEF,
    ),
    (
        "Révérend Père Emmanuel Kambale Sikuli-Vangi",
        "Parish priest",
        "Paroisse catholique Saint-Joseph de Pinga",
        Sex.MALE,
        StakeholderCategory.RELIGIOUS_LEADER,
    ),
    (
        "Dr Solange Mapendo Kahindo-Mwenge",
        "Head nurse of the health centre",
        "Centre de santé de référence de Ntoto (zone de santé de Walikale)",
        Sex.FEMALE,
        StakeholderCategory.HEALTH_WORKER,
    ),
    (
        "Chef de poste Bienvenu Tshibangu Mulumba",
        "Administrative post chief",
        "Administration du territoire de Walikale",
        Sex.MALE,
        StakeholderCategory.LOCAL_AUTHORITY,
    ),
    (
        "Colonel Janvier Mapenzi « Kifuafua »",
        "Commander",
        "Mayi-Mayi Kifuafua, brigade de Walikale-Otobora",
        Sex.MALE,
        StakeholderCategory.ARMED_ACTOR,
    ),
    (
        "Mademoiselle Aline Kavugho Mbambu-Siviri",
        "Primary-school headmistress",
        "École primaire Umoja de Kibua",
        Sex.FEMALE,
        StakeholderCategory.TEACHER,
    ),
    (
        "Monsieur Alphonse Ntambwe Kabeya-Mutombo",
        "Coordinator of the civil-society platform",
        "Société civile de Walikale / Nouvelle dynamique de la société civile",
        Sex.MALE,
        StakeholderCategory.CIVIL_SOCIETY,
    ),
]

CONSULTATIONS = [
    (ConsultationType.LOCAL_WOMEN, "Ntoto", 0, "06:30", 24, 0, ConsultationSetting.ON_BASE),
    (ConsultationType.LOCAL_LEADERS, "Otobora", 0, "10:00", 3, 11, ConsultationSetting.COMMUNITY),
    (ConsultationType.ARMED_ACTOR, "Otobora", 1, "14:15", 0, 4, ConsultationSetting.COMMUNITY),
    (ConsultationType.DISPLACED, "Pinga-Centre", 2, "09:00", 35, 20, ConsultationSetting.COMMUNITY),
    (ConsultationType.YOUTH, "Kibua", 3, "16:00", 8, 15, ConsultationSetting.COMMUNITY),
    (
        ConsultationType.WOMENS_ORGANIZATION,
        "Buleusa-Mutongo",
        4,
        "11:30",
        12,
        0,
        ConsultationSetting.ON_BASE,
    ),
]

LONG_TOPICS = (
    "Safety on the road to the fields at dawn; patrols of the Mayi-Mayi Kifuafua on market days; "
    "access to the health centre at night; taxes at the checkpoint of Otobora-Pinga (500 FC a "
    "head, 2 000 FC a bicycle); children kept away from school since the attack on 12 August."
)
RECOMMENDATIONS = [
    (
        "Escort women from Otobora and Buleusa-Mutongo to the Walikale-Centre market every "
        "Thursday, leaving the COB at 05:30, and back before dark.",
        Category.ESCORT_PATROL,
        Addressee.FORCE,
        "",
    ),
    (
        "Ask the Mayi-Mayi Kifuafua commander to move his troops out of Otobora town and to stop "
        "taxing travellers at the Otobora-Pinga checkpoint.",
        Category.IHL_ENGAGEMENT,
        Addressee.MISSION_SECTION,
        "Civil Affairs, with the Child Protection section for the children seen at the post",
    ),
    (
        "Provide a motorbike and fuel for survivors' transport to the legal clinic of the "
        "Dynamique des Femmes Juristes (DFJ) in Walikale-Centre.",
        Category.JUSTICE,
        Addressee.NGO,
        "Dynamique des Femmes Juristes (DFJ), Walikale antenna",
    ),
    (
        "Double the foot patrols between Ntoto and Otobora on the nights before market days.",
        Category.ESCORT_PATROL,
        Addressee.FORCE,
        "",
    ),
]


def fresh(mission: Mission) -> Mission:
    """A fresh mission (the permission checks cache the team on an instance)."""
    return Mission.objects.select_related("request", "lead").get(pk=mission.pk)


def fresh_report(report: Report) -> Report:
    return Report.objects.select_related("mission__request", "mission__lead").get(pk=report.pk)


@pytest.fixture
def scene(jpt_world):
    """``jpt_world`` grown into a busy province: a full team with long names, a mission in
    report drafting whose report was returned by the head of office (editable), one waiting at
    the head of office with a decision taken, one approved at Kinshasa, a mission forming its
    team and leaving tomorrow with an invitation not yet answered, and requests awaiting a
    decision and returned to their requester."""
    world = jpt_world
    User = get_user_model()
    for name in LOCALITIES:
        Locality.objects.get_or_create(
            territory=world.walikale,
            name=name,
            defaults={
                "pcode": f"CD6104L{LOCALITIES.index(name) + 10:03d}",
                "source": LocalitySource.GAZETTEER,
            },
        )
    place = {loc.name: loc for loc in Locality.objects.filter(territory=world.walikale)}

    def user(username, full_name, role, provinces=(world.nord_kivu,), **fields):
        account = User(username=username, full_name=full_name, **fields)
        account.email = f"{username}@example.org"
        account.set_password(PASSWORD)
        account.save()
        account.groups.set([Group.objects.get(name=role.value)])
        account.provinces.set(provinces)
        return User.objects.get(pk=account.pk)

    lead = world.civil_affairs
    lead.full_name = LEAD
    lead.section = Section.CIVIL_AFFAIRS
    lead.save()
    world.requester.full_name = "Jean-Paul Kambale Mbusa-Kasereka"
    world.requester.save()
    people = {}
    for username, full_name, role, sex, category, section, _team_role in TEAM:
        people[username] = user(
            username,
            full_name,
            role,
            sex=sex,
            staff_category=category,
            section=section,
            duty_station="Goma",
        )
    reviewer = {"sex": Sex.FEMALE, "staff_category": StaffCategory.INTERNATIONAL}
    head = user("head.office", "Grace Nabintu Mwamini-Byamungu", Role.HEAD_OF_OFFICE, **reviewer)
    smg_provincial = user(
        "smg.nordkivu", "Général Théodore Mukendi Kabasele", Role.SMG_PROVINCIAL, **reviewer
    )
    smg_kinshasa = user(
        "smg.kinshasa", "Ambassador Helena Lindqvist-Sørensen", Role.SMG_KINSHASA, (), **reviewer
    )
    rrewc = user("rrewc.nordkivu", "Patrick Habimana Ndayishimiye", Role.RREWC, **reviewer)
    analyst = user("analyst", "Svetlana Oleksandrivna Kovalenko", Role.ANALYST, (), **reviewer)
    admin = user(
        "admin",
        "System administrator",
        Role.ADMINISTRATOR,
        (),
        is_staff=True,
        is_superuser=True,
        **reviewer,
    )
    invitee = user(
        "invitee",
        "Bernadette Nsimire Cirhuza-Mapendo",
        Role.TEAM_MEMBER,
        sex=Sex.FEMALE,
        staff_category=StaffCategory.NATIONAL,
        section=Section.PUBLIC_INFORMATION,
    )

    def new_request(title, start_in, days, **extra):
        start = timezone.localdate() + timedelta(days=start_in)
        return request_submit(
            user=world.requester,
            details=RequestDetails(
                title=title,
                requester_kind="field_office",
                requesting_office="Walikale field office (Bureau de terrain de Walikale)",
                trigger="attack",
                province=world.nord_kivu,
                territory=world.walikale,
                reason=(
                    "Armed men attacked Otobora market on Sunday; about 150 households fled "
                    "towards Ntoto and Pinga-Centre. Local leaders fear further attacks on the "
                    "road to Walikale-Centre.\n" + LONG_TOPICS
                ),
                start_date=start,
                end_date=start + timedelta(days=days),
                urgency="high",
                localities=[place["Otobora"], place["Ntoto"], place["Buleusa-Mutongo"]],
                nearest_base=world.base,
                **extra,
            ),
        )

    def new_mission(title, start_in=22, days=7):
        return request_approve(
            jpt_request=new_request(title, start_in, days),
            user=lead,
            mandate=(
                "Assess the protection risks in Otobora, Ntoto and Pinga-Centre after the "
                "attack, including a gender analysis and the patterns of sexual violence "
                "(Annex 2); meet local women's associations and the Mayi-Mayi Kifuafua command."
            ),
            comment="Approved at the provincial coordination meeting.",
        )

    def plan(mission, departure_in, days):
        departure = timezone.localdate() + timedelta(days=departure_in)
        mission_update_plan(
            mission=fresh(mission),
            user=lead,
            data={
                "planned_departure": departure,
                "planned_return": departure + timedelta(days=days - 1),
                "host_base": world.base,
                "host_unit_commander": "Major Jean-Pierre Mukendi Tshibanda, Company A",
                "host_unit_email": "company.a.commander.cob-walikale@example.org",
                "women_accommodation_needed": True,
                "women_accommodation_notes": "Two separate tents with locks near the COB clinic.",
            },
        )
        return departure

    def logistics(mission):
        items = []
        for category, mode, description, requested in (
            (LogisticsCategory.TRANSPORT, TransportMode.HELICOPTER, "MI-8 Goma-Walikale", 1),
            (LogisticsCategory.TRANSPORT, TransportMode.ROAD_CONVOY, "Land cruisers COB-Pinga", 3),
            (LogisticsCategory.ESCORT, "", "Escort platoon for the road to Otobora", 1),
            (LogisticsCategory.EQUIPMENT, "", "Thuraya satellite phones with credit", 2),
            (LogisticsCategory.ACCOMMODATION, "", "Tents for the women of the team", 2),
        ):
            items.append(
                logistics_add(
                    mission=fresh(mission),
                    user=lead,
                    data={
                        "category": category,
                        "transport_mode": mode,
                        "description": description,
                        "quantity_requested": requested,
                        "status": LogisticsStatus.REQUESTED,
                        "notes": "Requested through the JMAC/JOC movement-control cell.",
                    },
                )
            )
        return items

    def stakeholders(mission, rows):
        links = []
        for name, title, organisation, sex, category in rows:
            links.append(
                stakeholder_add(
                    mission=fresh(mission),
                    user=lead,
                    notes="Met at the first meeting; prefers to be called after 18:00.",
                    data={
                        "name": name,
                        "title": title,
                        "organisation": organisation,
                        "sex": sex,
                        "locality": place["Otobora"],
                        "phone": "+243 997 111 222",
                        "category": category,
                        "agreed_to_contact": True,
                    },
                )
            )
        return links

    def draft_report(mission, recommendations, *, full=True):
        report = report_start(mission=fresh(mission), user=lead)
        report_update(
            report=fresh_report(report),
            user=lead,
            data={
                "commander_coauthor": "Major Jean-Pierre Mukendi Tshibanda, COB Walikale",
                "plan_of_action": (
                    "Share the findings with the Protection Cluster within a week; follow-up "
                    "visit by the CLI in a month.\n" + LONG_TOPICS
                ),
            },
        )
        threats = []
        for threat_type, perpetrator, where in (
            (ThreatType.ATTACK, "Mayi-Mayi Kifuafua (brigade Walikale-Otobora)", "Otobora"),
            (ThreatType.SEXUAL_VIOLENCE, "Unidentified armed men in uniform", "Buleusa-Mutongo"),
            (
                ThreatType.CHECKPOINT,
                "Mayi-Mayi Kifuafua (brigade Walikale-Otobora)",
                "Pinga-Centre",
            ),
        )[: 3 if full else 1]:
            threats.append(
                threat_add(
                    report=fresh_report(report),
                    user=lead,
                    data={
                        "threat_type": threat_type,
                        "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
                        "perpetrator_name": perpetrator,
                        "localities": [place[where], place["Ntoto"]],
                        "period": "since August 2026",
                        "frequency": "weekly, on market days",
                        "severity": 3,
                        "trend": Trend.RISING,
                        "narrative": "Night raids on the market; looting and abductions. "
                        + LONG_TOPICS,
                    },
                )
            )
        sv_analysis_update(
            report=fresh_report(report),
            user=lead,
            data={
                "medical_access": ServiceAccess.LIMITED,
                "psychosocial_access": ServiceAccess.NONE,
                "legal_access": ServiceAccess.NONE,
                "services_notes": "The legal clinic is 30 km away; no transport after 15:00.",
                "risk_places_times": "The road to the fields at dawn; the market on Thursdays.",
                "patterns": "Attacks on women on the road to the fields at dawn. " + LONG_TOPICS,
            },
            incident_counts=[
                {
                    "period": "August-September 2026",
                    "locality": place[where],
                    "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
                    "age_group": age,
                    "survivor_sex": SurvivorSex.FEMALE,
                    "count": count,
                }
                for where, age, count in (
                    ("Otobora", AgeGroup.ADULT, 7),
                    ("Buleusa-Mutongo", AgeGroup.CHILD, 2),
                    ("Pinga-Centre", AgeGroup.UNKNOWN, 3),
                )
            ],
        )
        links = list(MissionStakeholder.objects.filter(mission=mission).order_by("id"))
        protection_plan_update(
            report=fresh_report(report),
            user=lead,
            data={
                "priorities": "Safe passage to the fields and the market. " + LONG_TOPICS,
                "local_authority_roles": "The chef de poste warns the COB of movements.",
                "early_warning": "The CLI network calls the COB; church bells at night.",
                "womens_organizations_consulted": True,
                "womens_organizations": "AFSDW; Dynamique des Femmes Juristes (DFJ)",
            },
            safe_areas=[
                {
                    "name": "Saint-Joseph parish compound of Pinga-Centre",
                    "locality": place["Pinga-Centre"],
                    "latitude": Decimal("-0.98765"),
                    "longitude": Decimal("28.12345"),
                    "capacity": 400,
                },
                {"name": "COB Walikale perimeter", "locality": place["Ntoto"], "capacity": 150},
            ],
            escort_points=[
                {"place": "Otobora-Pinga checkpoint bridge", "day_time": "Thursdays 05:30"},
                {"place": "Ntoto market entrance", "day_time": "Market days, 06:00-16:00"},
            ],
            vulnerable_areas=[
                {
                    "place": "Fields along the Lowa river road",
                    "why": "Women attacked at dawn by armed men coming from the forest",
                    "when": "05:00-08:00, harvest season",
                }
            ],
            contingency_contacts=[
                {
                    "stakeholder": links[0],
                    "how_to_reach": "Phone, then the parish radio",
                    "when": "Any time",
                },
                {"stakeholder": links[-1], "how_to_reach": "Health-centre radio", "when": "Day"},
            ],
        )
        recs = []
        for text, category, addressee, detail in recommendations:
            recs.append(
                recommendation_add(
                    report=fresh_report(report),
                    user=lead,
                    data={
                        "text": text,
                        "category": category,
                        "addressee": addressee,
                        "addressee_detail": detail,
                        "priority": Priority.HIGH,
                        "target_date": timezone.localdate() + timedelta(days=30),
                        "localities": [place["Otobora"], place["Buleusa-Mutongo"]],
                    },
                )
            )
        return fresh_report(report), threats, recs

    def deploy(mission, with_team):
        mission_change_status(mission=fresh(mission), user=lead, status=MissionStatus.TEAM_FORMING)
        members = {}
        for username, _name, _role, _sex, _category, _section, team_role in with_team:
            member = team_add_member(
                mission=fresh(mission),
                user=lead,
                data={"role": team_role, "member": people[username]},
            )
            members[username] = team_respond(member=member, user=people[username], accept=True)
        mission_change_status(mission=fresh(mission), user=lead, status=MissionStatus.DEPLOYED)
        return members

    # The main mission: full team, field work, back, its report returned by the head of office.
    main = new_mission(
        "Attaque du marché d'Otobora et déplacement vers Ntoto, Pinga-Centre et Buleusa-Mutongo"
    )
    departure = plan(main, 22, 7)
    items = logistics(main)
    logistics_update(
        item=LogisticsItem.objects.get(pk=items[0].pk),
        user=lead,
        data={"status": LogisticsStatus.CONFIRMED, "quantity_confirmed": 1},
    )
    members = deploy(main, TEAM)
    team_add_member(
        mission=fresh(main),
        user=lead,
        data={
            "role": TeamRole.MEMBER,
            "external_name": "Furaha Bahati Mapendo-Nsimire",
            "external_organisation": "SOFEPADI (Solidarité féminine pour la paix et le "
            "développement intégral)",
            "external_sex": Sex.FEMALE,
        },
    )
    cli = people["cli.walikale"]
    consultations = []
    for kind, where, day, at, women, men, setting in CONSULTATIONS:
        hour, minute = (int(part) for part in at.split(":"))
        consultations.append(
            consultation_create(
                mission=fresh(main),
                user=cli,
                data={
                    "held_at": timezone.make_aware(
                        datetime.combine(departure + timedelta(days=day), time(hour, minute))
                    ),
                    "kind": kind,
                    "locality": place[where],
                    "venue": "Under the big mango tree behind the Saint-Joseph parish school",
                    "setting": setting,
                    "language": "Kiswahili, Kinyanga",
                    "interpreter": members["cli.walikale"],
                    "women": women,
                    "men": men,
                    "girls": 2,
                    "boys": 1,
                    "announced_by": [Announcement.GENDER_OFFICE, Announcement.WORD_OF_MOUTH],
                    "time_avoids_childcare": True,
                    "travel_reimbursed": True,
                    "reimbursement_amount": Decimal("40"),
                    "topics": LONG_TOPICS,
                    "concerns": "Reprisals for speaking to the MONUSCO team.",
                    "follow_up": "A follow-up visit by the CLI within a month.",
                },
            )
        )
    links = stakeholders(main, STAKEHOLDERS)
    mission_change_status(mission=fresh(main), user=lead, status=MissionStatus.RETURNED)
    mission_change_status(mission=fresh(main), user=lead, status=MissionStatus.REPORT_DRAFTING)
    report, threats, recs = draft_report(main, RECOMMENDATIONS)
    report_submit(report=fresh_report(report), user=lead)
    report_return(
        report=fresh_report(report),
        user=head,
        comment=(
            "Say which unit escorts the women on Thursdays and add the number of the "
            "Otobora-Pinga checkpoint in the threats (JMAC reference OPS/NK/2026/08/0147)."
        ),
    )
    returned_stage = ReviewStage.objects.filter(report=report).latest("id")

    # A second report, waiting at the head of office, one recommendation already decided.
    waiting = new_mission("Menaces sur la route Walikale-Pinga pendant les jours de marché")
    plan(waiting, 22, 6)
    deploy(waiting, TEAM[:2])
    stakeholders(waiting, STAKEHOLDERS[:4])
    report_in_review, _threats, waiting_recs = draft_report(
        waiting, RECOMMENDATIONS[:3], full=False
    )
    mission_change_status(mission=fresh(waiting), user=lead, status=MissionStatus.RETURNED)
    open_stage = report_submit(report=fresh_report(report_in_review), user=lead)
    recommendation_decide(
        recommendation=Recommendation.objects.get(pk=waiting_recs[0].pk),
        user=head,
        decision=Decision.ENDORSE,
    )

    # A third, approved at Kinshasa: its page is the frozen copy with its SHA-256.
    approved = new_mission("Enlèvements sur l'axe Buleusa-Mutongo–Mpofi")
    plan(approved, 22, 6)
    deploy(approved, TEAM[:3])
    stakeholders(approved, STAKEHOLDERS[:3])
    report_approved, _threats, approved_recs = draft_report(approved, RECOMMENDATIONS)
    mission_change_status(mission=fresh(approved), user=lead, status=MissionStatus.RETURNED)
    report_submit(report=fresh_report(report_approved), user=lead)
    for reviewer_user in (head, smg_provincial, smg_kinshasa):
        in_review = Recommendation.objects.filter(
            report=report_approved, status=RecommendationStatus.IN_REVIEW
        ).order_by("id")
        for index, rec in enumerate(in_review):
            if reviewer_user == head and index == 1:
                decision = {
                    "decision": Decision.ENDORSE_WITH_CHANGES,
                    "changed_text": rec.text + " Through Civil Affairs and the COB commander, "
                    "within two weeks, with a report to the SMG-P at its next meeting.",
                }
            elif reviewer_user == smg_kinshasa and index == 2:
                decision = {
                    "decision": Decision.REJECT,
                    "reason": "Already funded by UNFPA's GBV programme in Walikale.",
                }
            else:
                decision = {"decision": Decision.ENDORSE}
            recommendation_decide(
                recommendation=Recommendation.objects.get(pk=rec.pk), user=reviewer_user, **decision
            )
    report_approved = fresh_report(report_approved)
    assert report_approved.status == ReportStatus.APPROVED
    final_stage = ReviewStage.objects.filter(
        report=report_approved, level=ReviewLevel.KINSHASA_SMG
    ).get()

    # A mission forming its team, leaving tomorrow, helicopter not confirmed, one invitation
    # not answered.
    forming = new_mission("Déplacement de 300 ménages de Kibua vers Mpofi après les combats")
    plan(forming, 1, 5)
    helicopter = logistics(forming)[0]
    mission_change_status(mission=fresh(forming), user=lead, status=MissionStatus.TEAM_FORMING)
    invitation = team_add_member(
        mission=fresh(forming),
        user=lead,
        data={"role": TeamRole.GENDER_OFFICER, "member": invitee},
    )
    for username, *_rest, team_role in TEAM[3:6]:
        team_add_member(
            mission=fresh(forming), user=lead, data={"role": team_role, "member": people[username]}
        )

    # Requests: one waiting for a decision, one returned to its requester.
    pending_request = new_request(
        "Rumeurs d'attaques imminentes contre les villages de pêcheurs du lac Edouard", 40, 7
    )
    returned_request = new_request("Recrutement d'enfants signalé autour de Mpofi", 35, 5)
    request_return(
        jpt_request=returned_request,
        user=lead,
        comment="Which villages exactly, and who reported the recruitment? "
        "Add the names of the schools the children left.",
    )
    # A province's worth of older requests: the lists have more than one page.
    JptRequestFactory.create_batch(
        30,
        requested_by=world.requester,
        territory=world.walikale,
        localities=[place["Kibua"]],
        reason="Rumours of armed men gathering near the village; families sleep in the bush.",
    )

    # Someone who forgot her password (and never logs in here: a login would void the token).
    reset_user = user("forgetful", "Odette Kahambu Kavira-Syauswa", Role.TEAM_MEMBER, **reviewer)
    return SimpleNamespace(
        **vars(world),
        lead=lead,
        head=head,
        smg_provincial=smg_provincial,
        smg_kinshasa=smg_kinshasa,
        rrewc=rrewc,
        analyst=analyst,
        admin=admin,
        invitee=invitee,
        gender_officer=people["gender.officer"],
        cli=cli,
        main=fresh(main),
        forming=fresh(forming),
        helicopter=helicopter,
        invitation=TeamMember.objects.get(pk=invitation.pk),
        consultation=Consultation.objects.get(pk=consultations[0].pk),
        stakeholder_link=links[-1],
        report=report,
        threat=threats[0],
        recommendation=recs[0],
        returned_stage=returned_stage,
        report_in_review=fresh_report(report_in_review),
        open_stage=open_stage,
        report_approved=report_approved,
        final_stage=final_stage,
        changed_recommendation=Recommendation.objects.get(pk=approved_recs[1].pk),
        pending_request=pending_request,
        returned_request=returned_request,
        reset_uid=urlsafe_base64_encode(force_bytes(reset_user.pk)),
        reset_token=default_token_generator.make_token(reset_user),
    )
