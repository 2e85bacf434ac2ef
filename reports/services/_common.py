"""What the report services share: the one lock of a report row, and marking it changed."""

from __future__ import annotations

from django.utils import timezone

from ..models import Report


def lock_report(report: Report) -> Report:
    """Lock the report's row (not its mission's) and load what the services read with it."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("mission__request", "mission__province", "mission__lead")
        .get(pk=report.pk)
    )


def touch_report(report: Report) -> None:
    """Mark the report's content changed (its ``updated_at`` keys the cached document,
    ``reports.presenter.cached_content``): every service that changes what the report says
    calls it, inside its transaction."""
    report.updated_at = timezone.now()
    Report.objects.filter(pk=report.pk).update(updated_at=report.updated_at)
