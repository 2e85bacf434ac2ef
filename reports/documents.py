"""The mission report as a PDF: the renderer of the "report" kind (``jpt.documents``),
registered in ``ReportsConfig.ready``.

One presenter (``reports.presenter``): the PDF shows what the report page shows, laid out by
the same template (``reports/partials/content.html``, inside ``reports/pdf/report.html``).
Once approved, the PDF is the frozen version (``ReportVersion.content`` as stored, which holds
no contact) and carries its SHA-256; before, the live content (``presenter.cached_content``),
with the stakeholders' phone numbers only for a user who may see them
(``missions.permissions.can_see_contacts``): that PDF's audience is "with contacts", rendered
and stored apart from the one without.

The input prepared when the PDF is requested holds everything the PDF shows (the content, the
cover's figures, the review stages), so the PDF is rendered from it and nothing else.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from jpt.core.ids import parse_id
from jpt.documents.choices import DocumentAudience, DocumentKind
from jpt.documents.registry import DocumentInput, DocumentRenderer, PdfMeta
from missions.permissions import can_see_contacts
from missions.selectors import mission_composition

from .choices import ReportStatus
from .models import Report
from .presenter import cached_content, present

TEMPLATE = "reports/pdf/report.html"


def _iso(value) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def _parsed(value):
    if not isinstance(value, str):
        return value
    try:
        return parse_datetime(value) or value
    except ValueError:
        return value


def approved_version(report: Report):
    """The frozen copy an approved report's page and PDF show (the latest), else None."""
    if report.status != ReportStatus.APPROVED:
        return None
    return report.versions.select_related("created_by").first()


def report_pdf_input(report: Report, *, include_contacts: bool) -> dict[str, Any]:
    """Everything the report's PDF shows, as JSON: the content (the frozen version's once
    approved, else the live one, with contacts only when ``include_contacts``), the area and
    the team's composition for the cover, the review stages for the approval status."""
    mission = report.mission
    version = approved_version(report)
    if version is not None:
        content = version.content  # as stored: it holds no contact, and matches its SHA-256
    else:
        content = cached_content(report, include_contacts=include_contacts)
    composition = mission_composition(mission)
    return {
        "report": {
            "reference": report.reference,
            "status": report.status,
            "status_label": str(report.get_status_display()),
            "submitted_at": _iso(report.submitted_at),
            "approved_at": _iso(report.approved_at),
        },
        "version": None
        if version is None
        else {
            "number": version.number,
            "sha256": version.sha256,
            "frozen_at": _iso(version.created_at),
            "frozen_by": str(version.created_by),
        },
        "area": {
            "localities": sorted(loc.name for loc in mission.request.localities.all()),
            "host_base": str(mission.host_base or ""),
        },
        "team": {**asdict(composition), "women_share": composition.women_share},
        "stages": [
            {
                "level": str(stage.get_level_display()),
                "entered_at": _iso(stage.entered_at),
                "closed_at": _iso(stage.closed_at),
                "outcome": str(stage.get_outcome_display()) if stage.outcome else "",
                "closed_by": str(stage.closed_by or ""),
            }
            for stage in report.stages.select_related("closed_by").order_by("entered_at", "id")
        ],
        "content": content,
    }


class ReportPdf(DocumentRenderer):
    """The "report" kind: a mission report, for its readers (``Report.objects.visible_to``)."""

    kind = DocumentKind.REPORT
    version = 2  # 2: a threat, a recommendation is kept on one page when it fits

    def visible_target(self, user, target_id: str) -> Report | None:
        pk = parse_id(target_id)
        if pk is None:
            return None
        return (
            Report.objects.visible_to(user)
            .select_related(
                "mission__request__territory",
                "mission__province",
                "mission__lead",
                "mission__host_base",
            )
            .filter(pk=pk)
            .first()
        )

    def audience_for(self, user, target: Report) -> str:
        """Contacts for those who may see them, until approval: the approved PDF is the
        frozen copy, which holds none, so everyone gets the same one."""
        if target.status != ReportStatus.APPROVED and can_see_contacts(user, target.mission):
            return DocumentAudience.CONTACTS
        return DocumentAudience.STANDARD

    def prepare(self, *, target: Report, audience: str) -> DocumentInput:
        data = report_pdf_input(target, include_contacts=audience == DocumentAudience.CONTACTS)
        version = data["version"]
        if version is not None:
            title = _("%(report)s, approved version %(number)s") % {
                "report": target.reference,
                "number": version["number"],
            }
            filename = f"{target.reference}-v{version['number']}"
        else:
            title = _("%(report)s, %(status)s on %(date)s") % {
                "report": target.reference,
                "status": target.get_status_display().lower(),
                "date": timezone.localdate().isoformat(),
            }
            filename = f"{target.reference}-{target.status}-{timezone.localdate().isoformat()}"
        return DocumentInput(data=data, title=title, filename=filename)

    def html(self, *, data: dict[str, Any], audience: str, meta: PdfMeta) -> str:
        version = data.get("version") or None
        if isinstance(version, dict):
            version = {**version, "frozen_at": _parsed(version.get("frozen_at"))}
        contacts = audience == DocumentAudience.CONTACTS and version is None
        report = data.get("report") or {}
        stages = [
            {
                **stage,
                "entered_at": _parsed(stage.get("entered_at")),
                "closed_at": _parsed(stage.get("closed_at")),
            }
            for stage in data.get("stages") or []
            if isinstance(stage, dict)
        ]
        context = {
            **meta.context(),
            "data": data,
            "report_info": report,
            "version": version,
            "stages": stages,
            "team": data.get("team") or {},
            "area": data.get("area") or {},
            "content": present(data.get("content"), show_contacts=contacts),
            "contacts_shown": contacts,
            "show_rec_status": report.get("status") != ReportStatus.DRAFT,
        }
        return render_to_string(TEMPLATE, context)

    def request_url(self, target: Report) -> str:
        return reverse("reports:report_pdf", args=[target.pk])

    def changed_since(self, target: Report, when) -> bool:
        """The report's and its mission's ``updated_at`` move with every change of what the
        report says (``presenter.cached_content`` keys on them)."""
        return max(target.updated_at, target.mission.updated_at) > when
