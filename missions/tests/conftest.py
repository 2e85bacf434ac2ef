"""Fixtures local to the missions tests (the shared ones live in the top-level conftest.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from jpt.accounts.roles import Role
from missions.choices import RequesterKind, Trigger, Urgency

from .factories import JptRequestFactory


@pytest.fixture
def team_member(make_user, places):
    """A Nord-Kivu team member: sees requests, may neither file nor decide them."""
    return make_user("team_nord", Role.TEAM_MEMBER, [places.nord_kivu])


@pytest.fixture
def requester_sud(make_user, places):
    return make_user("requester_sud", Role.REQUESTER, [places.sud_kivu])


@pytest.fixture
def requester_both(make_user, places):
    """A requester working in both Kivus (so the form accepts either province's territories)."""
    return make_user("requester_both", Role.REQUESTER, [places.nord_kivu, places.sud_kivu])


@pytest.fixture
def scene(places, requester, requester_sud):
    """Three request rows written directly (no audit entries, no e-mails).

    ``nord``: submitted, filed by ``requester``; ``sud``: submitted, filed by ``requester_sud``;
    ``decided``: approved, filed by ``requester``.
    """
    return SimpleNamespace(
        nord=JptRequestFactory(
            requested_by=requester,
            territory=places.walikale,
            localities=[places.ntoto],
            title="Attack on Ntoto",
        ),
        sud=JptRequestFactory(
            requested_by=requester_sud,
            territory=places.shabunda,
            localities=[places.matili],
            title="Displacement around Matili",
        ),
        decided=JptRequestFactory(
            approved=True,
            requested_by=requester,
            territory=places.masisi,
            localities=[places.nyabiondo],
            title="Rumours in Nyabiondo",
        ),
    )


@pytest.fixture
def form_data(places):
    """Builder of a valid POST body for the request form; keyword arguments override fields.

    Pass ``None`` as a value to leave a field out of the POST.
    """

    def build(**overrides) -> dict:
        start = timezone.localdate() + timedelta(days=30)
        data = {
            "title": "Attack on Ntoto",
            "requester_kind": RequesterKind.SENIOR_MANAGEMENT.value,
            "requesting_office": "",
            "requesting_section": "",
            "trigger": Trigger.ATTACK.value,
            "trigger_details": "",
            "province": str(places.nord_kivu.pk),
            "territory": str(places.walikale.pk),
            "localities": [str(places.ntoto.pk)],
            "new_localities": "",
            "nearest_base": str(places.walikale_cob.pk),
            "reason": "Armed men attacked Ntoto market; about 200 families fled to Otobora.",
            "start_date": start.isoformat(),
            "end_date": (start + timedelta(days=6)).isoformat(),
            "urgency": Urgency.HIGH.value,
            "previous_request": "",
        }
        data.update(overrides)
        return {key: value for key, value in data.items() if value is not None}

    return build
