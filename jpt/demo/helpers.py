"""What the demo loaders share: fresh rows to pass to the services, places by name, story times.

The services cache permissions and the team on the instances they are given, and the demo acts
as many people one after the other: each call gets a fresh user and a fresh mission or report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils import timezone

from jpt.places.models import Locality
from missions.models import Mission
from reports.models import Report


@dataclass
class Loaded:
    """What one loader did: rows created, rows found from an earlier run, and what it skipped."""

    created: int = 0
    present: int = 0
    skipped: list[str] = field(default_factory=list)


def user(username: str):
    """A fresh user (permissions are cached on an instance; groups may have just been given)."""
    return get_user_model().objects.get(username=username)


def fresh_mission(mission: Mission) -> Mission:
    """A fresh mission (the permission checks cache the team on an instance)."""
    return Mission.objects.select_related("request", "lead").get(pk=mission.pk)


def fresh_report(mission: Mission) -> Report:
    """The mission's report, fresh (permission checks cache the team on the mission)."""
    return Report.objects.select_related("mission__request", "mission__lead").get(
        mission_id=mission.pk
    )


def locality(province: str, territory: str, name: str) -> Locality:
    """A gazetteer locality by its names."""
    try:
        return Locality.objects.select_related("territory__province").get(
            territory__province__name=province, territory__name=territory, name=name
        )
    except Locality.DoesNotExist as exc:
        raise CommandError(
            f"Locality {name!r} ({territory}, {province}) is not in the gazetteer; "
            "run `manage.py load_places` first."
        ) from exc


def locality_of(mission: Mission, name: str) -> Locality:
    """A locality of the mission's province, by name."""
    try:
        return Locality.objects.select_related("territory").get(
            territory__province_id=mission.province_id, name=name
        )
    except Locality.DoesNotExist as exc:
        raise CommandError(f"Locality {name!r} is not in the mission's province.") from exc


def localities_of(mission: Mission, names: tuple[str, ...]) -> list[Locality]:
    return [locality_of(mission, name) for name in names]


def days_from_today(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def local_time(day: date, hhmm: str) -> datetime:
    """``day`` at ``hhmm`` ("06:30"), local time of the mission (settings.TIME_ZONE)."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
