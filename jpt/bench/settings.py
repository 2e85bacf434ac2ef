"""Settings of the benchmark's processes (``manage.py bench`` starts them with these): the test
settings (which install ``jpt.bench``), with the floor view mounted and ``DEBUG`` off.

The production settings are not used: they need HTTPS (secure cookies, SSL redirect) and a
Celery broker, and do not install the benchmark. What a page costs is the same: same
middleware, same templates, same database; ``DEBUG`` is off, as in production.
"""

from jpt.settings.test import *  # noqa: F403

ROOT_URLCONF = "jpt.bench.urls"
DEBUG = False
