"""JPT requests: step 1 of the life of a JPT."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Section
from jpt.core.models import TimeStampedModel

from ..choices import (
    DECIDED_REQUEST_STATUSES,
    REQUEST_STATUS_COLOURS,
    TRIGGER_CATEGORY,
    RequesterKind,
    RequestStatus,
    Trigger,
    Urgency,
)


class ProvinceScopedQuerySet(models.QuerySet):
    """Scoping shared by every record that belongs to a province.

    ``visible_to(user)`` is the one place that decides who sees what: Kinshasa roles, analysts
    and administrators see every province; everyone else sees their provinces' records.
    """

    view_permission: str = ""
    province_field = "province"

    def visible_to(self, user):
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if self.view_permission and not user.has_perm(self.view_permission):
            return self.none()
        if user.sees_all_provinces:
            return self.all()
        return self.filter(self._scope_q(user))

    def _scope_q(self, user) -> Q:
        # The ids themselves (read once per request, ``User.province_ids``), not a subquery:
        # the planner then knows how few they are and walks the lists' indexes in order.
        return Q(**{f"{self.province_field}__in": sorted(user.province_ids())})


class JptRequestQuerySet(ProvinceScopedQuerySet):
    view_permission = "missions.view_jptrequest"

    def _scope_q(self, user) -> Q:
        # A requester always sees what they filed, even outside their provinces.
        return super()._scope_q(user) | Q(requested_by=user)

    def with_list_data(self) -> JptRequestQuerySet:
        return self.select_related(
            "province", "territory", "requested_by", "nearest_base"
        ).prefetch_related("localities")


class JptRequest(TimeStampedModel):
    """A request for a Joint Protection Team, filed by a requester and decided by Civil Affairs."""

    title = models.CharField(
        _("title"), max_length=200, help_text=_("A short name, e.g. 'Attack on Otobora'.")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="jpt_requests",
        verbose_name=_("filed by"),
    )
    requester_kind = models.CharField(_("who asks"), max_length=30, choices=RequesterKind.choices)
    requesting_office = models.CharField(
        _("field office"), max_length=120, blank=True, help_text=_("e.g. Goma field office")
    )
    requesting_section = models.CharField(
        _("section"), max_length=30, choices=Section.choices, blank=True
    )
    trigger = models.CharField(_("trigger"), max_length=30, choices=Trigger.choices)
    trigger_details = models.CharField(
        _("trigger details"), max_length=300, blank=True, help_text=_("Required for 'other'.")
    )
    province = models.ForeignKey(
        "places.Province",
        on_delete=models.PROTECT,
        related_name="jpt_requests",
        verbose_name=_("province"),
    )
    territory = models.ForeignKey(
        "places.Territory",
        on_delete=models.PROTECT,
        related_name="jpt_requests",
        verbose_name=_("territory"),
    )
    localities = models.ManyToManyField(
        "places.Locality", related_name="jpt_requests", verbose_name=_("localities")
    )
    nearest_base = models.ForeignKey(
        "places.OperatingBase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jpt_requests",
        verbose_name=_("nearest base"),
    )
    reason = models.TextField(
        _("reason and context"),
        help_text=_(
            "What happened or is feared, who is at risk, what is already known. "
            "Do not name survivors of sexual violence."
        ),
    )
    start_date = models.DateField(_("wanted start date"))
    end_date = models.DateField(_("wanted end date"))
    urgency = models.CharField(
        _("urgency"), max_length=20, choices=Urgency.choices, default=Urgency.ROUTINE
    )
    is_repeat_visit = models.BooleanField(_("repeat visit"), default=False)
    previous_request = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="repeat_requests",
        verbose_name=_("earlier request"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("filed at"))
    is_short_notice = models.BooleanField(
        _("short notice"),
        default=False,
        help_text=_("The start was less than three weeks away when the request was filed."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    objects = JptRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("JPT request")
        verbose_name_plural = _("JPT requests")
        ordering = ["-submitted_at", "-id"]
        permissions = [("decide_jptrequest", "Can approve, decline or return JPT requests")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(status__in=RequestStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(trigger__in=Trigger.values),
                name="%(app_label)s_%(class)s_trigger_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(DECIDED_REQUEST_STATUSES))
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="%(app_label)s_%(class)s_decision_recorded",
            ),
            models.CheckConstraint(
                condition=Q(previous_request__isnull=True) | Q(is_repeat_visit=True),
                name="%(app_label)s_%(class)s_previous_only_for_repeat",
            ),
        ]
        indexes = [
            models.Index(fields=["province", "status"], name="missions_request_prov_status"),
            models.Index(fields=["status", "submitted_at"], name="missions_request_status_time"),
            models.Index(fields=["start_date"], name="missions_request_start"),
            # The request list's order: its first page read from the index, not sorted.
            models.Index(fields=["-submitted_at", "-id"], name="missions_request_recent"),
            # The home page's "waiting for a decision": submitted requests, soonest start first.
            models.Index(
                fields=["status", "start_date", "id"], name="missions_request_status_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("missions:request_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        year = self.submitted_at.year if self.submitted_at else ""
        return f"JPT-R{year}-{self.pk:04d}" if self.pk else ""

    @property
    def trigger_category(self):
        return TRIGGER_CATEGORY[Trigger(self.trigger)]

    @property
    def status_colour(self) -> str:
        return REQUEST_STATUS_COLOURS[RequestStatus(self.status)]

    @property
    def visit_days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @property
    def is_short_visit(self) -> bool:
        return self.visit_days < settings.JPT_MIN_VISIT_DAYS

    @property
    def requester_label(self) -> str:
        if self.requester_kind == RequesterKind.FIELD_OFFICE and self.requesting_office:
            return self.requesting_office
        if self.requester_kind == RequesterKind.SECTION and self.requesting_section:
            return self.get_requesting_section_display()
        return self.get_requester_kind_display()
