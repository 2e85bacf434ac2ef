"""DR Congo places (province, territory, locality, with OCHA P-codes) and UN operating bases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jpt.core.models import TimeStampedModel

from .choices import BaseKind, LocalitySource


class Coordinates(models.Model):
    """Optional WGS84 point, validated to lie on Earth."""

    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
                name="%(app_label)s_%(class)s_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
                name="%(app_label)s_%(class)s_longitude_range",
            ),
        ]


class ProvinceQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProvinceQuerySet:
        """The provinces a user works in: every one for mission-wide roles, else theirs."""
        if user.sees_all_provinces:
            return self.all()
        return self.filter(id__in=user.province_ids())


class Province(Coordinates):
    """A province (admin level 1), identified by its OCHA P-code (e.g. CD61 Nord-Kivu)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    pcode = models.CharField(_("P-code"), max_length=10, unique=True)

    objects = ProvinceQuerySet.as_manager()

    class Meta(Coordinates.Meta):
        verbose_name = _("province")
        verbose_name_plural = _("provinces")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Territory(Coordinates):
    """A territory or city (admin level 2) within a province."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="territories", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    pcode = models.CharField(_("P-code"), max_length=10, unique=True)

    class Meta(Coordinates.Meta):
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        constraints = [
            *Coordinates.Meta.constraints,
            models.UniqueConstraint(
                fields=["province", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LocalityQuerySet(models.QuerySet):
    def in_territory(self, territory_id: int | None) -> LocalityQuerySet:
        return self.filter(territory_id=territory_id) if territory_id else self.none()


class Locality(Coordinates, TimeStampedModel):
    """A town or village. From the gazetteer, or added by a user when it is missing."""

    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="localities",
        verbose_name=_("territory"),
    )
    name = models.CharField(_("name"), max_length=120)
    pcode = models.CharField(_("P-code"), max_length=20, blank=True)
    source = models.CharField(
        _("source"), max_length=20, choices=LocalitySource.choices, default=LocalitySource.USER
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    objects = LocalityQuerySet.as_manager()

    class Meta(Coordinates.Meta):
        verbose_name = _("locality")
        verbose_name_plural = _("localities")
        ordering = ["name"]
        constraints = [
            *Coordinates.Meta.constraints,
            models.UniqueConstraint(
                fields=["territory", "name"], name="%(app_label)s_%(class)s_unique_name"
            ),
            models.UniqueConstraint(
                fields=["pcode"],
                condition=~Q(pcode=""),
                name="%(app_label)s_%(class)s_unique_pcode",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class OperatingBaseQuerySet(models.QuerySet):
    def active(self) -> OperatingBaseQuerySet:
        return self.filter(is_active=True)


class OperatingBase(TimeStampedModel):
    """A company or temporary operating base (COB/TOB) where a team stays, and its host unit."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=5, choices=BaseKind.choices)
    locality = models.ForeignKey(
        Locality, on_delete=models.PROTECT, related_name="bases", verbose_name=_("locality")
    )
    host_unit = models.CharField(
        _("host unit"),
        max_length=200,
        blank=True,
        help_text=_("e.g. a company of the Pakistani battalion."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = OperatingBaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("operating base")
        verbose_name_plural = _("operating bases")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.kind.upper()})"
