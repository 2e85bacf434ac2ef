"""The work the benchmark times besides the pages (issue 11): computations and PDFs, each with a
target of its own in milliseconds, at both scales.

- ``trend_figures``: the monthly trend computation over the whole data set,
  ``jpt.insights.figures.compute_figures`` for the month just ended and every province (what the
  dashboard and the beat job of the 1st compute). Target: under 1 s.
- ``report_pdf``: the PDF of the large report (the data set's ``large_report``: 40
  consultations, 60 key stakeholders, 30 recommendations, a draft), as its team lead gets it,
  through the real pipeline of ``jpt.documents``: the report renderer's ``visible_target`` and
  ``prepare`` (what the request does), the stored input read back as JSON, the renderer's
  ``html`` and ``jpt.documents.pdf.render_pdf`` (what the Celery task does). Target: under 5 s;
  the pages produced are recorded.
- ``trend_pdf``: the trend summary PDF (the "trend" renderer of ``jpt.insights.documents``) of
  the month just ended, every province, for Kinshasa: a summary as ``summary_compute`` stores
  it (its figures read back from JSON), not saved; the same pipeline. No target in the issue
  beyond the report's: held to the report PDF's 5 s.

Each job runs once as a check and warm-up at each scale, then ``repeat`` times, interleaved with
the other jobs and scales (as the pages are). Nothing is written to the benchmark databases.
Reported: median and 90th percentile (nearest rank) of the whole job, and of its parts.
"""

from __future__ import annotations

import gc
import json
import logging
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connections
from django.utils import timezone, translation

from jpt.accounts.models import User
from jpt.documents.pdf import render_pdf
from jpt.documents.registry import PdfMeta, get_renderer
from jpt.documents.services import canonical_json
from jpt.insights.figures import Scope, compute_figures
from jpt.insights.models import MonthlySummary
from jpt.insights.periods import last_full_month

from . import databases
from .measure import percentile, use_database

Scene = dict[str, Any]

TREND_TARGET_MS = 1000.0
PDF_TARGET_MS = 5000.0
JOB_REPEAT = 7


class JobError(RuntimeError):
    pass


@dataclass(frozen=True)
class Job:
    name: str
    label: str
    target_ms: float
    # Prepares what the timed part needs (untimed), returns a callable that does the work and
    # returns (its parts in ms, what it produced).
    setup: Callable[[Scene], Callable[[], tuple[dict[str, float], dict[str, Any]]]]


def _ms(since: float) -> float:
    return (time.perf_counter() - since) * 1000


def _user(scene: Scene, key: str) -> User:
    return User.objects.get(username=scene["users"][key])


# ---------------------------------------------------------------------------- the jobs


def trend_figures(scene: Scene):
    period = last_full_month()

    def run():
        begun = time.perf_counter()
        figures = compute_figures(period, Scope())
        took = _ms(begun)
        return {"compute": took}, {"period": period.as_dict(), "keys": len(figures)}

    return run


class Collected(logging.Handler):
    """The warnings WeasyPrint logs while rendering (counted in the results, kept off the
    console: a warning repeated on every run would bury the progress lines)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_document(kind: str, target, user: User, *, audience: str | None = None):
    """What a user's PDF of ``target`` goes through, timed by part: the renderer's checks and
    ``prepare`` (the request), the input as stored and read back (JSON), the HTML and the PDF
    (the task). Returns (parts in ms, the rendered PDF)."""
    renderer = get_renderer(kind)
    parts: dict[str, float] = {}
    begun = time.perf_counter()
    visible = renderer.visible_target(user, str(target.pk)) if target.pk else target
    if visible is None:
        raise JobError(f"{user} may not see the {kind} {target.pk}.")
    audience = audience or renderer.audience_for(user, visible)
    prepared = renderer.prepare(target=visible, audience=audience)
    data = json.loads(canonical_json(prepared.data))
    parts["prepare"] = _ms(begun)
    begun = time.perf_counter()
    meta = PdfMeta(
        title=prepared.title,
        classification=settings.JPT_DOCUMENT_CLASSIFICATION,
        generated_by=str(user),
        generated_at=timezone.localtime(),
    )
    with translation.override(settings.LANGUAGE_CODE):
        html = renderer.html(data=data, audience=audience, meta=meta)
    parts["html"] = _ms(begun)
    weasyprint = logging.getLogger("weasyprint")
    collected = Collected()
    weasyprint.addHandler(collected)
    propagate, weasyprint.propagate = weasyprint.propagate, False
    try:
        begun = time.perf_counter()
        rendered = render_pdf(html)
        parts["pdf"] = _ms(begun)
    finally:
        weasyprint.removeHandler(collected)
        weasyprint.propagate = propagate
    warnings = sorted(set(collected.messages))
    if rendered.refused:
        raise JobError(f"The {kind} PDF asked for URLs the fetcher refused: {rendered.refused}")
    return parts, rendered, audience, warnings


def report_pdf(scene: Scene):
    from reports.models import Report

    report = Report.objects.select_related("mission__lead").get(pk=scene["large_report"])
    user = report.mission.lead

    def run():
        parts, rendered, audience, warnings = render_document("report", report, user)
        return parts, {
            "pages": rendered.page_count,
            "bytes": len(rendered.content),
            "audience": audience,
            "user": user.username,
            "weasyprint_warnings": warnings,
        }

    return run


def stored_summary(scene: Scene) -> MonthlySummary:
    """The all-provinces summary of the month just ended as ``summary_compute`` stores it (its
    figures through the JSON encoder of ``MonthlySummary.figures``), not saved."""
    period = last_full_month()
    figures = json.loads(json.dumps(compute_figures(period, Scope()), cls=DjangoJSONEncoder))
    return MonthlySummary(
        month=period.start,
        province=None,
        figures=figures,
        computed_at=timezone.now(),
        computed_by=_user(scene, "kinshasa"),
    )


def trend_pdf(scene: Scene):
    summary = stored_summary(scene)
    user = _user(scene, "kinshasa")

    def run():
        parts, rendered, _, warnings = render_document("trend", summary, user)
        return parts, {
            "pages": rendered.page_count,
            "bytes": len(rendered.content),
            "weasyprint_warnings": warnings,
        }

    return run


JOBS: list[Job] = [
    Job(
        "trend_figures",
        "monthly trend computation, month just ended, every province",
        TREND_TARGET_MS,
        trend_figures,
    ),
    Job(
        "report_pdf",
        "PDF of the large report (40 consultations, 60 stakeholders, 30 recommendations)",
        PDF_TARGET_MS,
        report_pdf,
    ),
    Job(
        "trend_pdf", "trend summary PDF, month just ended, every province", PDF_TARGET_MS, trend_pdf
    ),
]
BY_NAME = {job.name: job for job in JOBS}


def selected(names: str | None) -> list[Job]:
    """The jobs named (comma-separated); every job when empty; none for "none"."""
    if not names:
        return list(JOBS)
    if names.strip() == "none":
        return []
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in BY_NAME]
    if unknown:
        raise ValueError(f"Unknown jobs: {', '.join(unknown)} (known: {', '.join(BY_NAME)})")
    return [job for job in JOBS if job.name in wanted]


# ------------------------------------------------------------------------- measuring


def measure_jobs(
    jobs: list[Job],
    scales: dict[str, str],
    *,
    repeat: int = JOB_REPEAT,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Time ``jobs`` on every database of ``scales`` (label -> database name), interleaved.

    Returns ``{label: {name: {"times": [...], "parts": {part: [...]}, "produced": {...}}}}``.
    """
    state: dict[str, dict[str, Any]] = {}
    runs: dict[str, dict[str, Callable]] = {}
    for label, name in scales.items():
        use_database(name)
        marker = databases.read_marker(connections["default"])
        if marker is None:
            raise JobError(f"The database {name} holds no data set.")
        scene = marker["scene"]
        missing = [key for key in ("large_report",) if key not in scene]
        if missing:
            raise JobError(f"The data set of {name} has no {', '.join(missing)}: --rebuild.")
        state[label], runs[label] = {}, {}
        for job in jobs:
            run = job.setup(scene)
            begun = time.perf_counter()
            parts, produced = run()  # the check, and the warm-up
            state[label][job.name] = {
                "times": [],
                "parts": {part: [] for part in parts},
                "produced": produced,
                "first_ms": round(_ms(begun), 1),
            }
            runs[label][job.name] = run
        progress(f"  {label} ({name}): {len(jobs)} jobs run once, warmed up")
    labels = list(scales)
    started = time.monotonic()
    for round_number in range(repeat):
        order = labels if round_number % 2 == 0 else labels[::-1]
        for label in order:
            use_database(scales[label])
            gc.collect()
            for job in jobs:
                row = state[label][job.name]
                begun = time.perf_counter()
                parts, produced = runs[label][job.name]()
                row["times"].append(_ms(begun))
                for part, value in parts.items():
                    row["parts"][part].append(value)
                row["produced"] = produced
        progress(f"  jobs round {round_number + 1}/{repeat} ({time.monotonic() - started:.0f} s)")
    return state


def summarise(times: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times), 1),
        "p90_ms": round(percentile(times, 0.9), 1),
        "max_ms": round(max(times), 1),
        "runs": len(times),
    }


def combine(
    jobs: list[Job], timings: dict[str, Any], *, small: str = "small", large: str = "large"
) -> dict[str, dict[str, Any]]:
    """Per job: median and p90 at both scales, the parts' medians, what it produced, the
    target and whether it is met (the median at 5,000 missions under the target)."""
    rows: dict[str, dict[str, Any]] = {}
    for job in jobs:
        big, tiny = timings[large][job.name], timings[small][job.name]
        at_large, at_small = summarise(big["times"]), summarise(tiny["times"])
        row = {
            "label": job.label,
            "target_ms": job.target_ms,
            **at_large,
            "median_ms_small": at_small["median_ms"],
            "p90_ms_small": at_small["p90_ms"],
            "growth_ratio": round(at_large["median_ms"] / at_small["median_ms"], 2)
            if at_small["median_ms"]
            else None,
            "parts_median_ms": {
                part: round(statistics.median(values), 1) for part, values in big["parts"].items()
            },
            "first_run_ms": big["first_ms"],
            "produced": big["produced"],
            "produced_small": tiny["produced"],
        }
        row["checks"] = {
            "median_under_target": at_large["median_ms"] <= job.target_ms,
            "p90_under_target": at_large["p90_ms"] <= job.target_ms,
        }
        row["pass"] = row["checks"]["median_under_target"]
        rows[job.name] = row
    return rows


def table(rows: dict[str, dict[str, Any]]) -> str:
    header = ["job", "target ms", "median ms @10", "median ms @5000", "p90 ms @5000", "pages",
              "result"]  # fmt: skip
    lines = []
    for name, row in rows.items():
        lines.append(
            [
                name,
                f"{row['target_ms']:.0f}",
                f"{row['median_ms_small']:.1f}",
                f"{row['median_ms']:.1f}",
                f"{row['p90_ms']:.1f}",
                str(row["produced"].get("pages", "—")),
                "PASS" if row["pass"] else "FAIL: over target",
            ]
        )
    widths = [max(len(h), *(len(cells[i]) for cells in lines)) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for cells in lines:
        out.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(out)
