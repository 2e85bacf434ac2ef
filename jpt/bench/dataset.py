"""The benchmark's data set: ten years of JPT Desk at the scale of the issue, written in bulk.

At full scale (``missions=5000``): 26 provinces (the gazetteer of ``load_places``), 20,000
requests, 5,000 missions (most in Nord-Kivu, Sud-Kivu and Ituri) with about 6 team members
each, 25,000 consultations, 20,000 stakeholders, 4,000 reports with 40,000 recommendations,
their review stages and decisions, and the audit entries and e-mails all of this implies, spread
over ten years. Every count is proportional to ``missions / 5000`` (the "scale"), so the 10-mission
set is the same world, 500 times smaller.

Beside the generated missions, two "showcase" missions are built identically at every scale, so
that the pages showing them are compared like for like:

- the **busy mission** (Nord-Kivu, Masisi): exactly 20 team members, 40 consultations, 40 key
  stakeholders and 103 history lines (audit entries on the mission), and an approved report
  (frozen with ``reports.freeze.freeze_report``) with 10 recommendations decided at three levels;
- the **draft mission** (Nord-Kivu, Walikale): a report in draft with 10 recommendations;
- the **large report's mission** (Nord-Kivu, Rutshuru): a report in draft with 40 consultations,
  60 key stakeholders and 30 recommendations, whose PDF the benchmark renders
  (``jpt.bench.documents``).

Rows are written directly with ``bulk_create`` in batches of :data:`BATCH` (no services, no
``audit_record`` loop): the audit entries and e-mails are generated in bulk with the shapes the
services write. ``created_at`` (and the other automatic dates) are set explicitly: the automatic
``auto_now``/``auto_now_add`` of every model are switched off while the rows are written
(:func:`explicit_timestamps`).

Frozen copies of approved reports: the busy report's with ``freeze_report`` (what the approved
report page shows); every other one with the same presenter (``reports.presenter.report_content``)
run on the rows held in memory (no query), then hashed like ``freeze_report`` does, so each copy
verifies (``reports.freeze.verify``) and has the size a real one has.

Bump :data:`DATASET_VERSION` whenever this module changes what it builds: a stored data set whose
version or parameters differ is rebuilt (``manage.py bench`` compares them).
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from io import StringIO
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import models, transaction
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.models import User
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.notifications.choices import EmailStatus
from jpt.notifications.models import EmailMessage
from jpt.places.choices import BaseKind, LocalitySource
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import (
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    ReportStep,
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
    LogisticsItem,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from reports.choices import (
    LEVEL_ORDER,
    Addressee,
    Category,
    Decision,
    PerpetratorCategory,
    Priority,
    RecommendationStatus,
    ReportStatus,
    ReviewLevel,
    ServiceAccess,
    StageOutcome,
    ThreatType,
    Trend,
)
from reports.freeze import content_hash, freeze_report
from reports.models import (
    ContingencyContact,
    EscortPoint,
    IncidentCount,
    ProtectionPlan,
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    Report,
    ReportVersion,
    ReviewStage,
    SafeArea,
    SexualViolenceAnalysis,
    Threat,
    VulnerableArea,
)
from reports.presenter import report_content

from . import followup

# 2: the follow-up (``followup``) and the page CLI; 3: the large report, the page analyst.
DATASET_VERSION = 3
SEED = 20260
BATCH = 5000
YEARS = 10
FULL_SCALE_MISSIONS = 5000
# The counts at 5,000 missions; every other scale is proportional.
FULL = {
    "requests": 20_000,
    "missions": 5_000,
    "consultations": 25_000,
    "stakeholders": 20_000,
    "reports": 4_000,
    "recommendations": 40_000,
}
TEAM_SIZE = 6  # average, lead included
# Share of the requests (and so of the missions) of the three eastern provinces; the other 23
# provinces share the rest evenly.
PROVINCE_WEIGHTS = {"CD61": 0.35, "CD62": 0.25, "CD54": 0.20}
OTHER_PROVINCES_WEIGHT = 0.20
EASTERN = set(PROVINCE_WEIGHTS)
# Where a province's review chain ends at provincial level (as in the demo: Haut-Uele).
PROVINCIAL_FINAL = {"CD53"}
BUSY = {"members": 20, "consultations": 40, "stakeholders": 40, "history": 103, "recs": 10}
DRAFT = {"members": 6, "consultations": 8, "stakeholders": 6, "recs": 10, "threats": 2}
# The large report (issue 11's PDF): 40 consultations, 60 stakeholders, 30 recommendations.
LARGE = {"members": 8, "consultations": 40, "stakeholders": 60, "recs": 30, "threats": 4}
SHOWCASES = {"busy": BUSY, "draft": DRAFT, "large": LARGE}
# The busy mission's history, by action: 103 lines. (One line per consultation and per
# stakeholder would be 1 + 19 + 40 + 40 = 100 before any status change: the mission's history
# is a realistic mix of 103 lines, not one per row.)
BUSY_HISTORY = {
    AuditAction.MISSION_CREATED: 1,
    AuditAction.TEAM_MEMBER_INVITED: 19,
    AuditAction.TEAM_MEMBER_ANSWERED: 14,
    AuditAction.MISSION_STATUS_CHANGED: 6,
    AuditAction.MISSION_EARLY_NOTICE_SENT: 1,
    AuditAction.LOGISTICS_ADDED: 3,
    AuditAction.CONSULTATION_RECORDED: 30,
    AuditAction.STAKEHOLDER_ADDED: 29,
}
assert sum(BUSY_HISTORY.values()) == BUSY["history"]
BUSY_EXTERNALS = 5  # of the 19 members besides the lead; the 14 others are staff who answered

# Users per province (eastern, other) at full scale; scaled down with a floor of one (and of
# enough team members in Nord-Kivu for the busy mission's 14 staff members).
ROLE_COUNTS = {
    Role.REQUESTER: (20, 3),
    Role.CIVIL_AFFAIRS: (12, 2),
    Role.TEAM_MEMBER: (60, 6),
    Role.HEAD_OF_OFFICE: (2, 1),
    Role.BRIGADE_COMMANDER: (2, 1),
    Role.SMG_PROVINCIAL: (6, 2),
    Role.RREWC: (4, 1),
    Role.CLI: (10, 2),
}
MISSION_WIDE_COUNTS = {Role.SMG_KINSHASA: 8, Role.ANALYST: 3, Role.ADMINISTRATOR: 2}
NORD_KIVU_TEAM_FLOOR = 16
LOCALITIES_PER_TERRITORY = (12, 4)  # eastern, other (besides the gazetteer's)
BASES_PER_PROVINCE = (4, 1)

# The users the pages are measured as (stable usernames at every scale).
PAGE_USERS = {
    "civil_affairs": "bench.civil-affairs",  # Nord-Kivu and Sud-Kivu (as the demo's officer)
    "kinshasa": "bench.kinshasa",  # Kinshasa SMG-P: every province
    "head_of_office": "bench.head-of-office",  # Nord-Kivu, reviews at the first level
    "requester": "bench.requester",  # Nord-Kivu
    "cli": "bench.cli",  # Nord-Kivu: follows up the busy mission (``followup``)
    "analyst": "bench.analyst",  # an analyst: the dashboard, aggregates only
}
PASSWORD = "bench-password"  # noqa: S105 (a local benchmark database)

DAY = timedelta(days=1)


# --------------------------------------------------------------------------------------------
# Parameters
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """How many rows of each kind a scale has (showcase missions included)."""

    missions: int
    requests: int
    consultations: int
    stakeholders: int
    reports: int
    recommendations: int

    @property
    def factor(self) -> float:
        return self.missions / FULL_SCALE_MISSIONS


def plan_for(missions: int) -> Plan:
    if missions < len(SHOWCASES):
        raise ValueError(
            f"The data set needs at least {len(SHOWCASES)} missions (the showcase missions)."
        )
    factor = missions / FULL_SCALE_MISSIONS
    showcase_consultations = showcase_total("consultations")
    showcase_stakeholders = showcase_total("stakeholders")
    return Plan(
        missions=missions,
        requests=max(missions, round(FULL["requests"] * factor)),
        consultations=max(showcase_consultations, round(FULL["consultations"] * factor)),
        stakeholders=max(showcase_stakeholders, round(FULL["stakeholders"] * factor)),
        reports=max(len(SHOWCASES), round(FULL["reports"] * factor)),
        recommendations=max(showcase_total("recs"), round(FULL["recommendations"] * factor)),
    )


def showcase_total(name: str) -> int:
    """How many rows of a kind the showcase missions hold together."""
    return sum(numbers[name] for numbers in SHOWCASES.values())


def parameters(missions: int, seed: int = SEED) -> dict[str, Any]:
    """What identifies a data set: a stored one with other parameters is rebuilt."""
    return {
        "version": DATASET_VERSION,
        "seed": seed,
        "years": YEARS,
        "team_size": TEAM_SIZE,
        "plan": asdict(plan_for(missions)),
        "busy": BUSY,
        "draft": DRAFT,
        "large": LARGE,
        "province_weights": PROVINCE_WEIGHTS,
        "followup": followup.parameters(missions / FULL_SCALE_MISSIONS),
    }


# --------------------------------------------------------------------------------------------
# Writing rows
# --------------------------------------------------------------------------------------------


@contextmanager
def explicit_timestamps() -> Iterator[None]:
    """Switch off ``auto_now``/``auto_now_add`` on every model while rows are written in bulk,
    so the dates set on the objects are the ones stored (a missing date is then a NOT NULL
    error, never a silent "now")."""
    saved = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateField) and (field.auto_now or field.auto_now_add):
                saved.append((field, field.auto_now, field.auto_now_add))
                field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Writer:
    """Collects rows whose ids nobody needs (audit entries, e-mails) and inserts them in batches."""

    def __init__(self) -> None:
        self.pending: dict[type, list] = defaultdict(list)
        self.counts: Counter = Counter()

    def add(self, obj: models.Model) -> None:
        rows = self.pending[type(obj)]
        rows.append(obj)
        if len(rows) >= BATCH:
            self.flush(type(obj))

    def flush(self, model: type | None = None) -> None:
        for kind in [model] if model else list(self.pending):
            rows = self.pending.pop(kind, [])
            if rows:
                kind.objects.bulk_create(rows, batch_size=BATCH)
                self.counts[kind._meta.label] += len(rows)


def bulk(model: type[models.Model], rows: list) -> list:
    """Insert ``rows`` in batches; on PostgreSQL each object gets its id."""
    return model.objects.bulk_create(rows, batch_size=BATCH)


# --------------------------------------------------------------------------------------------
# Words
# --------------------------------------------------------------------------------------------

FIRST_NAMES_F = [
    "Amani",
    "Aline",
    "Bahati",
    "Chantal",
    "Espérance",
    "Furaha",
    "Grâce",
    "Imani",
    "Jeanne",
    "Josephine",
    "Kavira",
    "Mapendo",
    "Neema",
    "Riziki",
    "Sifa",
    "Solange",
    "Tumaini",
    "Yvonne",
    "Zawadi",
    "Claudine",
    "Fatou",
    "Aïcha",
    "Maria",
    "Sarah",
    "Ingrid",
]
FIRST_NAMES_M = [
    "Alain",
    "Baraka",
    "Christian",
    "Didier",
    "Emmanuel",
    "Faustin",
    "Gaston",
    "Héritier",
    "Jean-Paul",
    "Kambale",
    "Kasereka",
    "Luc",
    "Muhindo",
    "Olivier",
    "Patrick",
    "Pascal",
    "Safari",
    "Serge",
    "Thierry",
    "Jonas",
    "Ahmed",
    "Rajesh",
    "Samuel",
    "Tomas",
]
LAST_NAMES = [
    "Kabila",
    "Mumbere",
    "Paluku",
    "Kahindo",
    "Masika",
    "Bisimwa",
    "Cirhuza",
    "Lokana",
    "Mbusa",
    "Ndjoli",
    "Tshibangu",
    "Mukendi",
    "Ilunga",
    "Kasongo",
    "Lukusa",
    "Mwamba",
    "Nzuzi",
    "Bahati",
    "Lubala",
    "Mugisho",
    "Kyalondawa",
    "Sikuli",
    "Diallo",
    "Okafor",
    "Haddad",
    "Singh",
    "Andersen",
    "Moreau",
    "Rossi",
    "Petrov",
]
SYLLABLES = [
    "ka",
    "ki",
    "ku",
    "ba",
    "bi",
    "bo",
    "ma",
    "mu",
    "ne",
    "ny",
    "nyi",
    "sa",
    "se",
    "shi",
    "to",
    "tu",
    "wa",
    "li",
    "lo",
    "ru",
    "ga",
    "go",
    "da",
    "ya",
    "ko",
]
TITLE_WORDS = {
    Trigger.ATTACK: "Attack on",
    Trigger.DISPLACEMENT: "Displacement around",
    Trigger.EMERGENCY_OTHER: "Emergency in",
    Trigger.RUMOURED_ATTACKS: "Rumoured attacks near",
    Trigger.FOLLOW_UP: "Follow-up visit to",
    Trigger.RISK_OTHER: "Risk assessment in",
}
REASONS = [
    "Armed men entered the village at night; several houses were burnt and families fled "
    "towards the health centre.",
    "Community leaders report movements of an armed group on the road to the market, and "
    "extortion at improvised checkpoints.",
    "Displaced families have arrived from the hills since last week; women report risks when "
    "they go to the fields.",
    "The local authorities ask for a visit before the harvest season, when attacks usually rise.",
    "A follow-up of the recommendations of the last JPT: escort patrols and the early-warning "
    "network.",
    "Rumours of an attack circulate after the withdrawal of the army unit from the area.",
]
REC_TEXTS = {
    Category.ESCORT_PATROL: "Conduct escort patrols on the {place} road on market days",
    Category.BASE_POSTURE: "Keep a standing combat deployment near {place} during the harvest",
    Category.HEALTH: "Support the health centre of {place} with medical supplies for survivors",
    Category.JUSTICE: "Organise a mobile court hearing in {place} for the pending cases",
    Category.HR_INVESTIGATION: "Investigate the reported abuses at the checkpoint of {place}",
    Category.IHL_ENGAGEMENT: "Engage the armed group commander near {place} on civilian protection",
    Category.DIALOGUE: "Facilitate a dialogue between the communities of {place}",
    Category.MATERIAL_SUPPORT: "Provide solar lamps for the water points of {place}",
    Category.NATIONAL_AUTHORITIES: "Ask the provincial authorities to deploy police to {place}",
    Category.LOGISTICS: "Repair the bridge on the road to {place} to allow patrols",
    Category.OTHER: "Set up a community alert network in {place}",
}
LOREM = (
    "The team met the community, local leaders and women's groups, who described the threats "
    "in the area, the places and times of risk and what they expect from the mission. "
)


def person_name(rng: random.Random, sex: str) -> str:
    first = rng.choice(FIRST_NAMES_F if sex == Sex.FEMALE else FIRST_NAMES_M)
    return f"{first} {rng.choice(LAST_NAMES)}"


def place_name(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def spread(rng: random.Random, total: int, buckets: int, minimum: int = 0) -> list[int]:
    """``total`` split over ``buckets`` at random (each at least ``minimum``)."""
    if buckets <= 0:
        return []
    counts = [minimum] * buckets
    for _ in range(max(0, total - minimum * buckets)):
        counts[rng.randrange(buckets)] += 1
    return counts


def weighted(rng: random.Random, table: dict[Any, float]) -> Any:
    keys = list(table)
    return rng.choices(keys, weights=[table[k] for k in keys])[0]


def between(rng: random.Random, start: datetime, end: datetime) -> datetime:
    if end <= start:
        return start
    return start + timedelta(seconds=rng.uniform(0, (end - start).total_seconds()))


# --------------------------------------------------------------------------------------------
# The builder
# --------------------------------------------------------------------------------------------


@dataclass
class MissionInfo:
    """What the builder decided about one mission, before and after its rows are written."""

    request: JptRequest
    kind: str = "generic"  # or a showcase: "busy", "draft", "large"
    mission: Mission | None = None
    team: list[TeamMember] | None = None
    logistics: list[LogisticsItem] | None = None
    consultations: list[Consultation] | None = None
    links: list[MissionStakeholder] | None = None
    report: Report | None = None
    early_notice: bool = False


class Builder:
    # The helpers the follow-up's builder (``followup.FollowUp``) shares.
    between = staticmethod(between)
    weighted = staticmethod(weighted)
    person_name = staticmethod(person_name)
    bulk = staticmethod(bulk)

    def __init__(
        self,
        missions: int,
        *,
        seed: int = SEED,
        now: datetime | None = None,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.plan = plan_for(missions)
        self.seed = seed
        self.rng = random.Random(seed)
        # The showcase missions draw from their own generators: they come out the same at
        # every scale.
        self.showcase_rngs = {kind: random.Random(f"{seed}:{kind}") for kind in SHOWCASES}
        self.now = now or timezone.now()
        self.today = timezone.localtime(self.now).date()
        self.started = time.monotonic()
        self._progress = progress or (lambda message: None)
        self.writer = Writer()
        self.counts: Counter = Counter()

    def rng_of(self, kind: str) -> random.Random:
        return self.showcase_rngs.get(kind, self.rng)

    def progress(self, message: str) -> None:
        self._progress(f"  [{time.monotonic() - self.started:6.1f} s] {message}")

    # ----------------------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        """Write the whole data set (in one transaction); return the scene the pages need."""
        with transaction.atomic():
            self.places()
            with explicit_timestamps():
                self.users()
                self.requests()
                self.missions()
                self.teams()
                self.field_work()
                self.reports()
                self.review()
                self.versions()
                followup_scene = followup.FollowUp(self).build()
                self.audit()
                self.emails()
                self.writer.flush()
            self.freeze_showcase()
        self.progress("done")
        counts = dict(sorted(self.count_rows().items()))
        return {
            "busy_mission": self.busy.mission.pk,
            "approved_report": self.busy.report.pk,
            "recommendation": self.busy_recommendation_id,
            "draft_mission": self.draft.mission.pk,
            "draft_report": self.draft.report.pk,
            "large_mission": self.large.mission.pk,
            "large_report": self.large.report.pk,
            "users": PAGE_USERS,
            "search": "Masisi",
            **followup_scene,
            "counts": counts,
        }

    @staticmethod
    def count_rows() -> dict[str, int]:
        return {
            model._meta.label: model.objects.count()
            for model in (
                Province,
                Territory,
                Locality,
                OperatingBase,
                User,
                JptRequest,
                Mission,
                TeamMember,
                LogisticsItem,
                Consultation,
                Stakeholder,
                MissionStakeholder,
                Report,
                Threat,
                Recommendation,
                ReviewStage,
                RecommendationDecision,
                ReportVersion,
                Implementation,
                FollowUpVisit,
                VisitObservation,
                PlannedVisit,
                CommunityAlert,
                MaterialSupport,
                AuditEntry,
                EmailMessage,
            )
        }

    # ---------------------------------------------------------------------------- places

    def places(self) -> None:
        call_command("load_places", verbosity=0, stdout=StringIO())
        rng = self.rng
        self.provinces = {p.pcode: p for p in Province.objects.order_by("pcode")}
        territories = list(Territory.objects.select_related("province").order_by("pcode"))
        existing = defaultdict(set)
        for territory_id, name in Locality.objects.values_list("territory_id", "name"):
            existing[territory_id].add(name)
        now = self.now
        new = []
        for territory in territories:
            wanted = LOCALITIES_PER_TERRITORY[0 if territory.province.pcode in EASTERN else 1]
            names = existing[territory.pk]
            while len(names) < wanted + 1:
                name = place_name(rng)
                if name not in names:
                    names.add(name)
                    new.append(
                        Locality(
                            territory=territory,
                            name=name,
                            source=LocalitySource.GAZETTEER,
                            created_at=now,
                            updated_at=now,
                        )
                    )
        with explicit_timestamps():
            bulk(Locality, new)
        self.territories = defaultdict(list)
        for territory in territories:
            self.territories[territory.province_id].append(territory)
        self.localities = defaultdict(list)
        for locality in Locality.objects.select_related("territory").order_by("id"):
            self.localities[locality.territory_id].append(locality)
        bases = []
        for pcode, province in self.provinces.items():
            for i in range(BASES_PER_PROVINCE[0 if pcode in EASTERN else 1]):
                territory = rng.choice(self.territories[province.pk])
                bases.append(
                    OperatingBase(
                        name=f"COB {territory.name} {i + 1}",
                        kind=BaseKind.COB if i % 2 == 0 else BaseKind.TOB,
                        locality=rng.choice(self.localities[territory.pk]),
                        host_unit=f"Company {i + 1}, battalion of {province.name}",
                        created_at=now,
                        updated_at=now,
                    )
                )
        with explicit_timestamps():
            bulk(OperatingBase, bases)
        self.bases = defaultdict(list)
        for base in bases:
            self.bases[base.locality.territory.province_id].append(base)
        ProvinceChain.objects.bulk_create(
            ProvinceChain(province=self.provinces[pcode], final_level=ReviewLevel.PROVINCIAL_SMG)
            for pcode in PROVINCIAL_FINAL
            if pcode in self.provinces
        )
        self.final_level = {
            p.pk: (ReviewLevel.PROVINCIAL_SMG if pcode in PROVINCIAL_FINAL else LEVEL_ORDER[-1])
            for pcode, p in self.provinces.items()
        }
        weights = {}
        others = [p for p in self.provinces if p not in PROVINCE_WEIGHTS]
        for pcode in self.provinces:
            weights[pcode] = PROVINCE_WEIGHTS.get(pcode, OTHER_PROVINCES_WEIGHT / len(others))
        self.province_weights = weights
        self.nord_kivu = self.provinces["CD61"]
        self.progress(
            f"places: {len(self.provinces)} provinces, {len(territories)} territories, "
            f"{sum(len(v) for v in self.localities.values())} localities, {len(bases)} bases"
        )

    # ----------------------------------------------------------------------------- users

    def users(self) -> None:
        factor = self.plan.factor
        password = make_password(PASSWORD)
        joined = self.now - timedelta(days=365 * YEARS + 30)
        rows: list[tuple[User, Role, list[Province]]] = []

        def add(username: str, role: Role, provinces: list[Province], **fields) -> User:
            # One generator per username: a user is the same person at every scale.
            rng = random.Random(f"{self.seed}:{username}")
            sex = fields.pop("sex", rng.choice([Sex.FEMALE, Sex.MALE, Sex.MALE]))
            section = fields.pop("section", SECTION_OF_ROLE.get(role) or rng.choice(TEAM_SECTIONS))
            user = User(
                username=username,
                email=f"{username}@bench.example.org",
                password=password,
                full_name=person_name(rng, sex),
                sex=sex,
                staff_category=rng.choice([StaffCategory.NATIONAL, StaffCategory.INTERNATIONAL]),
                section=section,
                duty_station=provinces[0].name if provinces else "Kinshasa",
                is_superuser=role == Role.ADMINISTRATOR,
                is_staff=role == Role.ADMINISTRATOR,
                date_joined=joined,
                **fields,
            )
            rows.append((user, role, provinces))
            return user

        sud_kivu = self.provinces["CD62"]
        add(
            PAGE_USERS["civil_affairs"],
            Role.CIVIL_AFFAIRS,
            [self.nord_kivu, sud_kivu],
            sex=Sex.FEMALE,
        )
        add(PAGE_USERS["head_of_office"], Role.HEAD_OF_OFFICE, [self.nord_kivu])
        add(PAGE_USERS["requester"], Role.REQUESTER, [self.nord_kivu])
        add(PAGE_USERS["kinshasa"], Role.SMG_KINSHASA, [])
        add(PAGE_USERS["cli"], Role.CLI, [self.nord_kivu], sex=Sex.FEMALE)
        add(PAGE_USERS["analyst"], Role.ANALYST, [])
        named = {
            (Role.CIVIL_AFFAIRS, "CD61"): 1,
            (Role.HEAD_OF_OFFICE, "CD61"): 1,
            (Role.REQUESTER, "CD61"): 1,
            (Role.CLI, "CD61"): 1,
        }
        for pcode, province in self.provinces.items():
            eastern = 0 if pcode in EASTERN else 1
            for role, counts in ROLE_COUNTS.items():
                wanted = max(1, round(counts[eastern] * factor))
                if role == Role.TEAM_MEMBER and pcode == "CD61":
                    wanted = max(wanted, NORD_KIVU_TEAM_FLOOR)
                for i in range(named.get((role, pcode), 0), wanted):
                    add(f"{ROLE_SLUG[role]}.{pcode.lower()}.{i + 1:03d}", role, [province])
        for role, count in MISSION_WIDE_COUNTS.items():
            # bench.kinshasa and bench.analyst are the first of theirs
            first = 1 if role in (Role.SMG_KINSHASA, Role.ANALYST) else 0
            for i in range(first, max(1, round(count * factor))):
                add(f"{ROLE_SLUG[role]}.{i + 1:03d}", role, [])
        bulk(User, [user for user, _, _ in rows])
        groups = {g.name: g.pk for g in Group.objects.all()}
        bulk(
            User.groups.through,
            [User.groups.through(user_id=u.pk, group_id=groups[r.value]) for u, r, _ in rows],
        )
        bulk(
            User.provinces.through,
            [
                User.provinces.through(user_id=u.pk, province_id=p.pk)
                for u, _, provinces in rows
                for p in provinces
            ],
        )
        self.by_role: dict[tuple[Role, int], list[User]] = defaultdict(list)
        self.women_civilians: dict[int, list[User]] = defaultdict(list)
        for user, role, provinces in rows:
            for province in provinces:
                self.by_role[(role, province.pk)].append(user)
                if user.sex == Sex.FEMALE and user.section not in NON_CIVILIAN:
                    self.women_civilians[province.pk].append(user)
            if not provinces:
                self.by_role[(role, 0)].append(user)
        by_name = {user.username: user for user, _, _ in rows}
        self.page_users = {key: by_name[name] for key, name in PAGE_USERS.items()}
        self.counts["users"] = len(rows)
        self.progress(f"users: {len(rows)}")

    def people(self, role: Role, province_id: int) -> list[User]:
        return self.by_role.get((role, province_id)) or self.by_role[(role, 0)]

    def team_pool(self, province_id: int) -> list[User]:
        return [
            *self.people(Role.TEAM_MEMBER, province_id),
            *self.by_role.get((Role.CLI, province_id), []),
        ]

    # -------------------------------------------------------------------------- requests

    def requests(self) -> None:
        rng = self.rng
        plan = self.plan
        horizon = self.now - timedelta(days=365 * YEARS)
        generic = plan.requests - len(SHOWCASES)
        times = [between(rng, horizon, self.now - timedelta(hours=2)) for _ in range(generic)]
        specs = [("generic", t) for t in times]
        specs.append(("busy", self.now - timedelta(days=430)))
        specs.append(("draft", self.now - timedelta(days=75)))
        specs.append(("large", self.now - timedelta(days=120)))
        specs.sort(key=lambda spec: spec[1])
        recent = self.now - timedelta(days=60)
        # Who is approved: the showcase requests, then generic ones up to the number of missions.
        generic_old = [i for i, (kind, t) in enumerate(specs) if kind == "generic" and t < recent]
        generic_recent = [
            i for i, (kind, t) in enumerate(specs) if kind == "generic" and t >= recent
        ]
        statuses: dict[int, str] = {}
        for i in generic_recent:
            statuses[i] = weighted(
                rng,
                {
                    RequestStatus.SUBMITTED: 0.5,
                    RequestStatus.RETURNED: 0.15,
                    RequestStatus.APPROVED: 0.3,
                    RequestStatus.DECLINED: 0.05,
                },
            )
        approved_recent = [i for i in generic_recent if statuses[i] == RequestStatus.APPROVED]
        quota = plan.missions - len(SHOWCASES) - len(approved_recent)
        if quota < 0:  # a small set: fewer recent approvals
            for i in approved_recent[quota:]:
                statuses[i] = RequestStatus.SUBMITTED
            quota = 0
        approved_old = set(rng.sample(generic_old, min(quota, len(generic_old))))
        missing = quota - len(approved_old)
        if missing > 0:  # not enough old requests: approve recent ones still pending
            for i in generic_recent:
                if missing and statuses[i] != RequestStatus.APPROVED:
                    statuses[i] = RequestStatus.APPROVED
                    missing -= 1
        for i in generic_old:
            statuses[i] = RequestStatus.APPROVED if i in approved_old else RequestStatus.DECLINED
        rows = []
        infos: list[MissionInfo] = []
        for i, (kind, submitted) in enumerate(specs):
            if kind == "busy":
                province, territory = self.nord_kivu, self.territory_named(self.nord_kivu, "Masisi")
                trigger, status = Trigger.ATTACK, RequestStatus.APPROVED
            elif kind == "draft":
                province = self.nord_kivu
                territory = self.territory_named(self.nord_kivu, "Walikale")
                trigger, status = Trigger.DISPLACEMENT, RequestStatus.APPROVED
            elif kind == "large":
                province = self.nord_kivu
                territory = self.territory_named(self.nord_kivu, "Rutshuru")
                trigger, status = Trigger.ATTACK, RequestStatus.APPROVED
            else:
                province = self.provinces[weighted(rng, self.province_weights)]
                territory = rng.choice(self.territories[province.pk])
                trigger = rng.choice(list(Trigger))
                status = statuses[i]
            request = self.make_request(kind, submitted, province, territory, trigger, status)
            rows.append(request)
            if status == RequestStatus.APPROVED:
                infos.append(MissionInfo(request=request, kind=kind))
        bulk(JptRequest, rows)
        through = JptRequest.localities.through
        bulk(
            through,
            [
                through(jptrequest_id=r.pk, locality_id=loc.pk)
                for r in rows
                for loc in r._bench_localities
            ],
        )
        self.request_rows = rows
        self.infos = infos
        self.busy = next(info for info in infos if info.kind == "busy")
        self.draft = next(info for info in infos if info.kind == "draft")
        self.large = next(info for info in infos if info.kind == "large")
        self.progress(f"requests: {len(rows)} ({len(infos)} approved)")

    def territory_named(self, province: Province, name: str) -> Territory:
        for territory in self.territories[province.pk]:
            if territory.name == name:
                return territory
        return self.territories[province.pk][0]

    def make_request(self, kind, submitted, province, territory, trigger, status) -> JptRequest:
        rng = self.rng_of(kind)
        localities = rng.sample(
            self.localities[territory.pk],
            min(len(self.localities[territory.pk]), rng.randint(1, 3)),
        )
        if kind == "busy":
            localities = localities[:1]
        requester_pool = self.people(Role.REQUESTER, province.pk)
        requester = (
            self.page_users["requester"]
            if kind != "generic"
            else rng.choice(requester_pool + self.people(Role.CIVIL_AFFAIRS, province.pk)[:1])
        )
        officers = [
            u for u in self.people(Role.CIVIL_AFFAIRS, province.pk) if u.pk != requester.pk
        ] or self.people(Role.CIVIL_AFFAIRS, province.pk)
        start = (submitted + timedelta(days=rng.randint(21, 60))).date()
        if kind == "busy":
            start = (submitted + timedelta(days=30)).date()
        elif kind in ("draft", "large"):
            start = (submitted + timedelta(days=28)).date()
        end = start + timedelta(days=rng.randint(4, 13) if kind == "generic" else 7)
        requester_kind = rng.choice(list(RequesterKind))
        decided = status in (RequestStatus.APPROVED, RequestStatus.DECLINED)
        decided_at = min(submitted + timedelta(hours=rng.uniform(4, 240)), self.now - DAY / 24)
        decider = None
        if decided or status == RequestStatus.RETURNED:
            decider = (
                self.page_users["civil_affairs"]
                if kind != "generic"
                else self.pick_officer(province.pk, officers)
            )
        request = JptRequest(
            title=f"{TITLE_WORDS[trigger]} {localities[0].name}, {territory.name}",
            requested_by=requester,
            requester_kind=requester_kind,
            requesting_office=f"{province.name} field office"
            if requester_kind == RequesterKind.FIELD_OFFICE
            else "",
            requesting_section=Section.CIVIL_AFFAIRS
            if requester_kind == RequesterKind.SECTION
            else "",
            trigger=trigger,
            trigger_details="Threats reported by the local radio"
            if trigger in (Trigger.EMERGENCY_OTHER, Trigger.RISK_OTHER)
            else "",
            province=province,
            territory=territory,
            nearest_base=rng.choice(self.bases[province.pk]) if self.bases[province.pk] else None,
            reason=" ".join(rng.sample(REASONS, 2)),
            start_date=start,
            end_date=end,
            urgency=rng.choice(list(Urgency)),
            is_repeat_visit=trigger == Trigger.FOLLOW_UP,
            status=status,
            submitted_at=submitted,
            is_short_notice=(start - submitted.date()).days < 21,
            decided_by=decider if decided or status == RequestStatus.RETURNED else None,
            decided_at=decided_at if decided or status == RequestStatus.RETURNED else None,
            decision_comment="Please give the names of the localities affected."
            if status == RequestStatus.RETURNED
            else "",
            created_at=submitted,
            updated_at=decided_at if decided else submitted,
        )
        request._bench_localities = localities
        return request

    def pick_officer(self, province_id: int, officers: list[User]) -> User:
        """The approving officer (and lead): the page's officer gets an even share in
        Nord-Kivu and Sud-Kivu, like any officer of those provinces."""
        page_officer = self.page_users["civil_affairs"]
        pool = list(officers)
        if province_id in (self.nord_kivu.pk, self.provinces["CD62"].pk):
            pool = [u for u in pool if u.pk != page_officer.pk]
            share = 1 / (len(pool) + 1) / (2 if province_id != self.nord_kivu.pk else 1)
            if not pool or self.rng.random() < share:
                return page_officer
        return self.rng.choice(pool)

    # -------------------------------------------------------------------------- missions

    def missions(self) -> None:
        rng = self.rng
        today = self.today
        eligible = []
        for info in self.infos:
            request = info.request
            departure, back = request.start_date, request.end_date
            if info.kind == "generic" and back < today - timedelta(days=5):
                eligible.append(info)
        report_quota = max(0, self.plan.reports - len(SHOWCASES))
        with_report = {id(i) for i in rng.sample(eligible, min(report_quota, len(eligible)))}
        rows = []
        for info in self.infos:
            request = info.request
            created = request.decided_at
            departure, back = request.start_date, request.end_date
            status, actual = self.mission_status(info, departure, back, id(info) in with_report)
            mission = Mission(
                request=request,
                province=request.province,
                mandate="Establish the protection threats and the community's self-protection "
                "strategies; include a gender analysis and the analysis of patterns of sexual "
                "violence (Annex 2).",
                lead=request.decided_by,
                status=status,
                host_base=request.nearest_base,
                host_unit_commander=person_name(self.rng_of(info.kind), Sex.MALE),
                host_unit_email=f"host-unit.{request.province.pcode.lower()}@bench.example.org",
                planned_departure=departure,
                planned_return=back,
                actual_departure=departure if actual else None,
                actual_return=back if actual and back < today else None,
                women_accommodation_needed=True,
                women_accommodation_confirmed=status != MissionStatus.PLANNING,
                created_at=created,
                updated_at=created,
            )
            mission._bench_wants_report = id(info) in with_report or info.kind != "generic"
            info.mission = mission
            info.early_notice = status != MissionStatus.CANCELLED and (
                info.kind == "busy" or (info.kind == "generic" and rng.random() < 0.7)
            )
            if info.early_notice:
                mission.early_notice_sent_at = created + timedelta(days=2)
            rows.append(mission)
        bulk(Mission, rows)
        self.progress(f"missions: {len(rows)} ({len(with_report) + len(SHOWCASES)} with a report)")

    def mission_status(self, info, departure, back, reported) -> tuple[str, bool]:
        """(status, whether the team actually left) from the dates and whether there is a
        report (its own status is chosen later and moves the mission along)."""
        today = self.today
        if info.kind != "generic":
            return MissionStatus.REPORT_DRAFTING, True  # moved on with its report below
        if departure > today:
            recent = info.request.decided_at > self.now - timedelta(days=14)
            return (MissionStatus.PLANNING if recent else MissionStatus.TEAM_FORMING), False
        if back >= today:
            return MissionStatus.DEPLOYED, True
        if reported:
            return MissionStatus.REPORT_DRAFTING, True
        if back > today - timedelta(days=30):
            return MissionStatus.RETURNED, True
        if self.rng.random() < 0.5:
            return MissionStatus.CANCELLED, False
        return MissionStatus.CLOSED, True

    # ----------------------------------------------------------------------------- teams

    def teams(self) -> None:
        rng = self.rng
        members = []
        logistics = []
        for info in self.infos:
            rng = self.rng_of(info.kind)
            mission = info.mission
            lead = mission.lead
            created = mission.created_at
            invited = created + timedelta(days=1)
            answered = created + timedelta(days=3)
            team = [
                TeamMember(
                    mission=mission,
                    user=lead,
                    role=TeamRole.TEAM_LEAD,
                    status=ParticipationStatus.ACCEPTED,
                    responded_at=created,
                    created_at=created,
                    updated_at=created,
                )
            ]
            if info.kind == "busy":
                staff, externals = BUSY["members"] - 1 - BUSY_EXTERNALS, BUSY_EXTERNALS
            elif info.kind in ("draft", "large"):
                staff, externals = SHOWCASES[info.kind]["members"] - 2, 1
            else:
                others = max(1, min(8, round(rng.gauss(TEAM_SIZE - 1, 1.5))))
                externals = sum(1 for _ in range(others) if rng.random() < 0.1)
                staff = others - externals
            pool = [u for u in self.team_pool(mission.province_id) if u.pk != lead.pk]
            if info.kind == "generic":
                chosen = rng.sample(pool, min(staff, len(pool)))
            else:  # the same people at every scale
                chosen = sorted(pool, key=lambda u: u.username)[:staff]
            externals += staff - len(chosen)
            planning = mission.status in (MissionStatus.PLANNING, MissionStatus.TEAM_FORMING)
            for user in chosen:
                if planning:
                    status = weighted(
                        rng,
                        {
                            ParticipationStatus.INVITED: 0.4,
                            ParticipationStatus.ACCEPTED: 0.5,
                            ParticipationStatus.DECLINED: 0.1,
                        },
                    )
                elif info.kind == "generic":
                    status = weighted(
                        rng,
                        {
                            ParticipationStatus.ACCEPTED: 0.9,
                            ParticipationStatus.DECLINED: 0.07,
                            ParticipationStatus.WITHDRAWN: 0.03,
                        },
                    )
                else:
                    status = ParticipationStatus.ACCEPTED
                team.append(
                    TeamMember(
                        mission=mission,
                        user=user,
                        role=rng.choice(MEMBER_ROLES),
                        status=status,
                        invited_at=invited,
                        responded_at=None if status == ParticipationStatus.INVITED else answered,
                        created_at=invited,
                        updated_at=answered,
                    )
                )
            for _ in range(externals):
                sex = rng.choice([Sex.FEMALE, Sex.MALE])
                team.append(
                    TeamMember(
                        mission=mission,
                        external_name=person_name(rng, sex),
                        external_organisation=rng.choice(["UNHCR", "UNICEF", "OCHA", "an NGO"]),
                        external_sex=sex,
                        role=rng.choice([TeamRole.MEMBER, TeamRole.CHILD_PROTECTION]),
                        status=ParticipationStatus.ACCEPTED,
                        invited_at=invited,
                        responded_at=invited,
                        created_at=invited,
                        updated_at=invited,
                    )
                )
            info.team = team
            members.extend(team)
            n_logistics = 3 if info.kind == "busy" else rng.choice([1, 2, 2, 3])
            info.logistics = []
            for j in range(n_logistics):
                category = [
                    LogisticsCategory.TRANSPORT,
                    LogisticsCategory.ACCOMMODATION,
                    LogisticsCategory.ESCORT,
                ][j]
                item = LogisticsItem(
                    mission=mission,
                    category=category,
                    transport_mode=TransportMode.HELICOPTER
                    if category == LogisticsCategory.TRANSPORT
                    else "",
                    description=f"{category.label} for the team",
                    quantity_requested=6,
                    quantity_confirmed=None if planning else 6,
                    status=LogisticsStatus.REQUESTED if planning else LogisticsStatus.CONFIRMED,
                    created_at=created + timedelta(days=2),
                    updated_at=created + timedelta(days=4),
                )
                info.logistics.append(item)
                logistics.append(item)
        bulk(TeamMember, members)
        bulk(LogisticsItem, logistics)
        self.progress(f"team members: {len(members)}, logistics lines: {len(logistics)}")

    # ------------------------------------------------------------------------ field work

    def field_work(self) -> None:
        rng = self.rng
        plan = self.plan
        fielded = [
            info
            for info in self.infos
            if info.kind == "generic" and info.mission.actual_departure is not None
        ]
        consultations_of = dict(
            zip(
                map(id, fielded),
                spread(
                    rng,
                    plan.consultations - showcase_total("consultations"),
                    len(fielded),
                ),
                strict=True,
            )
        )
        stakeholders_of = dict(
            zip(
                map(id, fielded),
                spread(
                    rng,
                    plan.stakeholders - showcase_total("stakeholders"),
                    len(fielded),
                ),
                strict=True,
            )
        )
        consultations: list[Consultation] = []
        people: list[Stakeholder] = []
        links: list[MissionStakeholder] = []
        known: dict[int, list[Stakeholder]] = defaultdict(list)  # by territory
        fielded_ids = {id(i) for i in fielded}
        for info in sorted(self.infos, key=lambda i: i.mission.created_at):
            rng = self.rng_of(info.kind)
            mission = info.mission
            info.consultations, info.links = [], []
            if info.kind in SHOWCASES:
                numbers = SHOWCASES[info.kind]
                n_cons, n_new, n_reused = numbers["consultations"], numbers["stakeholders"], 0
            elif id(info) in fielded_ids:
                n_cons, n_new = consultations_of[id(info)], stakeholders_of[id(info)]
                n_reused = rng.choice([0, 0, 1, 2])
            else:
                continue
            request = info.request
            territory_localities = self.localities[request.territory_id]
            start = datetime.combine(mission.actual_departure, datetime.min.time(), self.now.tzinfo)
            end = start + timedelta(days=(request.end_date - request.start_date).days + 1)
            end = min(end, self.now - timedelta(hours=1))
            for j in range(n_cons):
                kind = rng.choice(list(ConsultationType))
                if info.kind != "generic" and j == 0:
                    kind = ConsultationType.LOCAL_WOMEN
                held = between(rng, start, end)
                consultation = Consultation(
                    mission=mission,
                    held_at=held,
                    kind=kind,
                    locality=rng.choice(territory_localities),
                    venue="Parish hall" if j % 3 else "Market square",
                    setting=rng.choice(list(ConsultationSetting)),
                    language=rng.choice(["Swahili", "French", "Kinande", "Lingala"]),
                    women=rng.randint(1, 25),
                    men=rng.randint(0, 25),
                    girls=rng.choice([None, rng.randint(0, 5)]),
                    boys=rng.choice([None, rng.randint(0, 5)]),
                    announced_by=["word_of_mouth", "cli"],
                    topics="Security on the roads; access to the fields; the army's conduct.",
                    concerns="Night attacks, extortion at checkpoints, abductions of women "
                    "going to the fields.",
                    follow_up="Escort on market days; a visit of the human-rights section.",
                    recorded_by=mission.lead,
                    created_at=held,
                    updated_at=held,
                )
                consultations.append(consultation)
                info.consultations.append(consultation)
            met = list(known[request.territory_id])
            reused = rng.sample(met, min(n_reused, len(met)))
            for j in range(n_new):
                sex = Sex.FEMALE if (j == 0 or rng.random() < 0.4) else Sex.MALE
                added = between(rng, start, end)
                person = Stakeholder(
                    name=person_name(rng, sex),
                    title=rng.choice(["Chief", "President", "Nurse", "Pastor", "Teacher", ""]),
                    organisation=rng.choice(["", "Women's association", "Local committee"]),
                    sex=sex,
                    locality=rng.choice(territory_localities),
                    phone=f"+243 9{rng.randint(10, 99)} {rng.randint(100, 999)} "
                    f"{rng.randint(100, 999)}",
                    category=StakeholderCategory.WOMENS_LEADER
                    if sex == Sex.FEMALE and j == 0
                    else rng.choice(list(StakeholderCategory)),
                    agreed_to_contact=rng.random() < 0.8,
                    created_at=added,
                    updated_at=added,
                )
                people.append(person)
                known[request.territory_id].append(person)
                reused.append(person)
            for person in reused:
                link = MissionStakeholder(
                    mission=mission,
                    stakeholder=person,
                    notes="Met at the community meeting.",
                    added_by=mission.lead,
                    created_at=max(person.created_at, start),
                    updated_at=max(person.created_at, start),
                )
                links.append(link)
                info.links.append(link)
        bulk(Consultation, consultations)
        bulk(Stakeholder, people)
        bulk(MissionStakeholder, links)
        self.progress(
            f"consultations: {len(consultations)}, stakeholders: {len(people)} "
            f"(on {len(links)} lists)"
        )

    # --------------------------------------------------------------------------- reports

    def reports(self) -> None:
        """Reports and their sections and recommendations (the review comes after)."""
        rng = self.rng
        reported = [info for info in self.infos if info.mission._bench_wants_report]
        generic = [info for info in reported if info.kind == "generic"]
        recs_of = dict(
            zip(
                map(id, generic),
                spread(
                    rng,
                    self.plan.recommendations - showcase_total("recs"),
                    len(generic),
                    minimum=1,
                ),
                strict=True,
            )
        )
        reports, analyses, plans, threats, recs = [], [], [], [], []
        counts, safe_areas, escorts, vulnerable, contacts = [], [], [], [], []
        for info in reported:
            rng = self.rng_of(info.kind)
            mission, request = info.mission, info.request
            back = datetime.combine(mission.planned_return, datetime.min.time(), self.now.tzinfo)
            if info.kind == "busy":
                created = back + timedelta(days=3)
                status = ReportStatus.APPROVED
            elif info.kind in ("draft", "large"):
                created = back + timedelta(days=2)
                status = ReportStatus.DRAFT
            else:
                created = min(back + timedelta(days=rng.uniform(1, 10)), self.now - DAY)
                age = (self.now - created).days
                if age < 20:
                    table = {ReportStatus.DRAFT: 0.6, ReportStatus.IN_REVIEW: 0.4}
                elif age < 120:
                    table = {
                        ReportStatus.DRAFT: 0.1,
                        ReportStatus.IN_REVIEW: 0.5,
                        ReportStatus.RETURNED: 0.1,
                        ReportStatus.APPROVED: 0.25,
                        ReportStatus.CLOSED: 0.05,
                    }
                elif age < 365:
                    table = {
                        ReportStatus.IN_REVIEW: 0.1,
                        ReportStatus.RETURNED: 0.03,
                        ReportStatus.APPROVED: 0.8,
                        ReportStatus.CLOSED: 0.07,
                    }
                else:
                    table = {
                        ReportStatus.IN_REVIEW: 0.01,
                        ReportStatus.APPROVED: 0.92,
                        ReportStatus.CLOSED: 0.07,
                    }
                status = weighted(rng, table)
            report = Report(
                mission=mission,
                status=status,
                commander_coauthor=mission.host_unit_commander,
                plan_of_action="Escort patrols on market days; a follow-up visit in three months.",
                chain_final_level=""
                if status == ReportStatus.DRAFT
                else self.final_level[mission.province_id],
                created_at=created,
                updated_at=created,
            )
            info.report = report
            reports.append(report)
            places = self.localities[request.territory_id]
            analysis = SexualViolenceAnalysis(
                report=report,
                medical_access=rng.choice(list(ServiceAccess)),
                psychosocial_access=rng.choice(list(ServiceAccess)),
                legal_access=rng.choice(list(ServiceAccess)),
                services_notes="A health centre 12 km away; no legal clinic in the territory.",
                risk_places_times="The road to the fields in the morning; the market on Thursdays.",
                patterns="Reported incidents rose when the army unit left; most on the roads.",
                created_at=created,
                updated_at=created,
            )
            report.sv_analysis = analysis
            analyses.append(analysis)
            analysis._bench_counts = []
            for _ in range(rng.randint(0, 2)):
                count = IncidentCount(
                    analysis=analysis,
                    period=f"{created:%B %Y}",
                    locality=rng.choice(places),
                    perpetrator_category=rng.choice(list(PerpetratorCategory)),
                    age_group=rng.choice(["child", "adult", "unknown"]),
                    survivor_sex=rng.choice(["female", "male", "unknown"]),
                    count=rng.randint(1, 12),
                )
                analysis._bench_counts.append(count)
                counts.append(count)
            plan = ProtectionPlan(
                report=report,
                priorities="Safe access to the fields and the market.",
                local_authority_roles="The chief relays alerts to the base.",
                early_warning="Community alert network with the CLI.",
                womens_organizations_consulted=True,
                womens_organizations="Women's association of the locality",
                created_at=created,
                updated_at=created,
            )
            report.protection_plan = plan
            plans.append(plan)
            plan._bench_rows = {
                "safe_areas": [
                    SafeArea(plan=plan, name="Parish compound", locality=places[0], capacity=400)
                ],
                "escort_points": [EscortPoint(plan=plan, place="Market", day_time="Thu 06:00")],
                "vulnerable_areas": [
                    VulnerableArea(
                        plan=plan, place="Road to the fields", why="Ambushes", when="Mornings"
                    )
                ],
                "contingency_contacts": [
                    ContingencyContact(
                        plan=plan,
                        stakeholder=info.links[0],
                        how_to_reach="Phone, or through the CLI",
                        when="Any time",
                    )
                ]
                if info.links
                else [],
            }
            safe_areas += plan._bench_rows["safe_areas"]
            escorts += plan._bench_rows["escort_points"]
            vulnerable += plan._bench_rows["vulnerable_areas"]
            contacts += plan._bench_rows["contingency_contacts"]
            report._bench_threats = []
            n_threats = (
                SHOWCASES[info.kind]["threats"]
                if info.kind in ("draft", "large")
                else rng.randint(1, 3)
            )
            for _ in range(n_threats):
                threat = Threat(
                    report=report,
                    threat_type=rng.choice(list(ThreatType)),
                    perpetrator_category=PerpetratorCategory.ARMED_GROUP,
                    perpetrator_name="Mayi-Mayi group",
                    period="Since the last harvest",
                    frequency="Weekly",
                    severity=rng.randint(1, 4),
                    trend=rng.choice(list(Trend)),
                    narrative="Attacks on the road to the fields, mostly at dawn.",
                    created_at=created,
                    updated_at=created,
                )
                threat._bench_places = rng.sample(places, min(len(places), rng.randint(1, 2)))
                threats.append(threat)
                report._bench_threats.append(threat)
            n_recs = SHOWCASES[info.kind]["recs"] if info.kind in SHOWCASES else recs_of[id(info)]
            report._bench_recs = []
            for _ in range(n_recs):
                category = rng.choice(list(Category))
                place = rng.choice(places)
                rec = Recommendation(
                    report=report,
                    text=REC_TEXTS[category].format(place=place.name) + ".",
                    category=category,
                    addressee=rng.choice(list(Addressee)),
                    addressee_detail=rng.choice(["", "Human Rights section", "Battalion"]),
                    priority=rng.choice(list(Priority)),
                    target_date=(created + timedelta(days=rng.randint(30, 180))).date(),
                    status=RecommendationStatus.DRAFT,
                    created_at=created + timedelta(hours=1),
                    updated_at=created + timedelta(hours=1),
                )
                rec._bench_places = [place]
                rec._bench_decisions = []
                recs.append(rec)
                report._bench_recs.append(rec)
        # Written once the review has decided their dates and statuses (``write_reports``).
        self.report_rows = {
            "reports": reports,
            "analyses": analyses,
            "plans": plans,
            "counts": counts,
            "safe_areas": safe_areas,
            "escorts": escorts,
            "vulnerable": vulnerable,
            "contacts": contacts,
            "threats": threats,
            "recs": recs,
        }
        self.reported = reported
        self.progress(
            f"reports: {len(reports)}, threats: {len(threats)}, recommendations: {len(recs)} "
            "(in memory)"
        )

    # ---------------------------------------------------------------------------- review

    def reviewer(self, level: str, province_id: int, kind: str = "generic") -> User:
        if level == ReviewLevel.HEAD_OF_OFFICE:
            pool = self.people(Role.HEAD_OF_OFFICE, province_id) + self.people(
                Role.BRIGADE_COMMANDER, province_id
            )
        elif level == ReviewLevel.PROVINCIAL_SMG:
            pool = self.people(Role.SMG_PROVINCIAL, province_id)
        else:
            pool = self.people(Role.SMG_KINSHASA, 0)
        # The showcase reports are reviewed by the first reviewer (the page's head of office
        # in Nord-Kivu), the same at every scale.
        return pool[0] if kind != "generic" else self.rng.choice(pool)

    def review(self) -> None:
        """Stages and decisions of every submitted report; the statuses they leave behind."""
        rng = self.rng
        stages, decisions = [], []
        for info in self.reported:
            rng = self.rng_of(info.kind)
            report, mission = info.report, info.mission
            if report.status == ReportStatus.DRAFT:
                report._bench_stages = []
                continue
            levels = [lvl.value for lvl in LEVEL_ORDER]
            levels = levels[: levels.index(report.chain_final_level) + 1]
            status = report.status
            if status == ReportStatus.CLOSED:
                walk, last = levels[:1], StageOutcome.CLOSED
            elif status == ReportStatus.APPROVED:
                walk, last = levels, StageOutcome.APPROVED
            else:
                reached = rng.choices(range(len(levels)), weights=[5, 3, 2][: len(levels)])[0]
                walk = levels[: reached + 1]
                last = (
                    StageOutcome.RETURNED if status == ReportStatus.RETURNED else StageOutcome.OPEN
                )
            submitted = report.created_at + timedelta(days=rng.uniform(2, 15))
            if info.kind == "busy":
                submitted = report.created_at + timedelta(days=5)
            durations = [rng.uniform(2, 15) for _ in walk]
            room = (self.now - submitted).total_seconds() / 86400 - 0.1
            needed = sum(durations) if last != StageOutcome.OPEN else sum(durations[:-1])
            if room <= 0.1:
                submitted = self.now - timedelta(hours=6)
                room = 0.2
            if needed > room:
                durations = [d * room / needed for d in durations]
            report.submitted_at = submitted
            entered = submitted
            in_play = list(report._bench_recs)
            report._bench_stages = []
            for index, level in enumerate(walk):
                closed = entered + timedelta(days=durations[index])
                final_here = index == len(walk) - 1
                outcome = last if final_here else StageOutcome.FORWARDED
                stage = ReviewStage(
                    report=report,
                    level=level,
                    entered_at=entered,
                    due_at=entered + timedelta(days=10),
                    outcome=outcome,
                    closed_at=None if outcome == StageOutcome.OPEN else closed,
                    closed_by=None
                    if outcome == StageOutcome.OPEN
                    else self.reviewer(level, mission.province_id, info.kind),
                    comment="Add the dates of the incidents to the analysis."
                    if outcome == StageOutcome.RETURNED
                    else "",
                )
                stage._bench_decisions = []
                stages.append(stage)
                report._bench_stages.append(stage)
                if outcome in (StageOutcome.OPEN, StageOutcome.RETURNED):
                    deciding = rng.sample(in_play, rng.randint(0, max(0, len(in_play) - 1)))
                else:
                    deciding = list(in_play)
                stop = closed if outcome != StageOutcome.OPEN else self.now
                kept = []
                chosen = {id(rec) for rec in deciding}
                deciding = [rec for rec in in_play if id(rec) in chosen]  # in their order
                for n, rec in enumerate(deciding):
                    if outcome == StageOutcome.CLOSED:
                        choice = Decision.REJECT
                    else:
                        choice = weighted(
                            rng,
                            {
                                Decision.ENDORSE: 0.8,
                                Decision.ENDORSE_WITH_CHANGES: 0.1,
                                Decision.REJECT: 0.1,
                            },
                        )
                        if (
                            choice == Decision.REJECT
                            and outcome in (StageOutcome.FORWARDED, StageOutcome.APPROVED)
                            and not kept
                            and n == len(deciding) - 1
                        ):
                            choice = Decision.ENDORSE  # at least one goes on
                    before = rec.current_text or rec.text
                    decision = RecommendationDecision(
                        recommendation=rec,
                        stage=stage,
                        decision=choice,
                        text_before=before,
                        changed_text=before.rstrip(".") + ", with the community's agreement."
                        if choice == Decision.ENDORSE_WITH_CHANGES
                        else "",
                        reason="Outside the mission's mandate."
                        if choice == Decision.REJECT
                        else "",
                        decided_by=stage.closed_by
                        or self.reviewer(level, mission.province_id, info.kind),
                        decided_at=between(rng, entered, stop),
                    )
                    decisions.append(decision)
                    stage._bench_decisions.append(decision)
                    rec._bench_decisions.append(decision)
                    if outcome in (StageOutcome.OPEN, StageOutcome.RETURNED):
                        continue  # not applied (yet, or ever)
                    if choice == Decision.REJECT:
                        rec.status = RecommendationStatus.REJECTED
                    else:
                        kept.append(rec)
                        if choice == Decision.ENDORSE_WITH_CHANGES:
                            rec.current_text = decision.changed_text
                if outcome in (StageOutcome.FORWARDED, StageOutcome.APPROVED):
                    in_play = kept
                entered = closed
            for rec in in_play:
                rec.status = (
                    RecommendationStatus.APPROVED
                    if last == StageOutcome.APPROVED
                    else RecommendationStatus.IN_REVIEW
                )
            if last == StageOutcome.CLOSED:
                for rec in report._bench_recs:
                    rec.status = RecommendationStatus.REJECTED
            last_stage = report._bench_stages[-1]
            if last in (StageOutcome.APPROVED, StageOutcome.CLOSED):
                report.approved_at = last_stage.closed_at if last == StageOutcome.APPROVED else None
                report.updated_at = last_stage.closed_at
            else:
                report.updated_at = last_stage.closed_at or last_stage.entered_at
            for rec in report._bench_recs:
                rec.updated_at = report.updated_at
            if report.status == ReportStatus.APPROVED:
                recent = last_stage.closed_at > self.now - timedelta(days=540)
                follow_up = info.kind == "busy" or recent
                mission.status = MissionStatus.FOLLOW_UP if follow_up else MissionStatus.CLOSED
            else:
                mission.status = {
                    ReportStatus.IN_REVIEW: MissionStatus.IN_REVIEW,
                    ReportStatus.RETURNED: MissionStatus.REPORT_DRAFTING,
                    ReportStatus.CLOSED: MissionStatus.CLOSED,
                }[ReportStatus(report.status)]
            mission.updated_at = report.updated_at
        self.write_reports()
        bulk(ReviewStage, stages)
        bulk(RecommendationDecision, decisions)
        by_status = defaultdict(list)
        for info in self.reported:
            by_status[info.mission.status].append(info.mission.pk)
        for status, ids in by_status.items():
            Mission.objects.filter(pk__in=ids).update(status=status)
        self.busy_recommendation_id = self.busy.report._bench_recs[0].pk
        self.progress(f"review stages: {len(stages)}, decisions: {len(decisions)}")

    def write_reports(self) -> None:
        rows = self.report_rows
        bulk(Report, rows["reports"])
        bulk(SexualViolenceAnalysis, rows["analyses"])
        bulk(ProtectionPlan, rows["plans"])
        bulk(IncidentCount, rows["counts"])
        bulk(SafeArea, rows["safe_areas"])
        bulk(EscortPoint, rows["escorts"])
        bulk(VulnerableArea, rows["vulnerable"])
        bulk(ContingencyContact, rows["contacts"])
        bulk(Threat, rows["threats"])
        bulk(Recommendation, rows["recs"])
        through = Threat.localities.through
        bulk(
            through,
            [
                through(threat_id=t.pk, locality_id=p.pk)
                for t in rows["threats"]
                for p in t._bench_places
            ],
        )
        through = Recommendation.localities.through
        bulk(
            through,
            [
                through(recommendation_id=r.pk, locality_id=p.pk)
                for r in rows["recs"]
                for p in r._bench_places
            ],
        )

    # -------------------------------------------------------------------- frozen copies

    def versions(self) -> None:
        """A frozen copy of every approved report but the busy one (frozen by
        ``freeze_report`` in :meth:`freeze_showcase`): the presenter run on the rows in memory."""
        rows = []
        for info in self.reported:
            report = info.report
            if report.status != ReportStatus.APPROVED or info.kind == "busy":
                continue
            content = report_content(self.in_memory(info))
            content["version"] = 1
            rows.append(
                ReportVersion(
                    report=report,
                    number=1,
                    content=content,
                    sha256=content_hash(content),
                    created_at=report.approved_at,
                    created_by=report._bench_stages[-1].closed_by,
                )
            )
            if len(rows) >= BATCH:
                bulk(ReportVersion, rows)
                self.counts["versions"] += len(rows)
                rows = []
        bulk(ReportVersion, rows)
        self.counts["versions"] += len(rows)
        self.progress(f"frozen copies: {self.counts['versions']} (+1 by freeze_report)")

    @staticmethod
    def _cache(obj, **related) -> None:
        cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
        cache.update(related)

    def in_memory(self, info: MissionInfo) -> Report:
        """The report with its related rows attached as if prefetched (``with_content()``), so
        ``report_content`` reads them without a query."""
        report, mission = info.report, info.mission
        self._cache(mission, consultations=info.consultations, stakeholders=info.links)
        self._cache(
            report,
            threats=report._bench_threats,
            recommendations=report._bench_recs,
        )
        for threat in report._bench_threats:
            self._cache(threat, localities=threat._bench_places)
        for rec in report._bench_recs:
            self._cache(rec, localities=rec._bench_places, decisions=rec._bench_decisions)
        self._cache(report.sv_analysis, incident_counts=report.sv_analysis._bench_counts)
        self._cache(report.protection_plan, **report.protection_plan._bench_rows)
        return report

    def freeze_showcase(self) -> None:
        """The busy mission's approved report, frozen as the approving service does it."""
        report = self.busy.report
        closer = report._bench_stages[-1].closed_by
        version = freeze_report(Report.objects.get(pk=report.pk), user=closer)
        ReportVersion.objects.filter(pk=version.pk).update(created_at=report.approved_at)
        self.counts["versions"] += 1

    # ----------------------------------------------------------------------------- audit

    def entry(self, when, actor, action, target, target_type, details, repr_=None) -> None:
        self.writer.add(
            AuditEntry(
                created_at=when,
                actor=actor,
                action=action,
                target_type_id=target_type,
                target_id=str(target.pk),
                target_repr=(repr_ or str(target))[:200],
                details=details,
            )
        )

    def audit(self) -> None:
        ct = {
            m: ContentType.objects.get_for_model(m).pk
            for m in (JptRequest, Mission, Report, Recommendation)
        }
        for request in self.request_rows:
            repr_ = f"{request.reference} {request.title}"
            self.entry(
                request.submitted_at,
                request.requested_by,
                AuditAction.REQUEST_SUBMITTED,
                request,
                ct[JptRequest],
                {"province": request.province.name, "trigger": request.trigger},
                repr_,
            )
            if request.status == RequestStatus.DECLINED:
                self.entry(
                    request.decided_at,
                    request.decided_by,
                    AuditAction.REQUEST_DECLINED,
                    request,
                    ct[JptRequest],
                    {"reason": "Covered by a recent JPT."},
                    repr_,
                )
            elif request.status == RequestStatus.RETURNED:
                self.entry(
                    request.decided_at,
                    request.decided_by,
                    AuditAction.REQUEST_RETURNED,
                    request,
                    ct[JptRequest],
                    {"comment": request.decision_comment},
                    repr_,
                )
        for info in self.infos:
            self.mission_audit(info, ct)
            if info.report is not None:
                self.report_audit(info, ct)
        self.writer.flush(AuditEntry)
        self.progress(f"audit entries: {self.writer.counts['audit.AuditEntry']}")

    def mission_audit(self, info: MissionInfo, ct: dict) -> None:
        mission, request = info.mission, info.request
        lead = mission.lead
        repr_ = f"{mission.reference} {request.title}"
        request_repr = f"{request.reference} {request.title}"
        created = mission.created_at
        caps = BUSY_HISTORY if info.kind == "busy" else None
        written: Counter = Counter()

        def add(when, actor, action, details):
            if caps is not None and written[action] >= caps.get(action, 0):
                return
            written[action] += 1
            self.entry(when, actor, action, mission, ct[Mission], details, repr_)

        self.entry(
            created,
            lead,
            AuditAction.REQUEST_APPROVED,
            request,
            ct[JptRequest],
            {"mission_id": mission.pk, "comment": ""},
            request_repr,
        )
        add(
            created,
            lead,
            AuditAction.MISSION_CREATED,
            {"request": request.reference, "mandate_length": len(mission.mandate)},
        )
        for member in info.team[1:]:
            add(
                member.invited_at,
                lead,
                AuditAction.TEAM_MEMBER_INVITED,
                {"member": member.name, "role": member.role, "external": not member.user_id},
            )
        for member in info.team[1:]:
            if member.user_id and member.status != ParticipationStatus.INVITED:
                answer = (
                    ParticipationStatus.DECLINED
                    if member.status == ParticipationStatus.DECLINED
                    else ParticipationStatus.ACCEPTED
                )
                add(
                    member.responded_at,
                    member.user,
                    AuditAction.TEAM_MEMBER_ANSWERED,
                    {"member": member.name, "answer": answer},
                )
        for item in info.logistics:
            add(
                item.created_at,
                lead,
                AuditAction.LOGISTICS_ADDED,
                {"item": item.pk, "what": str(item), "status": LogisticsStatus.REQUESTED},
            )
        if info.early_notice:
            add(
                mission.early_notice_sent_at,
                lead,
                AuditAction.MISSION_EARLY_NOTICE_SENT,
                {"emails": len(self.women_civilians[mission.province_id]) + 1},
            )
        for _step, when, details in self.status_steps(info):
            add(when, lead, AuditAction.MISSION_STATUS_CHANGED, details)
        for consultation in info.consultations or []:
            add(
                consultation.created_at,
                lead,
                AuditAction.CONSULTATION_RECORDED,
                {
                    "consultation": consultation.pk,
                    "kind": consultation.kind,
                    "women": consultation.women,
                    "men": consultation.men,
                },
            )
        for link in info.links or []:
            add(
                link.created_at,
                lead,
                AuditAction.STAKEHOLDER_ADDED,
                {"stakeholder": link.stakeholder_id, "reused": False},
            )
        if caps is not None and sum(written.values()) != BUSY["history"]:
            raise RuntimeError(f"The busy mission has {sum(written.values())} history lines.")

    def status_steps(self, info: MissionInfo) -> list[tuple[str, datetime, dict]]:
        """The status changes the mission went through to reach its status, with dates."""
        mission = info.mission
        final = MissionStatus(mission.status)
        depart = mission.actual_departure or mission.planned_departure
        start = datetime.combine(depart, datetime.min.time(), self.now.tzinfo)
        back = datetime.combine(mission.planned_return, datetime.min.time(), self.now.tzinfo)
        steps: list[tuple[str, datetime, dict]] = []
        previous = MissionStatus.PLANNING

        def move(to, when, **extra):
            nonlocal previous
            steps.append((to, when, {"from": previous.value, "to": to.value, **extra}))
            previous = to

        if final == MissionStatus.PLANNING:
            return steps
        move(MissionStatus.TEAM_FORMING, mission.created_at + timedelta(days=1))
        if final == MissionStatus.TEAM_FORMING:
            return steps
        if final == MissionStatus.CANCELLED:
            move(MissionStatus.CANCELLED, min(start, self.now))
            return steps
        move(MissionStatus.DEPLOYED, start, date=depart.isoformat())
        if final == MissionStatus.DEPLOYED:
            return steps
        move(MissionStatus.RETURNED, back, date=mission.planned_return.isoformat())
        if final == MissionStatus.RETURNED:
            return steps
        move(MissionStatus.REPORT_DRAFTING, back + timedelta(days=1))
        report = info.report
        if report is None or report.status == ReportStatus.DRAFT:
            if final == MissionStatus.CLOSED:
                move(MissionStatus.CLOSED, back + timedelta(days=20))
            return steps
        move(MissionStatus.IN_REVIEW, report.submitted_at, report=ReportStep.SUBMITTED.value)
        last = report._bench_stages[-1]
        if report.status == ReportStatus.RETURNED:
            move(MissionStatus.REPORT_DRAFTING, last.closed_at, report=ReportStep.RETURNED.value)
        elif report.status == ReportStatus.CLOSED:
            move(MissionStatus.CLOSED, last.closed_at, report=ReportStep.CLOSED.value)
        elif report.status == ReportStatus.APPROVED:
            move(MissionStatus.FOLLOW_UP, last.closed_at, report=ReportStep.APPROVED.value)
            if final == MissionStatus.CLOSED:
                move(MissionStatus.CLOSED, last.closed_at + timedelta(days=400))
        return steps

    def report_audit(self, info: MissionInfo, ct: dict) -> None:
        report, mission = info.report, info.mission
        lead = mission.lead
        repr_ = f"{mission.reference} {info.request.title}"
        created = report.created_at
        self.entry(
            created,
            lead,
            AuditAction.REPORT_STARTED,
            report,
            ct[Report],
            {"mission": mission.pk},
            repr_,
        )
        self.entry(
            created + timedelta(hours=2),
            lead,
            AuditAction.REPORT_EDITED,
            report,
            ct[Report],
            {"section": "report", "fields": ["plan_of_action"]},
            repr_,
        )
        for rec in report._bench_recs:
            self.entry(
                rec.created_at,
                lead,
                AuditAction.RECOMMENDATION_ADDED,
                report,
                ct[Report],
                {"recommendation": rec.pk, "category": rec.category},
                repr_,
            )
        if not report._bench_stages:
            return
        self.entry(
            report.submitted_at,
            lead,
            AuditAction.REPORT_SUBMITTED,
            report,
            ct[Report],
            {"level": LEVEL_ORDER[0].value, "final_level": report.chain_final_level, "first": True},
            repr_,
        )
        for stage in report._bench_stages:
            for decision in stage._bench_decisions:
                rec = decision.recommendation
                self.entry(
                    decision.decided_at,
                    decision.decided_by,
                    AuditAction.RECOMMENDATION_DECIDED,
                    rec,
                    ct[Recommendation],
                    {
                        "level": stage.level,
                        "decision": decision.decision,
                        "changed_text": decision.changed_text,
                        "reason": decision.reason,
                    },
                    rec.text[:80],
                )
            action = {
                StageOutcome.FORWARDED: AuditAction.REPORT_FORWARDED,
                StageOutcome.APPROVED: AuditAction.REPORT_APPROVED,
                StageOutcome.RETURNED: AuditAction.REPORT_RETURNED,
                StageOutcome.CLOSED: AuditAction.REPORT_CLOSED,
            }.get(StageOutcome(stage.outcome))
            if action is not None:
                self.entry(
                    stage.closed_at,
                    stage.closed_by,
                    action,
                    report,
                    ct[Report],
                    {"level": stage.level},
                    repr_,
                )

    # ---------------------------------------------------------------------------- e-mails

    def email(
        self,
        when,
        recipient: User | None,
        subject: str,
        body: str,
        target,
        ct_id,
        address: str = "",
    ) -> None:
        recent = when > self.now - timedelta(minutes=30)
        failed = not recent and self.rng.random() < 0.005
        status = (
            EmailStatus.PENDING if recent else (EmailStatus.FAILED if failed else EmailStatus.SENT)
        )
        self.writer.add(
            EmailMessage(
                recipient=recipient,
                to_address=recipient.email if recipient else address,
                subject=subject[:200],
                body=body,
                status=status,
                attempts=6 if failed else (0 if recent else 1),
                last_error="SMTP 421: service not available" if failed else "",
                sent_at=when + timedelta(seconds=20) if status == EmailStatus.SENT else None,
                target_type_id=ct_id,
                target_id=str(target.pk),
                created_at=when,
                updated_at=when,
            )
        )

    def emails(self) -> None:
        ct = {m: ContentType.objects.get_for_model(m).pk for m in (JptRequest, Mission, Report)}
        site = "http://127.0.0.1:8000"
        for request in self.request_rows:
            url = f"{site}{request.get_absolute_url()}"
            for officer in self.people(Role.CIVIL_AFFAIRS, request.province_id):
                self.email(
                    request.submitted_at,
                    officer,
                    f"[JPT Desk] New JPT request {request.reference}: {request.title}",
                    BODY.format(
                        name=officer.full_name,
                        what=f"A new JPT request was filed: {request.title}.",
                        url=url,
                    ),
                    request,
                    ct[JptRequest],
                )
            if request.decided_at and request.status != RequestStatus.SUBMITTED:
                self.email(
                    request.decided_at,
                    request.requested_by,
                    f"[JPT Desk] Your request {request.reference} was {request.status}",
                    BODY.format(
                        name=request.requested_by.full_name,
                        what=f"Your request {request.title} was {request.status}.",
                        url=url,
                    ),
                    request,
                    ct[JptRequest],
                )
        for info in self.infos:
            mission = info.mission
            url = f"{site}{mission.get_absolute_url()}"
            title = info.request.title
            for member in info.team[1:]:
                if member.user_id is None:
                    continue
                self.email(
                    member.invited_at,
                    member.user,
                    f"[JPT Desk] You are invited to the JPT {mission.reference}: {title}",
                    BODY.format(
                        name=member.user.full_name,
                        what=f"You are invited to join the JPT {title}.",
                        url=url,
                    ),
                    mission,
                    ct[Mission],
                )
                if member.status != ParticipationStatus.INVITED:
                    self.email(
                        member.responded_at,
                        mission.lead,
                        f"[JPT Desk] {member.user.full_name} answered the invitation",
                        BODY.format(
                            name=mission.lead.full_name,
                            what=f"{member.user.full_name} answered.",
                            url=url,
                        ),
                        mission,
                        ct[Mission],
                    )
            if info.early_notice:
                for staff in self.women_civilians[mission.province_id]:
                    self.email(
                        mission.early_notice_sent_at,
                        staff,
                        f"[JPT Desk] Early notice: JPT {mission.reference} to {title}",
                        BODY.format(name=staff.full_name, what=EARLY_NOTICE, url=url),
                        mission,
                        ct[Mission],
                    )
                self.email(
                    mission.early_notice_sent_at,
                    None,
                    f"[JPT Desk] Early notice: JPT {mission.reference} to {title}",
                    BODY.format(name="Commander", what=EARLY_NOTICE, url=url),
                    mission,
                    ct[Mission],
                    address=mission.host_unit_email,
                )
            report = info.report
            if report is None:
                continue
            report_url = f"{site}{report.get_absolute_url()}"
            team = [m.user for m in info.team if m.user_id and m.status == "accepted"]
            for stage in getattr(report, "_bench_stages", []):
                for reviewer in self.reviewers_of(stage.level, mission.province_id):
                    self.email(
                        stage.entered_at,
                        reviewer,
                        f"[JPT Desk] A report waits for your review: {title}",
                        BODY.format(name=reviewer.full_name, what=REVIEW, url=report_url),
                        report,
                        ct[Report],
                    )
                if stage.outcome in (
                    StageOutcome.RETURNED,
                    StageOutcome.APPROVED,
                    StageOutcome.CLOSED,
                ):
                    for user in team:
                        self.email(
                            stage.closed_at,
                            user,
                            f"[JPT Desk] The report {title} was {stage.outcome}",
                            BODY.format(
                                name=user.full_name,
                                what=f"The report was {stage.outcome}.",
                                url=report_url,
                            ),
                            report,
                            ct[Report],
                        )
        self.writer.flush(EmailMessage)
        self.progress(f"e-mails: {self.writer.counts['notifications.EmailMessage']}")

    def reviewers_of(self, level: str, province_id: int) -> list[User]:
        if level == ReviewLevel.HEAD_OF_OFFICE:
            return self.people(Role.HEAD_OF_OFFICE, province_id) + self.people(
                Role.BRIGADE_COMMANDER, province_id
            )
        if level == ReviewLevel.PROVINCIAL_SMG:
            return self.people(Role.SMG_PROVINCIAL, province_id) + self.by_role.get(
                (Role.RREWC, province_id), []
            )
        return self.people(Role.SMG_KINSHASA, 0)


ROLE_SLUG = {
    Role.REQUESTER: "requester",
    Role.CIVIL_AFFAIRS: "civil-affairs",
    Role.TEAM_MEMBER: "team",
    Role.HEAD_OF_OFFICE: "head-of-office",
    Role.BRIGADE_COMMANDER: "brigade",
    Role.SMG_PROVINCIAL: "smg",
    Role.SMG_KINSHASA: "smg-kinshasa",
    Role.RREWC: "rrewc",
    Role.CLI: "cli",
    Role.ANALYST: "analyst",
    Role.ADMINISTRATOR: "admin",
}
SECTION_OF_ROLE = {
    Role.CIVIL_AFFAIRS: Section.CIVIL_AFFAIRS,
    Role.HEAD_OF_OFFICE: Section.POLITICAL_AFFAIRS,
    Role.BRIGADE_COMMANDER: Section.FORCE,
    Role.CLI: Section.CIVIL_AFFAIRS,
}
TEAM_SECTIONS = [
    Section.HUMAN_RIGHTS,
    Section.CHILD_PROTECTION,
    Section.GENDER_AFFAIRS,
    Section.POLITICAL_AFFAIRS,
    Section.PUBLIC_INFORMATION,
    Section.UN_POLICE,
    Section.MILITARY_OBSERVER,
]
NON_CIVILIAN = {Section.FORCE, Section.MILITARY_OBSERVER, Section.UN_POLICE}
MEMBER_ROLES = [
    TeamRole.MEMBER,
    TeamRole.GENDER_OFFICER,
    TeamRole.SEXUAL_VIOLENCE_EXPERT,
    TeamRole.CHILD_PROTECTION,
    TeamRole.HUMAN_RIGHTS,
    TeamRole.INTERPRETER,
    TeamRole.MILITARY_OBSERVER,
    TeamRole.UN_POLICE,
]
BODY = (
    "Dear {name},\n\n{what}\n\nOpen it in JPT Desk: {url}\n\n"
    + LOREM
    + "\n\nThis message was sent by JPT Desk. Do not forward it: it may name people at risk.\n"
)
EARLY_NOTICE = (
    "A Joint Protection Team is planned in your province. Women civilian staff are encouraged to "
    "take part: tell the team lead if you wish to join."
)
REVIEW = "A mission report has arrived at your level of the review chain."


def build(missions: int, *, seed: int = SEED, progress=None, now=None) -> dict[str, Any]:
    """Build the data set of ``missions`` missions in the current database; return its scene
    (ids of the showcase rows, the page users, the counts)."""
    return Builder(missions, seed=seed, progress=progress, now=now).build()
