"""Fixtures of the page-wide tests: the permission matrix (``test_permission_matrix.py``) and
the query ceilings (``test_query_ceilings.py``).

Both walk every page, so each builds its scene once per module (``matrix_scene``,
``ceiling_scene``): written in a transaction of its own that is rolled back when the module is
done, each test running in a savepoint inside it (so no test can change what the next one sees).
The scenes are written through the services (``missions.services``, ``reports.services``), as a
user would make them, so they carry their audit entries, e-mails and review stages; only the
"many rows" part of the ceiling scene is bulk-written (the services add nothing a page reads
there).

Fixture names here are prefixed (``matrix_``, ``ceiling_``) so they never hide the top-level
fixtures (``places``, ``make_user``, ``scene``...) from the tests below this folder.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role, sync_role_groups
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.places.choices import BaseKind, LocalitySource
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import (
    Announcement,
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    RequesterKind,
    RequestStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
    Trigger,
    Urgency,
)
from missions.models import (
    Consultation,
    JptRequest,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from missions.permissions import can_see_contacts
from missions.services import (
    consultation_create,
    logistics_add,
    mission_change_status,
    mission_update_plan,
    request_approve,
    request_return,
    request_submit,
    stakeholder_add,
    team_add_member,
    team_respond,
)
from missions.validation import RequestDetails
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
from reports.models import (
    ProtectionPlan,
    Recommendation,
    Report,
    ReviewStage,
    SexualViolenceAnalysis,
)
from reports.services import (
    protection_plan_update,
    recommendation_add,
    recommendation_decide,
    report_start,
    report_submit,
    report_update,
    sv_analysis_update,
    threat_add,
)

# Nobody logs in with it here (the clients use force_login); every account has one all the same.
PASSWORD = "jpt-matrix-password-2026"

# --------------------------------------------------------------------------------------------
# Module-scoped data
# --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def rolled_back(django_db_blocker):
    """Data written inside is kept for the module's tests, then rolled back."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def ensure_role_groups() -> None:
    """A transactional test's flush removes the groups the data migration created."""
    if Group.objects.filter(name__in=Role.values).count() != len(Role.values):
        sync_role_groups()


# --------------------------------------------------------------------------------------------
# Places and people
# --------------------------------------------------------------------------------------------


@dataclass
class Area:
    """A province with one territory, its localities (by name) and an operating base."""

    province: Province
    territory: Territory
    places: dict[str, Locality]
    base: OperatingBase

    @property
    def localities(self) -> list[Locality]:
        return list(self.places.values())


def make_area(name, pcode, territory, localities, base) -> Area:
    province = Province.objects.create(name=name, pcode=pcode)
    terr = Territory.objects.create(province=province, name=territory, pcode=f"{pcode}08")
    places = {
        loc: Locality.objects.create(
            territory=terr,
            name=loc,
            pcode=f"{pcode}08L{index + 1:03d}",
            source=LocalitySource.GAZETTEER,
        )
        for index, loc in enumerate(localities)
    }
    base_row = OperatingBase.objects.create(
        name=base, kind=BaseKind.COB, locality=next(iter(places.values())), host_unit="Company A"
    )
    return Area(province, terr, places, base_row)


def make_person(username, role, provinces=(), **fields):
    """An active staff member with a role (a group) and provinces, re-read from the database."""
    User = get_user_model()
    fields.setdefault("full_name", username.replace(".", " ").replace("_", " ").title())
    fields.setdefault("sex", Sex.FEMALE)
    fields.setdefault("staff_category", StaffCategory.INTERNATIONAL)
    user = User(username=username, email=f"{username}@example.org", **fields)
    user.set_password(PASSWORD)
    user.save()
    if role is not None:
        user.groups.set([Group.objects.get(name=Role(role).value)])
    user.provinces.set(provinces)
    return User.objects.get(pk=user.pk)


def logged_in_client(user=None) -> Client:
    """A test client (logged in as ``user`` unless None) that answers a view's exception with
    a 500 instead of raising it, so a matrix cell records it."""
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def session_cookie(client: Client) -> str:
    morsel = client.cookies.get(settings.SESSION_COOKIE_NAME)
    return morsel.value if morsel is not None else ""


# --------------------------------------------------------------------------------------------
# A mission's life, through the services
# --------------------------------------------------------------------------------------------

MANDATE = (
    "Assess the protection risks after the attack, including a gender analysis and the "
    "patterns of sexual violence (Annex 2); meet local women's associations."
)


def fresh_mission(mission: Mission) -> Mission:
    """A fresh instance (the permission checks cache the team on an instance)."""
    return Mission.objects.select_related("request", "lead").get(pk=mission.pk)


def fresh_report(report: Report) -> Report:
    return Report.objects.select_related("mission__request", "mission__lead").get(pk=report.pk)


def new_request(area: Area, filer, title: str, *, start_in: int = 30, days: int = 6):
    start = timezone.localdate() + timedelta(days=start_in)
    return request_submit(
        user=filer,
        details=RequestDetails(
            title=title,
            requester_kind=RequesterKind.FIELD_OFFICE,
            requesting_office=f"{area.territory.name} field office",
            trigger=Trigger.ATTACK,
            province=area.province,
            territory=area.territory,
            localities=area.localities[:2],
            nearest_base=area.base,
            reason="Armed men attacked the market on Sunday; about 150 households fled.",
            start_date=start,
            end_date=start + timedelta(days=days),
            urgency=Urgency.HIGH,
        ),
    )


def new_mission(area: Area, filer, lead, title: str) -> Mission:
    return request_approve(
        jpt_request=new_request(area, filer, title),
        user=lead,
        mandate=MANDATE,
        comment="Approved at the provincial coordination meeting.",
    )


def plan(mission: Mission, lead, area: Area, *, departure_in: int, days: int = 6):
    departure = timezone.localdate() + timedelta(days=departure_in)
    mission_update_plan(
        mission=fresh_mission(mission),
        user=lead,
        data={
            "planned_departure": departure,
            "planned_return": departure + timedelta(days=days - 1),
            "host_base": area.base,
            "host_unit_commander": "Major Jean-Pierre Mukendi, Company A",
            "host_unit_email": "company.a@example.org",
            "women_accommodation_needed": True,
            "women_accommodation_notes": "Two separate tents with locks near the clinic.",
        },
    )
    return departure


def deploy(mission: Mission, lead, members) -> dict:
    """Team forming, each member invited and accepting, then deployed (today)."""
    mission_change_status(
        mission=fresh_mission(mission), user=lead, status=MissionStatus.TEAM_FORMING
    )
    places = {}
    for member in members:
        place = team_add_member(
            mission=fresh_mission(mission),
            user=lead,
            data={"role": TeamRole.MEMBER, "member": member},
        )
        places[member.username] = team_respond(member=place, user=member, accept=True)
    mission_change_status(mission=fresh_mission(mission), user=lead, status=MissionStatus.DEPLOYED)
    return places


PHONES = iter(range(100, 1000))


def field_work(mission: Mission, recorder, area: Area, *, meetings: int = 2, people: int = 2):
    """Consultations (the first a meeting with local women) and key stakeholders with phone
    numbers (every other one a woman). Returns the stakeholder links."""
    start = fresh_mission(mission).planned_departure or timezone.localdate()
    for index in range(meetings):
        consultation_create(
            mission=fresh_mission(mission),
            user=recorder,
            data={
                "held_at": timezone.make_aware(datetime.combine(start, time(9 + index % 8, 30))),
                "kind": ConsultationType.LOCAL_WOMEN if index == 0 else ConsultationType.YOUTH,
                "locality": area.localities[index % len(area.localities)],
                "venue": "Under the mango tree behind the parish school",
                "setting": ConsultationSetting.COMMUNITY,
                "language": "Kiswahili",
                "women": 12,
                "men": 0 if index == 0 else 9,
                "girls": 2,
                "boys": 1,
                "announced_by": [Announcement.GENDER_OFFICE, Announcement.WORD_OF_MOUTH],
                "time_avoids_childcare": True,
                "topics": "Safety on the road to the fields at dawn.",
                "concerns": "Reprisals for speaking to the team.",
            },
        )
    links = []
    for index in range(people):
        number = next(PHONES)
        links.append(
            stakeholder_add(
                mission=fresh_mission(mission),
                user=recorder,
                notes="Prefers to be called after 18:00.",
                data={
                    "name": f"Stakeholder {number} of {area.territory.name}",
                    "title": "President of the women's association" if index % 2 == 0 else "",
                    "organisation": "Association des femmes solidaires",
                    "sex": Sex.FEMALE if index % 2 == 0 else Sex.MALE,
                    "locality": area.localities[0],
                    "phone": f"+243 970 {number:03d} {number + 111:03d}",
                    "category": StakeholderCategory.WOMENS_LEADER
                    if index % 2 == 0
                    else StakeholderCategory.CUSTOMARY_CHIEF,
                    "agreed_to_contact": True,
                },
            )
        )
    return links


def come_back(mission: Mission, lead, *, drafting: bool = True) -> None:
    mission_change_status(mission=fresh_mission(mission), user=lead, status=MissionStatus.RETURNED)
    if drafting:
        mission_change_status(
            mission=fresh_mission(mission), user=lead, status=MissionStatus.REPORT_DRAFTING
        )


def draft_report(mission: Mission, author, area: Area, *, recommendations=1, threats=1, rows=1):
    """The report with every section a submission needs: ``threats`` threats,
    ``recommendations`` recommendations, ``rows`` rows in each list of the sexual-violence
    analysis and the protection plan; the first ``rows`` stakeholders are contingency
    contacts, reached on their phone."""
    report = report_start(mission=fresh_mission(mission), user=author)
    report_update(
        report=fresh_report(report),
        user=author,
        data={
            "commander_coauthor": "Major Jean-Pierre Mukendi, Company A",
            "plan_of_action": "Share the findings with the Protection Cluster within a week.",
        },
    )
    threat_rows = [
        threat_add(
            report=fresh_report(report),
            user=author,
            data={
                "threat_type": ThreatType.ATTACK,
                "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
                "perpetrator_name": f"Mayi-Mayi group {index + 1}",
                "localities": area.localities[:2],
                "period": "since August",
                "frequency": "weekly, on market days",
                "severity": 3,
                "trend": Trend.RISING,
                "narrative": "Night raids on the market; looting and abductions.",
            },
        )
        for index in range(threats)
    ]
    sv_analysis_update(
        report=fresh_report(report),
        user=author,
        data={
            "medical_access": ServiceAccess.LIMITED,
            "psychosocial_access": ServiceAccess.NONE,
            "legal_access": ServiceAccess.NONE,
            "services_notes": "The legal clinic is 30 km away.",
            "risk_places_times": "The road to the fields at dawn.",
            "patterns": "Attacks on women on the road to the fields at dawn.",
        },
        incident_counts=[
            {
                "period": f"Week {index + 1}",
                "locality": area.localities[index % len(area.localities)],
                "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
                "age_group": AgeGroup.ADULT,
                "survivor_sex": SurvivorSex.FEMALE,
                "count": 7,
            }
            for index in range(rows)
        ],
    )
    links = list(MissionStakeholder.objects.filter(mission=mission).select_related("stakeholder"))
    protection_plan_update(
        report=fresh_report(report),
        user=author,
        data={
            "priorities": "Safe passage to the fields and the market.",
            "local_authority_roles": "The chef de poste warns the base of movements.",
            "early_warning": "The CLI network calls the base.",
            "womens_organizations_consulted": True,
            "womens_organizations": "Association des femmes solidaires",
        },
        safe_areas=[
            {
                "name": f"Parish compound {index + 1}",
                "locality": area.localities[index % len(area.localities)],
                "capacity": 400,
            }
            for index in range(rows)
        ],
        escort_points=[
            {"place": f"Checkpoint bridge {index + 1}", "day_time": "Thursdays 05:30"}
            for index in range(rows)
        ],
        vulnerable_areas=[
            {"place": f"Fields by the river {index + 1}", "why": "Attacks", "when": "Dawn"}
            for index in range(rows)
        ],
        contingency_contacts=[
            {
                "stakeholder": link,
                "how_to_reach": f"Call {link.stakeholder.phone} after 18:00",
                "when": "Any time",
            }
            for link in links[:rows]
        ],
    )
    recs = [
        recommendation_add(
            report=fresh_report(report),
            user=author,
            data={
                "text": f"Escort women to the market every Thursday (recommendation {index + 1}).",
                "category": Category.ESCORT_PATROL,
                "addressee": Addressee.FORCE,
                "addressee_detail": "",
                "priority": Priority.HIGH,
                "target_date": timezone.localdate() + timedelta(days=30),
                "localities": area.localities[:1],
            },
        )
        for index in range(recommendations)
    ]
    return fresh_report(report), threat_rows, recs


def decide_all(report: Report, reviewer, decision=Decision.ENDORSE) -> None:
    for rec in Recommendation.objects.filter(
        report=report, status=RecommendationStatus.IN_REVIEW
    ).order_by("id"):
        recommendation_decide(
            recommendation=Recommendation.objects.get(pk=rec.pk), user=reviewer, decision=decision
        )


def reviewed_mission(
    area, filer, lead, members, title, *, recommendations=1, threats=1, rows=1, people=2
):
    """A mission back from the field with its report drafted (not submitted)."""
    mission = new_mission(area, filer, lead, title)
    plan(mission, lead, area, departure_in=-7)
    deploy(mission, lead, members)
    links = field_work(mission, lead, area, people=people)
    come_back(mission, lead)
    report, threats_, recs = draft_report(
        mission, lead, area, recommendations=recommendations, threats=threats, rows=rows
    )
    return SimpleNamespace(
        mission=fresh_mission(mission), report=report, threats=threats_, recs=recs, links=links
    )


# --------------------------------------------------------------------------------------------
# The permission matrix's scene
# --------------------------------------------------------------------------------------------

# The matrix's columns, each a user: (column, role, province), province "nk" (Nord-Kivu, where
# every record of the scene is), "sk" (Sud-Kivu) or None (every province). Every province-bound
# role has an in-scope column and an ``_out`` one; "member" and "invitee" are Sud-Kivu team
# members on (or invited to) the team of Nord-Kivu missions.
MATRIX_PEOPLE = [
    ("requester", Role.REQUESTER, "nk"),
    ("ca", Role.CIVIL_AFFAIRS, "nk"),
    ("team_member", Role.TEAM_MEMBER, "nk"),
    ("head", Role.HEAD_OF_OFFICE, "nk"),
    ("brigade", Role.BRIGADE_COMMANDER, "nk"),
    ("smg_p", Role.SMG_PROVINCIAL, "nk"),
    ("rrewc", Role.RREWC, "nk"),
    ("cli", Role.CLI, "nk"),
    ("smg_k", Role.SMG_KINSHASA, None),
    ("analyst", Role.ANALYST, None),
    ("admin", Role.ADMINISTRATOR, None),
    ("requester_out", Role.REQUESTER, "sk"),
    ("ca_out", Role.CIVIL_AFFAIRS, "sk"),
    ("team_member_out", Role.TEAM_MEMBER, "sk"),
    ("head_out", Role.HEAD_OF_OFFICE, "sk"),
    ("brigade_out", Role.BRIGADE_COMMANDER, "sk"),
    ("smg_p_out", Role.SMG_PROVINCIAL, "sk"),
    ("rrewc_out", Role.RREWC, "sk"),
    ("cli_out", Role.CLI, "sk"),
    ("member", Role.TEAM_MEMBER, "sk"),
    ("invitee", Role.TEAM_MEMBER, "sk"),
]


def build_matrix_scene() -> SimpleNamespace:
    """Two provinces; in Nord-Kivu: requests awaiting a decision and returned; a mission in
    each state (planning, team forming with an invitation, deployed with its field work,
    returned with a report whose section rows are missing, report drafting, report in review
    at the head of office with one decision taken, waiting at Kinshasa, approved at Kinshasa,
    cancelled); in
    Sud-Kivu, its own request and mission. Stakeholders have phone numbers."""
    ensure_role_groups()
    nk = make_area("Nord-Kivu", "CD61", "Walikale", ["Otobora", "Ntoto", "Pinga"], "COB Walikale")
    sk = make_area("Sud-Kivu", "CD62", "Shabunda", ["Matili", "Shabunda-Centre"], "COB Matili")
    area_of = {"nk": [nk.province], "sk": [sk.province], None: []}
    users = {}
    for who, role, province in MATRIX_PEOPLE:
        extra = {"is_staff": True, "is_superuser": True} if role == Role.ADMINISTRATOR else {}
        if who in {"ca", "ca_out"}:
            extra["section"] = Section.CIVIL_AFFAIRS
        if who == "member":
            extra["section"] = Section.GENDER_AFFAIRS
        users[who] = make_person(who.replace("_", "."), role, area_of[province], **extra)
    # Someone who forgot her password (never logs in here: a login would void the token).
    forgetful = make_person("forgetful", Role.TEAM_MEMBER, [nk.province])

    requester, ca, member = users["requester"], users["ca"], users["member"]
    titles = []

    def titled(title):
        titles.append(title)
        return title

    pending = new_request(nk, requester, titled("Rumoured attacks on the fishing villages"))
    returned_request = new_request(nk, requester, titled("Children recruited around Pinga"))
    request_return(jpt_request=returned_request, user=ca, comment="Which villages exactly?")

    planning = new_mission(nk, requester, ca, titled("Threats on the Walikale-Pinga road"))
    plan(planning, ca, nk, departure_in=25)

    forming = new_mission(nk, requester, ca, titled("Displacement from Kibua towards Mpofi"))
    plan(forming, ca, nk, departure_in=1, days=5)
    helicopter = logistics_add(
        mission=fresh_mission(forming),
        user=ca,
        data={
            "category": LogisticsCategory.TRANSPORT,
            "transport_mode": TransportMode.HELICOPTER,
            "description": "MI-8 Goma-Walikale",
            "quantity_requested": 1,
            "status": LogisticsStatus.REQUESTED,
        },
    )
    mission_change_status(
        mission=fresh_mission(forming), user=ca, status=MissionStatus.TEAM_FORMING
    )
    invitation = team_add_member(
        mission=fresh_mission(forming),
        user=ca,
        data={"role": TeamRole.GENDER_OFFICER, "member": users["invitee"]},
    )
    invitation_email = EmailMessage.objects.for_object(forming).latest("id")

    deployed = new_mission(nk, requester, ca, titled("Attack on Otobora market"))
    plan(deployed, ca, nk, departure_in=-2)
    deploy(deployed, ca, [member])
    deployed_links = field_work(deployed, ca, nk)
    consultation = Consultation.objects.filter(mission=deployed).earliest("id")

    # Back from the field, its report started; its two section rows are missing (the services
    # create them when a section is first saved): the section pages must not create them on GET.
    returned = new_mission(nk, requester, ca, titled("Looting in Ntoto"))
    plan(returned, ca, nk, departure_in=-9)
    deploy(returned, ca, [member])
    come_back(returned, ca, drafting=False)
    bare_report = report_start(mission=fresh_mission(returned), user=ca)
    SexualViolenceAnalysis.objects.filter(report=bare_report).delete()
    ProtectionPlan.objects.filter(report=bare_report).delete()

    drafting = reviewed_mission(
        nk, requester, ca, [member], titled("Abductions on the Otobora-Pinga axis")
    )

    in_review = reviewed_mission(
        nk,
        requester,
        ca,
        [member],
        titled("Checkpoint taxes at the Pinga bridge"),
        recommendations=2,
    )
    open_stage = report_submit(report=fresh_report(in_review.report), user=ca)
    recommendation_decide(
        recommendation=Recommendation.objects.get(pk=in_review.recs[0].pk),
        user=users["head"],
        decision=Decision.ENDORSE,
    )

    approved = reviewed_mission(
        nk, requester, ca, [member], titled("Attacks on women on the road to the fields")
    )
    report_submit(report=fresh_report(approved.report), user=ca)
    for reviewer in ("head", "smg_p", "smg_k"):
        decide_all(approved.report, users[reviewer])
    approved_report = fresh_report(approved.report)
    assert approved_report.status == ReportStatus.APPROVED
    final_stage = ReviewStage.objects.get(report=approved_report, level=ReviewLevel.KINSHASA_SMG)

    # Endorsed by the head of office and the provincial SMG-P: waiting at Kinshasa.
    at_kinshasa = reviewed_mission(
        nk, requester, ca, [member], titled("Forced labour at the Pinga mines")
    )
    report_submit(report=fresh_report(at_kinshasa.report), user=ca)
    for reviewer in ("head", "smg_p"):
        decide_all(at_kinshasa.report, users[reviewer])
    kinshasa_stage = ReviewStage.objects.open().get(report=at_kinshasa.report)
    assert kinshasa_stage.level == ReviewLevel.KINSHASA_SMG

    cancelled = new_mission(nk, requester, ca, titled("Rumours of an attack on Ntoto"))
    mission_change_status(mission=fresh_mission(cancelled), user=ca, status=MissionStatus.CANCELLED)

    # Sud-Kivu's own record: out-of-scope users have something in scope too.
    sk_mission = new_mission(sk, users["requester_out"], users["ca_out"], "Displacement in Matili")

    # Phone number -> the missions whose list the person is on.
    phones: dict[str, set[int]] = {}
    for link in MissionStakeholder.objects.select_related("stakeholder"):
        phones.setdefault(link.stakeholder.phone, set()).add(link.mission_id)
    contact_missions = {
        who: {
            mission.pk
            for mission in Mission.objects.filter(stakeholders__isnull=False).distinct()
            if can_see_contacts(get_user_model().objects.get(pk=user.pk), mission)
        }
        for who, user in users.items()
    }

    clients = {"anon": logged_in_client()}
    clients.update({who: logged_in_client(user) for who, user in users.items()})
    return SimpleNamespace(
        nk=nk,
        sk=sk,
        users=users,
        clients=clients,
        sessions={who: session_cookie(client) for who, client in clients.items()},
        nk_titles=titles,
        phones=phones,
        contact_missions=contact_missions,
        pending=pending,
        returned_request=returned_request,
        planning=fresh_mission(planning),
        forming=fresh_mission(forming),
        helicopter=helicopter,
        invitation=invitation,
        invitation_email=invitation_email,
        deployed=fresh_mission(deployed),
        deployed_link=deployed_links[0],
        consultation=consultation,
        returned=fresh_mission(returned),
        bare_report=bare_report,
        drafting=drafting,
        in_review=in_review,
        open_stage=open_stage,
        undecided=in_review.recs[1],
        approved=approved,
        approved_report=approved_report,
        final_stage=final_stage,
        at_kinshasa=at_kinshasa,
        kinshasa_stage=kinshasa_stage,
        cancelled=fresh_mission(cancelled),
        sk_mission=sk_mission,
        reset_uid=urlsafe_base64_encode(force_bytes(forgetful.pk)),
        reset_token=default_token_generator.make_token(forgetful),
    )


@pytest.fixture(scope="module")
def matrix_scene(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            scene = build_matrix_scene()
        yield scene


# --------------------------------------------------------------------------------------------
# The query ceilings' scene: the same pages with one row, and with many
# --------------------------------------------------------------------------------------------

# The users of one province: (key, role). Kinshasa SMG-P, analysts and administrators see every
# province, so each province has its own (with no province: the "one" and "many" provinces are
# measured in turn by users who see both; their pages show what both provinces hold).
CEILING_PEOPLE = [
    ("requester", Role.REQUESTER),
    ("ca", Role.CIVIL_AFFAIRS),
    ("team_member", Role.TEAM_MEMBER),
    ("head", Role.HEAD_OF_OFFICE),
    ("brigade", Role.BRIGADE_COMMANDER),
    ("smg_p", Role.SMG_PROVINCIAL),
    ("rrewc", Role.RREWC),
    ("cli", Role.CLI),
    ("member", Role.TEAM_MEMBER),
    ("invitee", Role.TEAM_MEMBER),
]
CEILING_ALL_PROVINCES = [
    ("smg_k", Role.SMG_KINSHASA),
    ("analyst", Role.ANALYST),
    ("admin", Role.ADMINISTRATOR),
]


def build_province(area: Area, people: dict, *, many: int) -> SimpleNamespace:
    """One province's records, through the services: a request awaiting a decision, a mission
    forming its team (an invitation, a logistics line), one whose report is drafted (with its
    field work), one in review at the head of office (one decision taken) and one approved.
    ``many`` (1 or 20): the drafted report's threats, recommendations, rows of each list of
    its sexual-violence analysis and protection plan, and its mission's stakeholders; the
    recommendations of the two other reports."""
    requester, ca, member = people["requester"], people["ca"], people["member"]
    pending = new_request(area, requester, f"Rumoured attacks in {area.territory.name}")

    forming = new_mission(area, requester, ca, f"Displacement in {area.territory.name}")
    plan(forming, ca, area, departure_in=1, days=5)
    item = logistics_add(
        mission=fresh_mission(forming),
        user=ca,
        data={
            "category": LogisticsCategory.TRANSPORT,
            "transport_mode": TransportMode.HELICOPTER,
            "description": "MI-8",
            "quantity_requested": 1,
            "status": LogisticsStatus.REQUESTED,
        },
    )
    mission_change_status(
        mission=fresh_mission(forming), user=ca, status=MissionStatus.TEAM_FORMING
    )
    invitation = team_add_member(
        mission=fresh_mission(forming),
        user=ca,
        data={"role": TeamRole.GENDER_OFFICER, "member": people["invitee"]},
    )

    drafting = reviewed_mission(
        area,
        requester,
        ca,
        [member],
        f"Abductions in {area.territory.name}",
        recommendations=many,
        threats=many,
        rows=many,
        people=max(2, many),
    )
    in_review = reviewed_mission(
        area,
        requester,
        ca,
        [member],
        f"Checkpoint taxes in {area.territory.name}",
        recommendations=max(2, many),
    )
    open_stage = report_submit(report=fresh_report(in_review.report), user=ca)
    recommendation_decide(
        recommendation=Recommendation.objects.get(pk=in_review.recs[0].pk),
        user=people["head"],
        decision=Decision.ENDORSE,
    )
    approved = reviewed_mission(
        area,
        requester,
        ca,
        [member],
        f"Attacks on women in {area.territory.name}",
        recommendations=many,
    )
    report_submit(report=fresh_report(approved.report), user=ca)
    for reviewer in (people["head"], people["smg_p"], people["smg_k"]):
        decide_all(approved.report, reviewer)
    return SimpleNamespace(
        area=area,
        people=people,
        pending=pending,
        forming=fresh_mission(forming),
        item=item,
        invitation=invitation,
        drafting=drafting,
        mission=drafting.mission,
        consultation=Consultation.objects.filter(mission=drafting.mission).earliest("id"),
        link=drafting.links[0],
        report=drafting.report,
        threat=drafting.threats[0],
        recommendation=drafting.recs[0],
        in_review=in_review,
        open_stage=open_stage,
        approved_report=fresh_report(approved.report),
        decided=approved.recs[0],
    )


def grow(world: SimpleNamespace, *, n: int = 30, each: int = 20) -> None:
    """Many rows, bulk-written: ``n`` more requests, ``n`` more missions with their reports in
    review at the head of office (the inbox, the recommendation list), and on the drafted
    mission ``each`` more team members, consultations and stakeholders; ``n`` history lines
    and e-mails on the request, the mission, the report and a recommendation."""
    area, people = world.area, world.people
    requester, ca = people["requester"], people["ca"]
    User = get_user_model()
    now = timezone.now()
    start = timezone.localdate() + timedelta(days=30)
    prefix = area.province.pcode

    def bulk_request(i, status=RequestStatus.SUBMITTED, **extra):
        return JptRequest(
            title=f"Bulk request {i} in {area.territory.name}",
            requested_by=requester,
            requester_kind=RequesterKind.SENIOR_MANAGEMENT,
            trigger=Trigger.ATTACK,
            province=area.province,
            territory=area.territory,
            reason="Armed men gathered near the village; families sleep in the bush.",
            start_date=start,
            end_date=start + timedelta(days=6),
            urgency=Urgency.ROUTINE,
            status=status,
            submitted_at=now,
            **extra,
        )

    requests = JptRequest.objects.bulk_create([bulk_request(i) for i in range(n)])
    approved = JptRequest.objects.bulk_create(
        [
            bulk_request(n + i, RequestStatus.APPROVED, decided_by=ca, decided_at=now)
            for i in range(n)
        ]
    )
    through = JptRequest.localities.through
    through.objects.bulk_create(
        [
            through(jptrequest_id=row.pk, locality_id=loc.pk)
            for row in [*requests, *approved]
            for loc in area.localities[:2]
        ]
    )
    missions = Mission.objects.bulk_create(
        [
            Mission(
                request=row,
                province=area.province,
                mandate=MANDATE,
                lead=ca,
                status=MissionStatus.IN_REVIEW,
                planned_departure=start - timedelta(days=40),
                planned_return=start - timedelta(days=34),
            )
            for row in approved
        ]
    )
    TeamMember.objects.bulk_create(
        [
            TeamMember(
                mission=mission,
                user=user,
                role=role,
                status=ParticipationStatus.ACCEPTED,
                invited_at=now,
                responded_at=now,
            )
            for mission in missions
            for user, role in ((ca, TeamRole.TEAM_LEAD), (people["member"], TeamRole.MEMBER))
        ]
    )
    reports = Report.objects.bulk_create(
        [
            Report(
                mission=mission,
                status=ReportStatus.IN_REVIEW,
                chain_final_level=ReviewLevel.KINSHASA_SMG,
                submitted_at=now,
            )
            for mission in missions
        ]
    )
    ReviewStage.objects.bulk_create(
        [
            ReviewStage(
                report=report,
                level=ReviewLevel.HEAD_OF_OFFICE,
                entered_at=now - timedelta(days=i),
                due_at=now + timedelta(days=10 - i),
            )
            for i, report in enumerate(reports)
        ]
    )
    Recommendation.objects.bulk_create(
        [
            Recommendation(
                report=report,
                text=f"Patrol the road to the fields at dawn ({i}).",
                category=Category.ESCORT_PATROL,
                addressee=Addressee.FORCE,
                priority=Priority.MEDIUM,
                status=RecommendationStatus.IN_REVIEW,
            )
            for i, report in enumerate(reports)
        ]
    )

    # The drafted mission: a crowded team, many meetings and stakeholders.
    mission = world.mission
    staff = User.objects.bulk_create(
        [
            User(
                username=f"{prefix.lower()}.staff{i}",
                email=f"{prefix.lower()}.staff{i}@example.org",
                full_name=f"Staff member {i}",
                sex=Sex.FEMALE if i % 2 else Sex.MALE,
                staff_category=StaffCategory.NATIONAL,
                section=Section.HUMAN_RIGHTS,
            )
            for i in range(each)
        ]
    )
    members = TeamMember.objects.bulk_create(
        [
            TeamMember(
                mission=mission,
                user=user,
                role=TeamRole.INTERPRETER if i % 2 else TeamRole.HUMAN_RIGHTS,
                status=ParticipationStatus.ACCEPTED,
                invited_at=now,
                responded_at=now,
            )
            for i, user in enumerate(staff)
        ]
    )
    held = timezone.make_aware(datetime.combine(mission.planned_departure, time(9)))
    Consultation.objects.bulk_create(
        [
            Consultation(
                mission=mission,
                held_at=held + timedelta(hours=i),
                kind=ConsultationType.LOCAL_WOMEN,
                locality=area.localities[i % len(area.localities)],
                interpreter=members[i],
                women=12,
                men=0,
                recorded_by=ca,
                announced_by=[Announcement.WORD_OF_MOUTH],
                topics="Safety on the way to the fields.",
            )
            for i in range(each)
        ]
    )
    stakeholders = Stakeholder.objects.bulk_create(
        [
            Stakeholder(
                name=f"Bulk stakeholder {i}",
                sex=Sex.FEMALE if i % 2 else Sex.MALE,
                locality=area.localities[i % len(area.localities)],
                phone=f"+243 990 {i:03d} 000",
                category=StakeholderCategory.CIVIL_SOCIETY,
            )
            for i in range(each)
        ]
    )
    MissionStakeholder.objects.bulk_create(
        [MissionStakeholder(mission=mission, stakeholder=s, added_by=ca) for s in stakeholders]
    )

    # History lines and e-mails on what the detail pages show.
    entries, emails = [], []
    for target, action in (
        (world.pending, AuditAction.REQUEST_UPDATED),
        (mission, AuditAction.MISSION_PLAN_UPDATED),
        (world.report, AuditAction.REPORT_EDITED),
        (world.report, AuditAction.REPORT_EDITED),
        (world.decided, AuditAction.RECOMMENDATION_EDITED),
    ):
        target_type = ContentType.objects.get_for_model(target)
        for i in range(n):
            entries.append(
                AuditEntry(
                    actor=staff[i % each],
                    action=action,
                    target_type=target_type,
                    target_id=str(target.pk),
                    target_repr=str(target)[:200],
                    details={"plan_of_action": ["", f"Version {i}"]},
                )
            )
        if not isinstance(target, Recommendation):
            emails.extend(
                EmailMessage(
                    recipient=staff[i % each],
                    to_address=staff[i % each].email,
                    subject=f"Message {i}",
                    body="Hello.",
                    status=EmailStatus.FAILED if i % 2 else EmailStatus.SENT,
                    sent_at=None if i % 2 else now,
                    target_type=target_type,
                    target_id=str(target.pk),
                )
                for i in range(each)
            )
    AuditEntry.objects.bulk_create(entries)
    EmailMessage.objects.bulk_create(emails)


def build_ceiling_scene() -> SimpleNamespace:
    """Nord-Kivu with one row of everything, Sud-Kivu with many (``grow``), each with its own
    users of every province-bound role; Kinshasa SMG-P, analyst and administrator see both."""
    ensure_role_groups()
    everywhere = {
        key: make_person(
            f"all.{key}",
            role,
            (),
            **({"is_staff": True, "is_superuser": True} if role == Role.ADMINISTRATOR else {}),
        )
        for key, role in CEILING_ALL_PROVINCES
    }
    worlds = {}
    for size, (name, pcode, territory, localities) in {
        "one": ("Nord-Kivu", "CD61", "Walikale", ["Otobora", "Ntoto", "Pinga"]),
        "many": ("Sud-Kivu", "CD62", "Shabunda", ["Matili", "Shabunda-Centre", "Lulingu"]),
    }.items():
        area = make_area(name, pcode, territory, localities, f"COB {territory}")
        people = {
            key: make_person(
                f"{size}.{key}",
                role,
                [area.province],
                **({"section": Section.CIVIL_AFFAIRS} if key == "ca" else {}),
            )
            for key, role in CEILING_PEOPLE
        }
        people.update(everywhere)
        world = build_province(area, people, many=1 if size == "one" else 20)
        if size == "many":
            grow(world)
        worlds[size] = world
    clients = {
        (size, key): logged_in_client(user)
        for size, world in worlds.items()
        for key, user in world.people.items()
    }
    for size in worlds:
        clients[(size, "anon")] = logged_in_client()
    return SimpleNamespace(worlds=worlds, clients=clients)


@pytest.fixture(scope="module")
def ceiling_scene(django_db_setup, django_db_blocker):
    with rolled_back(django_db_blocker):
        with django_db_blocker.unblock():
            scene = build_ceiling_scene()
        yield scene
