"""What ``manage.py bench`` does, step by step (the command only reads its options).

1. For each scale (10 and 5,000 missions): its own database (``databases``), created when
   missing, dropped and created again when ``--rebuild`` or when its data set is not the one
   ``dataset.parameters`` describes; then a child process (``bench --worker prepare``, with
   ``DATABASE_URL`` pointed at it) migrates it and builds the data set when it has none.
2. A child process (``bench --worker measure``) times every page at both scales, interleaved
   (``measure.measure_pages``), then the computations and PDFs of ``jobs`` (``jobs.measure_jobs``).
3. Unless ``--no-load``: gunicorn and wrk on the list pages and the floor
   (``measure.measure_throughput``).
4. The table, the targets, and ``bench/results.json``.

Child processes run with ``jpt.bench.settings`` (the test settings, the floor view mounted).
This process never opens a connection to the database of ``DATABASE_URL``: it only uses its
server, through psycopg2, to create and drop the benchmark's own databases.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError

from . import databases, dataset, measure, results
from . import jobs as bench_jobs
from .jobs import Job
from .pages import Page

SCALES = {"small": 10, "large": dataset.FULL_SCALE_MISSIONS}
CHILD_SETTINGS = "jpt.bench.settings"


def child(mode: str, database_url: str, args: list[str]) -> None:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": CHILD_SETTINGS}
    command = [sys.executable, "manage.py", "bench", "--worker", mode, *args]
    done = subprocess.run(command, env=env, cwd=settings.BASE_DIR, check=False)  # noqa: S603
    if done.returncode != 0:
        raise CommandError(f"bench --worker {mode} failed (exit {done.returncode}).")


def run(
    *,
    rebuild: bool,
    repeat: int,
    pages: list[Page],
    load: bool,
    load_seconds: int,
    out: Path,
    say: Callable[[str], None],
    jobs: list[Job] | None = None,
    job_repeat: int = bench_jobs.JOB_REPEAT,
) -> dict[str, Any]:
    jobs = list(bench_jobs.JOBS) if jobs is None else jobs
    server = databases.Server.from_settings(
        settings.DATABASES["default"], os.environ.get("DATABASE_URL", "")
    )
    names = {label: databases.database_name(missions) for label, missions in SCALES.items()}
    for name in names.values():
        databases.check_name(name, settings.DATABASES["default"])
    say(f"Benchmark databases: {', '.join(names.values())} (server {server.host or 'local'}).")
    for label, missions in SCALES.items():
        name = names[label]
        marker = server.read_marker(name)
        wanted = dataset.parameters(missions)
        if rebuild or not databases.is_current(marker, wanted):
            why = (
                "--rebuild"
                if rebuild
                else ("no data set yet" if marker is None else "its parameters changed")
            )
            say(f"{name}: building the {missions}-mission data set ({why}).")
            server.drop(name)
            server.create(name)
        else:
            say(f"{name}: reusing the {missions}-mission data set built {marker['built_at']}.")
        child("prepare", server.database_url(name), ["--missions", str(missions)])
    say(f"Timing {len(pages)} pages at both scales, {repeat} interleaved rounds:")
    with tempfile.TemporaryDirectory() as folder:
        result_file = Path(folder) / "timings.json"
        child(
            "measure",
            server.database_url(names["large"]),
            [
                "--small-database",
                names["small"],
                "--repeat",
                str(repeat),
                "--pages",
                ",".join(p.name for p in pages),
                "--result",
                str(result_file),
                "--jobs",
                ",".join(j.name for j in jobs) or "none",
                "--job-repeat",
                str(job_repeat),
            ],
        )
        timings = json.loads(result_file.read_text())
    throughput = None
    if load:
        say(f"Throughput under gunicorn ({load_seconds} s a page):")
        throughput = measure.measure_throughput(
            pages,
            timings["large"]["pages"],
            timings["large"]["cookies"],
            server.database_url(names["large"]),
            seconds=load_seconds,
            progress=say,
        )
    rows = results.combine(pages, timings, throughput)
    job_rows = bench_jobs.combine(jobs, timings["jobs"]) if jobs else {}
    document = {
        "date": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "machine": {**measure.machine(), "postgresql": server.version()},
        "method": {
            "timed_runs_per_page": repeat,
            "warmup_requests": measure.WARMUP,
            "interleaved": "every round visits every page at both scales, order shuffled",
            "server_time": "django.test.Client.get, in-process, logged in (force_login)",
            "settings": f"{CHILD_SETTINGS} (the test settings, DEBUG off)",
            "jobs": {
                "timed_runs_per_job": job_repeat,
                "warmup_runs": 1,
                "interleaved": "every round runs every job at both scales",
                "timing": "time.perf_counter around the job, in-process; median and p90 "
                "(nearest rank)",
            },
            "load": None
            if not load
            else {
                "server": f"gunicorn jpt.wsgi, {measure.GUNICORN_WORKERS} sync workers",
                "tool": f"wrk -t{measure.WRK_THREADS} -c{measure.WRK_CONNECTIONS} "
                f"-d{load_seconds}s",
                "warmup_seconds": measure.LOAD_WARMUP_SECONDS,
                "floor": "measured before each list page and after the last, half as long; "
                "a page's percentage is of the mean of the two floor runs around it",
            },
        },
        "datasets": {
            str(SCALES[label]): {
                "database": timings[label]["database"],
                "built_at": timings[label]["marker"]["built_at"],
                "build_seconds": round(timings[label]["marker"]["build_seconds"], 1),
                "counts": timings[label]["scene"]["counts"],
            }
            for label in SCALES
        },
        "targets": results.targets(),
        "pages": rows,
        "failing": sorted(name for name, row in rows.items() if not row["pass"]),
        "jobs": job_rows,
        "failing_jobs": sorted(name for name, row in job_rows.items() if not row["pass"]),
    }
    say("")
    say(results.table(rows))
    say("")
    failing = document["failing"]
    say(
        f"Targets missed by {len(failing)} of {len(rows)} pages: {', '.join(failing)}"
        if failing
        else "Every page meets its targets."
    )
    if job_rows:
        say("")
        say(bench_jobs.table(job_rows))
        for name, row in job_rows.items():
            parts = ", ".join(f"{k} {v:.0f} ms" for k, v in row["parts_median_ms"].items())
            say(f"  {name}: {parts}; produced {row['produced']}")
    results.write(document, out)
    say(f"Written {out}.")
    return document


# --------------------------------------------------------------------------------------------
# The child processes
# --------------------------------------------------------------------------------------------


def prepare(missions: int, say: Callable[[str], None]) -> None:
    """In the benchmark database of ``DATABASE_URL``: migrate; build the data set if absent."""
    from django.core.management import call_command
    from django.db import connection

    own_database(connection.settings_dict["NAME"])
    call_command("migrate", interactive=False, verbosity=0)
    marker = databases.read_marker(connection)
    wanted = dataset.parameters(missions)
    if marker is not None:
        if not databases.is_current(marker, wanted):
            raise CommandError("The stored data set is not the one wanted: run with --rebuild.")
        return
    from missions.models import JptRequest

    if JptRequest.objects.exists():
        raise CommandError("This database has data but no marker: run with --rebuild.")
    started = time.monotonic()
    scene = dataset.build(missions, progress=say)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.monotonic() - started
    databases.write_marker(connection, wanted, scene, seconds)
    say(f"  built in {seconds:.0f} s: " + ", ".join(f"{k} {v}" for k, v in scene["counts"].items()))


def measure_child(
    small_database: str,
    repeat: int,
    pages: list[Page],
    result: Path,
    say: Callable[[str], None],
    jobs: list[Job] | None = None,
    job_repeat: int = bench_jobs.JOB_REPEAT,
) -> None:
    from django.db import connection

    large = connection.settings_dict["NAME"]
    own_database(large)
    own_database(small_database)
    scales = {"small": small_database, "large": large}
    state = measure.measure_pages(pages, scales, repeat=repeat, progress=say)
    if jobs:
        say(f"Timing {len(jobs)} jobs at both scales, {job_repeat} interleaved rounds:")
        state["jobs"] = bench_jobs.measure_jobs(jobs, scales, repeat=job_repeat, progress=say)
    result.write_text(json.dumps(state, default=str))


def own_database(name: str) -> None:
    if not (databases.NAME_RE.fullmatch(name) and name.startswith(databases.prefix() + "_")):
        raise CommandError(f"Refusing to work in {name!r}: not a benchmark database.")
