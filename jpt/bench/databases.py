"""The benchmark's own PostgreSQL databases, on the server of ``DATABASE_URL``.

``<prefix>_5000`` and ``<prefix>_10`` (prefix: ``BENCH_DATABASE_PREFIX``, default ``jpt_bench``),
created with psycopg2 when missing. Neither the developer's database (the one ``DATABASE_URL``
names) nor a test database (``test_<name>``, ``TEST_DATABASE_NAME``) is ever touched: such a name
is refused.

Each holds a marker table (:data:`MARKER_TABLE`, one row): the data set's parameters, its scene
(ids of the showcase rows, page users, counts), when and how fast it was built. A database whose
marker is missing or whose parameters differ from ``dataset.parameters`` is dropped and built
again.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import psycopg2
from psycopg2 import sql

MARKER_TABLE = "bench_dataset"
DEFAULT_PREFIX = "jpt_bench"
NAME_RE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class BenchDatabaseError(RuntimeError):
    pass


def prefix() -> str:
    value = os.environ.get("BENCH_DATABASE_PREFIX", DEFAULT_PREFIX).strip().lower()
    if not NAME_RE.fullmatch(value + "_5000"):
        raise BenchDatabaseError(f"BENCH_DATABASE_PREFIX={value!r} is not a database name.")
    return value


def database_name(missions: int) -> str:
    return f"{prefix()}_{missions}"


def forbidden_names(settings_dict: dict[str, Any]) -> set[str]:
    """Databases the benchmark must never create, drop or write: the developer's and the tests'."""
    name = settings_dict.get("NAME") or ""
    test_name = (settings_dict.get("TEST") or {}).get("NAME") or ""
    names = {name, f"test_{name}", test_name, os.environ.get("TEST_DATABASE_NAME", "")}
    names |= {"postgres", "template0", "template1"}
    return {n for n in names if n}


def check_name(name: str, settings_dict: dict[str, Any]) -> None:
    if not NAME_RE.fullmatch(name):
        raise BenchDatabaseError(f"{name!r} is not a valid benchmark database name.")
    if name in forbidden_names(settings_dict) or not name.startswith(prefix() + "_"):
        raise BenchDatabaseError(
            f"Refusing to use {name!r}: the benchmark only uses databases of its own "
            f"({prefix()}_<missions>), never the developer's or the test database."
        )


@dataclass(frozen=True)
class Server:
    """The PostgreSQL server of the configured database (host, port, user, password)."""

    host: str
    port: str
    user: str
    password: str
    url: str  # the DATABASE_URL the settings came from

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any], url: str) -> Server:
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BenchDatabaseError(
                "The benchmark needs PostgreSQL: set DATABASE_URL=postgres://... "
                "(make bench sets postgres://postgres@127.0.0.1:5432/jpt)."
            )
        return cls(
            host=settings_dict.get("HOST") or "",
            port=str(settings_dict.get("PORT") or ""),
            user=settings_dict.get("USER") or "",
            password=settings_dict.get("PASSWORD") or "",
            url=url,
        )

    def connect(self, dbname: str = "postgres"):
        connection = psycopg2.connect(
            dbname=dbname,
            host=self.host or None,
            port=self.port or None,
            user=self.user or None,
            password=self.password or None,
        )
        connection.autocommit = True
        return connection

    def database_url(self, name: str) -> str:
        """``DATABASE_URL`` with the database name replaced (what the child processes get)."""
        if self.url:
            parts = urlsplit(self.url)
            return urlunsplit(parts._replace(path="/" + quote(name)))
        auth = quote(self.user) + (f":{quote(self.password)}" if self.password else "")
        host = self.host or "127.0.0.1"
        return f"postgres://{auth}@{host}:{self.port or 5432}/{quote(name)}"

    def exists(self, name: str) -> bool:
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return cursor.fetchone() is not None

    def create(self, name: str) -> None:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("CREATE DATABASE {} ENCODING 'UTF8' TEMPLATE template0").format(
                        sql.Identifier(name)
                    )
                )
        finally:
            connection.close()

    def drop(self, name: str) -> None:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                )
        finally:
            connection.close()

    def version(self) -> str:
        connection = self.connect()
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return cursor.fetchone()[0]
        finally:
            connection.close()

    def read_marker(self, name: str) -> dict[str, Any] | None:
        if not self.exists(name):
            return None
        connection = self.connect(name)
        try:
            with connection.cursor() as cursor:
                return _read(cursor)
        finally:
            connection.close()


def _read(cursor) -> dict[str, Any] | None:
    cursor.execute("SELECT to_regclass(%s)", [MARKER_TABLE])
    if cursor.fetchone()[0] is None:
        return None
    cursor.execute(f"SELECT params, scene, built_at, build_seconds FROM {MARKER_TABLE}")  # noqa: S608
    row = cursor.fetchone()
    if row is None:
        return None
    params, scene, built_at, seconds = row
    return {
        "params": params if isinstance(params, dict) else json.loads(params),
        "scene": scene if isinstance(scene, dict) else json.loads(scene),
        "built_at": built_at.isoformat(),
        "build_seconds": seconds,
    }


def read_marker(connection) -> dict[str, Any] | None:
    """The marker of the database a Django connection is on."""
    with connection.cursor() as cursor:
        return _read(cursor)


def write_marker(connection, params: dict, scene: dict, build_seconds: float) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (params jsonb NOT NULL, "
            "scene jsonb NOT NULL, built_at timestamptz NOT NULL DEFAULT now(), "
            "build_seconds double precision NOT NULL)"
        )
        cursor.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608
        cursor.execute(
            f"INSERT INTO {MARKER_TABLE} (params, scene, build_seconds) VALUES (%s, %s, %s)",  # noqa: S608
            [json.dumps(params, sort_keys=True), json.dumps(scene, sort_keys=True), build_seconds],
        )


def is_current(marker: dict[str, Any] | None, params: dict[str, Any]) -> bool:
    """The stored parameters are those wanted (compared as JSON: tuples and lists alike)."""
    if marker is None:
        return False
    return json.loads(json.dumps(params, sort_keys=True)) == marker["params"]
