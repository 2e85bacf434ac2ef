"""What the team does in the field (step 5): consultations and key local stakeholders."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Sex
from jpt.core.models import TimeStampedModel

from ..choices import (
    PERM_CONTACTS,
    TEAM_RIGHTS_PARTICIPATION,
    Announcement,
    ConsultationSetting,
    ConsultationType,
    StakeholderCategory,
)
from .missions import Mission, TeamMember


class ConsultationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ConsultationQuerySet:
        """A consultation is seen by whoever sees its mission (``Mission.objects.visible_to``:
        the province scope, plus the missions whose team the user is on)."""
        return self.filter(mission__in=Mission.objects.visible_to(user))


class Consultation(TimeStampedModel):
    """A meeting held by the team: who came (counted by sex), how it was announced, what was said.

    Participants are counted, never named: names of people who spoke to the team are dangerous.
    """

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("mission")
    )
    held_at = models.DateTimeField(_("date and time"))
    kind = models.CharField(_("type"), max_length=30, choices=ConsultationType.choices)
    locality = models.ForeignKey(
        "places.Locality",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("locality"),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    setting = models.CharField(
        _("held"),
        max_length=20,
        choices=ConsultationSetting.choices,
        default=ConsultationSetting.COMMUNITY,
    )
    language = models.CharField(_("language"), max_length=60, blank=True)
    interpreter = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interpreted_consultations",
        verbose_name=_("interpreter"),
    )
    women = models.PositiveIntegerField(_("women"), default=0)
    men = models.PositiveIntegerField(_("men"), default=0)
    girls = models.PositiveIntegerField(_("girls"), null=True, blank=True)
    boys = models.PositiveIntegerField(_("boys"), null=True, blank=True)
    announced_by = models.JSONField(
        _("announced by"), default=list, blank=True, help_text=_("How people were invited.")
    )
    time_avoids_childcare = models.BooleanField(
        _("time chosen to avoid child-care hours"), default=False
    )
    travel_reimbursed = models.BooleanField(_("travel reimbursed"), default=False)
    reimbursement_amount = models.DecimalField(
        _("amount reimbursed (USD)"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    topics = models.TextField(_("topics discussed"), blank=True)
    concerns = models.TextField(_("concerns raised"), blank=True)
    follow_up = models.TextField(_("follow-up requested"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["held_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ConsultationType.values),
                name="%(app_label)s_%(class)s_kind_valid",
            ),
            models.CheckConstraint(
                condition=~Q(kind=ConsultationType.LOCAL_WOMEN) | Q(women__gte=1),
                name="%(app_label)s_%(class)s_women_meeting_has_women",
            ),
            models.CheckConstraint(
                condition=Q(reimbursement_amount__isnull=True) | Q(reimbursement_amount__gte=0),
                name="%(app_label)s_%(class)s_amount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["mission", "held_at"], name="missions_consult_mission_time"),
            # The consultation list, newest meeting first (``selectors.consultation_rows``).
            models.Index(fields=["-held_at", "-id"], name="missions_consult_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.locality}"

    @property
    def participants(self) -> int:
        return self.women + self.men + (self.girls or 0) + (self.boys or 0)

    @property
    def announced_by_labels(self) -> list[str]:
        labels = dict(Announcement.choices)
        return [str(labels.get(value, value)) for value in self.announced_by]

    @property
    def timing(self) -> str:
        """'before', 'within' or 'after' the mission's dates ('' when the dates are unset)."""
        start, end = self.mission.departure, self.mission.return_date
        day = timezone.localtime(self.held_at).date()
        if start and day < start:
            return "before"
        if end and day > end:
            return "after"
        return "within" if start or end else ""


class StakeholderQuerySet(models.QuerySet):
    def in_area_of(self, mission: Mission) -> StakeholderQuerySet:
        """People already recorded in the mission's territory (to pick instead of retyping)."""
        return self.filter(locality__territory_id=mission.request.territory_id)

    def known_to(self, user) -> StakeholderQuerySet:
        """People whose contacts the user may already see (``permissions.can_see_contacts``):
        those on the list of a mission whose team the user is on (accepted, or the lead), and,
        for Civil Affairs officers and reviewers of a province, everyone of that province.

        Picking someone puts their contact in front of the new mission's team, so nobody may
        pick a person met on a mission whose contacts they could not see.
        """
        if not (user and user.is_authenticated and user.is_active) or user.is_superuser:
            return self.none()
        on_team = Mission.objects.filter(
            Q(lead=user) | Q(team__user=user, team__status__in=TEAM_RIGHTS_PARTICIPATION)
        )
        known = Q(
            id__in=MissionStakeholder.objects.filter(mission__in=on_team).values("stakeholder_id")
        )
        if user.has_perm(PERM_CONTACTS):
            known |= Q(locality__territory__province__in=sorted(user.province_ids()))
        return self.filter(known)


class Stakeholder(TimeStampedModel):
    """A key local person (chief, women's leader, health worker...), known across missions.

    The phone number is sensitive: see ``missions.permissions.can_see_contacts``.
    """

    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("role / title"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=150, blank=True)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    locality = models.ForeignKey(
        "places.Locality",
        on_delete=models.PROTECT,
        related_name="stakeholders",
        verbose_name=_("locality"),
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    category = models.CharField(_("category"), max_length=30, choices=StakeholderCategory.choices)
    agreed_to_contact = models.BooleanField(_("agreed to be contacted again"), default=False)

    objects = StakeholderQuerySet.as_manager()

    class Meta:
        verbose_name = _("stakeholder")
        verbose_name_plural = _("stakeholders")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values),
                name="%(app_label)s_%(class)s_sex_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MissionStakeholder(TimeStampedModel):
    """A stakeholder on a mission's key-stakeholder list, with what the team noted this time."""

    mission = models.ForeignKey(
        Mission, on_delete=models.CASCADE, related_name="stakeholders", verbose_name=_("mission")
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.PROTECT,
        related_name="mission_links",
        verbose_name=_("stakeholder"),
    )
    notes = models.TextField(_("notes"), blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("key stakeholder")
        verbose_name_plural = _("key stakeholders")
        ordering = ["stakeholder__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["mission", "stakeholder"], name="%(app_label)s_%(class)s_unique"
            ),
        ]

    def __str__(self) -> str:
        return str(self.stakeholder)
