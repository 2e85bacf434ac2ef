"""Implementation tracking and the monitoring board.

- The implementation form: Civil Affairs officers (``recommendations.track_implementation``)
  record who owns an approved recommendation of their provinces, by when, how far it is, the
  section plan that includes it and its discussion with the Protection Cluster
  (``services.implementation_update``, with a comment; audited).
- The board: approved recommendations by province, owner, status and age, overdue first;
  community alerts still without a response and alert-to-response times; the share of women
  among material-support recipients. For users with ``recommendations.view_followup``, scoped
  by ``visible_to``. Every count links to the list holding exactly the rows counted
  (``recommendations.filters``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Window
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from jpt.core.templatetags.fragments import digest_of
from jpt.core.views import ScopedPermissionMixin
from missions.caching import CachedChoicesMixin, PartsMixin
from missions.views.base import ServiceFormMixin
from reports.choices import RecommendationStatus
from reports.models import Recommendation

from .. import services
from ..choices import IMPLEMENTATION_STATUS_COLOURS, ImplementationStatus
from ..forms.tracking import BoardFilterForm, ImplementationForm
from ..models import PERM_TRACK, PERM_VIEW_FOLLOWUP, Implementation
from ..selectors import (
    age_buckets,
    alerts_waiting,
    approved_rows,
    board_by,
    board_counts,
    response_times,
    support_by_province,
)

BOARD_LIST_LENGTH = 20

# --------------------------------------------------------------------------------------------
# The implementation form
# --------------------------------------------------------------------------------------------


class ImplementationUpdateView(
    ScopedPermissionMixin, ServiceFormMixin, CachedChoicesMixin, FormView
):
    """Record an approved recommendation's owner, target date, status, section plan and
    Protection Cluster discussion. Without the right: 403; out of scope: 404; not approved:
    back to the recommendation's page with the reason."""

    permission_required = PERM_TRACK
    template_name = "recommendations/implementation_form.html"
    form_class = ImplementationForm

    def dispatch(self, request, *args, **kwargs):
        if not (request.user.is_authenticated and self.has_permission()):
            return self.handle_no_permission()
        self.recommendation = get_object_or_404(
            Recommendation.objects.visible_to(request.user).select_related(
                "report__mission__request__territory", "report__mission__province"
            ),
            pk=kwargs["pk"],
        )
        if self.recommendation.status != RecommendationStatus.APPROVED:
            messages.error(
                request,
                _("Only approved recommendations are tracked; this one is %(status)s.")
                % {"status": self.recommendation.get_status_display().lower()},
            )
            return redirect(self.recommendation.get_absolute_url())
        self.implementation = Implementation.objects.filter(
            recommendation=self.recommendation
        ).first()
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "recommendation": self.recommendation,
            "implementation": self.implementation,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "rec": self.recommendation,
                "mission": self.recommendation.report.mission,
                "implementation": self.implementation,
                "back_url": self.recommendation.get_absolute_url(),
            }
        )
        return context

    def save(self, form):
        services.implementation_update(
            recommendation=self.recommendation,
            user=self.request.user,
            data=form.service_data(),
            comment=form.cleaned_data["comment"],
        )
        messages.success(self.request, _("Implementation recorded."))

    def get_success_url(self) -> str:
        return f"{self.recommendation.get_absolute_url()}#implementation"


# --------------------------------------------------------------------------------------------
# The monitoring board
# --------------------------------------------------------------------------------------------


def list_url(name: str, query: str = "", **extra) -> str:
    """The URL of a list (route ``name``) with the board's query string and ``extra``."""
    params = QueryDict(query, mutable=True)
    for key, value in extra.items():
        if value not in (None, ""):
            params[key] = str(value)
    query = params.urlencode()
    return f"{reverse(name)}?{query}" if query else reverse(name)


class ListLinks:
    """``list_url`` for the many links of one board table: the list's path reversed once, the
    query strings joined as ``list_url`` would write them (the board's queries are already
    URL-encoded, their keys never among ``extra``'s). A table of 250 owners has 1,750 links."""

    def __init__(self, name: str, **extra):
        self.path = reverse(name)
        self.extra = urlencode({k: str(v) for k, v in extra.items() if v not in (None, "")})

    def __call__(self, query: str = "", **more) -> str:
        parts = [query] if query else []
        if more:
            parts.append(urlencode(more))
        if self.extra:
            parts.append(self.extra)
        return f"{self.path}?{'&'.join(parts)}" if parts else self.path


def status_table(rows, province_id, *, by_province: bool) -> dict:
    """A board table (rows × implementation statuses) with the list URL of every count."""
    rec_list = "recommendations:recommendation_list"
    # Province rows say their province; owner rows add the board's province filter.
    link = ListLinks(rec_list) if by_province else ListLinks(rec_list, province=province_id)
    statuses = ImplementationStatus.values
    table_rows = []
    for row in rows:
        cells = []
        for status in statuses:
            cell = row.cells.get(status)
            if cell is None:
                cells.append({"count": 0, "url": link(f"{row.query}&implementation={status}")})
            else:
                cells.append({"count": cell.count, "url": link(cell.query)})
        table_rows.append(
            {
                "label": row.label,
                "cells": cells,
                "total": row.total,
                "total_url": link(row.query, status="approved"),
                "overdue": row.overdue,
                "overdue_url": link(row.query, status="approved", overdue="true"),
            }
        )
    totals = []
    for index, status in enumerate(statuses):
        totals.append(
            {
                "count": sum(row["cells"][index]["count"] for row in table_rows),
                "url": list_url(rec_list, implementation=status, province=province_id),
            }
        )
    return {"rows": table_rows, "totals": totals}


class BoardView(ScopedPermissionMixin, PartsMixin, TemplateView):
    """The monitoring board, filtered by province and by the period of the alert figures."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/board.html"

    body_template = "recommendations/partials/board_body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = BoardFilterForm(self.request.GET or None, user=user)
        province, months = None, 12
        if form.is_bound and form.is_valid():
            province = form.cleaned_data["province"]
            months = form.cleaned_data["months"] or 12
        context.update({"form": form, "province": province, "months": months})
        # The board under its filters: drawn once per version of the data (missions/caching.py),
        # since it is seven queries and 1,750 links at 5,000 missions.
        body = self.parts.get(
            "board",
            lambda: render_to_string(
                self.body_template, self.body_context(user, province, months), self.request
            ),
            province=province.pk if province else None,
            months=months,
        )
        context["board_body"] = mark_safe(body)
        return context

    def body_context(self, user, province, months: int) -> dict:
        context = {"province": province, "months": months}
        province_id = province.pk if province else None
        rec_list = "recommendations:recommendation_list"

        # The tables and the age buckets: one GROUP BY query (selectors.board_counts).
        counts = board_counts(user, province=province)
        by_province = status_table(
            board_by(user, "province", counts=counts), province_id, by_province=True
        )
        by_owner = status_table(
            board_by(user, "owner", counts=counts), province_id, by_province=False
        )
        total = sum(row["total"] for row in by_province["rows"])
        overdue = sum(row["overdue"] for row in by_province["rows"])
        ages = [
            {
                "label": label,
                "count": count,
                "url": list_url(rec_list, query, implementation="open", province=province_id),
            }
            for label, count, query in age_buckets(user, counts=counts)
        ]
        approved = approved_rows(user)
        if province is not None:
            approved = approved.filter(report__mission__province=province)
        # The first rows: their ids sorted on the narrow rows (recommendation, implementation,
        # report: an index-only read of the recommendations), then those 20 rows read by id
        # with what they show (as one query, PostgreSQL hashed every row, missions and
        # requests included, before keeping 20).
        first_ids = list(approved.values_list("pk", flat=True)[:BOARD_LIST_LENGTH])
        first_rows = list(approved.filter(pk__in=first_ids))
        for rec in first_rows:
            implementation = getattr(rec, "implementation", None)
            rec.impl_owner = implementation.owner_name if implementation else ""
            rec.impl_colour = IMPLEMENTATION_STATUS_COLOURS[ImplementationStatus(rec.impl_status)]
            rec.impl_label = ImplementationStatus(rec.impl_status).label

        waiting = alerts_waiting(user)
        if province is not None:
            waiting = waiting.filter(province=province)
        # How many wait in all, in the same query as the first ones (the list is cut off).
        waiting_rows = list(waiting.annotate(total=Window(Count("pk")))[:BOARD_LIST_LENGTH])
        waiting_count = waiting_rows[0].total if waiting_rows else 0
        alert_list = "recommendations:alert_list"
        times = response_times(user, months=months, province=province)
        for row in times:
            row.url = list_url(
                alert_list,
                base=row.base_id or "none",
                month=f"{row.month:%Y-%m}",
                responded="true",
                province=province_id,
            )
        support = [
            {**row, "url": list_url("recommendations:support_list", province=row["province_id"])}
            for row in support_by_province(user)
            if province is None or row["province_id"] == province_id
        ]
        women = sum(row["women"] for row in support)
        men = sum(row["men"] for row in support)
        context.update(
            {
                "statuses": [
                    {"label": label, "colour": IMPLEMENTATION_STATUS_COLOURS[value]}
                    for value, label in ImplementationStatus.choices
                ],
                "by_province": by_province,
                "by_owner": by_owner,
                # What the two cached tables show (board.html): every count and link.
                "tables_version": digest_of((), by_province=by_province, by_owner=by_owner),
                "total": total,
                "total_url": list_url(rec_list, status="approved", province=province_id),
                "overdue": overdue,
                "overdue_url": list_url(
                    rec_list, status="approved", overdue="true", province=province_id
                ),
                "ages": ages,
                "first_rows": first_rows,
                "waiting_rows": waiting_rows,
                "waiting_count": waiting_count,
                "waiting_url": list_url(alert_list, waiting="true", province=province_id),
                "response_hours": settings.JPT_ALERT_RESPONSE_HOURS,
                "times": times,
                "support": support,
                "support_total": {
                    "women": women,
                    "men": men,
                    "women_share": round(100 * women / (women + men)) if women + men else None,
                    "url": list_url("recommendations:support_list", province=province_id),
                },
            }
        )
        return context


urlpatterns = [
    path(
        "recommendations/<id:pk>/implementation/",
        ImplementationUpdateView.as_view(),
        name="implementation_update",
    ),
    path("follow-up/board/", BoardView.as_view(), name="board"),
]
