"""Production settings refuse to start half-configured and pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    # Only what production would have: no test-only switches from `make test`'s environment.
    dropped = {
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    }
    base = {k: v for k, v in os.environ.items() if k not in dropped}
    base["DJANGO_SETTINGS_MODULE"] = "jpt.settings.production"
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


GOOD = {
    "SECRET_KEY": "x" * 20 + "-production-secret-for-the-check-only-9f83h2k",
    "ALLOWED_HOSTS": "jpt.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/jpt",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
}


@pytest.mark.parametrize("missing", list(GOOD))
def test_production_refuses_to_start_without(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert f"need the {missing} environment variable" in result.stderr


def test_production_refuses_an_empty_broker_url():
    result = run_manage("check", **{**GOOD, "CELERY_BROKER_URL": ""})
    assert result.returncode != 0
    assert "need the CELERY_BROKER_URL environment variable" in result.stderr


def test_production_sends_tasks_to_the_broker_never_eagerly():
    code = (
        "from django.conf import settings as s;from jpt.celery import app;"
        "print(s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL, app.conf.task_always_eager)"
    )
    result = run_manage("shell", "--no-imports", "-c", code, **GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", GOOD["CELERY_BROKER_URL"], "False"]


def test_production_passes_deploy_checks():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **GOOD)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_local_settings_default_to_sqlite_eager_and_console():
    code = (
        "import django;django.setup();from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.EMAIL_BACKEND)"
    )
    env = dict(os.environ)
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "EMAIL_URL"):
        env.pop(name, None)
    env["DJANGO_SETTINGS_MODULE"] = "jpt.settings.local"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        "django.db.backends.sqlite3",
        "True",
        "django.core.mail.backends.console.EmailBackend",
    ], result.stderr
