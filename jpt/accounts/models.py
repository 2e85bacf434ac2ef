"""Staff who use JPT Desk, with the profile the gender and composition indicators rely on."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import Section, Sex, StaffCategory
from .roles import VIEW_ALL_PROVINCES, Role

SECTION_LABELS = dict(Section.choices)


class User(AbstractUser):
    """A member of mission staff (or an external participant given an account).

    Sex and staff category are required: they feed the team-composition indicators.
    ``provinces`` bounds what a province-scoped user may see.
    """

    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    staff_category = models.CharField(
        _("staff category"), max_length=20, choices=StaffCategory.choices
    )
    section = models.CharField(_("section"), max_length=30, choices=Section.choices, blank=True)
    duty_station = models.CharField(_("duty station"), max_length=100, blank=True)
    languages = models.CharField(
        _("languages"),
        max_length=200,
        blank=True,
        help_text=_("Languages spoken, separated by commas (e.g. French, Swahili, Lingala)."),
    )
    provinces = models.ManyToManyField(
        "places.Province",
        verbose_name=_("provinces"),
        blank=True,
        related_name="staff",
        help_text=_("The provinces this person works in; bounds what they can see."),
    )

    objects = UserManager()

    REQUIRED_FIELDS = ["email", "full_name", "sex", "staff_category"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]
        permissions = [
            ("view_all_provinces", "Sees the records of every province"),
            ("view_aggregates", "Sees aggregate indicators"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(sex__in=Sex.values), name="%(app_label)s_%(class)s_sex_valid"
            ),
            models.CheckConstraint(
                condition=Q(staff_category__in=StaffCategory.values),
                name="%(app_label)s_%(class)s_staff_category_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or self.username

    @property
    def sees_all_provinces(self) -> bool:
        """Kinshasa roles, analysts and administrators are not bounded by province."""
        return self.is_active and (self.is_superuser or self.has_perm(VIEW_ALL_PROVINCES))

    @property
    def section_label(self) -> str:
        """``get_section_display()`` without rebuilding the choices' dictionary on each call
        (a team of twenty lists twenty sections)."""
        return str(SECTION_LABELS.get(self.section, self.section))

    def province_list(self) -> list:
        """The user's provinces by name, read once per request (cached on the instance): the
        scoping of every list (``province_ids``) and the home page's header share one query."""
        if not hasattr(self, "_province_list_cache"):
            self._province_list_cache = list(self.provinces.order_by("name"))
        return self._province_list_cache

    def province_ids(self) -> set[int]:
        """Ids of the user's provinces, cached on the instance for the request."""
        return {province.pk for province in self.province_list()}

    def has_role(self, role: Role) -> bool:
        return self.groups.filter(name=role.value).exists()

    @property
    def role_labels(self) -> list[str]:
        labels = dict(Role.choices)
        return [str(labels.get(g.name, g.name)) for g in self.groups.all()]
