"""The follow-up half of the benchmark's data set (step 8 of the life of a JPT): what ten years
of approved recommendations become, written in bulk after the review (``dataset.Builder``
calls :class:`FollowUp` once the recommendations have their ids).

At full scale (5,000 missions; every count proportional to ``missions / 5000``, at least one):

- an **implementation** row for :data:`TRACKED_SHARE` of the approved recommendations (the
  others are "not started", as the app reads a missing row): an owner from the recommendation's
  addressee (a mission section, a UN agency, an authority, an NGO), a focal person, the
  section plan, a target date, a status that follows the age since approval (stalled ones with
  their reason; those past their target date and not done are overdue), sometimes the
  Protection Cluster's discussion; 1 to 4 audited changes each, by a Civil Affairs officer of
  the province (``services.implementation_update``'s audit details: old and new value of each
  field changed, and the comment);
- **8,000 follow-up visits** by CLIs of the province, each to the place of an approved
  recommendation after its approval (sometimes two places of one territory), with an
  **observation** of 1 to 4 of the approved recommendations concerning those places at that
  date (``services._check_visit``'s rule); people met by sex, the women's meeting, confidence,
  new threats, rare urgent alerts (which e-mail the Civil Affairs officers of the province);
- **300 planned visits** in the CLIs' calendars over the last two years and the next two
  months: most made (the visit links to it), some cancelled, a few not made by their date
  (flagged), the rest to come;
- **3,000 community alerts** over ten years, taken by a CLI of the province at the base of the
  locality's territory (else of its province): almost all relayed (to whom, when), most with a
  response (after a few hours), some still waiting; in a territory with an approved community
  protection plan, whether the plan was used (its safe area or escort point) and how it worked;
- **2,000 material-support records**, recipients by sex (women a little under half), recorded
  by CLIs and Civil Affairs officers of the province.

Refused visits are not rows: a visit the server refuses stays on the CLI's phone with its
reason (``recommendations.views.visits.VisitSyncView``), so the data set has none; what a CLI
found not done, or made worse, is an observation with a note.

The **showcase** rows are built from their own generator, identically at both scales, around
the busy mission (Nord-Kivu, Masisi) and the page CLI (``bench.cli``, Nord-Kivu): one approved
recommendation of the busy report (the *follow-up recommendation*: not the one the
``recommendation`` page shows, which keeps no follow-up) with an implementation changed
:data:`SHOWCASE` ``["implementation_changes"]`` times and observed on every one of the page
CLI's :data:`SHOWCASE` ``["visits"]`` visits; the page CLI's calendar (planned visits to come,
and some whose date passed); one alert in Masisi that used the busy report's protection plan.
"""

from __future__ import annotations

import random
import uuid
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from jpt.accounts.choices import Sex
from jpt.accounts.models import User
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.places.models import Locality, OperatingBase
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Confidence,
    Finding,
    ImplementationStatus,
    OwnerKind,
    PlannedVisitStatus,
    PlanUse,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from reports.choices import Addressee, RecommendationStatus, ReportStatus, ThreatType
from reports.models import EscortPoint, Recommendation, SafeArea

if TYPE_CHECKING:
    from .dataset import Builder

# The counts at 5,000 missions; every other scale is proportional (at least one of each).
FULL = {"visits": 8_000, "planned_visits": 300, "alerts": 3_000, "support": 2_000}
# Approved recommendations with an implementation row, by age since approval: the recent ones
# are still being taken up; older ones almost all have an owner by now.
TRACKED_SHARE = {"under_a_year": 0.75, "older": 0.92}
SHOWCASE = {
    "visits": 24,  # the page CLI's, each observing the follow-up recommendation
    "implementation_changes": 6,  # audited changes of its implementation (its history)
    "planned_to_come": 7,  # the page CLI's calendar
    "planned_overdue": 3,
    "planned_done": 6,
    "planned_cancelled": 2,
}
# An implementation as ``services.implementation_update`` creates it, before its first change.
UNTRACKED = {
    "owner_kind": "",
    "owner_name": "",
    "focal_person": "",
    "target_date": None,
    "status": ImplementationStatus.NOT_STARTED,
    "stalled_reason": "",
    "plan_section": "",
    "plan_name": "",
    "cluster_discussed_on": None,
    "cluster_outcome": "",
}

SECTION_OWNERS = [
    "Human Rights section",
    "Civil Affairs section",
    "Child Protection section",
    "Gender Affairs section",
    "Political Affairs section",
    "Public Information section",
]
AGENCIES = ["UNHCR", "UNICEF", "OCHA", "WFP", "UNFPA", "WHO", "UN Women"]
NGOS = ["Norwegian Refugee Council", "Caritas", "HEAL Africa", "Danish Refugee Council"]
COMMENTS = [
    "Agreed at the weekly protection meeting.",
    "Confirmed by the focal person on the phone.",
    "Seen by the CLI on the last follow-up visit.",
    "Raised again with the provincial authorities.",
    "Discussed at the Protection Cluster.",
    "The section's work plan was revised.",
]
CLUSTER_OUTCOMES = [
    "Partners agreed to cover the area from next month.",
    "No partner present in the territory; raised with OCHA.",
    "Included in the cluster's response plan.",
]
OBSERVATION_NOTES = {
    Finding.NOT_AT_ALL: [
        "No patrol seen since the last visit; the community asks why.",
        "The local authorities refused the escort: no agreement with the chief yet.",
        "The supplies never arrived; the road is cut.",
    ],
    Finding.WORSE: [
        "Since the deployment, the community reports extortion at the new checkpoint.",
        "Women now avoid the market road: the patrol comes at the wrong hours.",
    ],
    Finding.PARTLY: [
        "Patrols on market days only, not at night.",
        "Half of the lamps work; the others wait for spare parts.",
    ],
}
ALERT_TEXTS = [
    "Armed men seen on the road to the fields at dawn.",
    "Shots heard near the village; families are moving to the parish.",
    "Two women abducted on the way to the market, the community says.",
    "An armed group demands money at a new barrier.",
    "Rumours of an attack tonight; people ask for a patrol.",
]
RESPONSES = [
    "A patrol went to the village within hours; the armed men had left.",
    "The company deployed to the market road for the night.",
    "The police went with the local chief; the barrier was removed.",
    "The national army sent a unit; the CLI called back the leader.",
]
SUPPORT_DETAILS = {
    SupportItem.PHONE: "Mobile phone with credit, for the alert network",
    SupportItem.RADIO: "Wind-up radio",
    SupportItem.LAMP: "Solar lamp",
    SupportItem.WHISTLE: "Whistles for the women's group",
    SupportItem.OTHER: "Bicycle for the alert network's relay",
}


@dataclass(frozen=True)
class Plan:
    """How many follow-up rows of each kind a scale has (besides the showcase's)."""

    visits: int
    planned_visits: int
    alerts: int
    support: int


def plan_for(factor: float) -> Plan:
    return Plan(**{name: max(1, round(count * factor)) for name, count in FULL.items()})


def parameters(factor: float) -> dict[str, Any]:
    """What identifies the follow-up part of a data set (``dataset.parameters`` holds it)."""
    return {"plan": asdict(plan_for(factor)), "tracked": TRACKED_SHARE, "showcase": SHOWCASE}


@dataclass
class Tracked:
    """An approved recommendation as the follow-up sees it."""

    rec: Recommendation
    approved_at: datetime
    province_id: int
    locality: Locality


class FollowUp:
    """Builds the follow-up rows from the builder's rows in memory (ids set), writes them in
    bulk, their audit entries and e-mails through the builder; returns the scene's keys."""

    def __init__(self, builder: Builder) -> None:
        self.b = builder
        self.plan = plan_for(builder.plan.factor)
        self.rng = random.Random(f"{builder.seed}:followup")
        self.now = builder.now
        self.today = builder.today
        self.cli = builder.page_users["cli"]
        self.implementations: dict[int, Implementation] = {}
        self.audit_rows: list[tuple] = []  # (when, actor, action, target, model, details)

    # ----------------------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        b = self.b
        self.collect()
        showcase = self.showcase_rows()
        self.generic_implementations()
        visits, observations = self.generic_visits()
        planned = showcase["planned"] + self.generic_planned(visits)
        visits = showcase["visits"] + visits
        observations = showcase["observations"] + observations
        alerts = [*showcase["alerts"], *self.generic_alerts()]
        support = self.generic_support()
        implementations = list(self.implementations.values())
        b.bulk(Implementation, implementations)
        b.bulk(PlannedVisit, planned)
        for visit in visits:
            visit.planned_visit = visit._bench_planned
        b.bulk(FollowUpVisit, visits)
        b.bulk(VisitObservation, observations)
        for model, rows in ((FollowUpVisit, visits), (PlannedVisit, planned)):
            through = model.localities.through
            key = f"{model._meta.model_name}_id"
            b.bulk(
                through,
                [
                    through(**{key: row.pk}, locality_id=loc.pk)
                    for row in rows
                    for loc in row._bench_places
                ],
            )
        b.bulk(CommunityAlert, alerts)
        b.bulk(MaterialSupport, support)
        observed = Counter(id(o.visit) for o in observations)
        self.write_audit(visits, observed, planned, alerts, support)
        self.write_emails(visits)
        b.counts.update(
            {
                "implementations": len(implementations),
                "visits": len(visits),
                "observations": len(observations),
                "planned_visits": len(planned),
                "alerts": len(alerts),
                "support": len(support),
            }
        )
        b.progress(
            f"follow-up: {len(implementations)} implementations, {len(visits)} visits with "
            f"{len(observations)} observations, {len(planned)} planned visits, "
            f"{len(alerts)} alerts, {len(support)} material-support records"
        )
        return {
            "followup_recommendation": showcase["rec"].pk,
            "followup_visit": showcase["visit"].pk,
            "followup_alert": showcase["alert"].pk,
        }

    # ---------------------------------------------------------------------------- the world

    def collect(self) -> None:
        """The approved recommendations (generic ones by locality, for the visits), the
        approved protection plans by territory (for the alerts), the CLIs."""
        b = self.b
        self.approved: list[Tracked] = []
        self.by_locality: dict[int, list[Tracked]] = defaultdict(list)
        self.plans: dict[int, list[tuple[datetime, Any]]] = defaultdict(list)
        for info in b.reported:
            report = info.report
            if report.status != ReportStatus.APPROVED:
                continue
            territory_id = info.request.territory_id
            self.plans[territory_id].append((report.approved_at, report.protection_plan))
            if info.kind != "generic":
                continue
            for rec in report._bench_recs:
                if rec.status != RecommendationStatus.APPROVED:
                    continue
                place = rec._bench_places[0]
                tracked = Tracked(rec, report.approved_at, info.mission.province_id, place)
                self.approved.append(tracked)
                self.by_locality[tracked.locality.pk].append(tracked)
        for rows in self.by_locality.values():
            rows.sort(key=lambda t: t.approved_at)
        self.province_of = {p.pk: p for p in b.provinces.values()}

    def clis(self, province_id: int) -> list[User]:
        """The CLIs of the province (every province has some), else the mission-wide ones."""
        return self.b.people(Role.CLI, province_id)

    def base_of(self, locality: Locality) -> OperatingBase | None:
        """The base of the locality's territory, else one of its province (``base_for``)."""
        bases = self.b.bases[locality.territory.province_id]
        same = [base for base in bases if base.locality.territory_id == locality.territory_id]
        return (same or bases or [None])[0]

    def at(self, day: date, hour: float) -> datetime:
        moment = datetime.combine(day, time.min) + timedelta(hours=hour)
        return timezone.make_aware(moment, timezone.get_current_timezone())

    def local_day(self, moment: datetime) -> date:
        return timezone.localtime(moment).date()

    def audit(self, when, actor, action, target, model, details) -> None:
        self.audit_rows.append((when, actor, action, target, model, details))

    # ------------------------------------------------------------------------- the showcase

    def showcase_rows(self) -> dict[str, Any]:
        """The busy recommendation's follow-up, the page CLI's visits and calendar, and an
        alert that used the busy report's plan: the same at every scale."""
        rng = random.Random(f"{self.b.seed}:followup-showcase")
        report = self.b.busy.report
        recs = [r for r in report._bench_recs if r.status == RecommendationStatus.APPROVED]
        shown = report._bench_recs[0]  # the ``recommendation`` page: kept without follow-up
        rec = next(r for r in recs if r is not shown)
        approved_at = report.approved_at
        province_id = self.b.busy.mission.province_id
        place = rec._bench_places[0]
        tracked = Tracked(rec, approved_at, province_id, place)
        self.implementation(
            tracked,
            rng,
            changes=SHOWCASE["implementation_changes"],
            final=ImplementationStatus.STALLED,  # its reason shows; past its target date
        )
        # The page CLI's visits: every one to the follow-up recommendation's place, observing
        # it and the busy report's other approved ones there (the shown one excepted).
        there = [r for r in recs if r is not shown and r._bench_places[0].pk == place.pk]
        first = self.local_day(approved_at) + timedelta(days=10)
        last = self.today - timedelta(days=3)
        step = (last - first).days / max(1, SHOWCASE["visits"] - 1)
        visits, observations = [], []
        for i in range(SHOWCASE["visits"]):
            day = first + timedelta(days=round(i * step))
            visit = self.visit(rng, self.cli, province_id, [place], day, urgent=i == 12)
            visits.append(visit)
            for other in there:
                observations.append(self.observation(rng, visit, other))
        # The calendar: planned visits to come and some whose date passed; done ones are the
        # last visits, cancelled ones are past.
        masisi = self.b.localities[place.territory_id]
        planned = []
        for i in range(SHOWCASE["planned_to_come"]):
            day = self.today + timedelta(days=2 + 5 * i)
            planned.append(self.planned(rng, self.cli, province_id, masisi, day, "planned"))
        for i in range(SHOWCASE["planned_overdue"]):
            day = self.today - timedelta(days=1 + 3 * i)
            planned.append(self.planned(rng, self.cli, province_id, masisi, day, "planned"))
        for i in range(SHOWCASE["planned_cancelled"]):
            day = self.today - timedelta(days=40 + 20 * i)
            planned.append(self.planned(rng, self.cli, province_id, masisi, day, "cancelled"))
        for visit in visits[-SHOWCASE["planned_done"] :]:
            done = self.planned(rng, self.cli, province_id, [place], visit.visited_on, "done")
            done._bench_places = list(visit._bench_places)
            visit._bench_planned = done
            planned.append(done)
        # An alert in the place, received a month ago, that used the busy report's safe area.
        plan = report.protection_plan
        received = self.now - timedelta(days=30, hours=5)
        alert = self.alert(
            rng,
            self.cli,
            place,
            received,
            relay_minutes=18,
            response_hours=2.5,
            safe_area=plan._bench_rows["safe_areas"][0],
        )
        return {
            "rec": rec,
            "visits": visits,
            "visit": max(visits, key=lambda v: v.visited_on),
            "observations": observations,
            "planned": planned,
            "alerts": [alert],
            "alert": alert,
        }

    # ------------------------------------------------------------------- implementations

    def generic_implementations(self) -> None:
        rng = self.rng
        year_ago = self.now - timedelta(days=365)
        for tracked in self.approved:
            share = TRACKED_SHARE["under_a_year" if tracked.approved_at > year_ago else "older"]
            if rng.random() < share:
                self.implementation(tracked, rng, changes=rng.choice([1, 1, 2, 2, 3, 4]))

    def final_status(self, rng: random.Random, age_days: float) -> str:
        S = ImplementationStatus
        if age_days < 60:
            table = {S.NOT_STARTED: 0.3, S.IN_PROGRESS: 0.6, S.STALLED: 0.1}
        elif age_days < 365:
            table = {
                S.NOT_STARTED: 0.05,
                S.IN_PROGRESS: 0.35,
                S.IMPLEMENTED: 0.2,
                S.PARTLY_IMPLEMENTED: 0.15,
                S.STALLED: 0.2,
                S.NO_LONGER_RELEVANT: 0.05,
            }
        else:
            table = {
                S.IN_PROGRESS: 0.03,
                S.IMPLEMENTED: 0.62,
                S.PARTLY_IMPLEMENTED: 0.1,
                S.STALLED: 0.05,
                S.NO_LONGER_RELEVANT: 0.2,
            }
        return self.b.weighted(rng, table)

    def owner(self, rng: random.Random, tracked: Tracked) -> tuple[str, str, str]:
        """(owner kind, owner name, focal person) from the recommendation's addressee."""
        addressee = tracked.rec.addressee
        province = self.province_of[tracked.province_id]
        territory = tracked.locality.territory
        staff = self.b.team_pool(tracked.province_id) or [self.cli]
        if addressee in (Addressee.MISSION_SECTION, Addressee.UN_POLICE, Addressee.FORCE):
            name = {
                Addressee.UN_POLICE: "UN Police",
                Addressee.FORCE: f"The Force, {province.name} brigade",
            }.get(addressee) or rng.choice(SECTION_OWNERS)
            return OwnerKind.MISSION_SECTION, name, rng.choice(staff).full_name
        if addressee == Addressee.UN_AGENCY:
            agency = rng.choice(AGENCIES)
            person = self.b.person_name(rng, rng.choice([Sex.FEMALE, Sex.MALE]))
            return OwnerKind.UN_AGENCY, agency, f"{person}, {agency} protection officer"
        if addressee == Addressee.NGO:
            ngo = rng.choice(NGOS)
            return "", ngo, self.b.person_name(rng, rng.choice([Sex.FEMALE, Sex.MALE]))
        name = rng.choice(
            [
                f"The {territory.name} territory administrator",
                f"The {province.name} police commissioner",
                f"The {province.name} governor's office",
            ]
        )
        return OwnerKind.AUTHORITY, name, self.b.person_name(rng, Sex.MALE)

    def implementation(
        self, tracked: Tracked, rng: random.Random, *, changes: int, final: str = ""
    ) -> None:
        """The implementation row and the ``changes`` audited changes that led to it (its
        status at the end: ``final``, else one that follows the age since approval)."""
        rec, approved = tracked.rec, tracked.approved_at
        latest = self.now - timedelta(hours=1)
        started = min(approved + timedelta(days=rng.uniform(1, 20)), latest)
        age = (self.now - approved).total_seconds() / 86400
        final = final or self.final_status(rng, age)
        kind, name, focal = self.owner(rng, tracked)
        if final == ImplementationStatus.NOT_STARTED:
            changes = 1
            if rng.random() < 0.3:
                kind, name, focal = "", "", ""  # tracked, no owner named yet
        target = None
        if rng.random() < 0.7:
            target = self.local_day(approved) + timedelta(days=rng.randint(30, 240))
        year = self.local_day(approved).year
        section = name if kind == OwnerKind.MISSION_SECTION else "Civil Affairs section"
        first = {
            "owner_kind": kind,
            "owner_name": name,
            "focal_person": focal,
            "target_date": target,
            "status": ImplementationStatus.NOT_STARTED
            if changes > 1 or final == ImplementationStatus.NOT_STARTED
            else final,
            "stalled_reason": "",
            "plan_section": section if kind else "",
            "plan_name": f"{section} work plan {year}" if kind else "",
            "cluster_discussed_on": None,
            "cluster_outcome": "",
        }
        # The states it went through: each change moves the status on (the last is final).
        path = self.status_path(rng, final, changes)
        states = [first]
        for status in path[1:]:
            state = dict(states[-1])
            state["status"] = status
            states.append(state)
        for state in states:
            state["stalled_reason"] = (
                self.b.weighted(
                    rng,
                    {
                        StalledReason.LOGISTICS: 0.3,
                        StalledReason.SECURITY: 0.3,
                        StalledReason.NO_FUNDING: 0.2,
                        StalledReason.NO_PARTNER: 0.1,
                        StalledReason.REFUSED: 0.1,
                    },
                )
                if state["status"] == ImplementationStatus.STALLED
                else ""
            )
        when = [started]
        span = max(0.0, (latest - started).total_seconds())
        for _ in states[1:]:
            when.append(started + timedelta(seconds=rng.uniform(0, span)))
        when.sort()
        if len(states) > 1 and rng.random() < 0.4:  # a discussion at the Protection Cluster
            i = rng.randrange(1, len(states))
            outcome = rng.choice(CLUSTER_OUTCOMES)
            for state in states[i:]:
                state["cluster_discussed_on"] = self.local_day(when[i]) - timedelta(days=1)
                state["cluster_outcome"] = outcome
        officers = self.b.people(Role.CIVIL_AFFAIRS, tracked.province_id)
        previous = dict(UNTRACKED)  # what ``implementation_update`` starts from
        for state, moment in zip(states, when, strict=True):
            changed = {
                field: [_value(previous[field]), _value(value)]
                for field, value in state.items()
                if previous[field] != value
            }
            self.audit(
                moment,
                rng.choice(officers),
                AuditAction.IMPLEMENTATION_UPDATED,
                rec,
                Recommendation,
                {**changed, "comment": rng.choice(COMMENTS)},
            )
            previous = state
        row = Implementation(recommendation=rec, created_at=when[0], updated_at=when[-1])
        for field, value in states[-1].items():
            setattr(row, field, value)
        self.implementations[id(rec)] = row

    @staticmethod
    def status_path(rng: random.Random, final: str, changes: int) -> list[str]:
        """``changes`` statuses ending with ``final`` (the first the opening one)."""
        S = ImplementationStatus
        if changes <= 1:
            return [final]
        middle = [rng.choice([S.IN_PROGRESS, S.IN_PROGRESS, S.STALLED]) for _ in range(changes)]
        path = [S.NOT_STARTED, *middle[: changes - 2], final]
        return path

    # ------------------------------------------------------------------------------ visits

    def visit(
        self,
        rng: random.Random,
        cli: User,
        province_id: int,
        places: list[Locality],
        day: date,
        *,
        urgent: bool = False,
    ) -> FollowUpVisit:
        women, men = rng.randint(0, 30), rng.randint(0, 30)
        women_meeting = rng.random() < 0.4
        if women_meeting:
            women = max(women, rng.randint(3, 20))
        threats = []
        if urgent or rng.random() < 0.35:
            threats = rng.sample(ThreatType.values, rng.randint(1, 2))
        confidence = self.b.weighted(
            rng,
            {
                Confidence.VERY_LOW: 0.08,
                Confidence.LOW: 0.17,
                Confidence.MEDIUM: 0.35,
                Confidence.HIGH: 0.28,
                Confidence.VERY_HIGH: 0.12,
            },
        )
        seen = self.at(day, rng.uniform(9, 16))
        sent = min(seen + timedelta(hours=rng.choice([1, 2, 5, 20, 48])), self.now)
        visit = FollowUpVisit(
            client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
            cli=cli,
            province_id=province_id,
            visited_on=day,
            women=women,
            men=men,
            women_meeting=women_meeting,
            confidence=int(confidence),
            new_threats=threats,
            threats_note="Armed men seen near the fields twice this month." if threats else "",
            urgent_alert=urgent,
            note="Met the chief and the women's association." if rng.random() < 0.5 else "",
            created_at=sent,
            updated_at=sent,
        )
        visit._bench_places = places
        visit._bench_planned = None
        return visit

    def observation(self, rng: random.Random, visit, rec, status: str = "") -> VisitObservation:
        S = ImplementationStatus
        if status in (S.IMPLEMENTED, S.PARTLY_IMPLEMENTED):
            table = {Finding.AS_PLANNED: 0.6, Finding.PARTLY: 0.3, Finding.NOT_AT_ALL: 0.1}
        else:
            table = {
                Finding.AS_PLANNED: 0.25,
                Finding.PARTLY: 0.3,
                Finding.NOT_AT_ALL: 0.37,
                Finding.WORSE: 0.08,
            }
        finding = self.b.weighted(rng, table)
        notes = OBSERVATION_NOTES.get(finding)
        note = rng.choice(notes) if notes and rng.random() < 0.7 else ""
        return VisitObservation(visit=visit, recommendation=rec, finding=finding, note=note)

    def generic_visits(self) -> tuple[list[FollowUpVisit], list[VisitObservation]]:
        """Visits to the places of approved recommendations, and what was seen there."""
        rng, b = self.rng, self.b
        visits: list[FollowUpVisit] = []
        observations: list[VisitObservation] = []
        # A visit comes a week or more after the approval of what brought the CLI there.
        seeds = [t for t in self.approved if t.approved_at < self.now - timedelta(days=8)]
        for _ in range(self.plan.visits if seeds else 0):
            seed = rng.choice(seeds)
            clis = self.clis(seed.province_id)
            earliest = seed.approved_at + timedelta(days=7)
            latest = min(self.now - timedelta(hours=2), seed.approved_at + timedelta(days=900))
            moment = b.between(rng, earliest, latest)
            day = min(self.local_day(moment), self.today)
            places = [seed.locality]
            if rng.random() < 0.2:
                near = b.localities[seed.locality.territory_id]
                other = rng.choice(near)
                if other.pk != seed.locality.pk:
                    places.append(other)
            visit = self.visit(rng, rng.choice(clis), seed.province_id, places, day)
            visit.urgent_alert = bool(visit.new_threats) and rng.random() < 0.06
            visits.append(visit)
            # What was seen: approved recommendations of these places, approved before the
            # visit and within three years of it; the one that brought the CLI there first.
            since = self.at(day, 0) - timedelta(days=3 * 365)
            until = self.at(day, 0)
            concerned = [
                t
                for loc in places
                for t in self.by_locality[loc.pk]
                if since <= t.approved_at < until and t is not seed
            ]
            chosen = [seed, *rng.sample(concerned, min(len(concerned), rng.randint(0, 3)))]
            for tracked in chosen:
                row = self.implementations.get(id(tracked.rec))
                status = row.status if row is not None else ""
                observations.append(self.observation(rng, visit, tracked.rec, status))
        visits.sort(key=lambda v: (v.visited_on, v.created_at))
        return visits, observations

    def planned(self, rng, cli, province_id, places, day, status) -> PlannedVisit:
        chosen = rng.sample(places, min(len(places), rng.randint(1, 2)))
        created = min(self.at(day, 8) - timedelta(days=rng.randint(3, 20)), self.now)
        updated = created
        if status != PlannedVisitStatus.PLANNED:
            updated = max(created, min(self.at(day, 18), self.now - timedelta(minutes=5)))
        row = PlannedVisit(
            cli=cli,
            province_id=province_id,
            planned_on=day,
            purpose=f"Follow up the recommendations in {chosen[0].name}",
            status=status,
            created_at=created,
            updated_at=updated,
        )
        row._bench_places = chosen
        return row

    def generic_planned(self, visits: list[FollowUpVisit]) -> list[PlannedVisit]:
        """Over the last two years and the next two months: most made (each a visit), some
        cancelled, a few not made by their date, the rest to come."""
        rng = self.rng
        recent = self.today - timedelta(days=730)
        made_from = [v for v in visits if v.visited_on >= recent and v.cli.pk != self.cli.pk]
        clis = [
            (user, province_id)
            for (role, province_id), users in self.b.by_role.items()
            if role == Role.CLI and province_id
            for user in users
            if user.pk != self.cli.pk
        ]
        rows = []
        for _ in range(self.plan.planned_visits):
            kind = self.b.weighted(
                rng, {"done": 0.65, "cancelled": 0.12, "overdue": 0.05, "to_come": 0.18}
            )
            if kind == "done" and made_from:
                visit = made_from.pop(rng.randrange(len(made_from)))
                row = self.planned(
                    rng, visit.cli, visit.province_id, visit._bench_places, visit.visited_on, "done"
                )
                row._bench_places = list(visit._bench_places)
                visit._bench_planned = row
                rows.append(row)
                continue
            if not clis:
                continue
            cli, province_id = rng.choice(clis)
            territory = rng.choice(self.b.territories[province_id])
            places = self.b.localities[territory.pk]
            if kind == "cancelled":
                day = recent + timedelta(days=rng.randint(0, 700))
                status = PlannedVisitStatus.CANCELLED
            elif kind == "overdue":
                day = self.today - timedelta(days=rng.randint(1, 45))
                status = PlannedVisitStatus.PLANNED
            else:
                day = self.today + timedelta(days=rng.randint(1, 60))
                status = PlannedVisitStatus.PLANNED
            rows.append(self.planned(rng, cli, province_id, places, day, status))
        return rows

    # ------------------------------------------------------------------------------ alerts

    def alert(
        self,
        rng: random.Random,
        cli: User,
        locality: Locality,
        received: datetime,
        *,
        relay_minutes: float | None,
        response_hours: float | None,
        safe_area: SafeArea | None = None,
        escort_point: EscortPoint | None = None,
        plan_used: bool | None = None,
    ) -> CommunityAlert:
        relayed = received + timedelta(minutes=relay_minutes) if relay_minutes else None
        if relayed is not None and relayed > self.now:
            relayed = None
        responded = None
        if relayed is not None and response_hours is not None:
            responded = relayed + timedelta(hours=response_hours)
            if responded > self.now:
                responded = None
        used = plan_used if plan_used is not None else (True if safe_area or escort_point else None)
        recorded = min(received + timedelta(minutes=rng.uniform(5, 40)), self.now)
        alert = CommunityAlert(
            received_at=received,
            cli=cli,
            province_id=locality.territory.province_id,
            base=self.base_of(locality),
            locality=locality,
            channel=self.b.weighted(
                rng, {AlertChannel.PHONE: 0.6, AlertChannel.IN_PERSON: 0.3, AlertChannel.RADIO: 0.1}
            ),
            threat_type=rng.choice(ThreatType.values),
            source=rng.choice(AlertSource.values),
            description=rng.choice(ALERT_TEXTS),
            relayed_at=relayed,
            relayed_to=(
                [RelayedTo.PEACEKEEPERS.value]
                + rng.sample(
                    [RelayedTo.NATIONAL_ARMY.value, RelayedTo.POLICE.value, RelayedTo.AUTHORITIES],
                    rng.randint(0, 1),
                )
                if relayed
                else []
            ),
            responded_at=responded,
            response=rng.choice(RESPONSES) if responded else "",
            plan_used=used,
            safe_area=safe_area if used else None,
            escort_point=escort_point if used else None,
            plan_outcome=self.b.weighted(
                rng, {PlanUse.WORKED: 0.6, PlanUse.PARTLY: 0.3, PlanUse.FAILED: 0.1}
            )
            if used
            else "",
            plan_note="People gathered at the safe area as agreed." if used else "",
            created_at=recorded,
            updated_at=max(recorded, responded or relayed or recorded),
        )
        alert.relayed_to = [str(value) for value in alert.relayed_to]  # the values, as JSON
        return alert

    def generic_alerts(self) -> list[CommunityAlert]:
        rng, b = self.rng, self.b
        horizon = self.now - timedelta(days=365 * 10)
        rows = []
        for _ in range(self.plan.alerts):
            province = b.provinces[b.weighted(rng, b.province_weights)]
            territory = rng.choice(b.territories[province.pk])
            locality = rng.choice(b.localities[territory.pk])
            clis = self.clis(province.pk)
            received = b.between(rng, horizon, self.now - timedelta(minutes=20))
            recent = received > self.now - timedelta(days=2)
            relay = rng.lognormvariate(3.0, 0.8) if rng.random() < 0.95 else None
            response = None
            if rng.random() < (0.7 if recent else 0.95):
                response = rng.lognormvariate(1.0, 0.9)  # hours: a median under three
            plans = [p for when, p in self.plans.get(territory.pk, []) if when < received]
            safe_area = escort_point = None
            plan_used = None
            if plans and rng.random() < 0.7:
                plan = rng.choice(plans)
                plan_used = rng.random() < 0.5
                if plan_used:
                    if rng.random() < 0.7:
                        safe_area = plan._bench_rows["safe_areas"][0]
                    else:
                        escort_point = plan._bench_rows["escort_points"][0]
            rows.append(
                self.alert(
                    rng,
                    rng.choice(clis),
                    locality,
                    received,
                    relay_minutes=relay,
                    response_hours=response,
                    safe_area=safe_area,
                    escort_point=escort_point,
                    plan_used=plan_used,
                )
            )
        rows.sort(key=lambda a: a.received_at)
        return rows

    # ----------------------------------------------------------------------------- support

    def generic_support(self) -> list[MaterialSupport]:
        rng, b = self.rng, self.b
        horizon = self.today - timedelta(days=365 * 10)
        rows = []
        for _ in range(self.plan.support):
            province = b.provinces[b.weighted(rng, b.province_weights)]
            territory = rng.choice(b.territories[province.pk])
            locality = rng.choice(b.localities[territory.pk])
            day = horizon + timedelta(days=rng.randint(0, 365 * 10))
            item = b.weighted(
                rng,
                {
                    SupportItem.PHONE: 0.35,
                    SupportItem.RADIO: 0.2,
                    SupportItem.LAMP: 0.25,
                    SupportItem.WHISTLE: 0.15,
                    SupportItem.OTHER: 0.05,
                },
            )
            total = rng.randint(1, 60)
            women = sum(1 for _ in range(total) if rng.random() < 0.44)
            recorder = (
                rng.choice(self.clis(province.pk))
                if rng.random() < 0.7
                else rng.choice(b.people(Role.CIVIL_AFFAIRS, province.pk))
            )
            recorded = min(self.at(day, 17) + timedelta(days=rng.randint(0, 5)), self.now)
            rows.append(
                MaterialSupport(
                    province=province,
                    locality=locality,
                    given_on=day,
                    item=item,
                    item_detail=SUPPORT_DETAILS[item]
                    if item == SupportItem.OTHER or rng.random() < 0.5
                    else "",
                    women=women,
                    men=total - women,
                    recorded_by=recorder,
                    note="Handed out at the community meeting." if rng.random() < 0.3 else "",
                    created_at=recorded,
                    updated_at=recorded,
                )
            )
        rows.sort(key=lambda s: s.given_on)
        return rows

    # ------------------------------------------------------------------ audit and e-mails

    def write_audit(self, visits, observed: Counter, planned, alerts, support) -> None:
        """The audit entries the services write, once every row has its id."""
        b = self.b
        for visit in visits:
            self.audit(
                visit.created_at,
                visit.cli,
                AuditAction.VISIT_RECORDED,
                visit,
                FollowUpVisit,
                {
                    "province": self.province_of[visit.province_id].name,
                    "localities": [loc.name for loc in visit._bench_places],
                    "observations": observed[id(visit)],
                    "urgent_alert": visit.urgent_alert,
                },
            )
        for row in planned:
            self.audit(
                row.created_at,
                row.cli,
                AuditAction.VISIT_PLANNED,
                row,
                PlannedVisit,
                {
                    "planned_on": row.planned_on.isoformat(),
                    "localities": [loc.name for loc in row._bench_places],
                },
            )
            if row.status == PlannedVisitStatus.CANCELLED:
                self.audit(
                    row.updated_at, row.cli, AuditAction.VISIT_PLAN_CANCELLED, row, PlannedVisit, {}
                )
        for alert in alerts:
            logged = alert.created_at
            relayed_then = alert.relayed_at is not None and alert.relayed_at <= logged
            self.audit(
                logged,
                alert.cli,
                AuditAction.ALERT_RECORDED,
                alert,
                CommunityAlert,
                {
                    "threat_type": alert.threat_type,
                    "locality": alert.locality.name,
                    "relayed": relayed_then,
                    "responded": False,
                },
            )
            if alert.updated_at <= logged:
                continue
            changed: dict[str, list] = {}
            if not relayed_then and alert.relayed_at is not None:
                changed["relayed_at"] = [None, alert.relayed_at.isoformat()]
                changed["relayed_to"] = [[], alert.relayed_to]
            if alert.responded_at is not None:
                changed["responded_at"] = [None, alert.responded_at.isoformat()]
            if alert.plan_used is not None:
                changed["plan_used"] = [None, alert.plan_used]
            if alert.plan_outcome:
                changed["plan_outcome"] = ["", alert.plan_outcome]
            self.audit(
                alert.updated_at,
                alert.cli,
                AuditAction.ALERT_UPDATED,
                alert,
                CommunityAlert,
                changed,
            )
        for row in support:
            self.audit(
                row.created_at,
                row.recorded_by,
                AuditAction.SUPPORT_RECORDED,
                row,
                MaterialSupport,
                {"item": row.item, "women": row.women, "men": row.men},
            )
        models = (Recommendation, FollowUpVisit, PlannedVisit, CommunityAlert, MaterialSupport)
        ct = {m: ContentType.objects.get_for_model(m).pk for m in models}
        self.audit_rows.sort(key=lambda row: row[0])
        for when, actor, action, target, model, details in self.audit_rows:
            repr_ = target.text[:80] if model is Recommendation else None
            b.entry(when, actor, action, target, ct[model], details, repr_)
        self.audit_rows = []

    def write_emails(self, visits: list[FollowUpVisit]) -> None:
        """An urgent alert e-mails the Civil Affairs officers of the province
        (``services._create_visit``)."""
        b = self.b
        ct_id = ContentType.objects.get_for_model(FollowUpVisit).pk
        site = "http://127.0.0.1:8000"
        for visit in visits:
            if not visit.urgent_alert:
                continue
            places = ", ".join(loc.name for loc in visit._bench_places)
            for officer in b.people(Role.CIVIL_AFFAIRS, visit.province_id):
                b.email(
                    visit.created_at,
                    officer,
                    f"URGENT alert from a follow-up visit: {places}",
                    f"Dear {officer.full_name},\n\n{visit.cli} raised an urgent alert on the "
                    f"follow-up visit of {visit.visited_on:%d %b %Y}.\n\nPlaces: {places}\n\n"
                    "Open the visit; you can turn it into a new JPT request from there:\n"
                    f"{site}{visit.get_absolute_url()}\n\n-- \nJPT Desk\n",
                    visit,
                    ct_id,
                )


def _value(value: Any) -> Any:
    """As ``services._audit_value`` stores it."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, date | datetime):
        return value.isoformat()
    return str(value)


__all__ = ["FULL", "SHOWCASE", "TRACKED_SHARE", "FollowUp", "Plan", "parameters", "plan_for"]
