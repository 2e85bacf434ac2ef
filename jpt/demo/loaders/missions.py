"""Demo requests and missions (``stories.requests``, ``stories.missions``), through the missions
app's services: each request is filed by its requester and returned or declined by a Civil
Affairs officer; each mission's request is approved (answered first if it was returned), then the
mission is planned, staffed, equipped, moved along and its field work recorded, by its lead and
team.

Idempotent: requests are matched by title, missions by their request's title.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import CommandError
from django.utils import timezone

from jpt.places.models import OperatingBase, Province, Territory
from missions.choices import LogisticsStatus, MissionStatus, RequestStatus, TeamRole
from missions.models import JptRequest, Mission, Stakeholder, TeamMember
from missions.services import (
    consultation_create,
    logistics_add,
    logistics_update,
    mission_change_status,
    mission_send_early_notice,
    mission_update_plan,
    request_approve,
    request_decline,
    request_return,
    request_submit,
    request_update,
    stakeholder_add,
    team_add_member,
    team_respond,
)
from missions.validation import RequestDetails

from ..helpers import (
    Loaded,
    days_from_today,
    fresh_mission,
    local_time,
    locality,
    locality_of,
    user,
)
from ..stories.missions import MISSIONS, DemoMission, LeadTimes
from ..stories.requests import REQUESTS, DemoRequest

S = MissionStatus
# The statuses a mission passes through, by its lead's hand, to reach each status.
STATUS_PATHS: dict[str, tuple[str, ...]] = {
    S.PLANNING: (),
    S.TEAM_FORMING: (S.TEAM_FORMING,),
    S.DEPLOYED: (S.TEAM_FORMING, S.DEPLOYED),
    S.RETURNED: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED),
    S.REPORT_DRAFTING: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED, S.REPORT_DRAFTING),
    S.CLOSED: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED, S.REPORT_DRAFTING, S.CLOSED),
    S.CANCELLED: (S.CANCELLED,),
}
# The local time of day of what a past mission's lead times date (see _write_lead_times).
FILED_AT, APPROVED_AT, NOTICE_AT, INVITED_AT, ANSWERED_AT = (
    "08:30",
    "11:00",
    "12:00",
    "14:00",
    "18:00",
)


# Requests ----------------------------------------------------------------------------------


def load_requests() -> Loaded:
    """File every request; return or decline those the story says. Approvals come with their
    mission (``load_missions``), since approving a request is what creates it."""
    with_mission = {spec.request_title for spec in MISSIONS}
    result = Loaded()
    for spec in REQUESTS:
        if spec.decision == "approve" and spec.title not in with_mission:
            raise CommandError(f"The approved request {spec.title!r} has no mission story.")
        if JptRequest.objects.filter(title=spec.title).exists():
            result.present += 1
            continue
        jpt_request = request_submit(user=user(spec.filed_by), details=_details(spec))
        if spec.decision == "decline":
            request_decline(
                jpt_request=jpt_request, user=user(spec.decided_by), reason=spec.decision_text
            )
        elif spec.decision == "return":
            request_return(
                jpt_request=jpt_request, user=user(spec.decided_by), comment=spec.decision_text
            )
        result.created += 1
    return result


def _details(spec: DemoRequest) -> RequestDetails:
    province = Province.objects.get(name=spec.province)
    start = days_from_today(spec.start_in_days)
    return RequestDetails(
        title=spec.title,
        requester_kind=spec.requester_kind,
        requesting_office=spec.requesting_office,
        requesting_section=spec.requesting_section,
        trigger=spec.trigger,
        trigger_details=spec.trigger_details,
        province=province,
        territory=Territory.objects.get(province=province, name=spec.territory),
        localities=[locality(spec.province, spec.territory, name) for name in spec.localities],
        nearest_base=(
            OperatingBase.objects.get(name=spec.nearest_base) if spec.nearest_base else None
        ),
        reason=spec.reason,
        start_date=start,
        end_date=start + timedelta(days=spec.visit_days - 1),
        urgency=spec.urgency,
        is_repeat_visit=spec.is_repeat_visit,
    )


# Missions ----------------------------------------------------------------------------------


def load_missions() -> Loaded:
    """Approve each mission's request and take the mission to its status, in story order (the
    Ntoto visit picks people met on the Otobora mission)."""
    requests = {spec.title: spec for spec in REQUESTS}
    result = Loaded()
    for spec in MISSIONS:
        if Mission.objects.filter(request__title=spec.request_title).exists():
            result.present += 1
            continue
        mission = _approve(spec, requests[spec.request_title])
        departure = days_from_today(spec.departure_in_days)
        _stage(mission, spec, departure)
        if spec.lead_times is not None:
            _write_lead_times(mission, spec.lead_times, departure)
        result.created += 1
    return result


def _approve(spec: DemoMission, request_spec: DemoRequest) -> Mission:
    """Approve the request (its requester answers it first if it was returned)."""
    try:
        jpt_request = JptRequest.objects.get(title=spec.request_title)
    except JptRequest.DoesNotExist as exc:  # pragma: no cover - filed by load_requests
        raise CommandError(f"The request {spec.request_title!r} is missing.") from exc
    if jpt_request.status == RequestStatus.RETURNED:
        jpt_request = request_update(
            jpt_request=jpt_request,
            user=user(jpt_request.requested_by.username),
            details=RequestDetails(
                title=jpt_request.title,
                requester_kind=jpt_request.requester_kind,
                requesting_office=jpt_request.requesting_office,
                requesting_section=jpt_request.requesting_section,
                trigger=jpt_request.trigger,
                trigger_details=jpt_request.trigger_details,
                province=jpt_request.province,
                territory=jpt_request.territory,
                localities=list(jpt_request.localities.all()),
                nearest_base=jpt_request.nearest_base,
                reason=jpt_request.reason + spec.resubmit_answer,
                start_date=jpt_request.start_date,
                end_date=jpt_request.end_date,
                urgency=jpt_request.urgency,
                is_repeat_visit=jpt_request.is_repeat_visit,
                previous_request=jpt_request.previous_request,
            ),
        )
    if jpt_request.status != RequestStatus.SUBMITTED or not request_spec.mandate:
        raise CommandError(
            f"The request {spec.request_title!r} is {jpt_request.status}: it cannot be "
            "approved for its demo mission."
        )
    return request_approve(
        jpt_request=jpt_request,
        user=user(request_spec.decided_by),
        mandate=request_spec.mandate,
        comment=request_spec.decision_text if request_spec.decision == "approve" else "",
    )


def _stage(mission: Mission, spec: DemoMission, departure: date) -> None:
    """Plan, staff, equip and move the mission along, as its lead and team would."""
    back = departure + timedelta(days=spec.visit_days - 1)
    lead = mission.lead.username
    mission_update_plan(
        mission=fresh_mission(mission),
        user=user(lead),
        data={
            "planned_departure": departure,
            "planned_return": back,
            "host_unit_commander": spec.host_unit_commander,
            "host_unit_email": spec.host_unit_email,
            "women_accommodation_needed": spec.women_accommodation_needed,
            "women_accommodation_confirmed": spec.women_accommodation_confirmed,
            "women_accommodation_notes": spec.women_accommodation_notes,
        },
    )
    for line in spec.logistics:
        item = logistics_add(
            mission=fresh_mission(mission),
            user=user(lead),
            data={
                "category": line.category,
                "transport_mode": line.transport_mode,
                "description": line.description,
                "quantity_requested": line.requested,
                "status": LogisticsStatus.REQUESTED,
                "notes": line.notes,
            },
        )
        if line.status != LogisticsStatus.REQUESTED:
            logistics_update(
                item=item,
                user=user(lead),
                data={"status": line.status, "quantity_confirmed": line.confirmed},
            )
    for member in spec.team:
        data: dict = {"role": member.role}
        if member.username:
            data["member"] = user(member.username)
        else:
            data.update(
                external_name=member.external_name,
                external_organisation=member.external_organisation,
                external_sex=member.external_sex,
            )
        place = team_add_member(mission=fresh_mission(mission), user=user(lead), data=data)
        if member.username and member.accepts is not None:
            team_respond(member=place, user=user(member.username), accept=member.accepts)
    if spec.early_notice:
        mission_send_early_notice(mission=fresh_mission(mission), user=user(lead))
    field_work_done = False
    for status in STATUS_PATHS[spec.status]:
        on_date = None
        if status == MissionStatus.DEPLOYED:
            on_date = departure
        elif status == MissionStatus.RETURNED:
            on_date = back
        mission_change_status(
            mission=fresh_mission(mission), user=user(lead), status=status, on_date=on_date
        )
        if status == MissionStatus.DEPLOYED:
            # Consultations and stakeholders are recorded while the team is in the field.
            _field_work(mission, spec, departure)
            field_work_done = True
    if not field_work_done:
        _field_work(mission, spec, departure)


def _field_work(mission: Mission, spec: DemoMission, departure: date) -> None:
    for meeting in spec.consultations:
        interpreter = None
        if meeting.interpreter:
            interpreter = TeamMember.objects.get(
                mission=mission, user__username=meeting.interpreter
            )
        consultation_create(
            mission=fresh_mission(mission),
            user=user(meeting.recorded_by),
            data={
                "held_at": local_time(departure + timedelta(days=meeting.day), meeting.at),
                "kind": meeting.kind,
                "locality": locality_of(mission, meeting.locality),
                "venue": meeting.venue,
                "setting": meeting.setting,
                "language": meeting.language,
                "interpreter": interpreter,
                "women": meeting.women,
                "men": meeting.men,
                "girls": meeting.girls,
                "boys": meeting.boys,
                "announced_by": list(meeting.announced_by),
                "time_avoids_childcare": meeting.time_avoids_childcare,
                "travel_reimbursed": meeting.reimbursement_amount is not None,
                "reimbursement_amount": meeting.reimbursement_amount,
                "topics": meeting.topics,
                "concerns": meeting.concerns,
                "follow_up": meeting.follow_up,
            },
        )
    for person in spec.stakeholders:
        if person.reuse:
            existing = Stakeholder.objects.in_area_of(mission).filter(name=person.name).first()
            if existing is None:
                raise CommandError(
                    f"{person.name} should have been recorded on an earlier mission to "
                    f"{mission.request.territory}."
                )
            stakeholder_add(
                mission=fresh_mission(mission),
                user=user(person.added_by),
                existing=existing,
                notes=person.notes,
            )
            continue
        stakeholder_add(
            mission=fresh_mission(mission),
            user=user(person.added_by),
            notes=person.notes,
            data={
                "name": person.name,
                "title": person.title,
                "organisation": person.organisation,
                "sex": person.sex,
                "locality": locality_of(mission, person.locality),
                "phone": person.phone,
                "category": person.category,
                "agreed_to_contact": person.agreed_to_contact,
            },
        )


def _write_lead_times(mission: Mission, times: LeadTimes, departure: date) -> None:
    """Date a past mission's filing, approval, invitations, answers and early notice as its
    story tells them (``times``: days before the departure), instead of today.

    The one place the demo writes rows itself, and only times: ``request_submit``,
    ``request_approve``, ``team_add_member``, ``team_respond`` and ``mission_send_early_notice``
    stamp ``timezone.now()`` and take no other moment (the review services take ``now=``, and the
    reports loader passes it), while a mission that left before today was approved and staffed
    before it left. The request's wanted dates move with its filing day, so it asked for them as
    far ahead as it did (and its short-notice flag stays true). No status is written; the audit
    trail (append-only) and the e-mails keep the time the demo was loaded.
    """
    notice = max(times.approved - 1, 0) if times.early_notice is None else times.early_notice
    if not (times.filed >= times.approved >= times.invited >= 0 and times.approved >= notice >= 0):
        raise CommandError(
            f"{mission.request.title}: a mission is filed, approved, announced and staffed in "
            "that order, before it leaves."
        )

    def before(days: int) -> date:
        return departure - timedelta(days=days)

    jpt_request = JptRequest.objects.get(pk=mission.request_id)
    shift = before(times.filed) - timezone.localtime(jpt_request.submitted_at).date()
    approved_at = local_time(before(times.approved), APPROVED_AT)
    JptRequest.objects.filter(pk=jpt_request.pk).update(
        submitted_at=local_time(before(times.filed), FILED_AT),
        decided_at=approved_at,
        start_date=jpt_request.start_date + shift,
        end_date=jpt_request.end_date + shift,
    )
    invited_at = local_time(before(times.invited), INVITED_AT)
    answered_at = local_time(before(times.invited), ANSWERED_AT)
    for index, member in enumerate(TeamMember.objects.filter(mission=mission).order_by("id")):
        if member.role == TeamRole.TEAM_LEAD:
            # The lead's place comes with the approval.
            TeamMember.objects.filter(pk=member.pk).update(responded_at=approved_at)
            continue
        step = timedelta(minutes=5 * index)
        answered = None
        if member.responded_at is not None:
            # External participants are recorded as they join; staff answer later that day.
            answered = invited_at + step if member.user_id is None else answered_at + step
        TeamMember.objects.filter(pk=member.pk).update(
            invited_at=invited_at + step, responded_at=answered
        )
    Mission.objects.filter(pk=mission.pk, early_notice_sent_at__isnull=False).update(
        early_notice_sent_at=local_time(before(notice), NOTICE_AT)
    )
