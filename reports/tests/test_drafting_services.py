"""The drafting services of a report: who may draft (the team and Civil Affairs), when (the
report is a draft or returned), what they check, and one audit entry each.

The fixtures here are shared with ``test_editor_views.py`` (imported there).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from jpt.accounts.choices import Sex
from jpt.accounts.roles import Role
from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from missions import services as mission_services
from missions.choices import MissionStatus, StakeholderCategory, TeamRole
from reports import services
from reports.choices import (
    Addressee,
    AgeGroup,
    Category,
    PerpetratorCategory,
    Priority,
    ReportStatus,
    ServiceAccess,
    SurvivorSex,
    ThreatType,
    Trend,
)
from reports.models import (
    ContingencyContact,
    IncidentCount,
    ProtectionPlan,
    Recommendation,
    Report,
    SafeArea,
    SexualViolenceAnalysis,
    Threat,
)

pytestmark = pytest.mark.django_db

MANDATE = "Assess threats to civilians around Ntoto; include the Annex 2 analysis."
PHONE = "+243 997 123 456"


# --------------------------------------------------------------------------------------------
# Fixtures (shared with test_editor_views.py)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def planned_mission(submitted_request, ca_officer):
    """A Nord-Kivu mission (Walikale / Ntoto) led by ``ca_officer``, in planning."""
    mission = mission_services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate=MANDATE
    )
    mission.host_unit_commander = "Maj. Diallo"
    mission.save(update_fields=["host_unit_commander"])
    return mission


@pytest.fixture
def member(make_user, places):
    """A Nord-Kivu team member (the role), put on the team by ``mission``."""
    return make_user("team_nord", Role.TEAM_MEMBER, [places.nord_kivu], sex=Sex.MALE)


@pytest.fixture
def outsider(make_user, places):
    """A Nord-Kivu team member (the role) who is not on this team: sees the mission only."""
    return make_user("team_other", Role.TEAM_MEMBER, [places.nord_kivu])


@pytest.fixture
def mission(planned_mission, ca_officer, member):
    """``planned_mission`` deployed, with ``member`` on the team (accepted)."""
    invited = mission_services.team_add_member(
        mission=planned_mission,
        user=ca_officer,
        data={"role": TeamRole.HUMAN_RIGHTS, "member": member},
    )
    mission_services.team_respond(member=invited, user=member, accept=True)
    mission_services.mission_change_status(
        mission=planned_mission, user=ca_officer, status=MissionStatus.TEAM_FORMING
    )
    return mission_services.mission_change_status(
        mission=planned_mission, user=ca_officer, status=MissionStatus.DEPLOYED
    )


@pytest.fixture
def report(mission):
    """The mission's report, written directly (no audit entry), with its two section rows."""
    report = Report.objects.create(mission=mission, commander_coauthor="Maj. Diallo")
    SexualViolenceAnalysis.objects.create(report=report)
    ProtectionPlan.objects.create(report=report)
    return report


@pytest.fixture
def link(mission, ca_officer, places):
    """A woman leader on the key-stakeholder list, with a phone number."""
    return mission_services.stakeholder_add(
        mission=mission,
        user=ca_officer,
        data={
            "name": "Maman Furaha Bisimwa",
            "title": "Présidente",
            "organisation": "Association des femmes de Walikale",
            "sex": "female",
            "locality": places.ntoto,
            "phone": PHONE,
            "category": StakeholderCategory.WOMENS_LEADER,
            "agreed_to_contact": True,
        },
    )


def threat_data(places, **overrides) -> dict:
    data = {
        "threat_type": ThreatType.LOOTING,
        "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
        "perpetrator_name": "Mayi-Mayi Kifuafua",
        "localities": [places.ntoto, places.otobora],
        "period": "since August",
        "frequency": "on market days",
        "severity": 3,
        "trend": Trend.RISING,
        "narrative": "Armed men take goods from women on the road to the Ntoto market.",
    }
    data.update(overrides)
    return data


def recommendation_data(places, **overrides) -> dict:
    data = {
        "text": "Escort women to the Ntoto market every Thursday.",
        "category": Category.ESCORT_PATROL,
        "addressee": Addressee.FORCE,
        "addressee_detail": "COB Walikale",
        "priority": Priority.HIGH,
        "target_date": None,
        "localities": [places.ntoto],
    }
    data.update(overrides)
    return data


def sv_data(**overrides) -> dict:
    data = {
        "medical_access": ServiceAccess.LIMITED,
        "psychosocial_access": ServiceAccess.NONE,
        "legal_access": ServiceAccess.NONE,
        "services_notes": "Legal clinic in Walikale centre, 30 km away; no transport.",
        "risk_places_times": "The road to the market on Thursdays.",
        "patterns": "Attacks on women walking to the fields in the growing season.",
    }
    data.update(overrides)
    return data


def count_row(places, **overrides) -> dict:
    row = {
        "period": "August 2026",
        "locality": places.ntoto,
        "perpetrator_category": PerpetratorCategory.ARMED_GROUP,
        "age_group": AgeGroup.ADULT,
        "survivor_sex": SurvivorSex.FEMALE,
        "count": 12,
    }
    row.update(overrides)
    return row


def audit_count(report, action=None) -> int:
    entries = AuditEntry.objects.for_object(report)
    return entries.filter(action=action).count() if action else entries.count()


# --------------------------------------------------------------------------------------------
# report_start
# --------------------------------------------------------------------------------------------


def test_report_start_creates_the_report_and_its_sections(mission, member):
    report = services.report_start(mission=mission, user=member)
    assert report.status == ReportStatus.DRAFT
    assert report.commander_coauthor == "Maj. Diallo"  # the host unit's commander by default
    assert SexualViolenceAnalysis.objects.filter(report=report).exists()
    assert ProtectionPlan.objects.filter(report=report).exists()
    assert audit_count(report) == 1
    assert audit_count(report, AuditAction.REPORT_STARTED) == 1


@pytest.mark.parametrize("status", [MissionStatus.RETURNED, MissionStatus.REPORT_DRAFTING])
def test_report_start_after_the_field_visit(mission, ca_officer, status):
    mission_services.mission_change_status(
        mission=mission, user=ca_officer, status=MissionStatus.RETURNED
    )
    if status == MissionStatus.REPORT_DRAFTING:
        mission_services.mission_change_status(mission=mission, user=ca_officer, status=status)
    report = services.report_start(mission=mission, user=ca_officer)
    assert report.mission_id == mission.pk


def test_report_start_refused_before_deployment(planned_mission, ca_officer):
    with pytest.raises(InvalidTransition, match="deployed or back"):
        services.report_start(mission=planned_mission, user=ca_officer)
    assert not Report.objects.exists()


def test_one_report_per_mission(mission, ca_officer):
    services.report_start(mission=mission, user=ca_officer)
    with pytest.raises(InvalidTransition, match="already has its report"):
        services.report_start(mission=mission, user=ca_officer)
    assert Report.objects.filter(mission=mission).count() == 1


@pytest.mark.parametrize("who", ["kinshasa_smg", "cli", "outsider", "ca_officer_sud"])
def test_report_start_refused_to_non_contributors(request, mission, who):
    with pytest.raises(PermissionDenied):
        services.report_start(mission=mission, user=request.getfixturevalue(who))
    assert not Report.objects.exists()


# --------------------------------------------------------------------------------------------
# Rights and state, for every drafting service
# --------------------------------------------------------------------------------------------


def _call_each(report, user, places, link):
    """Call every drafting service once; return the names that succeeded."""
    threat = Threat.objects.filter(report=report).first()
    rec = Recommendation.objects.filter(report=report).first()
    calls = {
        "report_update": lambda: services.report_update(
            report=report, user=user, data={"plan_of_action": "Patrols."}
        ),
        "threat_add": lambda: services.threat_add(
            report=report, user=user, data=threat_data(places)
        ),
        "threat_update": lambda: services.threat_update(
            threat=threat, user=user, data={"severity": 4}
        ),
        "sv_analysis_update": lambda: services.sv_analysis_update(
            report=report, user=user, data=sv_data(), incident_counts=[count_row(places)]
        ),
        "protection_plan_update": lambda: services.protection_plan_update(
            report=report,
            user=user,
            data={"priorities": "Market escorts."},
            safe_areas=[],
            escort_points=[],
            vulnerable_areas=[],
            contingency_contacts=None,
        ),
        "recommendation_add": lambda: services.recommendation_add(
            report=report, user=user, data=recommendation_data(places)
        ),
        "recommendation_update": lambda: services.recommendation_update(
            recommendation=rec, user=user, data={"priority": Priority.LOW}
        ),
        "recommendation_remove": lambda: services.recommendation_remove(
            recommendation=rec, user=user
        ),
        "threat_remove": lambda: services.threat_remove(threat=threat, user=user),
    }
    return calls


@pytest.fixture
def drafted(report, ca_officer, places):
    services.threat_add(report=report, user=ca_officer, data=threat_data(places))
    services.recommendation_add(report=report, user=ca_officer, data=recommendation_data(places))
    return report


@pytest.mark.parametrize("who", ["member", "ca_officer"])
def test_the_team_and_civil_affairs_may_draft(request, drafted, places, link, who):
    user = request.getfixturevalue(who)
    before = audit_count(drafted)
    calls = _call_each(drafted, user, places, link)
    for name, call in calls.items():
        call()
        # One audit entry per call.
        assert audit_count(drafted) == before + 1, name
        before += 1


@pytest.mark.parametrize("who", ["kinshasa_smg", "cli", "outsider", "ca_officer_sud", "analyst"])
def test_others_may_not_draft(request, drafted, places, link, who):
    user = request.getfixturevalue(who)
    before = audit_count(drafted)
    for name, call in _call_each(drafted, user, places, link).items():
        with pytest.raises(PermissionDenied):
            call()
            pytest.fail(f"{name} did not refuse")
    assert audit_count(drafted) == before


@pytest.mark.parametrize("status", [ReportStatus.IN_REVIEW, ReportStatus.APPROVED])
def test_a_report_in_review_or_approved_cannot_change(drafted, member, places, link, status):
    Report.objects.filter(pk=drafted.pk).update(status=status)
    before = audit_count(drafted)
    for name, call in _call_each(drafted, member, places, link).items():
        with pytest.raises(InvalidTransition, match="cannot change"):
            call()
            pytest.fail(f"{name} did not refuse")
    assert audit_count(drafted) == before
    assert Threat.objects.filter(report=drafted).count() == 1
    assert Recommendation.objects.filter(report=drafted).count() == 1


def test_a_returned_report_can_change(drafted, member, places):
    Report.objects.filter(pk=drafted.pk).update(status=ReportStatus.RETURNED)
    drafted.refresh_from_db()
    services.report_update(report=drafted, user=member, data={"plan_of_action": "Revised."})
    drafted.refresh_from_db()
    assert drafted.plan_of_action == "Revised."


# --------------------------------------------------------------------------------------------
# Report, threats
# --------------------------------------------------------------------------------------------


def test_report_update(report, member):
    services.report_update(
        report=report,
        user=member,
        data={"commander_coauthor": "  Lt-Col. Mbaye ", "plan_of_action": "Daily patrols."},
    )
    report.refresh_from_db()
    assert report.commander_coauthor == "Lt-Col. Mbaye"
    assert report.plan_of_action == "Daily patrols."
    entry = AuditEntry.objects.for_object(report).get()
    assert entry.action == AuditAction.REPORT_EDITED
    assert entry.details["fields"] == ["commander_coauthor", "plan_of_action"]
    assert "Daily patrols" not in str(entry.details)  # field names only


def test_threat_add_update_remove(report, member, places):
    threat = services.threat_add(report=report, user=member, data=threat_data(places))
    assert set(threat.localities.all()) == {places.ntoto, places.otobora}
    assert threat.severity == 3
    services.threat_update(
        threat=threat, user=member, data={"severity": 4, "localities": [places.nyabiondo]}
    )
    threat.refresh_from_db()
    assert threat.severity == 4
    assert list(threat.localities.all()) == [places.nyabiondo]
    services.threat_remove(threat=threat, user=member)
    assert not Threat.objects.filter(report=report).exists()
    assert audit_count(report, AuditAction.REPORT_EDITED) == 3


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"perpetrator_name": ""}, "perpetrator_name", "Name the armed group"),
        ({"localities": []}, "localities", "at least one location"),
        ({"localities": "matili"}, "localities", "mission's province"),
        ({"severity": 5}, "severity", "1 (low) to 4"),
        ({"narrative": "  "}, "narrative", "Describe the threat"),
        ({"period": ""}, "period", "Give the period"),
        ({"threat_type": "volcano"}, "threat_type", None),
    ],
)
def test_threat_validation(report, member, places, overrides, field, message):
    if overrides.get("localities") == "matili":
        overrides["localities"] = [places.matili]  # Sud-Kivu
    with pytest.raises(ValidationError) as caught:
        services.threat_add(report=report, user=member, data=threat_data(places, **overrides))
    assert field in caught.value.message_dict
    if message:
        assert any(message in m for m in caught.value.message_dict[field])
    assert not Threat.objects.exists()
    assert audit_count(report) == 0


# --------------------------------------------------------------------------------------------
# Sexual-violence analysis
# --------------------------------------------------------------------------------------------


def test_sv_analysis_update_replaces_the_counts(report, member, places):
    analysis = services.sv_analysis_update(
        report=report,
        user=member,
        data=sv_data(),
        incident_counts=[count_row(places), count_row(places, age_group=AgeGroup.CHILD, count=3)],
    )
    assert analysis.is_filled
    assert analysis.incident_counts.count() == 2
    services.sv_analysis_update(
        report=report,
        user=member,
        data=sv_data(patterns="Fewer attacks since the patrols."),
        incident_counts=[count_row(places, count=5)],
    )
    analysis.refresh_from_db()
    assert analysis.patterns == "Fewer attacks since the patrols."
    assert list(IncidentCount.objects.values_list("count", flat=True)) == [5]
    entries = AuditEntry.objects.for_object(report)
    assert entries.count() == 2
    assert "Fewer attacks" not in str([e.details for e in entries])


def test_sv_analysis_has_no_field_for_an_identifier():
    names = {f.name for f in SexualViolenceAnalysis._meta.get_fields()} | {
        f.name for f in IncidentCount._meta.get_fields()
    }
    assert not {n for n in names if "name" in n or "phone" in n or "identif" in n}


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"count": 0}, "1 or more"),
        ({"locality": "matili"}, "mission's province"),
        ({"locality": None}, "Choose a locality"),
        ({"age_group": "elderly"}, None),
    ],
)
def test_sv_analysis_bad_counts(report, member, places, row, message):
    if row.get("locality") == "matili":
        row["locality"] = places.matili
    with pytest.raises(ValidationError) as caught:
        services.sv_analysis_update(
            report=report,
            user=member,
            data=sv_data(),
            incident_counts=[count_row(places), count_row(places, **row)],
        )
    errors = caught.value.message_dict["incident_counts"]
    assert all(e.startswith("Row 2:") for e in errors)
    if message:
        assert any(message in e for e in errors)
    assert not IncidentCount.objects.exists()
    assert audit_count(report) == 0


def test_sv_analysis_bad_access_value(report, member, places):
    with pytest.raises(ValidationError) as caught:
        services.sv_analysis_update(
            report=report, user=member, data=sv_data(legal_access="maybe"), incident_counts=[]
        )
    assert "legal_access" in caught.value.message_dict


# --------------------------------------------------------------------------------------------
# Community protection plan
# --------------------------------------------------------------------------------------------


def plan_kwargs(places, link, **overrides) -> dict:
    kwargs = {
        "data": {
            "priorities": "Escorts on market days.",
            "local_authority_roles": "The chef de groupement alerts the COB.",
            "early_warning": "Church bells, then the CLI calls the COB.",
            "womens_organizations_consulted": True,
            "womens_organizations": "Association des femmes de Walikale",
        },
        "safe_areas": [
            {
                "name": "Ntoto parish",
                "locality": places.ntoto,
                "latitude": Decimal("-1.07"),
                "longitude": Decimal("28.01"),
                "capacity": 300,
            },
            {"name": "School", "locality": places.otobora},
        ],
        "escort_points": [{"place": "Ntoto bridge", "day_time": "Thursdays 6:00"}],
        "vulnerable_areas": [{"place": "Road to the fields", "why": "Attacks", "when": "Dawn"}],
        "contingency_contacts": [
            {"stakeholder": link, "how_to_reach": "Phone, or the CLI", "when": "Any time"}
        ],
    }
    kwargs.update(overrides)
    return kwargs


def test_protection_plan_update_replaces_the_lists(report, member, places, link):
    plan = services.protection_plan_update(report=report, user=member, **plan_kwargs(places, link))
    assert plan.womens_organizations_consulted
    assert plan.safe_areas.count() == 2
    assert plan.escort_points.count() == 1
    assert plan.vulnerable_areas.count() == 1
    assert plan.contingency_contacts.get().stakeholder == link
    services.protection_plan_update(
        report=report,
        user=member,
        **plan_kwargs(places, link, safe_areas=[], contingency_contacts=None),
    )
    assert not SafeArea.objects.exists()
    assert ContingencyContact.objects.count() == 1  # None keeps the contacts
    entries = AuditEntry.objects.for_object(report)
    assert entries.count() == 2
    assert "Phone, or the CLI" not in str([e.details for e in entries])


@pytest.mark.parametrize(
    ("overrides", "key", "message"),
    [
        ({"latitude": Decimal("95")}, "safe_areas", "latitude must be between"),
        ({"longitude": Decimal("-181")}, "safe_areas", "longitude must be between"),
        ({"longitude": None}, "safe_areas", "both latitude and longitude"),
        ({"locality": "matili"}, "safe_areas", "mission's province"),
        ({"name": ""}, "safe_areas", None),
    ],
)
def test_safe_area_validation(report, member, places, link, overrides, key, message):
    if overrides.get("locality") == "matili":
        overrides["locality"] = places.matili
    area = {**plan_kwargs(places, link)["safe_areas"][0], **overrides}
    with pytest.raises(ValidationError) as caught:
        services.protection_plan_update(
            report=report, user=member, **plan_kwargs(places, link, safe_areas=[area])
        )
    errors = caught.value.message_dict[key]
    assert errors[0].startswith("Row 1:")
    if message:
        assert any(message in e for e in errors)
    assert not SafeArea.objects.exists()


def test_contingency_contact_must_be_a_stakeholder_of_this_mission(
    report, member, places, link, make_user, request_details, ca_officer
):
    requester2 = make_user("requester2", Role.REQUESTER, [places.nord_kivu])
    other = mission_services.request_approve(
        jpt_request=mission_services.request_submit(
            user=requester2, details=request_details(title="Rumours in Otobora")
        ),
        user=ca_officer,
        mandate=MANDATE,
    )
    foreign = mission_services.stakeholder_add(
        mission=other,
        user=ca_officer,
        data={
            "name": "Mwami Kalinda",
            "sex": "male",
            "locality": places.ntoto,
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
        },
    )
    with pytest.raises(ValidationError) as caught:
        services.protection_plan_update(
            report=report,
            user=member,
            **plan_kwargs(
                places,
                link,
                contingency_contacts=[{"stakeholder": foreign, "how_to_reach": "Runner"}],
            ),
        )
    assert "key-stakeholder list" in caught.value.message_dict["contingency_contacts"][0]


def test_womens_organizations_named_when_consulted(report, member, places, link):
    kwargs = plan_kwargs(places, link)
    kwargs["data"]["womens_organizations"] = ""
    with pytest.raises(ValidationError) as caught:
        services.protection_plan_update(report=report, user=member, **kwargs)
    assert "womens_organizations" in caught.value.message_dict


def test_contingency_contacts_need_the_contact_right(report, places, link, make_user):
    """An administrator manages every mission (so may draft) but may not see contacts."""
    administrator = make_user("admin_jpt", Role.ADMINISTRATOR)
    with pytest.raises(PermissionDenied):
        services.protection_plan_update(
            report=report, user=administrator, **plan_kwargs(places, link)
        )
    services.protection_plan_update(
        report=report,
        user=administrator,
        **plan_kwargs(places, link, contingency_contacts=None),
    )


# --------------------------------------------------------------------------------------------
# Recommendations
# --------------------------------------------------------------------------------------------


def test_recommendation_add_update_remove(report, member, places):
    rec = services.recommendation_add(report=report, user=member, data=recommendation_data(places))
    assert rec.status == "draft"
    assert rec.current_text == rec.text
    assert list(rec.localities.all()) == [places.ntoto]
    services.recommendation_update(
        recommendation=rec,
        user=member,
        data={"text": "Escort women to the market on Thursdays and Saturdays."},
    )
    rec.refresh_from_db()
    assert rec.text == rec.current_text == "Escort women to the market on Thursdays and Saturdays."
    services.recommendation_remove(recommendation=rec, user=member)
    assert not Recommendation.objects.exists()
    assert audit_count(report, AuditAction.RECOMMENDATION_ADDED) == 1
    assert audit_count(report, AuditAction.RECOMMENDATION_EDITED) == 1
    assert audit_count(report, AuditAction.RECOMMENDATION_REMOVED) == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"text": " "}, "text"),
        ({"localities": []}, "localities"),
        ({"localities": "matili"}, "localities"),
        ({"category": "bribes"}, "category"),
        ({"priority": ""}, "priority"),
    ],
)
def test_recommendation_validation(report, member, places, overrides, field):
    if overrides.get("localities") == "matili":
        overrides["localities"] = [places.matili]
    with pytest.raises(ValidationError) as caught:
        services.recommendation_add(
            report=report, user=member, data=recommendation_data(places, **overrides)
        )
    assert field in caught.value.message_dict
    assert not Recommendation.objects.exists()
    assert audit_count(report) == 0
