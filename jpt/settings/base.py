"""Settings shared by every situation. Values come from the environment (django-environ).

Every environment variable read here is documented in README.md ("Configuration").
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A `.env` file at the top level is read when present (never committed).
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="insecure-local-only-key-do-not-use-in-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "pgtrigger",
    # Project apps: shared parts live inside the project package.
    "jpt.core",
    "jpt.accounts",
    "jpt.places",
    "jpt.audit",
    "jpt.notifications",
    "jpt.documents",
    # Domain apps.
    "missions",
    "reports",
    "recommendations",
    # Composition level: the indicators (trend summaries, dashboard), which read every app.
    "jpt.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jpt.urls"
WSGI_APPLICATION = "jpt.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
    {
        # Plain-text e-mails (jpt.notifications.services.email_queue renders with using="text"):
        # the same templates, without HTML autoescaping, so "<", "&" and quotes stay as typed.
        # Listed second: pages and everything that does not name an engine keep escaping.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# The app's PostgreSQL sessions (an options= in DATABASE_URL is kept as given; README,
# "Settings"). JIT compiles a query whose estimated cost is high: for a page's short queries the
# compilation costs more than it saves (45 ms measured on one mis-estimated at 5,000 missions);
# PG_JIT=on keeps the server's setting. Planning a page's joins took longer than running them
# (all the pages of `make bench`: 100 ms of planning, 60 of execution): weighing a Memoize node
# on every nested loop and ordering joins of eight tables exhaustively. PG_PLANNER=server keeps
# the server's settings.
PG_SESSION_SETTINGS = {
    **({} if env.bool("PG_JIT", default=False) else {"jit": "off"}),
    **(
        {}
        if env.str("PG_PLANNER", default="app") == "server"
        else {"enable_memoize": "off", "join_collapse_limit": "7", "from_collapse_limit": "7"}
    ),
}
if "postgresql" in DATABASES["default"]["ENGINE"] and PG_SESSION_SETTINGS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", " ".join(f"-c {name}={value}" for name, value in PG_SESSION_SETTINGS.items())
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# ModelBackend, with the permissions of a user and their groups read in one query.
AUTHENTICATION_BACKENDS = ["jpt.accounts.backends.PermissionsInOneQueryBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: every user-facing string is marked; French follows.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="Africa/Lubumbashi")
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded and generated files (the PDFs of jpt.documents): never served by URL, only through
# views that check the user's right. Production puts it on a volume the web and worker
# processes share.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Django's form renderer, with <select> drawn in Python (jpt/core/renderers.py: the same markup).
FORM_RENDERER = "jpt.core.renderers.FormRenderer"

# Cache: what is computed once per version of a record (a report's document). Local memory by
# default (each process its own); production can share one, e.g. CACHE_URL=redis://host:6379/1.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

# E-mail. The console backend prints messages (make run); production sets EMAIL_URL.
_email = env.email_url("EMAIL_URL", default="consolemail://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
# Seconds before a hung SMTP connection gives up (well under the outbox's 15-minute reclaim).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=60)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="JPT Desk <jpt-desk@localhost>")
# Absolute address of the site, used in links inside e-mails.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery. With no broker configured, tasks run in-process (eager) so `make run` needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not env("CELERY_BROKER_URL", default="")
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="") or "memory://"
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "resend-stalled-emails": {
        "task": "jpt.notifications.tasks.resend_stalled_emails_task",
        "schedule": 15 * 60,
    },
    "review-reminders": {
        "task": "reports.tasks.review_reminders_task",
        "schedule": 24 * 60 * 60,
    },
    # The monthly trend summaries of the month just ended (every province, and each one), on
    # the 1st at 01:00 local time (CELERY_TIMEZONE).
    "monthly-trend-summaries": {
        "task": "jpt.insights.tasks.monthly_summaries_task",
        "schedule": crontab(minute=0, hour=1, day_of_month=1),
    },
}

# The marking printed at the top and bottom of every page of every PDF (jpt.documents).
JPT_DOCUMENT_CLASSIFICATION = env("JPT_DOCUMENT_CLASSIFICATION", default="UN restricted")

# Demo data (make run) is refused where this is False (production).
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=False)

# The brief's planning targets (days), used for warnings and indicators.
JPT_MIN_VISIT_DAYS = 5
# Hours after which a community alert without a response is flagged on the follow-up board.
JPT_ALERT_RESPONSE_HOURS = env.int("JPT_ALERT_RESPONSE_HOURS", default=4)
JPT_SHORT_NOTICE_DAYS = 21
# Most rows a list export (CSV, XLSX) holds; a longer list is cut there and the file says so.
JPT_EXPORT_MAX_ROWS = env.int("JPT_EXPORT_MAX_ROWS", default=50000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs each step of each PDF at INFO (and a few at import): its warnings only.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}
