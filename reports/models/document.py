"""The report as a document (step 6 of the life of a JPT): sections drafted by the team with
the host-base commander, and the frozen copy kept when the review chain approves the report.

The sexual-violence analysis holds aggregate counts only: there is no field for a survivor's
name or any other identifier, on purpose.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jpt.core.models import ChoiceLabelsModel, TimeStampedModel
from jpt.places.models import Coordinates
from missions.models import Consultation, Mission, MissionStakeholder

from ..choices import (
    REPORT_STATUS_COLOURS,
    AgeGroup,
    PerpetratorCategory,
    ReportStatus,
    ServiceAccess,
    Severity,
    SurvivorSex,
    ThreatType,
    Trend,
)


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        """A report is seen by whoever sees its mission (one scoping rule for both)."""
        return self.filter(mission__in=Mission.objects.visible_to(user))

    def with_content(self) -> ReportQuerySet:
        """Every row the report's document needs (``reports.presenter.report_content``), in a
        fixed number of queries, ordered as the document lists them."""
        return self.select_related(
            "mission__request__territory",
            "mission__province",
            "mission__lead",
            "mission__host_base",
            "sv_analysis",
            "protection_plan",
        ).prefetch_related(
            Prefetch(
                "mission__consultations",
                queryset=Consultation.objects.select_related("locality").order_by("held_at", "id"),
            ),
            Prefetch(
                "mission__stakeholders",
                queryset=MissionStakeholder.objects.select_related(
                    "stakeholder", "stakeholder__locality"
                ).order_by("stakeholder__name", "id"),
            ),
            Prefetch(
                "threats",
                queryset=Threat.objects.prefetch_related("localities__territory").order_by("id"),
            ),
            Prefetch(
                "sv_analysis__incident_counts",
                queryset=IncidentCount.objects.select_related("locality").order_by("id"),
            ),
            Prefetch(
                "protection_plan__safe_areas",
                queryset=SafeArea.objects.select_related("locality").order_by("id"),
            ),
            "protection_plan__escort_points",
            "protection_plan__vulnerable_areas",
            Prefetch(
                "protection_plan__contingency_contacts",
                queryset=ContingencyContact.objects.select_related(
                    "stakeholder__stakeholder"
                ).order_by("id"),
            ),
            # Recommendations and their decisions keep their models' order (id; decided_at).
            "recommendations__localities__territory",
            "recommendations__decisions__stage",
            "recommendations__decisions__decided_by",
        )


class Report(TimeStampedModel):
    """The one report of a mission (a revisit is a new mission with its own report)."""

    mission = models.OneToOneField(
        "missions.Mission",
        on_delete=models.PROTECT,
        related_name="report",
        verbose_name=_("mission"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    commander_coauthor = models.CharField(
        _("host-base commander (co-author)"), max_length=150, blank=True
    )
    plan_of_action = models.TextField(_("plan of action"), blank=True)
    chain_final_level = models.CharField(
        _("final review level"),
        max_length=30,
        blank=True,
        help_text=_("Set when the report is first submitted; it keeps that chain."),
    )
    submitted_at = models.DateTimeField(_("first submitted"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status"], name="reports_report_status"),
            # The threat list, newest report first (``selectors.threat_rows``).
            models.Index(fields=["-created_at", "-id"], name="reports_report_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.mission.reference} {self.mission.title}"

    def get_absolute_url(self) -> str:
        return reverse("reports:report_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"JPT-RPT{self.created_at.year}-{self.pk:04d}" if self.pk else ""

    @property
    def status_colour(self) -> str:
        return REPORT_STATUS_COLOURS[ReportStatus(self.status)]


class ThreatQuerySet(models.QuerySet):
    def visible_to(self, user) -> ThreatQuerySet:
        """A threat is seen by whoever sees its report (hence its mission)."""
        return self.filter(report__in=Report.objects.visible_to(user))


class Threat(TimeStampedModel):
    """One current protection threat in the report's analysis."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="threats", verbose_name=_("report")
    )
    threat_type = models.CharField(_("type"), max_length=30, choices=ThreatType.choices)
    perpetrator_category = models.CharField(
        _("alleged perpetrator"), max_length=20, choices=PerpetratorCategory.choices
    )
    perpetrator_name = models.CharField(
        _("armed group or unit"),
        max_length=150,
        blank=True,
        help_text=_("e.g. Mayi-Mayi Kifuafua; required for a named armed group."),
    )
    localities = models.ManyToManyField(
        "places.Locality", related_name="threats", verbose_name=_("locations")
    )
    period = models.CharField(_("period"), max_length=100, help_text=_("e.g. since August"))
    frequency = models.CharField(
        _("frequency"), max_length=100, blank=True, help_text=_("e.g. weekly, on market days")
    )
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    trend = models.CharField(_("trend"), max_length=10, choices=Trend.choices)
    narrative = models.TextField(_("narrative"))

    objects = ThreatQuerySet.as_manager()

    class Meta:
        verbose_name = _("threat")
        verbose_name_plural = _("threats")
        ordering = ["-severity", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(severity__gte=1, severity__lte=4),
                name="%(app_label)s_%(class)s_severity_range",
            ),
            models.CheckConstraint(
                condition=Q(threat_type__in=ThreatType.values),
                name="%(app_label)s_%(class)s_type_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.get_threat_type_display()


class SexualViolenceAnalysis(TimeStampedModel):
    """Patterns of sexual violence ("Annex 2"): mandatory in every report; aggregates only."""

    report = models.OneToOneField(
        Report,
        on_delete=models.CASCADE,
        related_name="sv_analysis",
        verbose_name=_("report"),
    )
    medical_access = models.CharField(
        _("access to medical care"), max_length=20, choices=ServiceAccess.choices, blank=True
    )
    psychosocial_access = models.CharField(
        _("access to psychosocial support"),
        max_length=20,
        choices=ServiceAccess.choices,
        blank=True,
    )
    legal_access = models.CharField(
        _("access to legal services"), max_length=20, choices=ServiceAccess.choices, blank=True
    )
    services_notes = models.TextField(
        _("services available"),
        blank=True,
        help_text=_("e.g. legal clinic in Shabunda centre, 30 km away; no transport."),
    )
    risk_places_times = models.TextField(
        _("risk places and times"),
        blank=True,
        help_text=_("e.g. the road to the market on Thursdays; fields in the growing season."),
    )
    patterns = models.TextField(
        _("patterns observed"),
        blank=True,
        help_text=_("Aggregate description only: never a name or anything that identifies."),
    )

    class Meta:
        verbose_name = _("sexual-violence analysis")
        verbose_name_plural = _("sexual-violence analyses")

    def __str__(self) -> str:
        return str(_("Sexual-violence analysis"))

    @property
    def is_filled(self) -> bool:
        """Access to the three services assessed, and the patterns described."""
        return bool(
            self.medical_access
            and self.psychosocial_access
            and self.legal_access
            and self.patterns.strip()
        )


class IncidentCount(ChoiceLabelsModel):
    """Reported incidents of sexual violence, counted by period, place, perpetrator category and
    survivors' age group and sex. A count, never a case."""

    analysis = models.ForeignKey(
        SexualViolenceAnalysis,
        on_delete=models.CASCADE,
        related_name="incident_counts",
        verbose_name=_("analysis"),
    )
    period = models.CharField(_("period"), max_length=100, help_text=_("e.g. August 2026"))
    locality = models.ForeignKey(
        "places.Locality", on_delete=models.PROTECT, related_name="+", verbose_name=_("place")
    )
    perpetrator_category = models.CharField(
        _("alleged perpetrator"), max_length=20, choices=PerpetratorCategory.choices
    )
    age_group = models.CharField(_("survivors' age group"), max_length=10, choices=AgeGroup.choices)
    survivor_sex = models.CharField(_("survivors' sex"), max_length=10, choices=SurvivorSex.choices)
    count = models.PositiveIntegerField(_("reported incidents"))

    class Meta:
        verbose_name = _("incident count")
        verbose_name_plural = _("incident counts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(count__gte=1), name="%(app_label)s_%(class)s_count_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.locality}: {self.count}"


class ProtectionPlan(TimeStampedModel):
    """The community protection plan agreed with local leaders (and women's organizations)."""

    report = models.OneToOneField(
        Report,
        on_delete=models.CASCADE,
        related_name="protection_plan",
        verbose_name=_("report"),
    )
    priorities = models.TextField(_("priorities"), blank=True)
    local_authority_roles = models.TextField(_("roles of local authorities"), blank=True)
    early_warning = models.TextField(_("early-warning arrangements"), blank=True)
    womens_organizations_consulted = models.BooleanField(
        _("women's organizations consulted for the plan"), default=False
    )
    womens_organizations = models.CharField(
        _("which women's organizations"), max_length=300, blank=True
    )

    class Meta:
        verbose_name = _("community protection plan")
        verbose_name_plural = _("community protection plans")

    def __str__(self) -> str:
        return str(_("Community protection plan"))


class SafeArea(Coordinates):
    """A place where the population can seek refuge in an attack."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.CASCADE, related_name="safe_areas")
    name = models.CharField(_("name"), max_length=150)
    locality = models.ForeignKey(
        "places.Locality", on_delete=models.PROTECT, related_name="+", verbose_name=_("locality")
    )
    capacity = models.PositiveIntegerField(_("capacity (people)"), null=True, blank=True)

    class Meta(Coordinates.Meta):
        verbose_name = _("safe area")
        verbose_name_plural = _("safe areas")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class EscortPoint(models.Model):
    """Where and when people meet the military or police escort."""

    plan = models.ForeignKey(ProtectionPlan, on_delete=models.CASCADE, related_name="escort_points")
    place = models.CharField(_("meeting point"), max_length=150)
    day_time = models.CharField(_("day and time"), max_length=100)

    class Meta:
        verbose_name = _("escort meeting point")
        verbose_name_plural = _("escort meeting points")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.place} ({self.day_time})"


class VulnerableArea(models.Model):
    """A place where people are at risk, why, and when."""

    plan = models.ForeignKey(
        ProtectionPlan, on_delete=models.CASCADE, related_name="vulnerable_areas"
    )
    place = models.CharField(_("place"), max_length=150)
    why = models.CharField(_("why"), max_length=300)
    when = models.CharField(_("when"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("vulnerable area")
        verbose_name_plural = _("vulnerable areas")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.place


class ContingencyContact(models.Model):
    """A local leader to contact in case of attack (from the mission's key stakeholders)."""

    plan = models.ForeignKey(
        ProtectionPlan, on_delete=models.CASCADE, related_name="contingency_contacts"
    )
    stakeholder = models.ForeignKey(
        "missions.MissionStakeholder",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("stakeholder"),
    )
    how_to_reach = models.CharField(_("how to reach"), max_length=200)
    when = models.CharField(_("when"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("contingency contact")
        verbose_name_plural = _("contingency contacts")
        ordering = ["id"]

    def __str__(self) -> str:
        return str(self.stakeholder)


class ReportVersion(models.Model):
    """A frozen copy of the report's content when the chain approved it, with its SHA-256.

    Pages, PDFs and exports of an approved report show this copy, not the live rows.
    """

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    content = models.JSONField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("frozen at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        ordering = ["report", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="%(app_label)s_%(class)s_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("A frozen report version cannot change.")
        super().save(*args, **kwargs)
