"""Writing the monthly trend summaries: one service, ``summary_compute``."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record
from jpt.places.models import Province

from .figures import Scope, compute_figures
from .models import PERM_COMPUTE_SUMMARY, MonthlySummary
from .periods import FIRST_YEAR, Period, first_of_month


def check_month(month: date) -> date:
    """The first day of ``month``; a ValidationError for a month not begun or before 2000."""
    first = first_of_month(month)
    if first.year < FIRST_YEAR:
        raise ValidationError(
            {"month": _("Figures start in %(year)d.") % {"year": FIRST_YEAR}}, code="too_early"
        )
    if first > first_of_month(timezone.localdate()):
        raise ValidationError({"month": _("This month has not begun.")}, code="future")
    return first


def can_compute(user, province: Province | None) -> bool:
    """Civil Affairs officers and analysts (``compute_summary``), for a province they see;
    the all-provinces summary only for those who see every province."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    if not user.has_perm(PERM_COMPUTE_SUMMARY):
        return False
    if user.sees_all_provinces:
        return True
    return province is not None and province.pk in user.province_ids()


@transaction.atomic
def summary_compute(
    *, month: date, province: Province | None, user=None, trigger: str = "on_demand"
) -> MonthlySummary:
    """Compute the month's figures for ``province`` (None: every province) and store them,
    replacing an earlier computation of the same month and scope. ``user`` is None when Celery
    beat runs it (``trigger="beat"``). Writes one audit entry."""
    if user is not None and not can_compute(user, province):
        raise PermissionDenied(_("You may not compute this summary."))
    first = check_month(month)
    scope = Scope.of(None if province is None else [province])
    figures = compute_figures(Period.month(first), scope)
    now = timezone.now()
    # ``of=("self",)`` and no ordering by province name: the default ordering joins the
    # nullable province, and PostgreSQL cannot lock the nullable side of an outer join.
    stored = (
        MonthlySummary.objects.select_for_update(of=("self",))
        .filter(month=first, province=province)
        .order_by("pk")
    )
    summary = stored.first()
    created = summary is None
    if created:
        try:
            # A savepoint: the same summary computed at the same moment elsewhere wins the
            # insert (the unique constraints), and this one then replaces its figures.
            with transaction.atomic():
                summary = MonthlySummary.objects.create(
                    month=first,
                    province=province,
                    figures=figures,
                    computed_at=now,
                    computed_by=user,
                )
        except IntegrityError:
            summary, created = stored.get(), False
    if not created:
        summary.figures = figures
        summary.computed_at = now
        summary.computed_by = user
        summary.save(update_fields=["figures", "computed_at", "computed_by", "updated_at"])
    audit_record(
        actor=user,
        action=AuditAction.SUMMARY_COMPUTED,
        target=summary,
        details={
            "month": f"{first:%Y-%m}",
            "province": province.pk if province else None,
            "trigger": trigger,
            "replaced": not created,
        },
    )
    return summary
