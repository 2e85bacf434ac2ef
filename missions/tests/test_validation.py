"""Rules on a request's content: blocking errors and planning warnings."""

from datetime import date, timedelta

import pytest

from jpt.accounts.choices import Section
from jpt.places.models import Locality
from missions.choices import RequesterKind, Trigger
from missions.validation import (
    RequestDetails,
    is_short_notice,
    request_errors,
    request_warnings,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 3, 2)


def dates(start_in: int, days: int) -> dict:
    start = TODAY + timedelta(days=start_in)
    return {"start_date": start, "end_date": start + timedelta(days=days - 1)}


def errors(details, *, is_new=True):
    return request_errors(details, today=TODAY, is_new=is_new)


def warnings(details):
    return request_warnings(details, today=TODAY)


@pytest.fixture
def details(request_details):
    """Valid details relative to TODAY: start in 30 days, 7 days long."""

    def build(**overrides):
        return request_details(**{**dates(30, 7), **overrides})

    return build


def test_valid_details_have_no_errors_and_no_warnings(details):
    assert errors(details()) == {}
    assert warnings(details()) == []


def test_end_before_start(details):
    start = TODAY + timedelta(days=30)
    result = errors(details(start_date=start, end_date=start - timedelta(days=1)))
    assert list(result) == ["end_date"]


def test_one_day_visit_is_allowed_but_warned(details):
    start = TODAY + timedelta(days=30)
    d = details(start_date=start, end_date=start)
    assert errors(d) == {}
    assert len(warnings(d)) == 1


def test_start_in_past_is_an_error_for_a_new_request(details):
    d = details(**dates(-1, 7))
    assert list(errors(d, is_new=True)) == ["start_date"]


def test_start_in_past_is_allowed_on_update(details):
    assert errors(details(**dates(-1, 7)), is_new=False) == {}


def test_start_today_is_allowed(details):
    assert errors(details(**dates(0, 7))) == {}


def test_territory_not_in_province(details, places):
    result = errors(details(province=places.sud_kivu))
    assert list(result) == ["territory"]
    assert "Walikale is not in Sud-Kivu" in result["territory"][0]


def test_locality_not_in_territory(details, places):
    result = errors(details(localities=[places.ntoto, places.nyabiondo]))
    assert list(result) == ["localities"]
    assert len(result["localities"]) == 1
    assert "Nyabiondo is not in Walikale" in result["localities"][0]


def test_no_locality(details):
    assert list(errors(details(localities=[]))) == ["localities"]


def test_new_locality_name_is_enough(details):
    assert errors(details(localities=[], new_locality_names=["Kibati"])) == {}


def test_field_office_without_office_name(details):
    assert list(errors(details(requester_kind=RequesterKind.FIELD_OFFICE))) == ["requesting_office"]
    assert (
        errors(details(requester_kind=RequesterKind.FIELD_OFFICE, requesting_office="Goma")) == {}
    )


def test_section_without_section(details):
    assert list(errors(details(requester_kind=RequesterKind.SECTION))) == ["requesting_section"]
    assert (
        errors(
            details(requester_kind=RequesterKind.SECTION, requesting_section=Section.HUMAN_RIGHTS)
        )
        == {}
    )


@pytest.mark.parametrize("trigger", [Trigger.EMERGENCY_OTHER, Trigger.RISK_OTHER])
def test_other_trigger_needs_details(details, trigger):
    assert list(errors(details(trigger=trigger))) == ["trigger_details"]
    assert list(errors(details(trigger=trigger, trigger_details="   "))) == ["trigger_details"]
    assert errors(details(trigger=trigger, trigger_details="Cattle raids")) == {}


@pytest.mark.parametrize(
    "trigger", [Trigger.ATTACK, Trigger.DISPLACEMENT, Trigger.RUMOURED_ATTACKS, Trigger.FOLLOW_UP]
)
def test_named_trigger_needs_no_details(details, trigger):
    assert errors(details(trigger=trigger)) == {}


def test_previous_request_needs_repeat_visit(details, submitted_request):
    assert list(errors(details(previous_request=submitted_request))) == ["is_repeat_visit"]
    d = details(previous_request=submitted_request, is_repeat_visit=True)
    assert errors(d) == {}


def test_several_errors_are_all_reported(details, places):
    result = errors(
        details(
            **dates(-3, -1),
            province=places.sud_kivu,
            localities=[],
            requester_kind=RequesterKind.FIELD_OFFICE,
            trigger=Trigger.RISK_OTHER,
        )
    )
    assert set(result) == {
        "end_date",
        "start_date",
        "territory",
        "localities",
        "requesting_office",
        "trigger_details",
    }


def test_four_day_visit_is_warned(details):
    result = warnings(details(**dates(30, 4)))
    assert len(result) == 1
    assert "4 day(s)" in result[0]


def test_five_day_visit_is_not_warned(details):
    assert warnings(details(**dates(30, 5))) == []


def test_start_in_ten_days_is_short_notice_for_an_assessment(details):
    result = warnings(details(trigger=Trigger.RUMOURED_ATTACKS, **dates(10, 7)))
    assert len(result) == 1
    assert result[0].startswith("Short notice")
    assert is_short_notice(TODAY + timedelta(days=10), today=TODAY)


@pytest.mark.parametrize("trigger", [Trigger.ATTACK, Trigger.DISPLACEMENT, Trigger.EMERGENCY_OTHER])
def test_an_emergency_is_expected_at_short_notice(details, trigger):
    """The brief's three-week planning target is for assessments; emergencies come at once."""
    assert warnings(details(trigger=trigger, trigger_details="x", **dates(2, 7))) == []
    assert not is_short_notice(TODAY + timedelta(days=2), today=TODAY, emergency=True)


def test_start_in_thirty_days_is_not_short_notice(details):
    assert warnings(details(**dates(30, 7))) == []
    assert not is_short_notice(TODAY + timedelta(days=30), today=TODAY)


def test_short_notice_boundary_is_three_weeks():
    assert is_short_notice(TODAY + timedelta(days=20), today=TODAY)
    assert not is_short_notice(TODAY + timedelta(days=21), today=TODAY)


def test_short_and_late_visit_gets_both_warnings(details):
    assert len(warnings(details(trigger=Trigger.FOLLOW_UP, **dates(3, 2)))) == 2


def test_end_before_start_is_not_also_warned_as_short(details):
    start = TODAY + timedelta(days=30)
    assert warnings(details(start_date=start, end_date=start - timedelta(days=2))) == []


def test_from_cleaned_data_ignores_unknown_fields(places):
    data = {
        "title": "Displacement towards Masisi",
        "requester_kind": RequesterKind.SENIOR_MANAGEMENT,
        "trigger": Trigger.DISPLACEMENT,
        "province": places.nord_kivu,
        "territory": places.masisi,
        "localities": Locality.objects.filter(pk=places.nyabiondo.pk),
        "reason": "Families arriving from Walikale.",
        "urgency": "routine",
        "csrfmiddlewaretoken": "ignored",
        **dates(30, 7),
    }
    d = RequestDetails.from_cleaned_data(data)
    assert d.localities == [places.nyabiondo]
    assert errors(d) == {}
