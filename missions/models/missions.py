"""Missions (steps 3 to 5 of the life of a JPT): planning, logistics and the team roster."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Sex
from jpt.core.models import TimeStampedModel

from ..choices import (
    ACTIVE_PARTICIPATION,
    MISSION_STATUS_COLOURS,
    PERM_MANAGE,
    PRE_DEPLOYMENT_STATUSES,
    TEAM_RIGHTS_PARTICIPATION,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    TeamRole,
    TransportMode,
)
from .requests import JptRequest, ProvinceScopedQuerySet

# The brief's targets, in days.
PLANNING_LEAD_TARGET = 21
INVITATION_LEAD_MIN = 2
INVITATION_LEAD_MAX = 7
TRANSPORT_CONFIRMATION_HOURS = 48


class MissionQuerySet(ProvinceScopedQuerySet):
    view_permission = "missions.view_mission"

    def visible_to(self, user):
        """Province scope, plus the missions whose team the user is on (any province).

        "On the team" means accepted: an invitation is answered on its own page, which shows
        only what the invitee needs to answer; declining or being withdrawn leaves nothing.
        """
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        on_team = Q(
            id__in=TeamMember.objects.filter(
                user=user, status__in=TEAM_RIGHTS_PARTICIPATION
            ).values("mission_id")
        )
        if not user.has_perm(self.view_permission):
            return self.filter(on_team)
        if user.sees_all_provinces:
            return self.all()
        return self.filter(self._scope_q(user) | on_team)

    def with_list_data(self) -> MissionQuerySet:
        return self.select_related("request", "request__territory", "province", "lead", "host_base")

    def with_team_counts(self) -> MissionQuerySet:
        """Annotate ``team_size`` and ``team_women``: active members (invited or accepted).

        Counted by a subquery per mission, not a GROUP BY over the whole list: the database
        counts the team of the rows it returns (a page of 25), not of every visible mission.
        """
        active = TeamMember.objects.filter(
            mission=OuterRef("pk"), status__in=ACTIVE_PARTICIPATION
        ).order_by()
        women = active.filter(
            Q(user__sex=Sex.FEMALE) | Q(user__isnull=True, external_sex=Sex.FEMALE)
        )

        def count(members):
            return Coalesce(
                Subquery(members.values("mission").annotate(n=Count("id")).values("n")[:1]),
                0,
            )

        return self.annotate(team_size=count(active), team_women=count(women))

    def manageable_by(self, user) -> MissionQuerySet:
        """The missions ``permissions.can_manage`` lets the user manage, as a query: those they
        lead, and for Civil Affairs officers (``manage_mission``) those of their provinces."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if not user.has_perm(PERM_MANAGE):
            return self.filter(lead=user)
        if user.sees_all_provinces:
            return self.all()
        return self.filter(Q(lead=user) | Q(province__in=sorted(user.province_ids())))

    def transport_unconfirmed_soon(self, *, now=None) -> MissionQuerySet:
        """Missions leaving within 48 hours (or already due) whose transport is not confirmed."""
        now = now or timezone.now()
        horizon = timezone.localtime(now + timedelta(hours=TRANSPORT_CONFIRMATION_HOURS)).date()
        return self.filter(
            status__in=PRE_DEPLOYMENT_STATUSES,
            planned_departure__isnull=False,
            planned_departure__lte=horizon,
        ).exclude(
            # One line both transport and confirmed (a single exclude() across a multi-valued
            # relation would match the two conditions on different lines).
            id__in=LogisticsItem.objects.filter(
                category=LogisticsCategory.TRANSPORT, status=LogisticsStatus.CONFIRMED
            ).values("mission_id")
        )


class Mission(TimeStampedModel):
    """A JPT mission created when Civil Affairs approves a request.

    Its status changes only through ``missions.services``. Dates and indicators are planned
    here; the team, logistics, consultations and stakeholders hang off it.
    """

    request = models.OneToOneField(
        JptRequest, on_delete=models.PROTECT, related_name="mission", verbose_name=_("request")
    )
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        related_name="missions",
        verbose_name=_("province"),
    )
    mandate = models.TextField(
        _("mandate / terms of reference"),
        help_text=_(
            "What the team must establish. Include gender analysis and the analysis of "
            "patterns of sexual violence (Annex 2)."
        ),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_missions",
        verbose_name=_("lead"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=MissionStatus.choices, default=MissionStatus.PLANNING
    )
    host_base = models.ForeignKey(
        "places.OperatingBase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="missions",
        verbose_name=_("host base"),
    )
    host_unit_commander = models.CharField(_("host unit commander"), max_length=150, blank=True)
    host_unit_email = models.EmailField(
        _("host unit e-mail"),
        blank=True,
        help_text=_("Where the early notice of the mission is sent."),
    )
    planned_departure = models.DateField(_("planned departure"), null=True, blank=True)
    planned_return = models.DateField(_("planned return"), null=True, blank=True)
    actual_departure = models.DateField(_("actual departure"), null=True, blank=True)
    actual_return = models.DateField(_("actual return"), null=True, blank=True)
    women_accommodation_needed = models.BooleanField(
        _("separate accommodation and facilities for women needed"), default=False
    )
    women_accommodation_confirmed = models.BooleanField(
        _("separate accommodation and facilities for women confirmed"), default=False
    )
    women_accommodation_notes = models.CharField(
        _("notes on accommodation for women"), max_length=300, blank=True
    )
    early_notice_sent_at = models.DateTimeField(_("early notice sent"), null=True, blank=True)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("mission")
        verbose_name_plural = _("missions")
        ordering = ["-created_at", "-id"]
        permissions = [
            ("manage_mission", "Can plan missions and manage their teams"),
            ("view_stakeholder_contact", "Sees stakeholders' contacts in their provinces"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MissionStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(planned_return__isnull=True)
                | Q(planned_departure__isnull=True)
                | Q(planned_return__gte=F("planned_departure")),
                name="%(app_label)s_%(class)s_planned_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(actual_return__isnull=True)
                | Q(actual_departure__isnull=True)
                | Q(actual_return__gte=F("actual_departure")),
                name="%(app_label)s_%(class)s_actual_dates_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "status"], name="missions_mission_prov_status"),
            models.Index(fields=["planned_departure"], name="missions_mission_departure"),
            # The mission list's order.
            models.Index(fields=["-created_at", "-id"], name="missions_mission_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.request.title}"

    def get_absolute_url(self) -> str:
        return reverse("missions:mission_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"JPT-M{self.created_at.year}-{self.pk:04d}" if self.pk else ""

    @property
    def title(self) -> str:
        return self.request.title

    @property
    def status_colour(self) -> str:
        return MISSION_STATUS_COLOURS[MissionStatus(self.status)]

    @property
    def departure(self) -> date | None:
        return self.actual_departure or self.planned_departure

    @property
    def return_date(self) -> date | None:
        return self.actual_return or self.planned_return

    # Timeline indicators: computed, never typed.

    @property
    def planning_lead_days(self) -> int | None:
        """Days from the request's approval to the departure (target: at least 21)."""
        approved = self.request.decided_at
        if not (approved and self.departure):
            return None
        return (self.departure - timezone.localtime(approved).date()).days

    @property
    def visit_days(self) -> int | None:
        """Length of the visit in days, both ends included (target: at least 5)."""
        if not (self.departure and self.return_date):
            return None
        return (self.return_date - self.departure).days + 1


class LogisticsItem(TimeStampedModel):
    """One logistics line of a mission (transport, equipment, escort, accommodation)."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="logistics", verbose_name=_("mission")
    )
    category = models.CharField(_("category"), max_length=20, choices=LogisticsCategory.choices)
    transport_mode = models.CharField(
        _("transport mode"), max_length=20, choices=TransportMode.choices, blank=True
    )
    description = models.CharField(
        _("what"), max_length=200, help_text=_("e.g. 'Mi-8 Goma–Walikale', 'satellite phone'.")
    )
    quantity_requested = models.PositiveSmallIntegerField(
        _("vehicles / seats requested"), null=True, blank=True
    )
    quantity_confirmed = models.PositiveSmallIntegerField(
        _("vehicles / seats confirmed"), null=True, blank=True
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=LogisticsStatus.choices,
        default=LogisticsStatus.REQUESTED,
    )
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("logistics line")
        verbose_name_plural = _("logistics lines")
        ordering = ["category", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=LogisticsCategory.values),
                name="%(app_label)s_%(class)s_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=LogisticsStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(category=LogisticsCategory.TRANSPORT) | Q(transport_mode=""),
                name="%(app_label)s_%(class)s_mode_only_for_transport",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"

    @property
    def status_colour(self) -> str:
        return {"requested": "secondary", "confirmed": "success", "refused": "danger"}[self.status]


class TeamMemberQuerySet(models.QuerySet):
    def active(self) -> TeamMemberQuerySet:
        return self.filter(status__in=ACTIVE_PARTICIPATION)

    def visible_to(self, user) -> TeamMemberQuerySet:
        """A place on a team is seen by whoever sees its mission (``Mission.objects.visible_to``:
        the province scope, plus the missions whose team the user is on), as the mission page
        shows the roster."""
        return self.filter(mission__in=Mission.objects.visible_to(user))


class TeamMember(TimeStampedModel):
    """A place on a mission's team: a staff member (user) or an external participant."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="team", verbose_name=_("mission")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team_memberships",
        verbose_name=_("staff member"),
    )
    external_name = models.CharField(_("name (external)"), max_length=150, blank=True)
    external_organisation = models.CharField(
        _("organisation (external)"), max_length=150, blank=True
    )
    external_sex = models.CharField(
        _("sex (external)"),
        max_length=10,
        blank=True,
        choices=Sex.choices,
    )
    role = models.CharField(_("role on the team"), max_length=30, choices=TeamRole.choices)
    status = models.CharField(
        _("participation"),
        max_length=20,
        choices=ParticipationStatus.choices,
        default=ParticipationStatus.INVITED,
    )
    invited_at = models.DateTimeField(_("invited at"), null=True, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(external_name=""))
                | (Q(user__isnull=True) & ~Q(external_name="") & ~Q(external_sex="")),
                name="%(app_label)s_%(class)s_staff_or_external",
            ),
            models.UniqueConstraint(
                fields=["mission", "user"],
                condition=Q(user__isnull=False),
                name="%(app_label)s_%(class)s_unique_user",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ParticipationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(role__in=TeamRole.values),
                name="%(app_label)s_%(class)s_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.user) if self.user_id else self.external_name

    @property
    def sex(self) -> str:
        return self.user.sex if self.user_id else self.external_sex

    @property
    def is_woman(self) -> bool:
        return self.sex == "female"

    @property
    def sex_label(self) -> str:
        """As the roster and the team list show it."""
        return {"female": _("Woman"), "male": _("Man")}.get(self.sex, "")

    @property
    def staff_category_label(self) -> str:
        """As the roster and the team list show it."""
        return {"national": _("National"), "international": _("International")}.get(
            self.staff_category, _("External")
        )

    @property
    def staff_category(self) -> str:
        """'national', 'international' or 'external'."""
        return self.user.staff_category if self.user_id else "external"

    @property
    def section_label(self) -> str:
        if self.user_id:
            return self.user.section_label
        return self.external_organisation

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_PARTICIPATION

    @property
    def status_colour(self) -> str:
        return {
            "invited": "secondary",
            "accepted": "success",
            "declined": "danger",
            "withdrawn": "dark",
        }[self.status]
