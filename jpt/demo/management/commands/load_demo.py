"""``manage.py load_demo``: the demo world (``jpt.demo.stories``), loaded through the services by
``jpt.demo.loaders``, never in production; then the logins.

Idempotent: a second run creates nothing and prints the logins again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jpt.accounts.roles import Role
from jpt.places.models import Province

from ...loaders.accounts import load_users
from ...loaders.missions import load_missions, load_requests
from ...loaders.places import load_bases
from ...loaders.recommendations import (
    load_alerts,
    load_implementations,
    load_planned_visits,
    load_support,
    load_visits,
)
from ...loaders.reports import load_reports
from ...stories.people import DEMO_PASSWORD, USERS

# What each loader loads (plural, and one of them), in the order they run: each needs what the
# ones before it loaded.
LOADERS = (
    ("accounts", "Account", load_users),
    ("operating bases", "Operating base", load_bases),
    ("JPT requests", "JPT request", load_requests),
    ("missions", "Mission", load_missions),
    ("reports", "Report", load_reports),
    ("implementations", "Implementation", load_implementations),
    ("planned visits", "Planned visit", load_planned_visits),
    ("follow-up visits", "Follow-up visit", load_visits),
    ("community alerts", "Community alert", load_alerts),
    ("material support records", "Material support record", load_support),
)


class Command(BaseCommand):
    help = (
        "Load demonstration accounts (password jpt-demo-2026), operating bases, JPT requests and "
        "missions with their teams, logistics, consultations and stakeholders, reports at "
        "each level of the review chain, and what follows approval: implementation tracking, "
        "CLIs' follow-up visits and calendars, community alerts and material support. "
        "Refused unless DEMO_DATA_ALLOWED is set. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is not allowed here (settings.DEMO_DATA_ALLOWED is False). "
                "Never load demo accounts with a published password into production."
            )
        if not Province.objects.exists():
            self.stdout.write("No places yet: loading the gazetteer first (load_places).")
            call_command("load_places", stdout=self.stdout, stderr=self.stderr)

        with transaction.atomic():
            loaded = [(label, one, load()) for label, one, load in LOADERS]

        self.stdout.write("")
        for label, _one, result in loaded:
            self.stdout.write(
                f"Demo {label}: {result.created} created, {result.present} already present."
            )
        for _label, one, result in loaded:
            for note in result.skipped:
                self.stdout.write(self.style.WARNING(f"{one} skipped: {note}"))
        self._print_logins()

    def _print_logins(self) -> None:
        User = get_user_model()
        labels = dict(Role.choices)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        width = max(len(spec.username) for spec in USERS)
        for spec in USERS:
            account = User.objects.filter(username=spec.username).first()
            if account is None:  # pragma: no cover - created above
                continue
            provinces = ", ".join(account.provinces.values_list("name", flat=True))
            if account.sees_all_provinces:
                provinces = "all provinces"
            self.stdout.write(
                f"  {spec.username:<{width}}  {account.full_name} - "
                f"{labels[spec.role.value]} - {provinces or 'no province'}"
            )
