"""Reads of the audit trail that are not a record's history (``history``)."""

from __future__ import annotations

from django.db.models import Max, Subquery

from .models import AuditEntry


def last_entry_id() -> int:
    """The id of the last audit entry: the version of the data, for the pages cached by it
    (the follow-up board). Every state change goes through a service that writes its audit
    entry in the same transaction, so a change moves it once committed; one index read.

    Ids are handed out when a row is written, not when its transaction commits: of two saves
    at the same instant, the one with the lower id may commit last, after a page was cached
    under the other's id. A page cached by this version is therefore kept a few minutes at
    most (``missions.caching.SECONDS``), not a day."""
    return AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0


def last_entry_subquery() -> Subquery:
    """``last_entry_id`` as an expression, to read it in the same query as other rows."""
    return Subquery(AuditEntry.objects.order_by("-id").values("id")[:1])
