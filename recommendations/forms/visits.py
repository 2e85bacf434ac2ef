"""Forms of a CLI's follow-up: the visit (the page without JavaScript posts it; the page's
script sends the same fields as JSON), the visit calendar, and the dates of a JPT request made
from an urgent alert.

People met are counted by sex: there is deliberately no field for anyone's name. Choice fields
are narrowed to what the user may see (the views pass the scoped querysets).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from django import forms
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _

from jpt.core.ids import IdModelMultipleChoiceField, parse_id
from reports.choices import ThreatType

from ..choices import Confidence, Finding

COUNT_ERRORS = {
    "invalid": _("Give a whole number, zero or more (no letters or decimals)."),
    "min_value": _("Give a whole number, zero or more."),
    "required": _("Give a number (0 if nobody)."),
}
NOTE_MAX = 4000


class DateInput(forms.DateInput):
    """The phone's own date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class LocalityChoices(IdModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class PlannedVisitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        places = ", ".join(loc.name for loc in obj.localities.all())
        return f"{obj.planned_on:%d/%m/%Y} · {places}"


def count_field(label) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=100_000,
        initial=0,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
    )


def note_field(label, *, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class VisitForm(forms.Form):
    """A follow-up visit, but what was seen of each recommendation (``observations_from``:
    the recommendations come from the page, by id, and the view resolves them in scope)."""

    client_id = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("The device id is missing."),
            "invalid": _("The device id is not valid."),
        },
    )
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    localities = LocalityChoices(
        label=_("Places visited"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one locality.")},
    )
    women = count_field(_("Women met"))
    men = count_field(_("Men met"))
    women_meeting = forms.BooleanField(
        label=_("A separate meeting with women was held"), required=False
    )
    confidence = forms.TypedChoiceField(
        label=_("Community confidence"),
        choices=Confidence.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Give the community's confidence, from 1 to 5.")},
    )
    new_threats = forms.MultipleChoiceField(
        label=_("New threats heard of"),
        choices=ThreatType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    threats_note = note_field(_("What was heard of new threats"))
    urgent_alert = forms.BooleanField(
        label=_("Urgent alert: Civil Affairs must act now"), required=False
    )
    note = note_field(_("Other notes"))
    planned_visit = PlannedVisitChoice(
        label=_("Visit from my calendar"),
        queryset=None,
        required=False,
        empty_label=_("None: an unplanned visit"),
    )

    def __init__(self, *args, localities, planned, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = localities
        self.fields["planned_visit"].queryset = planned

    def service_data(self, observations: list[dict]) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if k != "client_id"}
        data["localities"] = list(data["localities"])
        data["observations"] = observations
        return data


def form_data_from_json(payload: dict) -> MultiValueDict:
    """The fields of a JSON object as a browser would post them, for a Django form: text stays
    text, a number becomes its text, a boolean "true" or "false" (as a checkbox reads it), a
    list of numbers or text the values of a multiple choice, anything else (an object, a list
    of objects) a text the field will refuse. A form never gets a value it cannot clean."""
    data = MultiValueDict()
    for name, value in payload.items():
        if value is None:
            continue
        if isinstance(value, list) and all(_scalar(item) for item in value):
            data.setlist(name, [_as_text(item) for item in value])
        elif _scalar(value):
            data[name] = _as_text(value)
        else:
            data[name] = json.dumps(value)[:200]
    return data


def _scalar(value) -> bool:
    return isinstance(value, str | int | float | bool)


def _as_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class ObservationRow:
    """What the page sent about one recommendation: its id, the finding and the note."""

    recommendation_id: int
    finding: str
    note: str


OBSERVATION_KEY = re.compile(r"^obs-(\d{1,18})-(?:finding|note)$")


def observations_from_post(data) -> tuple[list[ObservationRow], list[str]]:
    """The observations of the HTML form: ``obs-<id>-finding`` (empty: not checked on this
    visit) and ``obs-<id>-note``. A note without a finding is kept, and refused (``_checked``):
    never silently dropped."""
    ids = dict.fromkeys(
        int(match.group(1)) for key in data if (match := OBSERVATION_KEY.match(key))
    )
    rows = []
    for pk in ids:
        finding = (data.get(f"obs-{pk}-finding") or "").strip()
        note = data.get(f"obs-{pk}-note") or ""
        if finding or note.strip():  # else: not checked on this visit
            rows.append(ObservationRow(pk, finding, note))
    return _checked(rows, [])


def observations_from_json(value) -> tuple[list[ObservationRow], list[str]]:
    """The observations the page's script sends: ``[{"recommendation": id, "finding": ...,
    "note": ...}, ...]``."""
    rows, errors = [], []
    if value in (None, ""):
        return [], []
    if not isinstance(value, list):
        return [], [str(_("Send the observations as a list."))]
    for item in value:
        if not isinstance(item, dict) or parse_id(item.get("recommendation")) is None:
            errors.append(str(_("An observation does not name its recommendation.")))
            continue
        note = item.get("note") or ""
        rows.append(
            ObservationRow(
                parse_id(item["recommendation"]),
                str(item.get("finding") or "").strip(),
                note if isinstance(note, str) else "",
            )
        )
    return _checked(rows, errors)


def _checked(rows: list[ObservationRow], errors: list[str]):
    seen = set()
    for row in rows:
        if not row.finding and row.note.strip():
            errors.append(
                str(_("A note is written for a recommendation not checked: say what was seen."))
            )
        elif row.finding not in Finding.values:
            errors.append(str(_("Say what was seen (one of the four answers).")))
        elif "\x00" in row.note:
            errors.append(str(_("A note cannot contain a null character.")))
        elif len(row.note) > NOTE_MAX:
            errors.append(str(_("A note has at most %(max)d characters.") % {"max": NOTE_MAX}))
        elif row.recommendation_id in seen:
            errors.append(str(_("A recommendation is observed twice.")))
        seen.add(row.recommendation_id)
    return rows, errors


class PlannedVisitForm(forms.Form):
    """A visit to put in the calendar."""

    planned_on = forms.DateField(label=_("Planned for"), widget=DateInput())
    localities = LocalityChoices(
        label=_("Places to visit"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one locality.")},
    )
    purpose = forms.CharField(
        label=_("Purpose"),
        max_length=300,
        required=False,
        help_text=_("e.g. Check the Thursday market escorts"),
    )

    def __init__(self, *args, localities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = localities


class VisitRequestForm(forms.Form):
    """The dates of the JPT request made from an urgent alert (the rest comes from the visit)."""

    start_date = forms.DateField(label=_("Wanted start"), widget=DateInput())
    end_date = forms.DateField(label=_("Wanted end"), widget=DateInput())

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end is before the start."))
        return cleaned
