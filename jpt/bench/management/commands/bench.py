"""`make bench`: the scale benchmark (see the README, "Benchmarks", and ``jpt.bench.runner``).

Builds (or reuses) a 5,000-mission and a 10-mission data set in databases of their own, times
every page of ``jpt.bench.pages.PAGES`` at both scales against the floor view, measures the list
pages' throughput under gunicorn with wrk, prints the table and writes ``bench/results.json``.
It never fails on a missed target: it is a benchmark (the tests pin query counts, never times).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from jpt.bench import jobs, measure, pages, runner


class Command(BaseCommand):
    help = (
        "Scale benchmark: query counts, median and p95 server time of every page at 10 and "
        "5,000 missions, growth, ratio to the floor view, throughput of the list pages."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--rebuild", action="store_true", help="Build both data sets again from scratch."
        )
        parser.add_argument(
            "--repeat", type=int, default=30, help="Timed runs per page and scale (default 30)."
        )
        parser.add_argument(
            "--pages",
            default="",
            help="Comma-separated page names to measure (the floor is always measured); "
            f"default all: {', '.join(p.name for p in pages.PAGES)}.",
        )
        parser.add_argument(
            "--jobs",
            default="",
            help="Comma-separated computations and PDFs to time, or none; "
            f"default all: {', '.join(j.name for j in jobs.JOBS)}.",
        )
        parser.add_argument(
            "--job-repeat",
            type=int,
            default=jobs.JOB_REPEAT,
            help=f"Timed runs per job and scale (default {jobs.JOB_REPEAT}).",
        )
        parser.add_argument(
            "--no-load", action="store_true", help="Skip the throughput run (gunicorn + wrk)."
        )
        parser.add_argument(
            "--load-seconds",
            type=int,
            default=measure.LOAD_SECONDS,
            help=f"Seconds of load per page (default {measure.LOAD_SECONDS}).",
        )
        parser.add_argument(
            "--out",
            default="bench/results.json",
            help="Where to write the results (default bench/results.json).",
        )
        # Used by the command itself to run its steps in child processes.
        parser.add_argument("--worker", choices=["prepare", "measure"], help=argparse.SUPPRESS)
        parser.add_argument("--missions", type=int, help=argparse.SUPPRESS)
        parser.add_argument("--small-database", help=argparse.SUPPRESS)
        parser.add_argument("--result", help=argparse.SUPPRESS)

    def handle(self, *args, **options):
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")
        try:
            chosen = pages.selected(options["pages"])
            chosen_jobs = jobs.selected(options["jobs"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["job_repeat"] < 1:
            raise CommandError("--job-repeat must be at least 1.")

        def say(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()

        worker = options["worker"]
        if worker == "prepare":
            runner.prepare(options["missions"], say)
        elif worker == "measure":
            runner.measure_child(
                options["small_database"],
                options["repeat"],
                chosen,
                Path(options["result"]),
                say,
                jobs=chosen_jobs,
                job_repeat=options["job_repeat"],
            )
        else:
            out = Path(options["out"])
            runner.run(
                rebuild=options["rebuild"],
                repeat=options["repeat"],
                pages=chosen,
                load=not options["no_load"],
                load_seconds=options["load_seconds"],
                out=out if out.is_absolute() else Path(settings.BASE_DIR) / out,
                say=say,
                jobs=chosen_jobs,
                job_repeat=options["job_repeat"],
            )
