"""factory_boy factories for every model of JPT Desk, in one place.

This module sits outside the apps (the top-level ``tests`` package), so it may import every
one of them; ``missions/tests/factories.py`` re-exports it for the tests that import from there.

**Factories write rows directly with the ORM.** They skip the services, so they write no audit
entry, queue no e-mail and check no right or transition. They set the scene; a test *about* a
state change (approving a request, submitting a report, deciding a recommendation...) must make
that change through its service (``missions.services``, ``reports.services``) and may use the
factories only for what comes before it. Status traits (``MissionFactory(deployed=True)``,
``ReportFactory(in_review=True)``...) write the status and the fields its constraints require,
nothing else: no review stage, no history.

Every user a factory makes has the password :data:`PASSWORD` unless given ``password=...``
(hashed either way). ``UserFactory(roles=[Role...], provinces=[Province...])`` gives roles and
provinces; the role groups are created first when missing (a flushed transactional database
has none).

Defaults follow the objects they hang from: a mission takes its province, dates and base from
its request and is led by whoever approved it (who is put on the team, as approving does); a
threat, recommendation, consultation, stakeholder... is placed in the first locality of the
mission's request. After approval, records follow their places: a visit, planned visit, alert or
material support is in the province of its locality (the first of its ``localities``) and is
logged by a new CLI of that province; an observation is of an approved recommendation
concerning the visit's locality; an implementation is of an approved recommendation, due after
the approval; a document is the kind's renderer's input, requested by someone who sees it.

Scenes composed from them:

``ready_report(locality=..., recommendations=2, ...)``
    A report ready for ``reports.services.report_submit`` (see its docstring).
``approved_report(locality=...)``, ``approved_recommendation(locality=...)``
    An approved report (mission in follow-up) about a locality, and an approved recommendation
    concerning it: what the follow-up records hang from.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import datetime, time, timedelta

import factory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone, translation

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role, sync_role_groups
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.documents.choices import DocumentAudience, DocumentKind, DocumentStatus
from jpt.documents.models import Document
from jpt.documents.registry import get_renderer
from jpt.documents.services import input_hash, safe_filename
from jpt.insights.figures import Scope, compute_figures
from jpt.insights.models import MonthlySummary
from jpt.insights.periods import Period, add_months, first_of_month
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
    LogisticsItem,
    Mission,
    MissionStakeholder,
    Stakeholder,
    TeamMember,
)
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
from recommendations.services import base_for
from reports.choices import (
    DEFAULT_DEADLINE_DAYS,
    DEFAULT_FINAL_LEVEL,
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
    Severity,
    StageOutcome,
    SurvivorSex,
    ThreatType,
    Trend,
)
from reports.freeze import content_hash, report_content
from reports.models import (
    ContingencyContact,
    EscortPoint,
    IncidentCount,
    LevelSetting,
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

__all__ = [
    "MAN_PHONE",
    "PASSWORD",
    "PDF_BYTES",
    "RECOMMENDATION_TEXTS",
    "WOMAN_PHONE",
    "AuditEntryFactory",
    "CommunityAlertFactory",
    "ConsultationFactory",
    "ContingencyContactFactory",
    "DocumentFactory",
    "EmailMessageFactory",
    "EscortPointFactory",
    "FollowUpVisitFactory",
    "ImplementationFactory",
    "IncidentCountFactory",
    "JptRequestFactory",
    "LevelSettingFactory",
    "LocalityFactory",
    "LogisticsItemFactory",
    "MaterialSupportFactory",
    "MissionFactory",
    "MissionStakeholderFactory",
    "MonthlySummaryFactory",
    "OperatingBaseFactory",
    "PlannedVisitFactory",
    "ProtectionPlanFactory",
    "ProvinceChainFactory",
    "ProvinceFactory",
    "RecommendationDecisionFactory",
    "RecommendationFactory",
    "ReportFactory",
    "ReportVersionFactory",
    "ReviewStageFactory",
    "SafeAreaFactory",
    "SexualViolenceAnalysisFactory",
    "StakeholderFactory",
    "TeamMemberFactory",
    "TerritoryFactory",
    "ThreatFactory",
    "UserFactory",
    "VisitObservationFactory",
    "VulnerableAreaFactory",
    "approved_recommendation",
    "approved_report",
    "first_locality",
    "ready_report",
]

PASSWORD = "jpt-test-password-2010"
WOMAN_PHONE = "+243 997 111 222"
MAN_PHONE = "+243 998 333 444"
RECOMMENDATION_TEXTS = [
    "Escort women to the Ntoto market every Thursday.",
    "Double the foot patrols between Ntoto and Otobora.",
    "Provide a motorbike for transport to the legal clinic.",
    "Engage the Mayi-Mayi commander on moving troops out of Otobora.",
]


def _now():
    return factory.LazyFunction(timezone.now)


def first_locality(mission: Mission) -> Locality:
    """Where a mission's records are placed by default: the first locality of its request."""
    return mission.request.localities.order_by("id").first()


def _localities_of(mission_of):
    """A ``localities`` post-generation hook: the given list, or the request's first locality."""

    def localities(self, create, extracted, **kwargs):
        if create:
            self.localities.set(
                extracted if extracted is not None else [first_locality(mission_of(self))]
            )

    return factory.PostGeneration(localities)


def _first(localities) -> Locality:
    """The first of a list of localities, or of a related manager's (by id)."""
    if hasattr(localities, "order_by"):
        return localities.order_by("id").first()
    return localities[0]


def _cli_of(province_of):
    """A new CLI (national staff) of the province ``province_of(o)`` gives, as CLIs are."""
    return factory.LazyAttribute(
        lambda o: UserFactory(
            roles=[Role.CLI],
            provinces=[province_of(o)],
            staff_category=StaffCategory.NATIONAL,
        )
    )


def _approval_day(recommendation: Recommendation):
    """The local day a recommendation's report was approved (today when it has no date)."""
    approved_at = recommendation.report.approved_at
    return timezone.localdate(approved_at) if approved_at else timezone.localdate()


def _lead_or_new_user():
    """The mission's lead, or a new user when the mission has none."""
    return factory.Maybe(
        "mission.lead",
        yes_declaration=factory.SelfAttribute("mission.lead"),
        no_declaration=factory.SubFactory(UserFactory),
    )


# --------------------------------------------------------------------------------------------
# Places
# --------------------------------------------------------------------------------------------


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("pcode",)

    name = factory.Sequence(lambda n: f"Province {n}")
    pcode = factory.Sequence(lambda n: f"CDT{n:03d}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("pcode",)

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Territory {n}")
    pcode = factory.Sequence(lambda n: f"CDT{n:04d}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("territory", "name")

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Locality {n}")
    pcode = factory.Sequence(lambda n: f"CDTL{n:05d}")
    source = LocalitySource.GAZETTEER


class OperatingBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingBase
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Base {n}")
    kind = BaseKind.COB
    locality = factory.SubFactory(LocalityFactory)
    host_unit = "A company of the host battalion"
    is_active = True


# --------------------------------------------------------------------------------------------
# Accounts
# --------------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member. ``roles=[Role...]`` and ``provinces=[Province...]`` are added after save."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    full_name = factory.LazyAttribute(lambda o: o.username.replace("_", " ").title())
    sex = Sex.FEMALE
    staff_category = StaffCategory.INTERNATIONAL
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        names = {Role(role).value for role in extracted}
        if Group.objects.filter(name__in=names).count() != len(names):
            sync_role_groups()
        self.groups.add(*Group.objects.filter(name__in=names))

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.add(*extracted)


# --------------------------------------------------------------------------------------------
# Missions: requests, missions, logistics, team, field work
# --------------------------------------------------------------------------------------------


class JptRequestFactory(factory.django.DjangoModelFactory):
    """A request: status submitted, filed now, starting in 30 days for 7.

    ``localities=[...]`` sets the localities; by default one locality of the territory is used
    (created when the territory has none). Traits ``submitted`` (the default), ``returned``,
    ``approved`` and ``declined`` give a request in that state, with the decision recorded as
    the constraints require (``decided_by`` a new user unless given).
    """

    class Meta:
        model = JptRequest
        skip_postgeneration_save = True

    class Params:
        submitted = factory.Trait(status=RequestStatus.SUBMITTED)
        returned = factory.Trait(
            status=RequestStatus.RETURNED, decision_comment="Which villages exactly?"
        )
        approved = factory.Trait(
            status=RequestStatus.APPROVED,
            decided_by=factory.SubFactory(UserFactory),
            decided_at=_now(),
        )
        declined = factory.Trait(
            status=RequestStatus.DECLINED,
            decided_by=factory.SubFactory(UserFactory),
            decided_at=_now(),
            decision_comment="Outside the mandate.",
        )

    title = factory.Sequence(lambda n: f"Attack on village {n}")
    requested_by = factory.SubFactory(UserFactory)
    requester_kind = RequesterKind.SENIOR_MANAGEMENT
    trigger = Trigger.ATTACK
    territory = factory.SubFactory(TerritoryFactory)
    province = factory.SelfAttribute("territory.province")
    reason = "Armed men attacked the village; families fled towards the forest."
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=6))
    urgency = Urgency.ROUTINE
    status = RequestStatus.SUBMITTED
    submitted_at = _now()

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            locality = self.territory.localities.first() or LocalityFactory(
                territory=self.territory
            )
            extracted = [locality]
        self.localities.set(extracted)


class MissionFactory(factory.django.DjangoModelFactory):
    """A mission of an approved request, in planning; one trait per other status
    (``team_forming``, ``deployed``, ``returned``, ``report_drafting``, ``in_review``,
    ``follow_up``, ``closed``, ``cancelled``), which sets the status only.

    Province, planned dates and host base come from the request; the lead is whoever approved
    it, and is on the team (team lead, accepted) as ``request_approve`` does: pass
    ``lead_member=False`` to leave the team empty.
    """

    class Meta:
        model = Mission
        skip_postgeneration_save = True

    class Params:
        planning = factory.Trait(status=MissionStatus.PLANNING)
        team_forming = factory.Trait(status=MissionStatus.TEAM_FORMING)
        deployed = factory.Trait(status=MissionStatus.DEPLOYED)
        returned = factory.Trait(status=MissionStatus.RETURNED)
        report_drafting = factory.Trait(status=MissionStatus.REPORT_DRAFTING)
        in_review = factory.Trait(status=MissionStatus.IN_REVIEW)
        follow_up = factory.Trait(status=MissionStatus.FOLLOW_UP)
        closed = factory.Trait(status=MissionStatus.CLOSED)
        cancelled = factory.Trait(status=MissionStatus.CANCELLED)

    request = factory.SubFactory(JptRequestFactory, approved=True)
    province = factory.SelfAttribute("request.province")
    mandate = "Assess the threats and the patterns of sexual violence (Annex 2)."
    lead = factory.SelfAttribute("request.decided_by")
    status = MissionStatus.PLANNING
    host_base = factory.SelfAttribute("request.nearest_base")
    planned_departure = factory.SelfAttribute("request.start_date")
    planned_return = factory.SelfAttribute("request.end_date")

    @factory.post_generation
    def lead_member(self, create, extracted, **kwargs):
        if create and self.lead_id and extracted is not False:
            TeamMemberFactory(mission=self, user=self.lead, team_lead=True)


class LogisticsItemFactory(factory.django.DjangoModelFactory):
    """A helicopter requested for the mission; traits ``confirmed``, ``refused``, ``equipment``."""

    class Meta:
        model = LogisticsItem

    class Params:
        confirmed = factory.Trait(
            status=LogisticsStatus.CONFIRMED,
            quantity_confirmed=factory.SelfAttribute("quantity_requested"),
        )
        refused = factory.Trait(status=LogisticsStatus.REFUSED, notes="No flight available.")
        equipment = factory.Trait(
            category=LogisticsCategory.EQUIPMENT,
            transport_mode="",
            description="Satellite phone",
            quantity_requested=1,
        )

    mission = factory.SubFactory(MissionFactory)
    category = LogisticsCategory.TRANSPORT
    transport_mode = TransportMode.HELICOPTER
    description = "Mi-8 Goma–Walikale"
    quantity_requested = 6
    status = LogisticsStatus.REQUESTED


class TeamMemberFactory(factory.django.DjangoModelFactory):
    """A staff member invited to the team (``invited_at`` now). Traits: ``accepted``,
    ``declined``, ``withdrawn``, ``team_lead`` (accepted, as the lead is), ``external`` (an
    NGO participant without an account, accepted, as ``team_add_member`` records one)."""

    class Meta:
        model = TeamMember

    class Params:
        invited = factory.Trait(status=ParticipationStatus.INVITED)
        accepted = factory.Trait(status=ParticipationStatus.ACCEPTED, responded_at=_now())
        declined = factory.Trait(status=ParticipationStatus.DECLINED, responded_at=_now())
        withdrawn = factory.Trait(status=ParticipationStatus.WITHDRAWN)
        team_lead = factory.Trait(
            role=TeamRole.TEAM_LEAD,
            status=ParticipationStatus.ACCEPTED,
            invited_at=None,
            responded_at=_now(),
        )
        external = factory.Trait(
            user=None,
            external_name=factory.Sequence(lambda n: f"Espérance Mapendo {n}"),
            external_organisation="Association des femmes juristes",
            external_sex=Sex.FEMALE,
            status=ParticipationStatus.ACCEPTED,
            responded_at=_now(),
        )

    mission = factory.SubFactory(MissionFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.MEMBER
    status = ParticipationStatus.INVITED
    invited_at = _now()
    responded_at = None


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A meeting with local leaders at 10:00 on the mission's planned departure day, recorded
    by the lead; trait ``local_women`` for the separate meeting with local women."""

    class Meta:
        model = Consultation

    class Params:
        local_women = factory.Trait(
            kind=ConsultationType.LOCAL_WOMEN,
            setting=ConsultationSetting.ON_BASE,
            women=14,
            men=0,
            time_avoids_childcare=True,
            announced_by=factory.LazyFunction(lambda: [Announcement.GENDER_OFFICE]),
        )

    mission = factory.SubFactory(MissionFactory, deployed=True)
    held_at = factory.LazyAttribute(
        lambda o: (
            timezone.make_aware(datetime.combine(o.mission.planned_departure, time(10)))
            if o.mission.planned_departure
            else timezone.now()
        )
    )
    kind = ConsultationType.LOCAL_LEADERS
    locality = factory.LazyAttribute(lambda o: first_locality(o.mission))
    venue = "The chief's compound"
    setting = ConsultationSetting.COMMUNITY
    language = "Swahili"
    women = 3
    men = 9
    announced_by = factory.LazyFunction(lambda: [Announcement.WORD_OF_MOUTH])
    topics = "Night raids on the market; the road to the fields."
    concerns = "Armed men at the checkpoint on market days."
    recorded_by = _lead_or_new_user()


class StakeholderFactory(factory.django.DjangoModelFactory):
    """A women's leader with a phone (:data:`WOMAN_PHONE`); trait ``chief`` for a customary
    chief (a man, :data:`MAN_PHONE`)."""

    class Meta:
        model = Stakeholder

    class Params:
        chief = factory.Trait(
            name=factory.Sequence(lambda n: f"Chief Mwami {n}"),
            title="Customary chief",
            sex=Sex.MALE,
            phone=MAN_PHONE,
            category=StakeholderCategory.CUSTOMARY_CHIEF,
        )

    name = factory.Sequence(lambda n: f"Maman Furaha {n}")
    title = "President of the women's association"
    sex = Sex.FEMALE
    locality = factory.SubFactory(LocalityFactory)
    phone = WOMAN_PHONE
    category = StakeholderCategory.WOMENS_LEADER


class MissionStakeholderFactory(factory.django.DjangoModelFactory):
    """A stakeholder (new, in the mission's first locality) on the key-stakeholder list, added
    by the lead. ``stakeholder__chief=True`` for a chief."""

    class Meta:
        model = MissionStakeholder

    mission = factory.SubFactory(MissionFactory)
    stakeholder = factory.SubFactory(
        StakeholderFactory,
        locality=factory.LazyAttribute(lambda o: first_locality(o.factory_parent.mission)),
    )
    added_by = _lead_or_new_user()


# --------------------------------------------------------------------------------------------
# Reports: the document
# --------------------------------------------------------------------------------------------


class ReportFactory(factory.django.DjangoModelFactory):
    """A draft report of a mission back from the field (report drafting). Traits ``in_review``,
    ``returned``, ``approved``, ``closed`` set the report's status and dates, and give the new
    mission the matching status (a mission passed as ``mission=`` is left as it is); they make
    no review stage (use ``ReviewStageFactory``, or the services)."""

    class Meta:
        model = Report

    class Params:
        draft = factory.Trait(status=ReportStatus.DRAFT)
        in_review = factory.Trait(
            status=ReportStatus.IN_REVIEW,
            submitted_at=_now(),
            chain_final_level=DEFAULT_FINAL_LEVEL,
            mission=factory.SubFactory(MissionFactory, in_review=True),
        )
        returned = factory.Trait(
            status=ReportStatus.RETURNED,
            submitted_at=_now(),
            chain_final_level=DEFAULT_FINAL_LEVEL,
            mission=factory.SubFactory(MissionFactory, report_drafting=True),
        )
        approved = factory.Trait(
            status=ReportStatus.APPROVED,
            submitted_at=_now(),
            approved_at=_now(),
            chain_final_level=DEFAULT_FINAL_LEVEL,
            mission=factory.SubFactory(MissionFactory, follow_up=True),
        )
        closed = factory.Trait(
            status=ReportStatus.CLOSED,
            submitted_at=_now(),
            chain_final_level=DEFAULT_FINAL_LEVEL,
            mission=factory.SubFactory(MissionFactory, closed=True),
        )

    mission = factory.SubFactory(MissionFactory, report_drafting=True)
    status = ReportStatus.DRAFT
    commander_coauthor = "Major Kabila, COB Walikale"
    plan_of_action = "Share the findings with the Protection Cluster within a week."


class ThreatFactory(factory.django.DjangoModelFactory):
    """Weekly night raids by a named armed group, rising; ``localities=[...]`` (default: the
    mission's first locality)."""

    class Meta:
        model = Threat
        skip_postgeneration_save = True

    report = factory.SubFactory(ReportFactory)
    threat_type = ThreatType.ATTACK
    perpetrator_category = PerpetratorCategory.ARMED_GROUP
    perpetrator_name = "Mayi-Mayi"
    period = "since August"
    frequency = "weekly"
    severity = Severity.HIGH
    trend = Trend.RISING
    narrative = factory.Sequence(lambda n: f"Night raids on the market ({n}).")
    localities = _localities_of(lambda threat: threat.report.mission)


class SexualViolenceAnalysisFactory(factory.django.DjangoModelFactory):
    """The analysis started (notes only): not filled. Trait ``filled``: the three services'
    access assessed and the patterns described, as submission requires."""

    class Meta:
        model = SexualViolenceAnalysis

    class Params:
        filled = factory.Trait(
            medical_access=ServiceAccess.LIMITED,
            psychosocial_access=ServiceAccess.NONE,
            legal_access=ServiceAccess.NONE,
            patterns="Attacks on women on the road to the fields.",
        )

    report = factory.SubFactory(ReportFactory)
    services_notes = "Legal clinic 30 km away; no transport."
    risk_places_times = "The road to the market on Thursdays."


class IncidentCountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncidentCount

    analysis = factory.SubFactory(SexualViolenceAnalysisFactory, filled=True)
    period = "August"
    locality = factory.LazyAttribute(lambda o: first_locality(o.analysis.report.mission))
    perpetrator_category = PerpetratorCategory.ARMED_GROUP
    age_group = AgeGroup.ADULT
    survivor_sex = SurvivorSex.FEMALE
    count = 3


class ProtectionPlanFactory(factory.django.DjangoModelFactory):
    """A plan agreed with local leaders; trait ``with_womens_organizations`` when women's
    organizations were consulted on it."""

    class Meta:
        model = ProtectionPlan

    class Params:
        with_womens_organizations = factory.Trait(
            womens_organizations_consulted=True,
            womens_organizations="Association des mamans de Ntoto",
        )

    report = factory.SubFactory(ReportFactory)
    priorities = "Escorts on market days."
    local_authority_roles = "The chief relays alerts to the COB."
    early_warning = "The church bell, then the CLI calls the COB."


class SafeAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeArea

    plan = factory.SubFactory(ProtectionPlanFactory)
    name = factory.Sequence(lambda n: f"Parish compound {n}")
    locality = factory.LazyAttribute(lambda o: first_locality(o.plan.report.mission))
    capacity = 300


class EscortPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscortPoint

    plan = factory.SubFactory(ProtectionPlanFactory)
    place = "The market gate"
    day_time = "Thursdays, 06:00"


class VulnerableAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VulnerableArea

    plan = factory.SubFactory(ProtectionPlanFactory)
    place = "The road to the fields"
    why = "Armed men wait there for women going to the fields."
    when = "At dawn"


class ContingencyContactFactory(factory.django.DjangoModelFactory):
    """A contact from the mission's key stakeholders (a new one unless ``stakeholder=``)."""

    class Meta:
        model = ContingencyContact

    plan = factory.SubFactory(ProtectionPlanFactory)
    stakeholder = factory.SubFactory(
        MissionStakeholderFactory, mission=factory.SelfAttribute("..plan.report.mission")
    )
    how_to_reach = "Through the CLI, by phone"
    when = "Day and night"


class ReportVersionFactory(factory.django.DjangoModelFactory):
    """A frozen copy of an approved report: its content as ``reports.freeze`` builds it, and its
    hash (``reports.freeze.verify`` is true). ``freeze_report`` is what the chain calls."""

    class Meta:
        model = ReportVersion

    report = factory.SubFactory(ReportFactory, approved=True)
    number = factory.LazyAttribute(lambda o: o.report.versions.count() + 1)
    content = factory.LazyAttribute(
        lambda o: {
            **report_content(Report.objects.with_content().get(pk=o.report.pk)),
            "version": o.number,
        }
    )
    sha256 = factory.LazyAttribute(lambda o: content_hash(o.content))
    created_by = factory.SubFactory(UserFactory)


# --------------------------------------------------------------------------------------------
# Reports: recommendations and the review chain
# --------------------------------------------------------------------------------------------


class RecommendationFactory(factory.django.DjangoModelFactory):
    """A draft recommendation to the Force, high priority; ``localities=[...]`` (default: the
    mission's first locality). Traits ``in_review``, ``approved``, ``rejected`` set its status."""

    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    class Params:
        in_review = factory.Trait(status=RecommendationStatus.IN_REVIEW)
        approved = factory.Trait(status=RecommendationStatus.APPROVED)
        rejected = factory.Trait(status=RecommendationStatus.REJECTED)

    report = factory.SubFactory(ReportFactory)
    text = factory.Sequence(lambda n: RECOMMENDATION_TEXTS[n % len(RECOMMENDATION_TEXTS)])
    category = Category.ESCORT_PATROL
    addressee = Addressee.FORCE
    priority = Priority.HIGH
    status = RecommendationStatus.DRAFT
    localities = _localities_of(lambda rec: rec.report.mission)


class ReviewStageFactory(factory.django.DjangoModelFactory):
    """A report (in review) waiting at head-of-office level since now, due in the default
    deadline. Traits ``forwarded``, ``returned``, ``approved``, ``closed`` close it an hour
    later, by a new user unless ``closed_by=``."""

    class Meta:
        model = ReviewStage

    class Params:
        left = factory.Trait(
            closed_at=factory.LazyAttribute(lambda o: o.entered_at + timedelta(hours=1)),
            closed_by=factory.SubFactory(UserFactory),
        )
        forwarded = factory.Trait(left=True, outcome=StageOutcome.FORWARDED)
        returned = factory.Trait(
            left=True, outcome=StageOutcome.RETURNED, comment="Add the dates of the attacks."
        )
        approved = factory.Trait(left=True, outcome=StageOutcome.APPROVED)
        closed = factory.Trait(left=True, outcome=StageOutcome.CLOSED)

    report = factory.SubFactory(ReportFactory, in_review=True)
    level = ReviewLevel.HEAD_OF_OFFICE
    entered_at = _now()
    due_at = factory.LazyAttribute(lambda o: o.entered_at + timedelta(days=DEFAULT_DEADLINE_DAYS))
    outcome = StageOutcome.OPEN


class RecommendationDecisionFactory(factory.django.DjangoModelFactory):
    """An endorsement of a recommendation in review, at a stage of its report (a new open stage
    unless ``stage=``). Traits ``with_changes`` and ``rejected`` (with their text/reason)."""

    class Meta:
        model = RecommendationDecision

    class Params:
        with_changes = factory.Trait(
            decision=Decision.ENDORSE_WITH_CHANGES,
            changed_text="Escort women to the market every Thursday and Saturday.",
        )
        rejected = factory.Trait(decision=Decision.REJECT, reason="Outside the mission's means.")

    recommendation = factory.SubFactory(
        RecommendationFactory, in_review=True, report__in_review=True
    )
    stage = factory.SubFactory(
        ReviewStageFactory, report=factory.SelfAttribute("..recommendation.report")
    )
    decision = Decision.ENDORSE
    text_before = factory.LazyAttribute(
        lambda o: o.recommendation.current_text or o.recommendation.text
    )
    decided_by = factory.SubFactory(UserFactory)
    decided_at = _now()


class ProvinceChainFactory(factory.django.DjangoModelFactory):
    """A province whose chain ends at provincial level (a province without one ends at
    Kinshasa)."""

    class Meta:
        model = ProvinceChain
        django_get_or_create = ("province",)

    province = factory.SubFactory(ProvinceFactory)
    final_level = ReviewLevel.PROVINCIAL_SMG


class LevelSettingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LevelSetting
        django_get_or_create = ("level",)

    level = ReviewLevel.HEAD_OF_OFFICE
    deadline_days = DEFAULT_DEADLINE_DAYS


# --------------------------------------------------------------------------------------------
# After approval: implementation, follow-up visits, alerts, material support
# --------------------------------------------------------------------------------------------


class ImplementationFactory(factory.django.DjangoModelFactory):
    """The Civil Affairs section carrying out an approved recommendation (of an approved report,
    unless ``recommendation=``), in progress, due 60 days after the report's approval. Traits
    ``not_started``, ``implemented``, ``stalled`` (with its reason) and ``discussed`` (with the
    Protection Cluster a week after approval, or today if sooner: never a day to come)."""

    class Meta:
        model = Implementation

    class Params:
        not_started = factory.Trait(status=ImplementationStatus.NOT_STARTED)
        implemented = factory.Trait(status=ImplementationStatus.IMPLEMENTED)
        stalled = factory.Trait(
            status=ImplementationStatus.STALLED, stalled_reason=StalledReason.LOGISTICS
        )
        discussed = factory.Trait(
            cluster_discussed_on=factory.LazyAttribute(
                lambda o: min(
                    _approval_day(o.recommendation) + timedelta(days=7), timezone.localdate()
                )
            ),
            cluster_outcome="UNHCR to fund the escorts' transport.",
        )

    recommendation = factory.SubFactory(RecommendationFactory, approved=True, report__approved=True)
    owner_kind = OwnerKind.MISSION_SECTION
    owner_name = "Civil Affairs section"
    focal_person = "The head of the Civil Affairs office"
    target_date = factory.LazyAttribute(
        lambda o: _approval_day(o.recommendation) + timedelta(days=60)
    )
    status = ImplementationStatus.IN_PROGRESS
    plan_section = "Civil Affairs"
    plan_name = "Civil Affairs work plan"


class _PlacedFactory(factory.django.DjangoModelFactory):
    """A record placed in ``localities`` (default: one new locality), whose province and CLI
    follow them. Unlike the post-generation ``localities`` of the report factories, the list is
    resolved *before* the row (so ``province`` and ``cli`` can follow its first locality) and
    set once the row is saved (a built row gets none)."""

    class Meta:
        abstract = True

    localities = factory.LazyFunction(lambda: [LocalityFactory()])
    province = factory.LazyAttribute(lambda o: _first(o.localities).territory.province)
    cli = _cli_of(lambda o: o.province)

    @classmethod
    def _create(cls, model_class, *args, localities=(), **kwargs):
        obj = super()._create(model_class, *args, **kwargs)
        obj.localities.set(localities)
        return obj

    @classmethod
    def _build(cls, model_class, *args, localities=(), **kwargs):
        return super()._build(model_class, *args, **kwargs)


class PlannedVisitFactory(_PlacedFactory):
    """A visit in a CLI's calendar in a week, planned. Traits ``done``, ``cancelled`` and
    ``overdue`` (three days ago and still planned: planned earlier, as ``planned_visit_add``
    refuses a past date today)."""

    class Meta:
        model = PlannedVisit

    class Params:
        done = factory.Trait(status=PlannedVisitStatus.DONE)
        cancelled = factory.Trait(status=PlannedVisitStatus.CANCELLED)
        overdue = factory.Trait(
            planned_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
        )

    planned_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    purpose = "See whether the market escorts go ahead."
    status = PlannedVisitStatus.PLANNED


class FollowUpVisitFactory(_PlacedFactory):
    """A CLI's visit today (a new device id), six women and four men met, the women apart;
    medium confidence, no new threat, no observation (``VisitObservationFactory``). Traits
    ``urgent`` (an urgent alert, with the threats heard of) and ``from_plan`` (the visit made
    of a planned visit of the same CLI and places, done since)."""

    class Meta:
        model = FollowUpVisit

    class Params:
        urgent = factory.Trait(
            urgent_alert=True,
            new_threats=factory.LazyFunction(lambda: [ThreatType.ATTACK, ThreatType.ABDUCTION]),
            threats_note="Armed men took two young men from the fields on Monday.",
        )
        from_plan = factory.Trait(
            planned_visit=factory.SubFactory(
                PlannedVisitFactory,
                done=True,
                cli=factory.SelfAttribute("..cli"),
                localities=factory.SelfAttribute("..localities"),
                planned_on=factory.SelfAttribute("..visited_on"),
            )
        )

    client_id = factory.LazyFunction(uuid.uuid4)
    visited_on = factory.LazyFunction(timezone.localdate)
    women = 6
    men = 4
    women_meeting = True
    confidence = Confidence.MEDIUM
    new_threats = factory.LazyFunction(list)
    note = "The escorts to the market go ahead on Thursdays."


class VisitObservationFactory(factory.django.DjangoModelFactory):
    """What a visit's CLI saw of a recommendation: partly implemented. The recommendation is a
    new approved one concerning the visit's first locality (``approved_recommendation``),
    its report approved by the morning of the visit, so the visit's CLI may observe it as
    ``visit_record`` requires."""

    class Meta:
        model = VisitObservation

    visit = factory.SubFactory(FollowUpVisitFactory)
    recommendation = factory.LazyAttribute(
        lambda o: approved_recommendation(
            locality=_first(o.visit.localities),
            approved_at=min(
                timezone.now(),
                timezone.make_aware(datetime.combine(o.visit.visited_on, time(8))),
            ),
        )
    )
    finding = Finding.PARTLY
    note = "Escorts on Thursdays only."


class CommunityAlertFactory(factory.django.DjangoModelFactory):
    """An attack reported by phone three hours ago by a community member, taken by a CLI of the
    locality's province, at the base nearest the locality (``base_for``, as the alert form
    fills it in; None when the province has none); not relayed yet. Traits ``relayed`` (to the
    peacekeepers, 15 minutes later), ``answered`` (relayed, and a patrol two hours after the
    alert) and ``with_plan`` (the plan used: a safe area of an approved plan of the locality's
    territory, which worked)."""

    class Meta:
        model = CommunityAlert

    class Params:
        relayed = factory.Trait(
            relayed_at=factory.LazyAttribute(lambda o: o.received_at + timedelta(minutes=15)),
            relayed_to=factory.LazyFunction(lambda: [RelayedTo.PEACEKEEPERS]),
        )
        answered = factory.Trait(
            relayed=True,
            responded_at=factory.LazyAttribute(lambda o: o.received_at + timedelta(hours=2)),
            response="A patrol went to the fields.",
        )
        with_plan = factory.Trait(
            plan_used=True,
            safe_area=factory.LazyAttribute(
                lambda o: SafeAreaFactory(
                    plan__report=approved_report(locality=o.locality), locality=o.locality
                )
            ),
            plan_outcome=PlanUse.WORKED,
        )

    received_at = factory.LazyFunction(
        lambda: timezone.now().replace(second=0, microsecond=0) - timedelta(hours=3)
    )
    locality = factory.SubFactory(LocalityFactory)
    province = factory.SelfAttribute("locality.territory.province")
    cli = _cli_of(lambda o: o.province)
    base = factory.LazyAttribute(lambda o: base_for(o.locality))
    channel = AlertChannel.PHONE
    threat_type = ThreatType.ATTACK
    source = AlertSource.COMMUNITY_MEMBER
    description = "Armed men seen near the fields at dawn."
    relayed_to = factory.LazyFunction(list)


class MaterialSupportFactory(factory.django.DjangoModelFactory):
    """Solar lamps given out today to five women and five men, recorded by a CLI of the
    locality's province. Trait ``other`` (an item of no listed kind, described)."""

    class Meta:
        model = MaterialSupport

    class Params:
        other = factory.Trait(item=SupportItem.OTHER, item_detail="Torch batteries")

    locality = factory.SubFactory(LocalityFactory)
    province = factory.SelfAttribute("locality.territory.province")
    given_on = factory.LazyFunction(timezone.localdate)
    item = SupportItem.LAMP
    women = 5
    men = 5
    recorded_by = _cli_of(lambda o: o.province)


# --------------------------------------------------------------------------------------------
# Audit and notifications
# --------------------------------------------------------------------------------------------


class AuditEntryFactory(factory.django.DjangoModelFactory):
    """An entry "request filed" on a new request, by a new user (``target=`` any row,
    ``actor=``, ``action=``). The services write the real ones with ``audit_record``."""

    class Meta:
        model = AuditEntry

    target = factory.SubFactory(JptRequestFactory)
    actor = factory.SubFactory(UserFactory)
    action = AuditAction.REQUEST_SUBMITTED
    target_repr = factory.LazyAttribute(lambda o: str(o.target)[:200])
    details = factory.LazyFunction(dict)


class EmailMessageFactory(factory.django.DjangoModelFactory):
    """An e-mail waiting in the outbox (no target unless ``target=``). Traits ``sending``,
    ``sent``, ``failed`` (retries exhausted)."""

    class Meta:
        model = EmailMessage

    class Params:
        sending = factory.Trait(status=EmailStatus.SENDING, attempts=1, claimed_at=_now())
        sent = factory.Trait(status=EmailStatus.SENT, attempts=1, claimed_at=_now(), sent_at=_now())
        failed = factory.Trait(
            status=EmailStatus.FAILED, attempts=6, last_error="Connection refused"
        )

    recipient = factory.SubFactory(UserFactory)
    to_address = factory.LazyAttribute(
        lambda o: o.recipient.email if o.recipient else "someone@example.org"
    )
    subject = factory.Sequence(lambda n: f"[JPT Desk] Message {n}")
    body = "Hello,\n\nThis is JPT Desk.\n"
    status = EmailStatus.PENDING


# --------------------------------------------------------------------------------------------
# Indicators and rendered documents
# --------------------------------------------------------------------------------------------


class MonthlySummaryFactory(factory.django.DjangoModelFactory):
    """Last month's trend summary of a province, as Celery beat computes it on the 1st (its
    figures are ``compute_figures`` of that month and province, read now; no ``computed_by``).
    One per month and scope: the same month and province again returns the stored one. Traits
    ``all_provinces`` (no province) and ``on_demand`` (computed by a Civil Affairs officer of
    the province, as ``summary_compute`` allows)."""

    class Meta:
        model = MonthlySummary
        django_get_or_create = ("month", "province")

    class Params:
        all_provinces = factory.Trait(province=None)
        on_demand = factory.Trait(
            computed_by=factory.LazyAttribute(
                lambda o: UserFactory(roles=[Role.CIVIL_AFFAIRS], provinces=[o.province])
            )
        )

    month = factory.LazyFunction(lambda: add_months(first_of_month(timezone.localdate()), -1))
    province = factory.SubFactory(ProvinceFactory)
    figures = factory.LazyAttribute(
        lambda o: compute_figures(
            Period.month(o.month), Scope.of(None if o.province is None else [o.province])
        )
    )
    computed_at = _now()
    computed_by = None


# A one-page PDF, the file of a ready document (``DocumentFactory(ready=True)``).
PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class DocumentFactory(factory.django.DjangoModelFactory):
    """The PDF of a draft report (``target=`` any record of ``kind``), without contacts,
    requested now by the mission's lead (who sees the report): queued. Title, file name, input
    and its SHA-256 are what ``document_request`` stores, from the kind's registered renderer.
    Traits ``rendering`` (claimed now), ``ready`` (rendered: a one-page PDF stored with its
    SHA-256), ``failed`` (with the reason) and ``trend`` (the PDF of a summary computed on
    demand, requested by whoever computed it)."""

    class Meta:
        model = Document
        exclude = ("target", "prepared")

    class Params:
        rendering = factory.Trait(status=DocumentStatus.RENDERING, claimed_at=_now(), attempts=1)
        ready = factory.Trait(
            status=DocumentStatus.READY,
            claimed_at=_now(),
            attempts=1,
            rendered_at=_now(),
            file=factory.django.FileField(data=PDF_BYTES, filename="document.pdf"),
            sha256=hashlib.sha256(PDF_BYTES).hexdigest(),
            page_count=1,
            size=len(PDF_BYTES),
        )
        failed = factory.Trait(
            status=DocumentStatus.FAILED,
            claimed_at=_now(),
            attempts=1,
            failure_reason="RuntimeError: the renderer stopped.",
        )
        trend = factory.Trait(
            kind=DocumentKind.TREND,
            target=factory.SubFactory(MonthlySummaryFactory, on_demand=True),
            requested_by=factory.SelfAttribute("target.computed_by"),
        )

    kind = DocumentKind.REPORT
    target = factory.SubFactory(ReportFactory)
    prepared = factory.LazyAttribute(
        lambda o: get_renderer(o.kind).prepare(target=o.target, audience=o.audience)
    )
    target_type = factory.LazyAttribute(lambda o: ContentType.objects.get_for_model(o.target))
    target_id = factory.LazyAttribute(lambda o: str(o.target.pk))
    audience = DocumentAudience.STANDARD
    language = factory.LazyFunction(lambda: translation.get_language() or settings.LANGUAGE_CODE)
    title = factory.LazyAttribute(lambda o: o.prepared.title[:200])
    filename = factory.LazyAttribute(lambda o: safe_filename(o.prepared.filename))
    input = factory.SelfAttribute("prepared.data")
    input_sha256 = factory.LazyAttribute(
        lambda o: input_hash(
            kind=o.kind,
            version=get_renderer(o.kind).version,
            audience=o.audience,
            language=o.language,
            data=o.input,
        )
    )
    status = DocumentStatus.QUEUED
    requested_by = factory.SelfAttribute("target.mission.lead")
    requested_at = _now()


# --------------------------------------------------------------------------------------------
# Scenes
# --------------------------------------------------------------------------------------------


def approved_report(*, locality: Locality | None = None, **fields) -> Report:
    """An approved report (its mission in follow-up) of a request about ``locality`` (default: a
    new one); ``fields`` go to :class:`ReportFactory` (``approved_at=...``: approved then, and
    submitted then too). No review stage, no frozen version: a scene for what follows approval
    (recommendations followed up, plans used in alerts)."""
    locality = locality or LocalityFactory()
    if "approved_at" in fields:
        fields.setdefault("submitted_at", fields["approved_at"])
    return ReportFactory(
        approved=True,
        mission__request__territory=locality.territory,
        mission__request__localities=[locality],
        **fields,
    )


def approved_recommendation(
    *, locality: Locality | None = None, report: Report | None = None, **fields
) -> Recommendation:
    """An approved recommendation concerning ``locality`` (default: a new one), of ``report``
    (default: :func:`approved_report` of the locality; ``approved_at=...`` goes to it): one
    the CLIs of the locality's province follow up. Other ``fields`` go to
    :class:`RecommendationFactory`."""
    locality = locality or LocalityFactory()
    report_fields = {k: fields.pop(k) for k in ("approved_at", "submitted_at") if k in fields}
    report = report or approved_report(locality=locality, **report_fields)
    return RecommendationFactory(report=report, approved=True, localities=[locality], **fields)


def ready_report(
    *,
    locality: Locality | None = None,
    province: Province | None = None,
    lead=None,
    recommendations: int = 2,
    sv_analysis: bool = True,
    sv_filled: bool = True,
    threats: int = 1,
    woman_stakeholder: bool = True,
    **request_fields,
) -> Report:
    """A report ready for ``report_submit(report=report, user=report.mission.lead)``.

    An approved request (filed and approved by ``lead``; ``request_fields`` go to
    :class:`JptRequestFactory`) in ``locality`` (default: a new one, in ``province`` when
    given), its mission back from the field (report drafting) led by ``lead`` (default: a new
    Civil Affairs officer of the province), on its team the lead, an accepted gender officer
    (``report.team_user``) and a withdrawn member (``report.gone_user``), both team members of
    the province; a report with a filled sexual-violence analysis, ``threats`` threats, a chief
    and a woman on the key-stakeholder list, and ``recommendations`` recommendations (texts
    from :data:`RECOMMENDATION_TEXTS`), all in the locality.

    Each flag removes what one submission check needs: ``sv_analysis=False`` (no analysis),
    ``sv_filled=False`` (patterns missing), ``threats=0``, ``recommendations=0``,
    ``woman_stakeholder=False``.
    """
    if locality is None:
        territory = TerritoryFactory(**({"province": province} if province else {}))
        locality = LocalityFactory(territory=territory)
    territory = locality.territory
    province = territory.province
    lead = lead or UserFactory(roles=[Role.CIVIL_AFFAIRS], provinces=[province])
    request_fields.setdefault("title", f"Attack on {locality.name}")
    mission = MissionFactory(
        request=JptRequestFactory(
            approved=True,
            requested_by=lead,
            decided_by=lead,
            territory=territory,
            localities=[locality],
            **request_fields,
        ),
        report_drafting=True,
    )
    team_user, gone_user = (
        UserFactory(roles=[Role.TEAM_MEMBER], provinces=[province]) for _ in range(2)
    )
    TeamMemberFactory(mission=mission, user=team_user, role=TeamRole.GENDER_OFFICER, accepted=True)
    TeamMemberFactory(mission=mission, user=gone_user, withdrawn=True)
    report = ReportFactory(mission=mission)
    if sv_analysis:
        SexualViolenceAnalysisFactory(
            report=report, filled=True, **({} if sv_filled else {"patterns": ""})
        )
    ThreatFactory.create_batch(threats, report=report, localities=[locality])
    MissionStakeholderFactory(
        mission=mission, stakeholder__chief=True, stakeholder__locality=locality
    )
    if woman_stakeholder:
        MissionStakeholderFactory(mission=mission, stakeholder__locality=locality)
    for i in range(recommendations):
        RecommendationFactory(
            report=report,
            text=RECOMMENDATION_TEXTS[i % len(RECOMMENDATION_TEXTS)],
            localities=[locality],
        )
    report.team_user = team_user
    report.gone_user = gone_user
    return report
