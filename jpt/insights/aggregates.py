"""Aggregates the figures need beyond Django's: percentiles computed by PostgreSQL.

``PercentileCont(expression, 0.9)`` is ``percentile_cont(0.9) WITHIN GROUP (ORDER BY ...)``:
the continuous percentile (linear interpolation between the two nearest values), computed in
the database over each group. SQLite (``make run``) has no such aggregate: there, and only
there, the figures fetch the values and call ``percentile_cont_sqlite_fallback``, which
interpolates the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection
from django.db.models import Aggregate, FloatField, Func


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate ``percentile_cont(fraction) WITHIN GROUP (ORDER BY
    expression)``; None over an empty group. Takes ``filter=Q(...)`` like any aggregate."""

    function = "percentile_cont"
    name = "PercentileCont"
    output_field = FloatField()
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    allow_distinct = False

    def __init__(self, expression, fraction: float, **extra):
        fraction = float(fraction)
        if not 0 <= fraction <= 1:
            raise ValueError("A percentile is a fraction between 0 and 1.")
        super().__init__(expression, fraction=repr(fraction), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        if connection.vendor != "postgresql":
            raise NotImplementedError(
                "percentile_cont runs on PostgreSQL; on SQLite use "
                "percentile_cont_sqlite_fallback (jpt.insights.aggregates)."
            )
        return super().as_sql(compiler, connection, **extra_context)


class EpochSeconds(Func):
    """Seconds of an interval (``EXTRACT(EPOCH FROM ...)``), as a float (PostgreSQL)."""

    template = "EXTRACT(EPOCH FROM %(expressions)s)"
    output_field = FloatField()


def has_percentile_cont() -> bool:
    """Whether the database computes percentiles itself (PostgreSQL)."""
    return connection.vendor == "postgresql"


def percentile_cont_sqlite_fallback(values: Sequence[float], fraction: float) -> float | None:
    """For SQLite only: what ``percentile_cont(fraction)`` gives over ``values`` (the value at
    position ``fraction * (n - 1)`` of the sorted values, interpolated linearly)."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
