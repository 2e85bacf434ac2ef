"""The results: per page, the numbers and the targets they meet or miss; the table and the JSON.

``bench/results.json`` is meant to be committed after a run: keys are sorted and numbers rounded,
so two runs differ only where the numbers do.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .measure import summary
from .pages import (
    FLOOR,
    MAX_FLOOR_RATIO,
    MAX_GROWTH,
    MAX_QUERIES,
    MAX_SEARCH_RATIO,
    MIN_THROUGHPUT_PCT,
    Page,
)


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a is not None and b else None


def combine(
    pages: list[Page],
    timings: dict[str, Any],
    throughput: dict[str, Any] | None,
    *,
    small: str = "small",
    large: str = "large",
) -> dict[str, dict[str, Any]]:
    """Per page: queries, medians and p95 at both scales, growth and floor ratios, throughput,
    and the checks of the targets."""
    big, tiny = timings[large]["pages"], timings[small]["pages"]
    floor_large = summary(big[FLOOR]["times"])["median_ms"]
    floor_small = summary(tiny[FLOOR]["times"])["median_ms"]
    rows: dict[str, dict[str, Any]] = {}
    for page in pages:
        at_large, at_small = summary(big[page.name]["times"]), summary(tiny[page.name]["times"])
        row: dict[str, Any] = {
            "url": big[page.name]["url"],
            "user": big[page.name]["user"],
            "queries": big[page.name]["queries"],
            "queries_small": tiny[page.name]["queries"],
            "median_ms": at_large["median_ms"],
            "p95_ms": at_large["p95_ms"],
            "median_ms_small": at_small["median_ms"],
            "p95_ms_small": at_small["p95_ms"],
            "runs": at_large["runs"],
            "growth_ratio": _ratio(at_large["median_ms"], at_small["median_ms"]),
            "floor_ratio": _ratio(at_large["median_ms"], floor_large),
            "floor_ratio_small": _ratio(at_small["median_ms"], floor_small),
        }
        if page.under_load and throughput is not None and page.name in throughput:
            measured = throughput[page.name]
            floor_rps = measured.get("floor_rps")
            row["throughput_rps"] = round(measured["rps"], 2)
            row["throughput_floor_rps"] = floor_rps
            row["throughput_pct_of_floor"] = (
                round(100 * measured["rps"] / floor_rps, 1) if floor_rps else None
            )
            row["throughput_latency_p50_ms"] = measured.get("latency_p50_ms")
            row["throughput_latency_p99_ms"] = measured.get("latency_p99_ms")
            row["throughput_errors"] = measured.get("non_2xx", 0) + measured.get("socket_errors", 0)
            if page.name == FLOOR and "rps_runs" in measured:
                row["throughput_rps_runs"] = measured["rps_runs"]
        rows[page.name] = row
    for page in pages:
        rows[page.name]["checks"] = checks(page, rows)
        rows[page.name]["pass"] = all(rows[page.name]["checks"].values())
    return rows


def checks(page: Page, rows: dict[str, dict[str, Any]]) -> dict[str, bool]:
    """The targets of the issue that apply to the page (None-valued numbers fail)."""
    row = rows[page.name]
    result = {"queries": row["queries"] <= MAX_QUERIES}
    if page.name == FLOOR:
        return result
    result["floor_ratio"] = row["floor_ratio"] is not None and row["floor_ratio"] <= MAX_FLOOR_RATIO
    result["growth"] = row["growth_ratio"] is not None and row["growth_ratio"] <= MAX_GROWTH
    if page.under_load and "throughput_pct_of_floor" in row:
        pct = row["throughput_pct_of_floor"]
        result["throughput"] = pct is not None and pct >= MIN_THROUGHPUT_PCT
    if page.search_of and page.search_of in rows:
        ratio = _ratio(row["median_ms"], rows[page.search_of]["median_ms"])
        row["search_ratio"] = ratio
        result["search_speed"] = ratio is not None and ratio <= MAX_SEARCH_RATIO
    return result


def targets() -> dict[str, Any]:
    return {
        "max_queries": MAX_QUERIES,
        "max_floor_ratio": MAX_FLOOR_RATIO,
        "max_growth_ratio": MAX_GROWTH,
        "min_throughput_pct_of_floor": MIN_THROUGHPUT_PCT,
        "max_search_ratio_to_list": MAX_SEARCH_RATIO,
    }


def _cell(value: Any, fmt: str = "{:.1f}") -> str:
    if value is None:
        return "—"
    return fmt.format(value) if isinstance(value, float) else str(value)


def table(rows: dict[str, dict[str, Any]], *, markdown: bool = False) -> str:
    """The results as a text (or Markdown) table, one page a line."""
    header = [
        "page",
        "queries",
        "median ms @10",
        "median ms @5000",
        "p95 ms @5000",
        "growth",
        "× floor",
        "rps",
        "rps % floor",
        "result",
    ]
    lines = []
    for name, row in rows.items():
        failed = [check for check, ok in row["checks"].items() if not ok]
        lines.append(
            [
                name,
                str(row["queries"])
                + (f" ({row['queries_small']})" if row["queries_small"] != row["queries"] else ""),
                _cell(row["median_ms_small"]),
                _cell(row["median_ms"]),
                _cell(row["p95_ms"]),
                _cell(row["growth_ratio"], "{:.2f}"),
                _cell(row["floor_ratio"], "{:.2f}"),
                _cell(row.get("throughput_rps")),
                _cell(row.get("throughput_pct_of_floor")),
                "PASS" if not failed else "FAIL: " + ", ".join(failed),
            ]
        )
    if markdown:
        out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(cells) + " |" for cells in lines]
        return "\n".join(out)
    widths = [max(len(h), *(len(cells[i]) for cells in lines)) for i, h in enumerate(header)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    for cells in lines:
        out.append("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)))
    return "\n".join(out)


def write(document: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
