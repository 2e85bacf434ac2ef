"""What follows approval (``stories.followup``), through the recommendations app's services:
implementation tracking by Civil Affairs (``implementation_update``, each change with its
comment), the CLIs' calendars (``planned_visit_add`` / ``_cancel``), their follow-up visits
(``visit_record``, with the observations) and the urgent alert Civil Affairs turns into a JPT
request (``visit_to_request``), community alerts (``alert_record``, then ``alert_update`` as the
relay and the response come) and material support (``support_record``).

The services stamp the audit trail with the time they run; the story's own dates (visited,
received, given on) are the ones the forms ask for.

Idempotent: an implementation is keyed on its recommendation, a visit on the device id its
story key makes (as a phone's retry is: ``visit_record`` would return the stored visit), a
planned visit on its CLI and purpose, an alert on its CLI, locality and description, material
support on who recorded it, the locality, the item and the note.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from jpt.places.models import OperatingBase
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
)
from recommendations.services import (
    alert_record,
    alert_update,
    implementation_update,
    plan_options,
    planned_visit_add,
    planned_visit_cancel,
    support_record,
    visit_record,
    visit_to_request,
)
from reports.choices import RecommendationStatus
from reports.models import EscortPoint, Recommendation, SafeArea

from ..helpers import Loaded, days_from_today, local_time, locality, user
from ..stories.followup import (
    ALERTS,
    IMPLEMENTATIONS,
    PLANNED_VISITS,
    SUPPORT,
    VISITS,
    DemoAlert,
    DemoTrackingStep,
    DemoVisit,
)
from ..stories.reports import REPORTS

# The device ids of the demo's visits: made from the story's key, so a second load sends the
# same visit again and the service stores nothing.
VISIT_NAMESPACE = uuid.UUID("6f1c2a4e-3b5d-4e8f-9a7c-2d1e0b9f8a63")


PLANNED = {spec.key: spec for spec in PLANNED_VISITS}


def visit_client_id(key: str) -> uuid.UUID:
    return uuid.uuid5(VISIT_NAMESPACE, key)


def recommendation_of(mission_title: str, key: str) -> Recommendation | None:
    """The recommendation of the story (``stories.reports``: the mission's report, its key)."""
    texts = {
        rec.key: rec.text
        for report in REPORTS
        if report.mission_title == mission_title
        for rec in report.recommendations
    }
    if key not in texts:
        raise CommandError(f"{mission_title}: no recommendation {key!r} in stories.reports.")
    return (
        Recommendation.objects.select_related("report__mission")
        .filter(report__mission__request__title=mission_title, text=texts[key])
        .first()
    )


# Implementation tracking ---------------------------------------------------------------------


def load_implementations() -> Loaded:
    result = Loaded()
    for spec in IMPLEMENTATIONS:
        rec = recommendation_of(spec.mission_title, spec.recommendation)
        if rec is None or rec.status != RecommendationStatus.APPROVED:
            result.skipped.append(
                f"{spec.mission_title} ({spec.recommendation}): the recommendation is not an "
                "approved one (load the demo into a fresh database)."
            )
            continue
        if Implementation.objects.filter(recommendation=rec).exists():
            result.present += 1
            continue
        for step in spec.steps:
            implementation_update(
                recommendation=rec, user=user(step.by), data=_step_data(step), comment=step.comment
            )
        result.created += 1
    return result


def _step_data(step: DemoTrackingStep) -> dict:
    data: dict = {"status": step.status}
    for name in ("owner_kind", "owner_name", "focal_person", "plan_section", "plan_name"):
        if getattr(step, name) is not None:
            data[name] = getattr(step, name)
    if step.stalled_reason is not None:
        data["stalled_reason"] = step.stalled_reason
    if step.target_in_days is not None:
        data["target_date"] = days_from_today(step.target_in_days)
    if step.cluster_days_ago is not None:
        data["cluster_discussed_on"] = days_from_today(-step.cluster_days_ago)
    if step.cluster_outcome is not None:
        data["cluster_outcome"] = step.cluster_outcome
    return data


# The visit calendar and the visits -----------------------------------------------------------


def load_planned_visits() -> Loaded:
    result = Loaded()
    for spec in PLANNED_VISITS:
        if PlannedVisit.objects.filter(cli__username=spec.cli, purpose=spec.purpose).exists():
            result.present += 1
            continue
        planned = planned_visit_add(
            user=user(spec.cli),
            data={
                "planned_on": days_from_today(spec.in_days),
                "localities": [
                    locality(spec.province, spec.territory, name) for name in spec.localities
                ],
                "purpose": spec.purpose,
            },
        )
        if spec.cancelled:
            planned_visit_cancel(planned=planned, user=user(spec.cli))
        result.created += 1
    return result


def load_visits() -> Loaded:
    result = Loaded()
    for spec in VISITS:
        client_id = visit_client_id(spec.key)
        visit = FollowUpVisit.objects.filter(client_id=client_id).first()
        if visit is not None:
            result.present += 1
        else:
            observations = _observations(spec)
            if observations is None:
                result.skipped.append(
                    f"Visit {spec.key}: a recommendation it observes is not an approved one "
                    "(load the demo into a fresh database)."
                )
                continue
            visit, _created = visit_record(
                user=user(spec.cli), client_id=client_id, data=_visit_data(spec, observations)
            )
            result.created += 1
        if spec.to_request is not None and visit.request_id is None:
            start = days_from_today(spec.to_request.start_in_days)
            visit_to_request(
                visit=visit,
                user=user(spec.to_request.by),
                start_date=start,
                end_date=start + timedelta(days=spec.to_request.visit_days - 1),
            )
    return result


def _observations(spec: DemoVisit) -> list[dict] | None:
    """What the visit saw of each recommendation; ``None`` if one is not approved."""
    observations = []
    for row in spec.observations:
        rec = recommendation_of(row.mission_title, row.recommendation)
        if rec is None or rec.status != RecommendationStatus.APPROVED:
            return None
        observations.append({"recommendation": rec, "finding": row.finding, "note": row.note})
    return observations


def _visit_data(spec: DemoVisit, observations: list[dict]) -> dict:
    planned_visit = None
    if spec.planned:
        purpose = PLANNED[spec.planned].purpose
        planned_visit = PlannedVisit.objects.filter(cli__username=spec.cli, purpose=purpose).first()
    return {
        "visited_on": days_from_today(-spec.days_ago),
        "localities": [locality(spec.province, spec.territory, name) for name in spec.localities],
        "women": spec.women,
        "men": spec.men,
        "women_meeting": spec.women_meeting,
        "confidence": spec.confidence,
        "new_threats": list(spec.new_threats),
        "threats_note": spec.threats_note,
        "urgent_alert": spec.urgent_alert,
        "note": spec.note,
        "observations": observations,
        "planned_visit": planned_visit,
    }


# Community alerts --------------------------------------------------------------------------


def load_alerts() -> Loaded:
    result = Loaded()
    for spec in ALERTS:
        place = locality(spec.province, spec.territory, spec.locality)
        if CommunityAlert.objects.filter(
            cli__username=spec.cli, locality=place, description=spec.description
        ).exists():
            result.present += 1
            continue
        received = _received_at(spec)
        came = {
            "received_at": received,
            "locality": place,
            "base": OperatingBase.objects.get(name=spec.base),
            "channel": spec.channel,
            "threat_type": spec.threat_type,
            "source": spec.source,
            "description": spec.description,
        }
        after = _relay_and_response(spec, place, received)
        if spec.logged_later:
            alert = alert_record(user=user(spec.cli), data=came)
            alert_update(alert=alert, user=user(spec.cli), data=after)
        else:
            alert_record(user=user(spec.cli), data={**came, **after})
        result.created += 1
    return result


def _received_at(spec: DemoAlert) -> datetime:
    if spec.hours_ago is not None:
        return timezone.now() - timedelta(hours=spec.hours_ago)
    return local_time(days_from_today(-spec.days_ago), spec.at)


def _relay_and_response(spec: DemoAlert, place, received: datetime) -> dict:
    def later(minutes: int | None) -> datetime | None:
        return None if minutes is None else received + timedelta(minutes=minutes)

    safe_areas, escort_points = plan_options(place)
    safe_area = escort_point = None
    try:
        if spec.safe_area:
            safe_area = safe_areas.get(name=spec.safe_area)
        if spec.escort_point:
            escort_point = escort_points.get(place=spec.escort_point)
    except (SafeArea.DoesNotExist, EscortPoint.DoesNotExist) as exc:
        raise CommandError(
            f"{spec.locality}: {spec.safe_area or spec.escort_point!r} is not in an approved "
            "protection plan of its territory."
        ) from exc
    return {
        "relayed_at": later(spec.relayed_after_minutes),
        "relayed_to": list(spec.relayed_to),
        "responded_at": later(spec.responded_after_minutes),
        "response": spec.response,
        "plan_used": spec.plan_used,
        "safe_area": safe_area,
        "escort_point": escort_point,
        "plan_outcome": spec.plan_outcome,
        "plan_note": spec.plan_note,
    }


# Material support --------------------------------------------------------------------------


def load_support() -> Loaded:
    result = Loaded()
    for spec in SUPPORT:
        place = locality(spec.province, spec.territory, spec.locality)
        if MaterialSupport.objects.filter(
            recorded_by__username=spec.recorded_by, locality=place, item=spec.item, note=spec.note
        ).exists():
            result.present += 1
            continue
        support_record(
            user=user(spec.recorded_by),
            data={
                "locality": place,
                "given_on": days_from_today(-spec.days_ago),
                "item": spec.item,
                "item_detail": spec.item_detail,
                "women": spec.women,
                "men": spec.men,
                "note": spec.note,
            },
        )
        result.created += 1
    return result
