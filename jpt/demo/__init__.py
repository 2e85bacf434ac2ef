"""The demo world: accounts, bases, requests, missions and reports told from the policy brief,
loaded by ``manage.py load_demo`` through the services (never in production: the app is
installed by the local and test settings only, and the command refuses unless
``DEMO_DATA_ALLOWED``).

A composition-level package: it reads every app and no app reads it. ``stories/`` holds the
data, ``loaders/`` one loader per app, ``helpers.py`` what the loaders share.
"""
