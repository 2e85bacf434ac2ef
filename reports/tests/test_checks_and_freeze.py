"""Submission checks of a report, and the frozen copy kept at approval (content, hash, tamper
detection, immutability)."""

from __future__ import annotations

import copy
import json
from datetime import datetime

import pytest
from django.utils import timezone

from missions.choices import ConsultationType
from missions.models import Consultation
from reports.checks import blocking_checks, submission_checks
from reports.choices import AgeGroup, Decision, PerpetratorCategory, SurvivorSex
from reports.freeze import canonical_json, content_hash, freeze_report, report_content, verify
from reports.models import (
    EscortPoint,
    IncidentCount,
    ProtectionPlan,
    Recommendation,
    ReportVersion,
    SafeArea,
)
from reports.services import recommendation_decide, report_submit

from .conftest import MAN_PHONE, WOMAN_PHONE

pytestmark = pytest.mark.django_db

# The review-chain fixtures (reviewers, the report builder) come from this folder's conftest.

T0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def codes(report) -> dict[str, bool]:
    return {check.code: check.blocking for check in submission_checks(report)}


def women_meeting(report, places):
    return Consultation.objects.create(
        mission=report.mission,
        held_at=T0,
        kind=ConsultationType.LOCAL_WOMEN,
        locality=places.ntoto,
        women=23,
        men=0,
        topics="Safety on the road to the fields.",
        concerns="Soldiers at the checkpoint on market days.",
        recorded_by=report.mission.lead,
    )


# --- submission checks ----------------------------------------------------------------------


def test_complete_report_has_only_the_two_warnings(make_report):
    report = make_report()
    assert codes(report) == {"no_women_meeting": False, "no_womens_organization": False}
    assert blocking_checks(report) == []


def test_warnings_go_away(make_report, places):
    report = make_report()
    women_meeting(report, places)
    ProtectionPlan.objects.create(
        report=report,
        womens_organizations_consulted=True,
        womens_organizations="Association des mamans de Ntoto",
    )
    assert codes(report) == {}


def test_plan_without_womens_organization_still_warns(make_report):
    report = make_report()
    ProtectionPlan.objects.create(report=report, priorities="Escorts on market days.")
    assert codes(report)["no_womens_organization"] is False


@pytest.mark.parametrize(
    ("options", "code"),
    [
        ({"sv_analysis": False}, "sv_analysis"),
        ({"sv_filled": False}, "sv_analysis"),
        ({"threats": 0}, "threats"),
        ({"recommendations": 0}, "recommendations"),
        ({"woman_stakeholder": False}, "stakeholder_women"),
    ],
)
def test_each_blocking_check(make_report, options, code):
    report = make_report(**options)
    assert [c.code for c in blocking_checks(report)] == [code]


@pytest.mark.parametrize("missing", ["medical_access", "psychosocial_access", "legal_access"])
def test_sv_analysis_needs_the_three_access_fields(make_report, missing):
    report = make_report()
    setattr(report.sv_analysis, missing, "")
    report.sv_analysis.save()
    report.refresh_from_db()
    assert "sv_analysis" in codes(report)


def test_a_woman_met_but_not_a_woman_stakeholder_still_blocks(make_report, places):
    """A meeting with local women does not replace women on the key-stakeholder list."""
    report = make_report(woman_stakeholder=False)
    women_meeting(report, places)
    check = next(c for c in submission_checks(report) if c.code == "stakeholder_women")
    assert check.blocking
    assert "must include women" in check.message


# --- the frozen copy ------------------------------------------------------------------------


@pytest.fixture
def full_report(make_report, reviewers, places):
    report = make_report(recommendations=2)
    women_meeting(report, places)
    IncidentCount.objects.create(
        analysis=report.sv_analysis,
        period="August 2026",
        locality=places.ntoto,
        perpetrator_category=PerpetratorCategory.ARMED_GROUP,
        age_group=AgeGroup.ADULT,
        survivor_sex=SurvivorSex.FEMALE,
        count=7,
    )
    plan = ProtectionPlan.objects.create(
        report=report,
        priorities="Escorts to the market.",
        womens_organizations_consulted=True,
        womens_organizations="Association des mamans de Ntoto",
    )
    SafeArea.objects.create(plan=plan, name="Ntoto parish", locality=places.ntoto, capacity=300)
    EscortPoint.objects.create(plan=plan, place="Ntoto bridge", day_time="Thursday 6:00")
    report_submit(report=report, user=report.mission.lead, now=T0)
    first, second = Recommendation.objects.filter(report=report).order_by("id")
    recommendation_decide(
        recommendation=first, user=reviewers.hoo, decision=Decision.ENDORSE, now=T0
    )
    recommendation_decide(
        recommendation=second,
        user=reviewers.hoo,
        decision=Decision.REJECT,
        reason="Already in the brigade's plan.",
        now=T0,
    )
    return report


def test_content_of_the_frozen_copy(full_report, reviewers, places):
    content = report_content(full_report)

    assert content["report"] == full_report.reference
    assert content["mission"]["reference"] == full_report.mission.reference
    assert content["commander_coauthor"] == "Major Kabila, COB Walikale"
    [meeting] = content["meetings"]
    assert meeting["type"] == "Meeting with local women"
    assert meeting["women"] == 23
    assert meeting["concerns"] == "Soldiers at the checkpoint on market days."
    names = [s["name"] for s in content["stakeholders"]]
    assert len(names) == 2
    assert {s["sex"] for s in content["stakeholders"]} == {"female", "male"}
    for stakeholder in content["stakeholders"]:
        assert "phone" not in stakeholder
    [threat] = content["threats"]
    assert threat["localities"] == [str(places.ntoto)]
    assert threat["severity"] == 3
    analysis = content["sv_analysis"]
    assert analysis["patterns"] == "Attacks on women on the road to the fields."
    assert analysis["incident_counts"][0]["count"] == 7
    assert analysis["incident_counts"][0]["period"] == "August 2026"
    assert content["protection_plan"]["womens_organizations_consulted"] is True
    assert content["protection_plan"]["safe_areas"][0]["capacity"] == 300
    assert content["plan_of_action"].startswith("Share the findings")
    first, second = content["recommendations"]
    assert first["decisions"][0]["decision"] == "Endorse"
    assert first["decisions"][0]["by"] == str(reviewers.hoo)
    assert second["decisions"][0]["reason"] == "Already in the brigade's plan."
    assert second["status"] == "rejected"

    serialised = canonical_json(content)
    json.loads(serialised)
    assert WOMAN_PHONE not in serialised
    assert MAN_PHONE not in serialised
    assert "997 111 222" not in json.dumps(content)


def test_hash_follows_the_content(full_report):
    content = report_content(full_report)
    before = content_hash(content)
    assert before == content_hash(report_content(full_report))  # stable
    assert len(before) == 64

    threat = full_report.threats.get()
    threat.narrative = "Night raids on the market, now twice a week."
    threat.save()
    assert content_hash(report_content(full_report)) != before


def test_version_verifies_and_detects_tampering(full_report, reviewers):
    version = freeze_report(full_report, user=reviewers.kinshasa)
    assert version.number == 1
    assert version.content["version"] == 1
    assert version.sha256 == content_hash(version.content)
    assert verify(version)
    stored = ReportVersion.objects.get(pk=version.pk)
    assert verify(stored)
    assert WOMAN_PHONE not in canonical_json(stored.content)

    tampered = copy.deepcopy(stored)
    tampered.content["recommendations"][1]["status"] = "approved"
    assert not verify(tampered)
    stored.content["plan_of_action"] = "Nothing to do."
    assert not verify(stored)

    second = freeze_report(full_report, user=reviewers.kinshasa)
    assert second.number == 2


def test_version_cannot_be_saved_twice(full_report, reviewers):
    version = freeze_report(full_report, user=reviewers.kinshasa)
    version.content["plan_of_action"] = "Changed afterwards."
    with pytest.raises(TypeError):
        version.save()
    assert (
        ReportVersion.objects.get(pk=version.pk)
        .content["plan_of_action"]
        .startswith("Share the findings")
    )


def test_frozen_copy_leaves_out_decisions_of_a_level_that_returned_the_report(
    make_report, reviewers
):
    from reports.models import ProvinceChain
    from reports.services import report_return

    report = make_report(recommendations=2)
    ProvinceChain.objects.create(province=report.mission.province, final_level="provincial_smg")
    lead = report.mission.lead
    first, second = Recommendation.objects.filter(report=report).order_by("id")
    report_submit(report=report, user=lead)
    for rec in (first, second):
        recommendation_decide(recommendation=rec, user=reviewers.hoo, decision=Decision.ENDORSE)
    # At provincial level a reviewer rejects the first, then returns the report: not applied.
    recommendation_decide(
        recommendation=first,
        user=reviewers.provincial,
        decision=Decision.REJECT,
        reason="Not yet: see comments.",
    )
    report_return(report=report, user=reviewers.provincial, comment="Add the market days.")
    report_submit(report=report, user=lead)
    for rec in (first, second):
        recommendation_decide(
            recommendation=rec, user=reviewers.provincial, decision=Decision.ENDORSE
        )

    version = ReportVersion.objects.get(report=report)
    frozen = {r["id"]: r for r in version.content["recommendations"]}
    assert [d["decision"] for d in frozen[first.pk]["decisions"]] == ["Endorse", "Endorse"]
    assert "Not yet: see comments." not in json.dumps(version.content)
    assert verify(version)
