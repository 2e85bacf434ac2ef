"""One presenter for a report's content: the live report page, its frozen copy and (next) its PDF
show the same document, laid out by one template (``reports/partials/content.html``).

- :func:`report_content` turns the report's rows into plain data (JSON: what the frozen copy
  stores and hashes, without contacts; what the live page shows, with contacts for those who
  may see them);
- :func:`present` turns such data, live or stored years ago, into what the template reads:
  dates parsed, stored choice values labelled, contacts left out unless allowed. It accepts any
  shape (an older copy, a newer one, a damaged one) and never raises.

``Report.objects.with_content()`` loads every row the document needs in a fixed number of
queries; :func:`report_content` reads the prefetched rows (in order) and queries nothing more.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from jpt.accounts.choices import Sex
from missions.models import MissionStakeholder

from .choices import RECOMMENDATION_STATUS_COLOURS, RecommendationStatus, StageOutcome
from .models import ContingencyContact, Report

# Keys of a stored copy laid out section by section; any other key (an older or newer copy) is
# listed generically after them.
KNOWN_KEYS = {
    "report",
    "version",
    "mission",
    "commander_coauthor",
    "meetings",
    "stakeholders",
    "threats",
    "sv_analysis",
    "protection_plan",
    "plan_of_action",
    "recommendations",
}
# How long a live report's document stays cached (a new version is a new key anyway).
CONTENT_CACHE_SECONDS = 24 * 60 * 60
# Keys that hold a way to reach a person: shown only to those who may see contacts
# (``missions.permissions.can_see_contacts``), never stored in a frozen copy.
CONTACT_KEYS = {"phone", "how_to_reach", "email", "contact"}


def _ordered(rows, key=lambda row: row.pk) -> list:
    """Rows in the document's order, whether or not they were prefetched (sorted in Python:
    prefetched rows are not queried again)."""
    return sorted(rows, key=key)


def _date(value) -> str | None:
    return value.isoformat() if value else None


def _section(obj, name: str):
    """A one-to-one section of the report (None when the row does not exist)."""
    return getattr(obj, name, None)


def cached_content(report: Report, *, include_contacts: bool) -> dict[str, Any]:
    """:func:`report_content` of a live report, computed once per version of it and kept in
    the cache: the key holds the report's and its mission's ``updated_at``, which every service
    that changes what the report says moves (``reports.services._common.touch_report``,
    ``missions.services._common.touch_missions``), so a change is seen at once."""
    mission = report.mission
    key = "report-content:{}:{}:{}:{}:{}".format(
        report.pk,
        report.updated_at.timestamp(),
        mission.updated_at.timestamp(),
        int(include_contacts),
        get_language() or "",
    )
    content = cache.get(key)
    if content is None:
        loaded = Report.objects.with_content().get(pk=report.pk)
        content = report_content(loaded, include_contacts=include_contacts)
        cache.set(key, content, CONTENT_CACHE_SECONDS)
    return content


def report_content(report: Report, *, include_contacts: bool = False) -> dict[str, Any]:
    """Everything the report says, as plain data in a stable order.

    Without ``include_contacts`` (the frozen copy, what PDFs for anyone show), no phone number
    or way of reaching a person is in it. Load the report with ``Report.objects.with_content()``
    to read it without further queries.
    """
    mission = report.mission
    analysis = _section(report, "sv_analysis")
    plan = _section(report, "protection_plan")

    def stakeholder(link: MissionStakeholder) -> dict[str, Any]:
        person = link.stakeholder
        row = {
            "name": person.name,
            "title": person.title,
            "organisation": person.organisation,
            "sex": person.sex,
            "locality": str(person.locality),
            "category": person.get_category_display(),
        }
        if include_contacts:
            row["phone"] = person.phone
        return row

    def contact(row: ContingencyContact) -> dict[str, Any]:
        # How to reach them is a contact: it stays out of the frozen copy.
        data = {"stakeholder": str(row.stakeholder), "when": row.when}
        if include_contacts:
            data["how_to_reach"] = row.how_to_reach
        return data

    return {
        "report": report.reference,
        "mission": {
            "reference": mission.reference,
            "title": mission.title,
            "province": str(mission.province),
            "territory": str(mission.request.territory),
            "lead": str(mission.lead or ""),
            "departure": _date(mission.departure),
            "return": _date(mission.return_date),
        },
        "commander_coauthor": report.commander_coauthor,
        "meetings": [
            {
                "id": c.pk,
                "held_at": timezone.localtime(c.held_at).isoformat(),
                "kind": c.kind,
                "type": c.get_kind_display(),
                "locality": str(c.locality),
                "venue": c.venue,
                "setting": c.get_setting_display(),
                "women": c.women,
                "men": c.men,
                "girls": c.girls,
                "boys": c.boys,
                "topics": c.topics,
                "concerns": c.concerns,
                "follow_up": c.follow_up,
            }
            for c in _ordered(mission.consultations.all(), lambda c: (c.held_at, c.pk))
        ],
        "stakeholders": [
            stakeholder(link)
            for link in _ordered(
                mission.stakeholders.all(), lambda link: (link.stakeholder.name, link.pk)
            )
        ],
        "threats": [
            {
                "id": t.pk,
                "type": t.get_threat_type_display(),
                "perpetrator": t.get_perpetrator_category_display(),
                "perpetrator_name": t.perpetrator_name,
                "localities": sorted(str(loc) for loc in t.localities.all()),
                "period": t.period,
                "frequency": t.frequency,
                "severity": t.severity,
                "trend": t.get_trend_display(),
                "narrative": t.narrative,
            }
            for t in _ordered(report.threats.all())
        ],
        "sv_analysis": None
        if analysis is None
        else {
            "medical_access": analysis.get_medical_access_display(),
            "psychosocial_access": analysis.get_psychosocial_access_display(),
            "legal_access": analysis.get_legal_access_display(),
            "services_notes": analysis.services_notes,
            "risk_places_times": analysis.risk_places_times,
            "patterns": analysis.patterns,
            "incident_counts": [
                {
                    "period": n.period,
                    "locality": str(n.locality),
                    "perpetrator": n.get_perpetrator_category_display(),
                    "age_group": n.get_age_group_display(),
                    "survivor_sex": n.get_survivor_sex_display(),
                    "count": n.count,
                }
                for n in _ordered(analysis.incident_counts.all())
            ],
        },
        "protection_plan": None
        if plan is None
        else {
            "priorities": plan.priorities,
            "local_authority_roles": plan.local_authority_roles,
            "early_warning": plan.early_warning,
            "womens_organizations_consulted": plan.womens_organizations_consulted,
            "womens_organizations": plan.womens_organizations,
            "safe_areas": [
                {
                    "name": a.name,
                    "locality": str(a.locality),
                    "capacity": a.capacity,
                    "latitude": str(a.latitude) if a.latitude is not None else None,
                    "longitude": str(a.longitude) if a.longitude is not None else None,
                }
                for a in _ordered(plan.safe_areas.all())
            ],
            "escort_points": [
                {"place": p.place, "day_time": p.day_time}
                for p in _ordered(plan.escort_points.all())
            ],
            "vulnerable_areas": [
                {"place": v.place, "why": v.why, "when": v.when}
                for v in _ordered(plan.vulnerable_areas.all())
            ],
            "contingency_contacts": [contact(c) for c in _ordered(plan.contingency_contacts.all())],
        },
        "plan_of_action": report.plan_of_action,
        "recommendations": [
            {
                "id": r.pk,
                "text": r.display_text,
                "original_text": r.text,
                "category": r.get_category_display(),
                "addressee": r.get_addressee_display(),
                "addressee_detail": r.addressee_detail,
                "priority": r.get_priority_display(),
                "target_date": _date(r.target_date),
                "localities": sorted(str(loc) for loc in r.localities.all()),
                "status": r.status,
                "decisions": [
                    {
                        "level": d.stage.get_level_display(),
                        "decision": d.get_decision_display(),
                        "by": str(d.decided_by),
                        "at": d.decided_at.isoformat(),
                        "changed_text": d.changed_text,
                        "reason": d.reason,
                    }
                    # Decisions of a level that returned the report never applied.
                    for d in _ordered(r.decisions.all(), lambda d: (d.decided_at, d.pk))
                    if d.stage.outcome != StageOutcome.RETURNED
                ],
            }
            for r in _ordered(report.recommendations.all())
        ],
    }


# --------------------------------------------------------------------------------------------
# For the template: any stored shape, contacts only for those who may see them
# --------------------------------------------------------------------------------------------


def _label(key) -> str:
    return str(key).replace("_", " ").strip().capitalize()


def _flat(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return "; ".join(_flat(item) for item in value) or "—"
    if isinstance(value, dict):
        return ", ".join(f"{_label(k)}: {_flat(v)}" for k, v in value.items())
    return str(value)


def blocks(value) -> list[dict]:
    """Any JSON value as blocks: ``{"text": ...}`` or ``{"pairs": [(label, text), ...]}``."""
    if isinstance(value, dict):
        return [{"pairs": [(_label(k), _flat(v)) for k, v in value.items()]}]
    if isinstance(value, list):
        result = []
        for item in value:
            result.extend(blocks(item))
        return result
    return [{"text": _flat(value)}]


def _without(value, hide: set[str]):
    """A copy of a JSON value without the keys in ``hide`` (at any depth)."""
    if isinstance(value, dict):
        return {k: _without(v, hide) for k, v in value.items() if k not in hide}
    if isinstance(value, list):
        return [_without(item, hide) for item in value]
    return value


def _parsed(value, parse):
    """An ISO string parsed with ``parse`` (``parse_datetime``/``parse_date``); anything that
    does not parse is kept as it is."""
    if not isinstance(value, str):
        return value
    try:
        return parse(value) or value
    except ValueError:
        return value


def _rows(value) -> list[dict]:
    return [row for row in value if isinstance(row, dict)] if isinstance(value, list) else []


def present(content, *, show_contacts: bool) -> dict[str, Any]:
    """The report's content (from :func:`report_content`, or a stored ``ReportVersion.content``)
    ready for ``reports/partials/content.html``: a copy (the stored content is left alone) with
    ISO dates parsed, stored choice values labelled, and contacts left out for users who may
    not see them. Content that is not a dict at all is shown as text blocks (``raw``)."""
    if not isinstance(content, dict):
        return {"raw": blocks(content)}
    data = _without(content, set() if show_contacts else CONTACT_KEYS)
    mission = data.get("mission")
    if isinstance(mission, dict):
        for key in ("departure", "return"):
            mission[key] = _parsed(mission.get(key), parse_date)
    data["meetings"] = _rows(data.get("meetings"))
    for meeting in data["meetings"]:
        meeting["held_at"] = _parsed(meeting.get("held_at"), parse_datetime)
    sexes = dict(Sex.choices)
    data["stakeholders"] = _rows(data.get("stakeholders"))
    for person in data["stakeholders"]:
        person["sex_label"] = sexes.get(person.get("sex"), person.get("sex"))
    data["threats"] = _rows(data.get("threats"))
    if not isinstance(data.get("sv_analysis"), dict):
        data["sv_analysis"] = None
    else:
        analysis = data["sv_analysis"]
        analysis["incident_counts"] = _rows(analysis.get("incident_counts"))
    if not isinstance(data.get("protection_plan"), dict):
        data["protection_plan"] = None
    else:
        plan = data["protection_plan"]
        for key in ("safe_areas", "escort_points", "vulnerable_areas", "contingency_contacts"):
            plan[key] = _rows(plan.get(key))
    statuses = dict(RecommendationStatus.choices)
    data["recommendations"] = _rows(data.get("recommendations"))
    for rec in data["recommendations"]:
        rec["target_date"] = _parsed(rec.get("target_date"), parse_date)
        status = rec.get("status")
        rec["status_label"] = statuses.get(status, status)
        rec["status_colour"] = (
            RECOMMENDATION_STATUS_COLOURS[RecommendationStatus(status)]
            if status in statuses
            else "secondary"
        )
        rec["decisions"] = _rows(rec.get("decisions"))
        for decision in rec["decisions"]:
            decision["at"] = _parsed(decision.get("at"), parse_datetime)
    data["other"] = [
        {"key": key, "title": _label(key), "blocks": blocks(value)}
        for key, value in data.items()
        if key not in KNOWN_KEYS and key != "other"
    ]
    data["stakeholder_women"] = sum(
        1 for person in data["stakeholders"] if person.get("sex") == Sex.FEMALE
    )
    return data
