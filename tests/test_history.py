"""The one history renderer: any audit entry renders, whatever the shape of its details."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from jpt.audit.choices import AuditAction
from jpt.audit.history import MAX_LINE, Vocabulary, history_lines
from jpt.audit.models import AuditEntry
from missions.history import MISSION_VOCABULARY, REQUEST_VOCABULARY
from recommendations.history import FOLLOW_UP_VOCABULARY
from reports.history import RECOMMENDATION_VOCABULARY, REPORT_VOCABULARY

VOCABULARIES = [
    None,
    Vocabulary(),
    MISSION_VOCABULARY,
    REQUEST_VOCABULARY,
    REPORT_VOCABULARY,
    RECOMMENDATION_VOCABULARY,
    FOLLOW_UP_VOCABULARY,
]

# Any JSON value, keys included: what a service wrote years ago, or a bug wrote yesterday.
json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
json_values = st.recursive(
    json_scalars,
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=5)
    ),
    max_leaves=25,
)
# Keys the services really write, so the vocabularies' lookups are exercised too.
known_keys = st.sampled_from(
    [
        "from", "to", "date", "fields", "status", "kind", "level", "decision", "section",
        "answer", "role", "trigger", "category", "lead", "planned_departure", "comment",
    ]
)  # fmt: skip
details_strategy = json_values | st.dictionaries(known_keys | st.text(), json_values, max_size=8)


def entry(details, action=AuditAction.MISSION_PLAN_UPDATED) -> AuditEntry:
    return AuditEntry(action=action, details=details, target_repr="x")


@settings(max_examples=400, deadline=None)
@given(
    details=details_strategy,
    action=st.sampled_from(list(AuditAction)),
    vocabulary=st.sampled_from(VOCABULARIES),
)
def test_any_details_render_as_lines(details, action, vocabulary):
    lines = history_lines(entry(details, action), vocabulary)
    assert isinstance(lines, list)
    assert all(isinstance(line, str) and len(line) <= MAX_LINE for line in lines)


def test_a_change_is_old_to_new():
    lines = history_lines(entry({"host_unit_commander": ["", "Major Kabila"]}), MISSION_VOCABULARY)
    assert lines == ["Host unit commander: — → Major Kabila"]


def test_the_fields_changed_are_named_not_taken_for_a_change():
    """The shape that broke the mission page: a list of field names (one, two or three)."""
    for fields in (["phone"], ["name", "phone"], ["name", "title", "phone"]):
        lines = history_lines(entry({"stakeholder": 7, "fields": fields}), MISSION_VOCABULARY)
        assert len(lines) == 1
        assert lines[0].startswith("Changed: ")
        assert "→" not in lines[0]
    assert history_lines(entry({"fields": ["name", "phone"]}), MISSION_VOCABULARY) == [
        "Changed: Name, Phone"
    ]


def test_a_status_change_is_one_line_with_its_date():
    lines = history_lines(
        entry({"from": "team_forming", "to": "deployed", "date": "2026-12-01"}),
        MISSION_VOCABULARY,
    )
    assert lines == ["Team forming → Deployed (2026-12-01)"]


def test_stored_choices_are_labelled_and_ids_hidden():
    lines = history_lines(
        entry({"item": 4, "what": "Transport: Mi-8", "status": ["requested", "confirmed"]}),
        MISSION_VOCABULARY,
    )
    assert lines == ["What: Transport: Mi-8", "Status: Requested → Confirmed"]


def test_shapes_that_are_not_a_dict_still_render():
    assert history_lines(entry(["a", "b"])) == ['["a", "b"]']
    assert history_lines(entry("text")) == ['"text"']
    assert history_lines(entry(None)) == []
    assert history_lines(entry({"x": {"y": [1, {"z": 2}]}})) == ['X: Y: [1, {"z": 2}]']


def test_unhashable_values_of_a_choice_key_do_not_break():
    assert history_lines(entry({"status": {"a": 1}}), MISSION_VOCABULARY) == ["Status: A: 1"]
    assert history_lines(entry({"status": [[1], [2]]}), MISSION_VOCABULARY) == ["Status: 1 → 2"]


def test_a_change_of_a_set_of_values_is_old_ones_to_new_ones():
    lines = history_lines(
        entry({"groups": [["Requester"], ["Civil Affairs officer", "Requester"]]})
    )
    assert lines == ["Roles: Requester → Civil Affairs officer, Requester"]


def test_long_lines_are_shortened():
    (line,) = history_lines(entry({"comment": "x" * 5000}))
    assert len(line) == MAX_LINE and line.endswith("…")
