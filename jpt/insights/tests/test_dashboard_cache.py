"""The dashboard's figures are kept five minutes per period and set of provinces, and its
drawn tables per computation and kind of reader: what one user saw is never what another may
not see (another scope, links to records for an analyst)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from jpt.insights import views

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("insights:dashboard")
MARCH = {"month": "2026-03"}
RECORD_LINK = re.compile(r'href="/(missions|recommendations|follow-up)/[^"]*\?')


def missions_shown(html: str) -> str:
    row = re.search(r"JPT missions \(departures\)</th>\s*<td[^>]*>(.*?)</td>", html, re.S)
    assert row, "the headline row"
    return re.sub(r"<[^>]+>", "", row.group(1)).strip()


def test_the_figures_are_computed_once_per_scope(
    client, world, ca_officer, kinshasa_smg, monkeypatch
):
    calls = []
    compute = views.compute_figures
    monkeypatch.setattr(
        views, "compute_figures", lambda *a, **k: calls.append(a) or compute(*a, **k)
    )
    client.force_login(ca_officer)
    first = client.get(DASHBOARD, MARCH).content.decode()
    again = client.get(DASHBOARD, MARCH).content.decode()
    assert len(calls) == 1
    assert missions_shown(first) == missions_shown(again) == "3"  # Nord-Kivu's
    client.force_login(kinshasa_smg)
    everywhere = client.get(DASHBOARD, MARCH).content.decode()
    assert len(calls) == 2  # every province: not the officer's figures
    assert missions_shown(everywhere) == "4"


def test_an_analyst_never_gets_the_drawing_with_links(client, world, kinshasa_smg, analyst):
    client.force_login(kinshasa_smg)
    assert RECORD_LINK.search(client.get(DASHBOARD, MARCH).content.decode())
    client.force_login(analyst)  # the same figures (every province), drawn without links
    html = client.get(DASHBOARD, MARCH).content.decode()
    assert missions_shown(html) == "4"
    assert not RECORD_LINK.search(html)
    client.force_login(kinshasa_smg)
    assert RECORD_LINK.search(client.get(DASHBOARD, MARCH).content.decode())


def test_the_page_says_when_the_figures_were_computed(client, world, ca_officer):
    client.force_login(ca_officer)
    response = client.get(DASHBOARD, MARCH)
    computed = timezone.localtime(response.context["computed_at"])
    assert f"Computed from the records at {computed:%H:%M}" in response.content.decode()
