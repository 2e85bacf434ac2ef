"""What approved recommendations become (step 8 of the life of a JPT): work someone owns
(``Implementation``), and what Community Liaison Interpreters see when they go back to the
communities (``FollowUpVisit``, ``VisitObservation``, ``PlannedVisit``), the alerts they receive
(``CommunityAlert``) and the material support given out (``MaterialSupport``).

People met are counted by sex, never named; an alert's source is a category, never a name.
Every change goes through ``recommendations.services``.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.models import ChoiceLabelsModel, TimeStampedModel
from missions.models import ProvinceScopedQuerySet
from reports.choices import ThreatType
from reports.models import EscortPoint, Recommendation, SafeArea

from .choices import (
    DONE_IMPLEMENTATION_STATUSES,
    IMPLEMENTATION_STATUS_COLOURS,
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

PERM_VIEW_FOLLOWUP = "recommendations.view_followup"
PERM_LOG_FOLLOWUP = "recommendations.log_followup"
PERM_TRACK = "recommendations.track_implementation"


class ImplementationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ImplementationQuerySet:
        """Seen by whoever sees the recommendation (hence its report and mission)."""
        return self.filter(recommendation__in=Recommendation.objects.visible_to(user))


class Implementation(TimeStampedModel):
    """The work an approved recommendation became: who owns it, by when, how far it is.

    Created by the first change (``services.implementation_update``); an approved
    recommendation without one is "not started".
    """

    recommendation = models.OneToOneField(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="implementation",
        verbose_name=_("recommendation"),
    )
    owner_kind = models.CharField(_("owner"), max_length=20, choices=OwnerKind.choices, blank=True)
    owner_name = models.CharField(
        _("which one"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Human Rights section, UNHCR, the Walikale territory administrator"),
    )
    focal_person = models.CharField(_("focal person"), max_length=150, blank=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    status = models.CharField(
        _("implementation status"),
        max_length=20,
        choices=ImplementationStatus.choices,
        default=ImplementationStatus.NOT_STARTED,
    )
    stalled_reason = models.CharField(
        _("why it is stalled"), max_length=20, choices=StalledReason.choices, blank=True
    )
    plan_section = models.CharField(_("section whose plan includes it"), max_length=150, blank=True)
    plan_name = models.CharField(
        _("plan"), max_length=150, blank=True, help_text=_("e.g. Civil Affairs work plan 2027")
    )
    cluster_discussed_on = models.DateField(
        _("discussed with the Protection Cluster on"), null=True, blank=True
    )
    cluster_outcome = models.TextField(
        _("outcome of the Protection Cluster discussion"), blank=True
    )

    objects = ImplementationQuerySet.as_manager()

    class Meta:
        verbose_name = _("implementation")
        verbose_name_plural = _("implementations")
        ordering = ["recommendation_id"]
        permissions = [
            ("track_implementation", "Records how approved recommendations are implemented"),
            ("view_followup", "Sees implementation, follow-up visits, alerts and support"),
            ("log_followup", "Logs follow-up visits, alerts, planned visits and support"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ImplementationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status=ImplementationStatus.STALLED) & ~Q(stalled_reason=""))
                | (~Q(status=ImplementationStatus.STALLED) & Q(stalled_reason="")),
                name="%(app_label)s_%(class)s_stalled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(cluster_discussed_on__isnull=False) | Q(cluster_outcome=""),
                name="%(app_label)s_%(class)s_cluster_outcome_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "target_date"], name="recs_impl_status_target"),
        ]

    def __str__(self) -> str:
        return str(self.recommendation)

    @property
    def status_colour(self) -> str:
        return IMPLEMENTATION_STATUS_COLOURS[ImplementationStatus(self.status)]

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.target_date
            and self.target_date < timezone.localdate()
            and self.status not in DONE_IMPLEMENTATION_STATUSES
        )


class FollowUpQuerySet(ProvinceScopedQuerySet):
    """Follow-up records belong to a province: seen by those who follow up there (CLIs, Civil
    Affairs, reviewers of the province; every province for Kinshasa roles)."""

    view_permission = PERM_VIEW_FOLLOWUP


class FollowUpVisit(TimeStampedModel):
    """A CLI's visit to the communities after a JPT: who they met (counted by sex), what they saw
    of each recommendation concerning those places, the community's confidence, new threats.

    ``client_id`` is made on the device (the form works offline): the same visit sent twice is
    stored once.
    """

    client_id = models.UUIDField(_("device id"), unique=True, editable=False)
    cli = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followup_visits",
        verbose_name=_("CLI"),
    )
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        related_name="followup_visits",
        verbose_name=_("province"),
    )
    visited_on = models.DateField(_("date of the visit"))
    localities = models.ManyToManyField(
        "places.Locality", related_name="followup_visits", verbose_name=_("localities")
    )
    women = models.PositiveIntegerField(_("women met"), default=0)
    men = models.PositiveIntegerField(_("men met"), default=0)
    women_meeting = models.BooleanField(_("separate meeting with women held"), default=False)
    confidence = models.PositiveSmallIntegerField(
        _("community confidence"), choices=Confidence.choices
    )
    new_threats = models.JSONField(
        _("new threats heard of"), default=list, blank=True, help_text=_("Types of threat.")
    )
    threats_note = models.TextField(_("what was heard of new threats"), blank=True)
    urgent_alert = models.BooleanField(_("urgent alert"), default=False)
    note = models.TextField(_("notes"), blank=True)
    planned_visit = models.ForeignKey(
        "PlannedVisit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("planned visit"),
    )
    request = models.ForeignKey(
        "missions.JptRequest",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followup_visits",
        verbose_name=_("JPT request made from it"),
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-visited_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=5),
                name="%(app_label)s_%(class)s_confidence_range",
            ),
            models.CheckConstraint(
                condition=~Q(women_meeting=True) | Q(women__gte=1),
                name="%(app_label)s_%(class)s_women_meeting_has_women",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-visited_on"], name="recs_visit_province_date"),
            models.Index(fields=["cli", "-visited_on"], name="recs_visit_cli_date"),
            models.Index(fields=["-visited_on", "-id"], name="recs_visit_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.visited_on:%Y-%m-%d} {self.cli}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:visit_detail", args=[self.pk])

    @property
    def new_threat_labels(self) -> list[str]:
        labels = dict(ThreatType.choices)
        return [str(labels.get(value, value)) for value in self.new_threats]


class VisitObservation(ChoiceLabelsModel):
    """What the CLI saw of one approved recommendation on a visit."""

    visit = models.ForeignKey(FollowUpVisit, on_delete=models.CASCADE, related_name="observations")
    recommendation = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="observations",
        verbose_name=_("recommendation"),
    )
    finding = models.CharField(_("what was seen"), max_length=20, choices=Finding.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["visit", "recommendation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["visit", "recommendation"], name="%(app_label)s_%(class)s_one_per_rec"
            ),
            models.CheckConstraint(
                condition=Q(finding__in=Finding.values),
                name="%(app_label)s_%(class)s_finding_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_finding_display()}: {self.recommendation}"

    @property
    def finding_colour(self) -> str:
        """The badge of what was seen (the visit page, the list of observations)."""
        return {"as_planned": "success", "worse": "danger", "not_at_all": "warning"}.get(
            self.finding, "info"
        )


class PlannedVisit(TimeStampedModel):
    """A visit in a CLI's calendar. One not made by its date is flagged."""

    cli = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="planned_visits",
        verbose_name=_("CLI"),
    )
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    planned_on = models.DateField(_("planned for"))
    localities = models.ManyToManyField(
        "places.Locality", related_name="planned_visits", verbose_name=_("localities")
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=PlannedVisitStatus.choices,
        default=PlannedVisitStatus.PLANNED,
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["planned_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PlannedVisitStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["cli", "status", "planned_on"], name="recs_planned_cli_status"),
        ]

    def __str__(self) -> str:
        return f"{self.planned_on:%Y-%m-%d} {self.cli}"

    @property
    def is_overdue(self) -> bool:
        return self.status == PlannedVisitStatus.PLANNED and self.planned_on < timezone.localdate()


class CommunityAlert(TimeStampedModel):
    """An alert a CLI received from a community (the 24-hour hotline, in person, by radio):
    when and where, the threat, who raised it (a category, never a name), to whom it was relayed
    and when, when a response came and what it was; in a locality with an approved community
    protection plan, whether the plan was used and how it worked."""

    received_at = models.DateTimeField(_("received at"))
    cli = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="community_alerts",
        verbose_name=_("received by"),
    )
    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    base = models.ForeignKey(
        "places.OperatingBase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_alerts",
        verbose_name=_("base"),
        help_text=_("The base whose CLI took the alert."),
    )
    locality = models.ForeignKey(
        "places.Locality",
        on_delete=models.PROTECT,
        related_name="community_alerts",
        verbose_name=_("locality"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=AlertChannel.choices)
    threat_type = models.CharField(_("threat"), max_length=30, choices=ThreatType.choices)
    source = models.CharField(_("raised by"), max_length=30, choices=AlertSource.choices)
    description = models.TextField(_("what was reported"), blank=True)
    relayed_at = models.DateTimeField(_("relayed at"), null=True, blank=True)
    relayed_to = models.JSONField(_("relayed to"), default=list, blank=True)
    responded_at = models.DateTimeField(_("response at"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    plan_used = models.BooleanField(_("community protection plan used"), null=True, blank=True)
    safe_area = models.ForeignKey(
        SafeArea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("safe area used"),
    )
    escort_point = models.ForeignKey(
        EscortPoint,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alerts",
        verbose_name=_("escort point used"),
    )
    plan_outcome = models.CharField(
        _("how the plan worked"), max_length=20, choices=PlanUse.choices, blank=True
    )
    plan_note = models.TextField(_("notes on the plan"), blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("community alert")
        verbose_name_plural = _("community alerts")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(relayed_at__isnull=True) | Q(relayed_at__gte=F("received_at")),
                name="%(app_label)s_%(class)s_relayed_after_received",
            ),
            models.CheckConstraint(
                condition=Q(responded_at__isnull=True) | Q(responded_at__gte=F("received_at")),
                name="%(app_label)s_%(class)s_response_after_received",
            ),
            models.CheckConstraint(
                condition=Q(channel__in=AlertChannel.values),
                name="%(app_label)s_%(class)s_channel_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-received_at"], name="recs_alert_province_time"),
            # The alert list's order across every province (Kinshasa): 25 rows by an index walk.
            models.Index(fields=["-received_at", "-id"], name="recs_alert_recent"),
            models.Index(fields=["responded_at"], name="recs_alert_responded"),
        ]

    def __str__(self) -> str:
        return f"{self.get_threat_type_display()} — {self.locality}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:alert_update", args=[self.pk])

    @property
    def relayed_to_labels(self) -> list[str]:
        labels = dict(RelayedTo.choices)
        return [str(labels.get(value, value)) for value in self.relayed_to]

    def waiting_for_response(self, now=None) -> bool:
        """No response after ``JPT_ALERT_RESPONSE_HOURS`` (the board flags it)."""
        now = now or timezone.now()
        limit = timedelta(hours=settings.JPT_ALERT_RESPONSE_HOURS)
        return self.responded_at is None and now - self.received_at > limit


class MaterialSupport(TimeStampedModel):
    """Items given out in a locality on a date, recipients counted by sex (the brief asks for
    material support to be distributed equally among men and women)."""

    province = models.ForeignKey(
        "places.Province", on_delete=models.PROTECT, related_name="+", verbose_name=_("province")
    )
    locality = models.ForeignKey(
        "places.Locality",
        on_delete=models.PROTECT,
        related_name="material_support",
        verbose_name=_("locality"),
    )
    given_on = models.DateField(_("given on"))
    item = models.CharField(_("item"), max_length=20, choices=SupportItem.choices)
    item_detail = models.CharField(_("which item"), max_length=150, blank=True)
    women = models.PositiveIntegerField(_("women recipients"), default=0)
    men = models.PositiveIntegerField(_("men recipients"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("material support")
        verbose_name_plural = _("material support")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(women__gt=0) | Q(men__gt=0),
                name="%(app_label)s_%(class)s_has_recipients",
            ),
            models.CheckConstraint(
                condition=~Q(item="other") | ~Q(item_detail=""),
                name="%(app_label)s_%(class)s_other_is_described",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "-given_on"], name="recs_support_province_date"),
            models.Index(fields=["-given_on", "-id"], name="recs_support_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} — {self.locality} ({self.given_on:%Y-%m-%d})"

    @property
    def recipients(self) -> int:
        return self.women + self.men


__all__ = [
    "CommunityAlert",
    "FollowUpVisit",
    "Implementation",
    "MaterialSupport",
    "PlannedVisit",
    "VisitObservation",
]
