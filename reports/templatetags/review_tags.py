"""Template helpers of the review chain: the navigation badge and waiting times."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from missions.caching import Parts

from ..selectors import inbox, reviewer_levels

register = template.Library()


@register.simple_tag(takes_context=True)
def review_waiting_count(context) -> int | None:
    """How many report stages wait for the current user's review: ``None`` for a user who
    reviews at no level (no query: permissions are cached), else a COUNT, cached by the version
    of the data (``missions.caching``: a stage opens or closes only through a service, which
    writes an audit entry), read with the page's own ``parts`` when its view has them."""
    user = context.get("user")
    if user is None or not user.is_authenticated or not reviewer_levels(user):
        return None
    parts = getattr(context.get("view"), "parts", None) or Parts(user)
    return parts.get("review_waiting_count", lambda: inbox(user).order_by().count())


def waiting_label(value: datetime | timedelta | None, now: datetime | None = None) -> str:
    """A waiting time in whole days ("12 days"), hours under a day."""
    if value is None:
        return "—"
    waited = value if isinstance(value, timedelta) else (now or timezone.now()) - value
    if waited.days >= 1:
        return ngettext("%(n)d day", "%(n)d days", waited.days) % {"n": waited.days}
    hours = int(waited.total_seconds() // 3600)
    if hours >= 1:
        return ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours}
    return _("less than an hour")


@register.filter
def waiting_since(value) -> str:
    """``{{ stage.entered_at|waiting_since }}`` or ``{{ stage.waiting|waiting_since }}``."""
    return waiting_label(value)
