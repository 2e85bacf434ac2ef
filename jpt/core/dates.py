"""Dates and times typed by users must be ones a JPT can have: year 1 or year 9999 are typos
(and a time in year 1 cannot even be converted to UTC in the mission's time zone, which breaks
every page that lists it)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

# JPTs began in 2009; nothing in JPT Desk happens before 2000.
EARLIEST = date(2000, 1, 1)
# Plans go at most a few years ahead.
AHEAD = timedelta(days=5 * 365)


def moment_error(value: date | datetime | None) -> str | None:
    """Why ``value`` cannot be a JPT's date or time (None when it can, or is empty)."""
    if value is None:
        return None
    day = timezone.localtime(value).date() if isinstance(value, datetime) else value
    if day < EARLIEST:
        return _("Give a date from %(year)d on.") % {"year": EARLIEST.year}
    if day > timezone.localdate() + AHEAD:
        return _("Give a date within the next five years.")
    return None
