"""What the report services share: the one lock of a report row."""

from __future__ import annotations

from ..models import Report


def lock_report(report: Report) -> Report:
    """Lock the report's row (not its mission's) and load what the services read with it."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("mission__request", "mission__province", "mission__lead")
        .get(pk=report.pk)
    )
