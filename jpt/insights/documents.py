"""The monthly trend summary as a PDF: the renderer of the "trend" kind (``jpt.documents``),
registered in ``InsightsConfig.ready``.

One presenter (``jpt.insights.presenter``): the PDF shows what the summary's page shows, laid
out by the same template (``insights/partials/figures.html``, inside
``insights/pdf/trend.html``), small counts of people suppressed, no link. The input prepared
when the PDF is requested is the summary as stored (its raw figures, when and by whom they
were computed): the PDF is rendered from it and nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jpt.core.ids import parse_id
from jpt.documents.choices import DocumentAudience, DocumentKind
from jpt.documents.registry import DocumentInput, DocumentRenderer, PdfMeta

from .charts import charts_for
from .models import MonthlySummary
from .presenter import present_figures
from .suppression import THRESHOLD

TEMPLATE = "insights/pdf/trend.html"


def trend_pdf_input(summary: MonthlySummary) -> dict[str, Any]:
    """Everything the trend PDF shows, as JSON: the summary's month, provinces, when and by
    whom it was computed, and its raw figures (suppressed when the HTML is built)."""
    return {
        "summary": {
            "id": summary.pk,
            "month": summary.month.isoformat(),
            "province": summary.province_id,
            "scope": summary.scope_label,
            "computed_at": timezone.localtime(summary.computed_at).isoformat(),
            "computed_by": str(summary.computed_by) if summary.computed_by_id else "",
        },
        "figures": summary.figures,
    }


def trend_pdf_html(data: dict[str, Any], meta: PdfMeta) -> str:
    """The trend PDF's HTML from its input (``trend_pdf_input``): the presenter's figures,
    suppressed, and its charts; no link."""
    info = data.get("summary") or {}
    month = date.fromisoformat(info["month"])
    presentation = present_figures(data["figures"], links=None)
    context = {
        **meta.context(),
        "summary": {
            **info,
            "month_label": formats.date_format(month, "F Y"),
            "computed_at": parse_datetime(info.get("computed_at") or ""),
        },
        "presentation": presentation,
        "charts": charts_for(presentation),
        "threshold": THRESHOLD,
        "pdf": True,
    }
    return render_to_string(TEMPLATE, context)


class TrendPdf(DocumentRenderer):
    """The "trend" kind: a stored monthly summary, for whoever sees it
    (``MonthlySummary.objects.visible_to``). It holds no contact: one audience."""

    kind = DocumentKind.TREND
    version = 1

    def visible_target(self, user, target_id: str) -> MonthlySummary | None:
        pk = parse_id(target_id)
        if pk is None:
            return None
        return (
            MonthlySummary.objects.visible_to(user)
            .select_related("province", "computed_by")
            .filter(pk=pk)
            .first()
        )

    def audience_for(self, user, target: MonthlySummary) -> str:
        return DocumentAudience.STANDARD

    def prepare(self, *, target: MonthlySummary, audience: str) -> DocumentInput:
        title = _("Monthly trend summary, %(month)s, %(scope)s") % {
            "month": target.month_label,
            "scope": target.scope_label,
        }
        scope = f"province-{target.province_id}" if target.province_id else "all-provinces"
        filename = f"JPT-trends-{target.month:%Y-%m}-{scope}"
        return DocumentInput(data=trend_pdf_input(target), title=title, filename=filename)

    def html(self, *, data: dict[str, Any], audience: str, meta: PdfMeta) -> str:
        return trend_pdf_html(data, meta)

    def request_url(self, target: MonthlySummary) -> str:
        return reverse("insights:summary_pdf", args=[target.pk])

    def changed_since(self, target: MonthlySummary, when) -> bool:
        """Computed again since the PDF was requested."""
        return target.computed_at > when
