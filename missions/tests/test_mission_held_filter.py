"""The mission list's consultation filters (``MissionFilter``: ``held``, ``held_from``,
``held_to``): the missions with one meeting of that type held in those local days, the type
and the dates being of the same meeting (the indicators' "Missions" column of the meetings by
type links here)."""

from __future__ import annotations

from datetime import date, datetime, time
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from missions.choices import ConsultationType
from tests.factories import ConsultationFactory, MissionFactory

pytestmark = pytest.mark.django_db

LEADERS = ConsultationType.LOCAL_LEADERS
WOMEN = ConsultationType.LOCAL_WOMEN


def local(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def scene(places):
    """Nord-Kivu: ``early`` met local women in February and local leaders in March; ``late``
    met local leaders at 23:30 on 31 March and local women at 00:30 on 1 April; ``quiet`` held
    no meeting. Sud-Kivu: ``sud`` met local women on 10 March."""

    def mission():
        return MissionFactory(request__territory=places.walikale, deployed=True)

    early, late, quiet = mission(), mission(), mission()
    sud = MissionFactory(request__territory=places.shabunda, deployed=True)
    ConsultationFactory(mission=early, held_at=local(date(2026, 2, 20)), local_women=True)
    ConsultationFactory(mission=early, held_at=local(date(2026, 3, 5)))
    ConsultationFactory(mission=late, held_at=local(date(2026, 3, 31), 23, 30))
    ConsultationFactory(mission=late, held_at=local(date(2026, 4, 1), 0, 30), local_women=True)
    ConsultationFactory(mission=sud, held_at=local(date(2026, 3, 10)), local_women=True)
    return SimpleNamespace(early=early, late=late, quiet=quiet, sud=sud)


def listed(client, **query) -> set:
    response = client.get(reverse("missions:mission_list"), query)
    assert response.status_code == 200
    assert not response.context["filter"].errors
    return {m.pk for m in response.context["paginator"].object_list}


MARCH = {"held_from": "2026-03-01", "held_to": "2026-03-31"}


def test_type_and_dates_are_of_the_same_meeting(client, kinshasa_smg, scene):
    """``early`` met local women (February) and held a meeting in March, but no meeting with
    local women in March: not listed for it; ``late``'s meeting with women is April's."""
    client.force_login(kinshasa_smg)
    assert listed(client, held=WOMEN, **MARCH) == {scene.sud.pk}
    assert listed(client, held=LEADERS, **MARCH) == {scene.early.pk, scene.late.pk}
    assert listed(client, held=WOMEN, held_from="2026-02-01", held_to="2026-02-28") == {
        scene.early.pk
    }


def test_without_a_type_any_meeting_in_the_dates(client, kinshasa_smg, scene):
    client.force_login(kinshasa_smg)
    assert listed(client, **MARCH) == {scene.early.pk, scene.late.pk, scene.sud.pk}
    assert listed(client, held=WOMEN) == {scene.early.pk, scene.late.pk, scene.sud.pk}
    assert listed(client, held_from="2026-04-01") == {scene.late.pk}
    assert listed(client, held_to="2026-02-28") == {scene.early.pk}
    # No meeting held: no mission, whatever else matches; no filter: every mission.
    assert scene.quiet.pk not in listed(client, held_from="2020-01-01")
    assert scene.quiet.pk in listed(client)


def test_the_edges_are_local_days(client, kinshasa_smg, scene):
    """23:30 on 31 March is 31 March; 00:30 on 1 April is 1 April (local time)."""
    client.force_login(kinshasa_smg)
    last_day = {"held_from": "2026-03-31", "held_to": "2026-03-31"}
    first_day = {"held_from": "2026-04-01", "held_to": "2026-04-01"}
    assert listed(client, held=LEADERS, **last_day) == {scene.late.pk}
    assert listed(client, held=WOMEN, **last_day) == set()
    assert listed(client, held=WOMEN, **first_day) == {scene.late.pk}


def test_scoped_and_with_the_province(client, ca_officer, kinshasa_smg, places, scene):
    """The Nord-Kivu officer never sees Sud-Kivu's mission; the province narrows too."""
    client.force_login(ca_officer)
    assert listed(client, held=WOMEN, **MARCH) == set()
    client.force_login(kinshasa_smg)
    nord = {"province": places.nord_kivu.pk}
    assert listed(client, held=WOMEN, **MARCH, **nord) == set()
    assert listed(client, held=LEADERS, **MARCH, **nord) == {scene.early.pk, scene.late.pk}


def test_one_exists_however_many_meetings(client, kinshasa_smg, scene):
    """A mission with several matching meetings is listed once."""
    ConsultationFactory(mission=scene.early, held_at=local(date(2026, 3, 6)))
    client.force_login(kinshasa_smg)
    response = client.get(reverse("missions:mission_list"), {"held": LEADERS, **MARCH})
    assert response.context["paginator"].count == 2
