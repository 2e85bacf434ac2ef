"""Spotting personal identifiers in free text, and the warning before the sexual-violence
analysis or a threat narrative is saved with one."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reports.forms import SexualViolenceAnalysisForm
from reports.models import SexualViolenceAnalysis, Threat
from reports.pii import find_in_fields, find_personal_identifiers

from . import test_drafting_services as shared

# Fixtures shared with the service tests.
planned_mission = shared.planned_mission
mission = shared.mission
member = shared.member
report = shared.report


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Call +243 99 000 0001 for details.", ["+243 99 000 0001"]),
        ("Her number is 0991234567.", ["0991234567"]),
        ("Tel 099-123-4567", ["099-123-4567"]),
        ("Tel 099.123.4567", ["099.123.4567"]),
        ("+243811000222", ["+243811000222"]),
        ("Write to furaha.b@example.org please", ["furaha.b@example.org"]),
        ("Name: Furaha Bisimwa", ["Name: Furaha Bisimwa"]),
        ("nom : Mapendo Kahindo", ["nom : Mapendo Kahindo"]),
        ("NOM: Mapendo", ["NOM: Mapendo"]),
        ("victim: Aline M.", ["victim: Aline M."]),
        ("victime : Anne-Marie", ["victime : Anne-Marie"]),
        ("survivor:Jeanne", ["survivor:Jeanne"]),
        ("Survivante : Espérance", ["Survivante : Espérance"]),
        (
            "Reached at 0991234567 or mama@ong.cd; name: Zawadi",
            ["0991234567", "mama@ong.cd", "name: Zawadi"],
        ),
        ("0991234567 and again 0991234567", ["0991234567"]),  # each once
    ],
)
def test_identifiers_are_found(text, expected):
    assert find_personal_identifiers(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "The legal clinic is 30 km away.",
        "Since January 2026, attacks rose.",
        "15 women and 3 girls were attacked in August.",
        "victims: 15 women",
        "Between 2025-2026 the patrols doubled.",
        "On 12-08-2026 and 14.08.2026.",
        "About 1 200 000 people live in the territory.",
        "The name of the road is not known.",
        "300 villagers reached the agreed zone unharmed.",
        "Women are attacked on the road to the market on Thursdays at 6:00.",
        "Reported incidents: 12 (adults), 3 (children).",
    ],
)
def test_aggregates_are_not_identifiers(text):
    assert find_personal_identifiers(text) == []


def test_find_in_fields():
    found = find_in_fields({"patterns": "name: Aline", "services_notes": "30 km away"})
    assert found == {"patterns": ["name: Aline"]}


def test_sv_form_holds_back_identifiers_until_checked():
    data = {"patterns": "Survivor: Aline, phone 0991234567", "services_notes": "30 km"}
    form = SexualViolenceAnalysisForm(data)
    assert not form.is_valid()
    assert form.pii_warning
    assert form.pii_found[0][1] == ["Survivor: Aline", "0991234567"]
    assert "personal identifier" in form.non_field_errors()[0]
    form = SexualViolenceAnalysisForm({**data, "pii_checked": "on"})
    assert form.is_valid()
    assert "pii_checked" not in form.service_data()


def test_clean_text_saves_at_once():
    form = SexualViolenceAnalysisForm({"patterns": "15 women attacked on the road, 30 km"})
    assert form.is_valid()
    assert not form.pii_warning


# --------------------------------------------------------------------------------------------
# The warning flow through the pages
# --------------------------------------------------------------------------------------------

SV_POST = {
    "medical_access": "limited",
    "psychosocial_access": "none",
    "legal_access": "none",
    "services_notes": "Legal clinic in Walikale centre, 30 km away.",
    "risk_places_times": "The road to the market on Thursdays.",
    "patterns": "Victime : Aline Mapendo, 17 ans, joignable au +243 99 000 0001.",
    "counts-TOTAL_FORMS": "1",
    "counts-INITIAL_FORMS": "0",
    "counts-MIN_NUM_FORMS": "0",
    "counts-MAX_NUM_FORMS": "1000",
    "counts-0-period": "",
    "counts-0-locality": "",
    "counts-0-perpetrator_category": "",
    "counts-0-age_group": "",
    "counts-0-survivor_sex": "",
    "counts-0-count": "",
}


def test_sv_page_warns_then_saves_once_confirmed(client, report, member):
    client.force_login(member)
    url = reverse("reports:sv_analysis", args=[report.pk])
    response = client.post(url, SV_POST)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="pii-warning"' in html
    assert "+243 99 000 0001" in html
    assert "I have checked: no personal identifier" in html
    # Nothing typed is lost.
    assert "Legal clinic in Walikale centre, 30 km away." in html
    assert "Victime : Aline Mapendo" in html
    assert SexualViolenceAnalysis.objects.get(report=report).patterns == ""

    response = client.post(url, {**SV_POST, "pii_checked": "on"})
    assert response.status_code == 302
    assert SexualViolenceAnalysis.objects.get(report=report).patterns.startswith("Victime")


def test_sv_page_without_identifiers_saves_at_once(client, report, member):
    client.force_login(member)
    url = reverse("reports:sv_analysis", args=[report.pk])
    response = client.post(url, {**SV_POST, "patterns": "Attacks on women in the fields."})
    assert response.status_code == 302
    analysis = SexualViolenceAnalysis.objects.get(report=report)
    assert analysis.patterns == "Attacks on women in the fields."
    assert analysis.is_filled


def test_threat_narrative_warning(client, report, member, places):
    client.force_login(member)
    url = reverse("reports:threat_create", args=[report.pk])
    data = {
        "threat_type": "abduction",
        "perpetrator_category": "unknown",
        "perpetrator_name": "",
        "localities": [str(places.ntoto.pk)],
        "period": "since August",
        "frequency": "",
        "severity": "3",
        "trend": "rising",
        "narrative": "Name: Kahindo was taken near the river; her brother: 0812345678.",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="pii-warning"' in response.content.decode()
    assert not Threat.objects.exists()
    response = client.post(url, {**data, "pii_checked": "on"})
    assert response.status_code == 302
    assert Threat.objects.count() == 1
