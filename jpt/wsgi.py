"""WSGI entry point (gunicorn jpt.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jpt.settings.production")

application = get_wsgi_application()
