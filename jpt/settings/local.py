"""`make run`: SQLite, Celery tasks in-process, e-mail printed to the console, demo data allowed."""

from .base import *  # noqa: F403
from .base import INSTALLED_APPS, env

DEBUG = env.bool("DEBUG", default=True)
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=True)
# The demo world and its `load_demo` command: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "jpt.demo"]
