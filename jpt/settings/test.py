"""`make test`: PostgreSQL (DATABASE_URL), fast password hashing, e-mail kept in memory."""

from .base import *  # noqa: F403
from .base import BASE_DIR, DATABASES, INSTALLED_APPS, env

# The benchmark (`make bench`, composition level) runs with these settings.
INSTALLED_APPS = [*INSTALLED_APPS, "jpt.bench"]

DEBUG = False
SECRET_KEY = "test-only-secret-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEMO_DATA_ALLOWED = True
# The demo world and its `load_demo` command: never installed in production.
INSTALLED_APPS = [*INSTALLED_APPS, "jpt.demo"]
# Tests run tasks in-process unless a test starts a real worker (see jpt/core/tests).
CELERY_BROKER_URL = "memory://"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TEST_BROKER_URL = env("CELERY_TEST_BROKER_URL", default="redis://127.0.0.1:6379/15")
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default=None)}
ALLOWED_HOSTS = ["*"]
# Rendered PDFs of the tests (the documents' own tests use a temporary folder each).
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "test-media")
# Serve static files from the app folders (no collectstatic in tests or benchmarks).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
