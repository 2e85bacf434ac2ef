"""The follow-up forms (step 8: after approval), fed with whatever a user can type (hypothesis),
with the properties of ``test_forms.py``: whatever is posted, the page answers with its errors
(200 or 400) or does what was asked (302), never a server error; on an error nothing is written
and everything typed is shown again; a redirect means something was saved.

The visit form also has an endpoint its script posts each visit to as JSON (``visit sync``):
it is fed with any JSON value in place of each field, and any body, and must answer as
``harness.run_json`` says (201 stored as sent, 200 already stored, a refusal keyed by the
fields the script shows it next to, never a 500).

The scene is ``followup_scene`` (``conftest.py``): the ``stage`` report approved, the CLI's
calendar, an urgent visit, an alert.

Coverage (checked against ``FORMS`` by ``test_the_table_covers_every_follow_up_form``):

    form                      URL (django.urls.reverse), posted by
    visit                     /follow-up/visits/new/  cli
    visit sync (JSON)         /follow-up/visits/sync/  cli
    visit calendar            /follow-up/calendar/  cli
    request from visit        /follow-up/visits/<urgent_visit>/request/  lead
    implementation: first     /recommendations/<review_recommendation>/implementation/  lead
    implementation: update    /recommendations/<second_recommendation>/implementation/  lead
    alert record              /follow-up/alerts/new/  cli
    alert update              /follow-up/alerts/<alert>/  cli
    material support          /follow-up/support/new/  cli
"""

from __future__ import annotations

import json
import uuid

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from jpt.audit.models import AuditEntry
from missions.models import JptRequest
from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    OwnerKind,
    PlanUse,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from recommendations.forms.visits import NOTE_MAX, VisitForm
from recommendations.models import (
    CommunityAlert,
    FollowUpVisit,
    Implementation,
    MaterialSupport,
    PlannedVisit,
    VisitObservation,
)
from reports.choices import ThreatType

from . import strategies as st_
from .fields import (
    TOO_BIG_ID,
    Field,
    checkbox_field,
    choice_field,
    choices_field,
    date_field,
    id_field,
    ids_field,
    number_field,
    text_field,
    time_field,
)
from .harness import PROPERTY, FormCase, form_property, run, run_json
from .strategies import ABSENT, JSON_VALUES, Days, Ref, json_like, uuid_texts

# Also on SQLite (make run), which refuses integers over 2**63 - 1 where PostgreSQL does not.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]


def values(choices_class, *extra: str) -> tuple[str, ...]:
    return (*[str(v) for v in choices_class.values], *extra)


NORD_LOCALITIES = ("ntoto", "otobora", "nyabiondo", "masisi_centre")
OUT_LOCALITIES = ("matili", "shabunda_centre")
FINDINGS = values(Finding)
# The CLI's own planned visit; one already made, another CLI's, a Sud-Kivu one.
OTHER_PLANNED = ("done_planned", "others_planned", "sud_planned")
OBS = "obs-{review_recommendation}-"
OBS_2 = "obs-{second_recommendation}-"
# A device id no visit has (each example is rolled back, so every example may use it).
CLIENT_ID = "3f2b8c1e-4d5a-4e8b-9c7d-1a2b3c4d5e6f"


# --------------------------------------------------------------------------------------------
# The visit form (posted without JavaScript) and its JSON endpoint
# --------------------------------------------------------------------------------------------


def stripped(post: dict, name: str) -> str:
    value = post.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def visit_saved_as_typed(scene, post) -> None:
    """The notes and what was seen of each recommendation are stored as typed (trimmed)."""
    visit = FollowUpVisit.objects.get(client_id=uuid.UUID(post["client_id"].strip()))
    assert visit.cli_id == scene.users.cli.pk
    assert visit.threats_note == stripped(post, "threats_note")
    assert visit.note == stripped(post, "note")
    observed = {o.recommendation_id: (o.finding, o.note) for o in visit.observations.all()}
    for key in ("review_recommendation", "second_recommendation"):
        rec = scene.ids[key]
        finding = stripped(post, f"obs-{rec}-finding")
        if finding:
            assert observed.get(rec) == (finding, stripped(post, f"obs-{rec}-note")), observed
        else:
            assert rec not in observed


VISIT_FIELDS = {
    "client_id": Field(uuid_texts(), "hidden", None, (ABSENT, "not-a-uuid")),
    "visited_on": date_field(0, -1, -30),
    "localities": ids_field(*NORD_LOCALITIES, out_of_scope=OUT_LOCALITIES),
    "women": number_field("12", "1", "0"),
    "men": number_field("9", "0"),
    "women_meeting": checkbox_field(),
    "confidence": choice_field("1", "2", "3", "4", "5"),
    "new_threats": choices_field(*values(ThreatType)),
    "threats_note": text_field(
        "Looting at the checkpoint on market days.", max_length=NOTE_MAX, textarea=True
    ),
    "urgent_alert": checkbox_field(),
    "note": text_field("Met at the parish.", max_length=NOTE_MAX, textarea=True),
    "planned_visit": id_field("planned", out_of_scope=OTHER_PLANNED),
    f"{OBS}finding": choice_field(*FINDINGS, ""),
    f"{OBS}note": text_field("Escorts on two Thursdays out of four.", textarea=True),
    f"{OBS_2}finding": choice_field("", *FINDINGS),
    f"{OBS_2}note": text_field("Patrols at night only.", textarea=True),
}
VISIT_BASE = {
    "client_id": CLIENT_ID,
    "visited_on": Days(0),
    "localities": [Ref("ntoto"), Ref("otobora")],
    "women": "12",
    "men": "9",
    "women_meeting": "on",
    "confidence": "4",
    "new_threats": [ThreatType.LOOTING.value],
    "threats_note": "Looting at the checkpoint on market days.",
    "note": "",
    "planned_visit": Ref("planned"),
    f"{OBS}finding": Finding.PARTLY.value,
    f"{OBS}note": "Escorts on two Thursdays out of four.",
    f"{OBS_2}finding": "",
    f"{OBS_2}note": "",
}


def json_visit_saved_as_sent(scene, payload) -> None:
    """What the script sent is what is stored: counts, confidence, places, threats, notes
    (trimmed) and what was seen of each recommendation."""
    visit = FollowUpVisit.objects.get(client_id=uuid.UUID(str(payload["client_id"]).strip()))
    assert visit.cli_id == scene.users.cli.pk
    for name in ("women", "men", "confidence"):
        sent = payload.get(name)
        if isinstance(sent, int) and not isinstance(sent, bool):
            assert getattr(visit, name) == sent, name
    for name in ("threats_note", "note"):
        if isinstance(payload.get(name), str):
            assert getattr(visit, name) == payload[name].strip(), name
    sent = payload.get("localities")
    if isinstance(sent, list) and all(isinstance(i, int) for i in sent):
        assert set(visit.localities.values_list("pk", flat=True)) == set(sent)
    if isinstance(payload.get("new_threats"), list):
        assert visit.new_threats == [str(t) for t in payload["new_threats"]]
    observed = {o.recommendation_id: (o.finding, o.note) for o in visit.observations.all()}
    rows = payload.get("observations") or []
    assert len(observed) == len(rows)
    for row in rows:
        note = row.get("note")
        if isinstance(row["recommendation"], int) and isinstance(note, str):
            assert observed[row["recommendation"]] == (row["finding"].strip(), note.strip())


def json_ids(*in_scope: str, out_of_scope: tuple[str, ...] = ()):
    """An id as a script may send it: a number, or text (``strategies.ids``)."""
    return st.one_of(
        st.sampled_from([Ref(name) for name in in_scope]),
        st.sampled_from([Ref(name) for name in out_of_scope]) if out_of_scope else st.nothing(),
        st.integers(min_value=-(2**70), max_value=2**70),
        st_.ids(*in_scope, out_of_scope=out_of_scope),
    )


def json_counts():
    return json_like(st.integers(min_value=-5, max_value=500), st.integers(), st_.number())


def json_flags():
    return json_like(st.booleans(), st_.CHECKBOX)


JSON_OBSERVATION = st.fixed_dictionaries(
    {
        "recommendation": json_like(
            json_ids(
                "review_recommendation",
                "second_recommendation",
                out_of_scope=("recommendation", "threat", "sud_request"),
            )
        ),
        "finding": json_like(st_.choice(*FINDINGS)),
    },
    optional={"note": json_like(st_.text("Escorts once a week.", max_length=NOTE_MAX))},
)
REC = Ref("review_recommendation")
VISIT_JSON_FIELDS = {
    "client_id": Field(
        json_like(
            uuid_texts(), st.sampled_from([Ref("urgent_client_id"), Ref("others_client_id")])
        ),
        "hidden",
        None,
        (ABSENT, None, 12345, Ref("urgent_client_id"), Ref("others_client_id")),
    ),
    "visited_on": Field(
        json_like(st_.date(0, -1, -30)), "text", None, ("0001-01-01", "9999-12-31", 20260101)
    ),
    "localities": Field(
        json_like(st.lists(json_ids(*NORD_LOCALITIES, out_of_scope=OUT_LOCALITIES), max_size=4)),
        "multi",
        None,
        ([TOO_BIG_ID], [2**63], [True], str(12)),
    ),
    "women": Field(json_counts(), "text", None, (2**63, -1, 1.5, True, "12")),
    "men": Field(json_counts(), "text", None, (10**30,)),
    "women_meeting": Field(json_flags(), "checkbox", None, ("false",)),
    "confidence": Field(
        json_like(st.integers(min_value=-1, max_value=7), st_.choice("1", "2", "3", "4", "5")),
        "choice",
        None,
        (0, 6, "4", 4.0, None),
    ),
    "new_threats": Field(
        json_like(st.lists(st_.choice(*values(ThreatType)), max_size=4)),
        "multi",
        None,
        ("looting", ["looting", "looting"]),
    ),
    "threats_note": Field(
        json_like(st_.text("Looting at the checkpoint.", max_length=NOTE_MAX)),
        "textarea",
        NOTE_MAX,
        ("x" * (NOTE_MAX + 1), "a\x00b", 7),
    ),
    "urgent_alert": Field(json_flags(), "checkbox", None, ("on",)),
    "note": Field(
        json_like(st_.text("Met at the parish.", max_length=NOTE_MAX)),
        "textarea",
        NOTE_MAX,
        ("a\x00b",),
    ),
    "planned_visit": Field(
        json_like(json_ids("planned", out_of_scope=OTHER_PLANNED)),
        "choice",
        None,
        (TOO_BIG_ID, 2**63, 1.5, Ref("done_planned")),
    ),
    "observations": Field(
        json_like(st.lists(JSON_OBSERVATION, max_size=3)),
        "multi",
        None,
        (
            "all of them",
            [{"recommendation": REC, "finding": "partly", "note": "a\x00b"}],
            [{"recommendation": REC, "finding": "partly"}] * 2,
            [{"recommendation": REC, "finding": "partly", "note": "x" * (NOTE_MAX + 1)}],
            [{"recommendation": Ref("second_recommendation"), "finding": "worse"}],
        ),
    ),
}
VISIT_JSON_BASE = {
    "client_id": CLIENT_ID,
    "visited_on": Days(0),
    "localities": [Ref("ntoto"), Ref("otobora")],
    "women": 12,
    "men": 9,
    "women_meeting": True,
    "confidence": 4,
    "new_threats": [ThreatType.LOOTING.value],
    "threats_note": "Looting at the checkpoint on market days.",
    "urgent_alert": False,
    "note": "",
    "planned_visit": Ref("planned"),
    "observations": [
        {"recommendation": REC, "finding": Finding.PARTLY.value, "note": "Escorts once."}
    ],
}
# The names the script shows a refusal next to (its ``labels``): the form's fields, the
# observations, and the form as a whole.
VISIT_ERROR_KEYS = frozenset({*VisitForm.base_fields, "observations", "__all__"})


# --------------------------------------------------------------------------------------------
# Community alerts
# --------------------------------------------------------------------------------------------

ALERT_FIELDS = {
    "received_at_0": date_field(-1, 0, -2),
    "received_at_1": time_field(),
    "locality": id_field(*NORD_LOCALITIES, out_of_scope=OUT_LOCALITIES),
    "base": id_field("walikale_cob", out_of_scope=("sud_base",)),
    "channel": choice_field(*values(AlertChannel)),
    "threat_type": choice_field(*values(ThreatType)),
    "source": choice_field(*values(AlertSource)),
    "description": text_field("Armed men seen near the fields at dawn.", textarea=True),
    "relayed_at_0": date_field(-1, 0),
    "relayed_at_1": time_field(),
    "relayed_to": choices_field(*values(RelayedTo)),
    "responded_at_0": date_field(-1, 0),
    "responded_at_1": time_field(),
    "response": text_field("A patrol went to the fields.", textarea=True),
    "plan_used": choice_field("unknown", "true", "false"),
    "safe_area": id_field("approved_safe_area", out_of_scope=("draft_safe_area",)),
    "escort_point": id_field("approved_escort", out_of_scope=("draft_escort",)),
    "plan_outcome": choice_field(*values(PlanUse, "")),
    "plan_note": text_field("The families reached the parish.", textarea=True),
}
# Yesterday, so that every time of the base is in the past whenever the tests run.
ALERT_BASE = {
    "received_at_0": Days(-1),
    "received_at_1": "05:40",
    "locality": Ref("ntoto"),
    "base": "",
    "channel": AlertChannel.PHONE.value,
    "threat_type": ThreatType.ATTACK.value,
    "source": AlertSource.WOMENS_GROUP.value,
    "description": "Armed men seen near the fields at dawn.",
    "relayed_at_0": Days(-1),
    "relayed_at_1": "05:55",
    "relayed_to": [RelayedTo.PEACEKEEPERS.value, RelayedTo.AUTHORITIES.value],
    "responded_at_0": Days(-1),
    "responded_at_1": "06:40",
    "response": "A patrol went to the fields.",
    "plan_used": "true",
    "safe_area": Ref("approved_safe_area"),
    "escort_point": Ref("approved_escort"),
    "plan_outcome": PlanUse.WORKED.value,
    "plan_note": "The families reached the parish.",
}


# --------------------------------------------------------------------------------------------
# Implementation tracking
# --------------------------------------------------------------------------------------------

IMPLEMENTATION_FIELDS = {
    "owner_kind": choice_field(*values(OwnerKind, "")),
    "owner_name": text_field("UNHCR Goma sub-office", max_length=150),
    "focal_person": text_field("Mme Kahindo", max_length=150),
    "target_date": date_field(30, 0, -3),
    "status": choice_field(*values(ImplementationStatus)),
    "stalled_reason": choice_field(*values(StalledReason, "")),
    "plan_section": text_field("Human Rights", max_length=150),
    "plan_name": text_field("HR work plan 2027", max_length=150),
    "cluster_discussed_on": date_field(-1, 0, -30),
    "cluster_outcome": text_field("UNHCR shares the patrol calendar.", textarea=True),
    "comment": text_field("The road to Ntoto is closed.", max_length=2000, textarea=True),
}
IMPLEMENTATION_BASE = {
    "owner_kind": OwnerKind.UN_AGENCY.value,
    "owner_name": "UNHCR Goma sub-office",
    "focal_person": "Mme Kahindo",
    "target_date": Days(30),
    "status": ImplementationStatus.STALLED.value,
    "stalled_reason": StalledReason.SECURITY.value,
    "plan_section": "Human Rights",
    "plan_name": "HR work plan 2027",
    "cluster_discussed_on": Days(-1),
    "cluster_outcome": "UNHCR shares the patrol calendar.",
    "comment": "The road to Ntoto is closed.",
}


# --------------------------------------------------------------------------------------------
# The table: every follow-up form page
# --------------------------------------------------------------------------------------------

FORMS: dict[str, FormCase] = {
    case.title: case
    for case in [
        FormCase(
            "visit",
            "recommendations:visit_create",
            (),
            "cli",
            VISIT_BASE,
            VISIT_FIELDS,
            (FollowUpVisit, VisitObservation, PlannedVisit, AuditEntry),
            creates=FollowUpVisit,
            saved_checks=[visit_saved_as_typed],
        ),
        FormCase(
            "visit sync (JSON)",
            "recommendations:visit_sync",
            (),
            "cli",
            VISIT_JSON_BASE,
            VISIT_JSON_FIELDS,
            (FollowUpVisit, VisitObservation, PlannedVisit, AuditEntry),
            creates=FollowUpVisit,
            saved_checks=[json_visit_saved_as_sent],
            encoding="json",
            error_keys=VISIT_ERROR_KEYS,
            # 403: another CLI's device id; 404: a place or recommendation out of scope.
            also_allowed=frozenset({403, 404}),
        ),
        FormCase(
            "visit calendar",
            "recommendations:calendar",
            (),
            "cli",
            {
                "planned_on": Days(3),
                "localities": [Ref("ntoto"), Ref("otobora")],
                "purpose": "Check the Thursday market escorts",
            },
            {
                "planned_on": date_field(3, 0, 30),
                "localities": ids_field(*NORD_LOCALITIES, out_of_scope=OUT_LOCALITIES),
                "purpose": text_field("Check the market escorts", max_length=300),
            },
            (PlannedVisit, PlannedVisit.localities.through, AuditEntry),
            creates=PlannedVisit,
        ),
        FormCase(
            "request from visit",
            "recommendations:visit_request",
            (Ref("urgent_visit"),),
            "lead",
            {"start_date": Days(2), "end_date": Days(8)},
            {"start_date": date_field(2, 0, 1), "end_date": date_field(8, 2, 40)},
            (JptRequest, JptRequest.localities.through, FollowUpVisit, AuditEntry),
            creates=JptRequest,
        ),
        FormCase(
            "implementation: first",
            "recommendations:implementation_update",
            (Ref("review_recommendation"),),
            "lead",
            IMPLEMENTATION_BASE,
            IMPLEMENTATION_FIELDS,
            (Implementation, AuditEntry),
            creates=Implementation,
        ),
        FormCase(
            "implementation: update",
            "recommendations:implementation_update",
            (Ref("second_recommendation"),),
            "lead",
            {**IMPLEMENTATION_BASE, "owner_kind": OwnerKind.MISSION_SECTION.value},
            IMPLEMENTATION_FIELDS,
            (Implementation, AuditEntry),
        ),
        FormCase(
            "alert record",
            "recommendations:alert_create",
            (),
            "cli",
            ALERT_BASE,
            ALERT_FIELDS,
            (CommunityAlert, AuditEntry),
            creates=CommunityAlert,
        ),
        FormCase(
            "alert update",
            "recommendations:alert_update",
            (Ref("alert"),),
            "cli",
            {**ALERT_BASE, "source": AlertSource.LOCAL_LEADER.value, "base": Ref("walikale_cob")},
            ALERT_FIELDS,
            (CommunityAlert, AuditEntry),
        ),
        FormCase(
            "material support",
            "recommendations:support_create",
            (),
            "cli",
            {
                "locality": Ref("ntoto"),
                "given_on": Days(0),
                "item": SupportItem.PHONE.value,
                "item_detail": "Nokia 105",
                "women": "6",
                "men": "4",
                "note": "Given at the parish after mass.",
            },
            {
                "locality": id_field(*NORD_LOCALITIES, out_of_scope=OUT_LOCALITIES),
                "given_on": date_field(0, -1, -30),
                "item": choice_field(*values(SupportItem)),
                "item_detail": text_field("Nokia 105", max_length=150),
                "women": number_field("6", "0", "1"),
                "men": number_field("4", "0"),
                "note": text_field("Given at the parish after mass.", max_length=300),
            },
            (MaterialSupport, AuditEntry),
            creates=MaterialSupport,
        ),
    ]
}


def test_the_table_covers_every_follow_up_form():
    """The coverage table at the top of this module is ``FORMS``, with the real URLs."""
    table = [
        line.split() for line in __doc__.split("posted by\n", 1)[1].splitlines() if line.strip()
    ]
    rows = [(" ".join(words[:-2]), words[-2], words[-1]) for words in table]
    assert rows == [
        (case.title, case.url_shape(), case.user or "anonymous") for case in FORMS.values()
    ]


def run_case(title: str, scene, changes: dict) -> None:
    run(FORMS[title], scene, changes)


# --------------------------------------------------------------------------------------------
# One property test per form page
# --------------------------------------------------------------------------------------------


@form_property(FORMS["visit"])
def test_visit(followup_scene, changes):
    run_case("visit", followup_scene, changes)


@form_property(FORMS["visit sync (JSON)"])
def test_visit_sync(followup_scene, changes):
    run_case("visit sync (JSON)", followup_scene, changes)


ANY_BODY = st.one_of(
    JSON_VALUES.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=200),
    st.text(max_size=200).map(str.encode),
    st.sampled_from([b"", b"null", b"{", b"[]", b"{}", b'{"client_id": null}', b"\xff\xfe"]),
)


@PROPERTY
@given(body=ANY_BODY)
@example(body=b"")
@example(body=json.dumps({"client_id": CLIENT_ID, "localities": "all"}).encode())
def test_visit_sync_with_any_body(followup_scene, body):
    """Whatever the body, the endpoint refuses it in JSON, naming what is wrong."""
    assert run_json(FORMS["visit sync (JSON)"], followup_scene, {}, body=body) == "refused"


@form_property(FORMS["visit calendar"])
def test_visit_calendar(followup_scene, changes):
    run_case("visit calendar", followup_scene, changes)


@form_property(FORMS["request from visit"])
def test_request_from_visit(followup_scene, changes):
    run_case("request from visit", followup_scene, changes)


@form_property(FORMS["implementation: first"])
def test_implementation_first(followup_scene, changes):
    run_case("implementation: first", followup_scene, changes)


@form_property(FORMS["implementation: update"])
def test_implementation_update(followup_scene, changes):
    run_case("implementation: update", followup_scene, changes)


@form_property(FORMS["alert record"])
def test_alert_record(followup_scene, changes):
    run_case("alert record", followup_scene, changes)


@form_property(FORMS["alert update"])
def test_alert_update(followup_scene, changes):
    run_case("alert update", followup_scene, changes)


@form_property(FORMS["material support"])
def test_material_support(followup_scene, changes):
    run_case("material support", followup_scene, changes)


# --------------------------------------------------------------------------------------------
# The defects these tests found (each fixed; its test failed before the fix)
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "changes"),
    [
        ("visit", {f"{OBS}note": "a\x00b"}),
        (
            "visit sync (JSON)",
            {"observations": [{"recommendation": REC, "finding": "partly", "note": "a\x00b"}]},
        ),
    ],
    ids=["form", "json"],
)
def test_a_null_character_in_an_observation_note_is_refused(followup_scene, title, changes):
    run(FORMS[title], followup_scene, changes)


def test_a_note_without_a_finding_is_kept_when_the_form_comes_back(followup_scene):
    run(
        FORMS["visit"],
        followup_scene,
        {f"{OBS_2}note": "Patrols at night only.", "confidence": ""},
    )


@pytest.mark.parametrize("value", [20260101, 1.5, True, ["2026-01-01"], {"day": 1}])
def test_a_visit_date_that_is_not_text_is_refused(followup_scene, value):
    run(FORMS["visit sync (JSON)"], followup_scene, {"visited_on": value})


@pytest.mark.parametrize(
    ("title", "time_of_day"), [("alert record", "00:00"), ("alert update", "01:00")]
)
def test_an_alert_in_year_1_is_refused(followup_scene, title, time_of_day):
    run(FORMS[title], followup_scene, {"received_at_0": "0001-01-01", "received_at_1": time_of_day})
