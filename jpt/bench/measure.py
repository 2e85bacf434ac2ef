"""Measuring: server time and queries in-process, throughput under gunicorn with wrk.

**Server time.** Django's test ``Client`` (logged in with ``force_login``) against each data
set's database. Each page is first checked to answer 200, then warmed up (``WARMUP`` requests),
then its queries are counted on one more request (``CaptureQueriesContext``). The timed runs
are interleaved: each of ``repeat`` rounds visits every page at both scales, in an order shuffled
per round, switching the default connection between the two databases between scales (the
content-type cache is cleared on each switch; each scale has its own clients and sessions). So a
burst of noise from another process hits every page and both scales alike, and the ratios
(growth, floor) stay honest on a busy machine. Reported: median and 95th percentile
(nearest rank), in ms, of the time ``Client.get`` takes: the whole request through the
middleware, view and template, without the network.

**Throughput.** gunicorn (2 sync workers, ``jpt.wsgi``, the benchmark settings: ``DEBUG`` off)
on a free local port against the 5,000-mission database; the session cookies of the page users
come from the timing run. For each list page: checked to answer 200 with the cookie (not a
redirect to the login page), 3 s of warm-up, then ``wrk -t2 -c4 -d20s``. The floor view is
measured before each list page and after the last (10 s each); a page's percentage is of the
mean of the two floor runs around it.
"""

from __future__ import annotations

import gc
import http.client
import math
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from jpt.accounts.models import User

from . import databases
from .pages import FLOOR, Page

WARMUP = 3
LOAD_SECONDS = 20
LOAD_WARMUP_SECONDS = 3
WRK_THREADS = 2
WRK_CONNECTIONS = 4
GUNICORN_WORKERS = 2


class PageError(RuntimeError):
    pass


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (the smallest value with at least ``share`` of them below or
    equal)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def use_database(name: str) -> None:
    """Point the default connection at another database (closed first, reopened at once)."""
    connection = connections["default"]
    if connection.settings_dict["NAME"] == name and connection.connection is not None:
        return
    connection.close()
    connection.settings_dict["NAME"] = name
    ContentType.objects.clear_cache()
    connection.ensure_connection()


def _get(client: Client, url: str):
    response = client.get(url)
    if response.status_code != 200:
        where = response.get("Location", "")
        raise PageError(f"{url} answered {response.status_code}{f' (to {where})' if where else ''}")
    return response


def measure_pages(
    pages: list[Page],
    scales: dict[str, str],
    *,
    repeat: int,
    progress: Callable[[str], None] = print,
    seed: int = 1,
) -> dict[str, Any]:
    """Time ``pages`` on every database of ``scales`` (label -> database name).

    Returns ``{label: {"scene": ..., "pages": {name: {"url", "user", "queries", "times"}},
    "cookies": {username: session key}}}``.
    """
    state: dict[str, dict[str, Any]] = {}
    for label, name in scales.items():
        use_database(name)
        marker = databases.read_marker(connections["default"])
        if marker is None:
            raise PageError(f"The database {name} holds no data set.")
        scene = marker["scene"]
        clients: dict[str, Client] = {}
        rows: dict[str, dict[str, Any]] = {}
        for page in pages:
            username = page.username(scene)
            if username not in clients:
                client = Client()
                client.force_login(User.objects.get(username=username))
                clients[username] = client
            client = clients[username]
            url = page.resolve(scene)
            _get(client, url)
            for _ in range(WARMUP):
                _get(client, url)
            with CaptureQueriesContext(connections["default"]) as queries:
                _get(client, url)
            rows[page.name] = {
                "url": url,
                "user": username,
                "queries": len(queries.captured_queries),
                "times": [],
                "client": client,
            }
        cookie = settings.SESSION_COOKIE_NAME
        state[label] = {
            "database": name,
            "scene": scene,
            "marker": marker,
            "pages": rows,
            "cookies": {user: c.cookies[cookie].value for user, c in clients.items()},
        }
        progress(f"  {label} ({name}): {len(rows)} pages answer 200, warmed up")
    rng = random.Random(seed)
    labels = list(scales)
    started = time.monotonic()
    for round_number in range(repeat):
        order = labels if round_number % 2 == 0 else labels[::-1]
        for label in order:
            use_database(scales[label])
            rows = state[label]["pages"]
            names = list(rows)
            rng.shuffle(names)
            gc.collect()
            for name in names:
                row = rows[name]
                client, url = row["client"], row["url"]
                begun = time.perf_counter()
                response = client.get(url)
                elapsed = time.perf_counter() - begun
                if response.status_code != 200:
                    raise PageError(
                        f"{url} answered {response.status_code} in round {round_number}"
                    )
                row["times"].append(elapsed * 1000)
        if round_number in (0, 4) or (round_number + 1) % 10 == 0:
            progress(f"  round {round_number + 1}/{repeat} ({time.monotonic() - started:.0f} s)")
    for label in state:
        for row in state[label]["pages"].values():
            row.pop("client")
    return state


def summary(times: list[float]) -> dict[str, float]:
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(percentile(times, 0.95), 2),
        "runs": len(times),
    }


# --------------------------------------------------------------------------------------------
# Throughput
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_status(port: int, path: str, cookie: str | None = None, timeout: float = 30) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Cookie": cookie} if cookie else {}
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


@contextmanager
def gunicorn(database_url: str, *, progress: Callable[[str], None] = print):
    """gunicorn serving ``jpt.wsgi`` on a free port, against ``database_url``; yields the port."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "jpt.bench.settings",
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "jpt.wsgi:application",
        "--workers",
        str(GUNICORN_WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)  # noqa: S603
    try:
        deadline = time.monotonic() + 60
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start (exit {process.returncode}).")
            try:
                if check_status(port, "/accounts/login/", timeout=5) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not answer within 60 s.")
            time.sleep(0.3)
        progress(f"  gunicorn: {GUNICORN_WORKERS} workers on 127.0.0.1:{port} (pid {process.pid})")
        yield port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _duration_ms(text: str) -> float | None:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    return float(match[1]) * UNITS[match[2]] if match else None


def parse_wrk(output: str) -> dict[str, Any]:
    """What wrk printed: requests/s, requests, errors, latency percentiles."""
    result: dict[str, Any] = {}
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if not match:
        raise RuntimeError(f"Could not read wrk's output:\n{output}")
    result["rps"] = float(match[1])
    match = re.search(r"(\d+) requests in ([\d.]+\w+)", output)
    if match:
        result["requests"] = int(match[1])
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx"] = int(match[1]) if match else 0
    match = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    result["socket_errors"] = sum(int(n) for n in match.groups()) if match else 0
    for share in ("50", "99"):
        match = re.search(rf"^\s+{share}%\s+(\S+)", output, re.MULTILINE)
        if match:
            result[f"latency_p{share}_ms"] = _duration_ms(match[1])
    return result


def wrk(port: int, path: str, cookie: str, seconds: int) -> dict[str, Any]:
    command = [
        shutil.which("wrk") or "wrk",
        f"-t{WRK_THREADS}",
        f"-c{WRK_CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "60s",  # a slow page is measured, not dropped as a timeout
        "--latency",
        "-H",
        f"Cookie: {cookie}",
        f"http://127.0.0.1:{port}{path}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=True)  # noqa: S603
    return parse_wrk(done.stdout)


def measure_throughput(
    pages: list[Page],
    rows: dict[str, dict[str, Any]],
    cookies: dict[str, str],
    database_url: str,
    *,
    seconds: int = LOAD_SECONDS,
    progress: Callable[[str], None] = print,
) -> dict[str, Any]:
    """Requests/s of each list page under load (``Page.under_load``), and of the floor.

    The floor is measured before each page and after the last (``seconds / 2`` each): a page's
    ``floor_rps`` is the mean of the two floor runs around it, so a page is compared with the
    floor as the machine was when the page ran (other processes come and go on a shared
    machine). The floor's own figure is the mean of all its runs.
    """
    if shutil.which("wrk") is None:
        raise RuntimeError("wrk is not installed (bash scripts/ensure_system_packages.sh).")
    cookie_name = settings.SESSION_COOKIE_NAME
    loaded = [p for p in pages if p.under_load and p.name != FLOOR]
    floor_seconds = max(1, seconds // 2)
    results: dict[str, Any] = {}
    floor_runs: list[float] = []

    def run(name: str, duration: int) -> dict[str, Any]:
        row = rows[name]
        cookie = f"{cookie_name}={cookies[row['user']]}"
        status = check_status(port, row["url"], cookie)
        if status != 200:
            raise PageError(f"{row['url']} answered {status} under gunicorn (expected 200).")
        wrk(port, row["url"], cookie, LOAD_WARMUP_SECONDS)
        measured = wrk(port, row["url"], cookie, duration)
        if measured["non_2xx"] or measured["socket_errors"]:
            progress(
                f"  warning: {name}: {measured['non_2xx']} non-2xx responses, "
                f"{measured['socket_errors']} socket errors"
            )
        return measured

    with gunicorn(database_url, progress=progress) as port:
        floor = run(FLOOR, floor_seconds)
        floor_runs.append(floor["rps"])
        progress(f"  {FLOOR:24} {floor['rps']:8.1f} requests/s")
        for page in loaded:
            measured = run(page.name, seconds)
            after = run(FLOOR, floor_seconds)
            floor_runs.append(after["rps"])
            measured["floor_rps"] = round((floor_runs[-2] + floor_runs[-1]) / 2, 2)
            results[page.name] = measured
            progress(
                f"  {page.name:24} {measured['rps']:8.1f} requests/s "
                f"(floor around it: {measured['floor_rps']:.1f})"
            )
    results[FLOOR] = {
        **floor,
        "rps": round(statistics.mean(floor_runs), 2),
        "rps_runs": floor_runs,
        "floor_rps": round(statistics.mean(floor_runs), 2),
    }
    return results


def machine() -> dict[str, Any]:
    import platform

    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "wrk": _wrk_version(),
    }


def _wrk_version() -> str | None:
    path = shutil.which("wrk")
    if not path:
        return None
    done = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)  # noqa: S603
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else None


def repo_dir() -> Path:
    return Path(settings.BASE_DIR)
