"""Periods the figures are computed over: a calendar month, or any range of days.

A period is a range of whole local days, ``start`` to ``end`` inclusive. Date fields are
compared with the days; date-time fields with the local midnights around them (``bounds``),
so a meeting at 23:30 in Goma on the 31st belongs to that month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import formats, timezone
from django.utils.translation import gettext as _

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
# Figures exist for months from 2000 (the project's oldest dates) to the current one.
FIRST_YEAR = 2000


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(value: str) -> date | None:
    """``"2026-11"`` -> date(2026, 11, 1); None for anything else (month 13, year 1, ...)."""
    match = MONTH_RE.match((value or "").strip())
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and FIRST_YEAR <= year <= 9998):
        return None
    return date(year, month, 1)


@dataclass(frozen=True)
class Period:
    """Whole local days from ``start`` to ``end``, both included."""

    start: date
    end: date

    def __post_init__(self):
        if self.end < self.start:
            raise ValueError("A period ends on or after its start.")

    @classmethod
    def month(cls, first: date) -> Period:
        first = first_of_month(first)
        return cls(first, add_months(first, 1) - timedelta(days=1))

    @classmethod
    def from_dict(cls, data: dict) -> Period:
        return cls(date.fromisoformat(data["start"]), date.fromisoformat(data["end"]))

    def as_dict(self) -> dict:
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == add_months(self.start, 1) - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def month_value(self) -> str:
        """``YYYY-MM`` of a month period (the alert list's ``month`` filter)."""
        return f"{self.start:%Y-%m}"

    def previous(self) -> Period:
        """The month before a month; otherwise the days just before, as many."""
        if self.is_month:
            return Period.month(add_months(self.start, -1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_before(self) -> Period:
        """The same month (or days) a year earlier (29 February: the 28th)."""
        if self.is_month:
            return Period.month(add_months(self.start, -12))
        return Period(_year_earlier(self.start), _year_earlier(self.end))

    def bounds(self) -> tuple[datetime, datetime]:
        """Local midnight at the start, and local midnight after the end (excluded)."""
        return (
            timezone.make_aware(datetime.combine(self.start, time.min)),
            timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min)),
        )

    @property
    def label(self) -> str:
        if self.is_month:
            return formats.date_format(self.start, "F Y")
        return _("%(start)s to %(end)s") % {
            "start": formats.date_format(self.start, "j M Y"),
            "end": formats.date_format(self.end, "j M Y"),
        }

    @property
    def short_label(self) -> str:
        if self.is_month:
            return formats.date_format(self.start, "M Y")
        return f"{formats.date_format(self.start, 'j M')}–{formats.date_format(self.end, 'j M Y')}"


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def last_full_month(today: date | None = None) -> Period:
    """The month before the current one (what the beat job computes on the 1st)."""
    today = today or timezone.localdate()
    return Period.month(add_months(today, -1))


def months_ending(period: Period, count: int = 13) -> list[date]:
    """The first days of the ``count`` months ending with the period's last month: 13 spans
    the same month a year before to this one."""
    last = first_of_month(period.end)
    return [add_months(last, -offset) for offset in range(count - 1, -1, -1)]
