"""The frozen copy of an approved report: its content as JSON (``reports.presenter``, the one
presenter of a report's content), and the SHA-256 of that JSON.

Contacts (phone numbers, how to reach people) are left out of the frozen copy: it is what PDFs
and exports show.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .models import Report, ReportVersion
from .presenter import report_content

__all__ = ["canonical_json", "content_hash", "freeze_report", "report_content", "verify"]


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


def freeze_report(report: Report, *, user) -> ReportVersion:
    """Store the approved content as the next version (called inside the approving service)."""
    content = report_content(Report.objects.with_content().get(pk=report.pk))
    number = (report.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    content["version"] = number
    return ReportVersion.objects.create(
        report=report,
        number=number,
        content=content,
        sha256=content_hash(content),
        created_by=user,
    )


def verify(version: ReportVersion) -> bool:
    """True when the stored content still matches its hash."""
    return content_hash(version.content) == version.sha256
