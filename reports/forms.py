"""Forms of the report editor, one per section. The views hand their cleaned data to
``reports.services``.

The sexual-violence forms hold aggregates only: there is deliberately no field for a
survivor's name or any identifier. Free text that looks like a personal identifier (a phone
number, an e-mail address, "name: ...") is held back with a warning until the author ticks
"I have checked: no personal identifier" (``PersonalIdentifierCheckMixin``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jpt.core.ids import IdModelMultipleChoiceField
from jpt.places.models import Locality
from missions.forms.field import LocalityChoiceField, mission_localities
from missions.models import Mission, MissionStakeholder

from .choices import (
    Addressee,
    AgeGroup,
    Category,
    Decision,
    PerpetratorCategory,
    Priority,
    ServiceAccess,
    Severity,
    SurvivorSex,
    ThreatType,
    Trend,
)
from .pii import find_personal_identifiers


def with_blank(choices) -> list[tuple[str, str]]:
    return [("", "—"), *choices]


class LocalityMultipleChoiceField(IdModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.territory.name})"


class PersonalIdentifierCheckMixin(forms.Form):
    """Warn before saving free text that looks like a personal identifier.

    ``pii_fields`` names the text fields to scan. When something is found and the box is not
    ticked, the form is invalid with a non-field error, ``pii_found`` lists what was found per
    field (label, hits), and the template shows the warning and the box. Nothing typed is lost.
    """

    pii_fields: tuple[str, ...] = ()

    pii_checked = forms.BooleanField(
        label=_("I have checked: no personal identifier"),
        required=False,
        help_text=_(
            "Tick only if what was found is not a name, phone number or address of a person "
            "(e.g. an office switchboard); otherwise remove it."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.pii_found: list[tuple[str, list[str]]] = []

    def clean(self):
        cleaned = super().clean()
        found = []
        for name in self.pii_fields:
            hits = find_personal_identifiers(cleaned.get(name) or "")
            if hits:
                found.append((self.fields[name].label, hits))
        self.pii_found = found
        if found and not cleaned.get("pii_checked"):
            self.add_error(
                None,
                _(
                    "This text looks like it contains a personal identifier (a phone number, "
                    "an e-mail address or a name). The report holds aggregates only: remove "
                    "it, or tick the box to confirm there is none."
                ),
            )
        return cleaned

    @property
    def pii_warning(self) -> bool:
        return bool(self.pii_found)


# --------------------------------------------------------------------------------------------
# Report, threats, recommendations
# --------------------------------------------------------------------------------------------


class ReportForm(forms.Form):
    commander_coauthor = forms.CharField(
        label=_("Host-base commander (co-author)"), max_length=150, required=False
    )
    plan_of_action = forms.CharField(
        label=_("Plan of action"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the team, the host base and the sections will do, and when."),
    )


class ThreatForm(PersonalIdentifierCheckMixin, forms.Form):
    pii_fields = ("narrative",)

    threat_type = forms.ChoiceField(label=_("Type"), choices=with_blank(ThreatType.choices))
    perpetrator_category = forms.ChoiceField(
        label=_("Alleged perpetrator"), choices=with_blank(PerpetratorCategory.choices)
    )
    perpetrator_name = forms.CharField(
        label=_("Armed group or unit"),
        max_length=150,
        required=False,
        help_text=_("e.g. Mayi-Mayi Kifuafua; required for a named armed group."),
    )
    localities = LocalityMultipleChoiceField(
        label=_("Locations"),
        queryset=Locality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one location.")},
    )
    period = forms.CharField(label=_("Period"), max_length=100, help_text=_("e.g. since August"))
    frequency = forms.CharField(
        label=_("Frequency"),
        max_length=100,
        required=False,
        help_text=_("e.g. weekly, on market days"),
    )
    severity = forms.TypedChoiceField(
        label=_("Severity"), choices=with_blank(Severity.choices), coerce=int
    )
    trend = forms.ChoiceField(label=_("Trend"), choices=with_blank(Trend.choices))
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What happens, where and when. Never a name or a phone number."),
    )

    field_order = [
        "threat_type",
        "perpetrator_category",
        "perpetrator_name",
        "localities",
        "period",
        "frequency",
        "severity",
        "trend",
        "narrative",
        "pii_checked",
    ]

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = mission_localities(mission)

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("perpetrator_category") == PerpetratorCategory.ARMED_GROUP
            and not (cleaned.get("perpetrator_name") or "").strip()
        ):
            self.add_error("perpetrator_name", _("Name the armed group (e.g. Mayi-Mayi Kifuafua)."))
        return cleaned

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "pii_checked"}


class RecommendationForm(forms.Form):
    text = forms.CharField(
        label=_("Recommendation"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the recommendation.")},
    )
    category = forms.ChoiceField(label=_("Category"), choices=with_blank(Category.choices))
    addressee = forms.ChoiceField(label=_("Addressed to"), choices=with_blank(Addressee.choices))
    addressee_detail = forms.CharField(
        label=_("Which one"),
        max_length=150,
        required=False,
        help_text=_("e.g. Human Rights section, UNHCR, the territory administrator"),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=with_blank(Priority.choices))
    target_date = forms.DateField(
        label=_("Target date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    localities = LocalityMultipleChoiceField(
        label=_("Localities it concerns"),
        queryset=Locality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one locality it concerns.")},
    )

    def __init__(self, *args, mission: Mission, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["localities"].queryset = mission_localities(mission)


# --------------------------------------------------------------------------------------------
# Sexual-violence analysis
# --------------------------------------------------------------------------------------------


class SexualViolenceAnalysisForm(PersonalIdentifierCheckMixin, forms.Form):
    """Access to services and patterns: aggregate description only."""

    pii_fields = ("patterns", "services_notes", "risk_places_times")

    medical_access = forms.ChoiceField(
        label=_("Access to medical care"), choices=with_blank(ServiceAccess.choices), required=False
    )
    psychosocial_access = forms.ChoiceField(
        label=_("Access to psychosocial support"),
        choices=with_blank(ServiceAccess.choices),
        required=False,
    )
    legal_access = forms.ChoiceField(
        label=_("Access to legal services"),
        choices=with_blank(ServiceAccess.choices),
        required=False,
    )
    services_notes = forms.CharField(
        label=_("Services available"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. legal clinic in Shabunda centre, 30 km away; no transport."),
    )
    risk_places_times = forms.CharField(
        label=_("Risk places and times"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("e.g. the road to the market on Thursdays; fields in the growing season."),
    )
    patterns = forms.CharField(
        label=_("Patterns observed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Aggregate description only: never a name or anything that identifies."),
    )

    field_order = [
        "medical_access",
        "psychosocial_access",
        "legal_access",
        "services_notes",
        "risk_places_times",
        "patterns",
        "pii_checked",
    ]

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "pii_checked"}


class IncidentCountForm(forms.Form):
    """One row of counts. A count, never a case: no name, no identifier."""

    period = forms.CharField(
        label=_("Period"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. August 2026")}),
    )
    locality = LocalityChoiceField(label=_("Place"), queryset=Locality.objects.none())
    perpetrator_category = forms.ChoiceField(
        label=_("Alleged perpetrator"), choices=with_blank(PerpetratorCategory.choices)
    )
    age_group = forms.ChoiceField(
        label=_("Survivors' age group"), choices=with_blank(AgeGroup.choices)
    )
    survivor_sex = forms.ChoiceField(
        label=_("Survivors' sex"), choices=with_blank(SurvivorSex.choices)
    )
    count = forms.IntegerField(
        label=_("Reported incidents"),
        min_value=1,
        widget=forms.NumberInput(attrs={"min": 1, "step": 1, "inputmode": "numeric"}),
        error_messages={
            "min_value": _("Give a number of incidents, 1 or more."),
            "invalid": _("Give a whole number."),
        },
    )

    def __init__(self, *args, mission: Mission, shared_choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = mission_localities(mission)
        share_choices(self, "locality", shared_choices)


# --------------------------------------------------------------------------------------------
# Community protection plan
# --------------------------------------------------------------------------------------------


class ProtectionPlanForm(forms.Form):
    priorities = forms.CharField(
        label=_("Priorities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    local_authority_roles = forms.CharField(
        label=_("Roles of local authorities"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    early_warning = forms.CharField(
        label=_("Early-warning arrangements"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    womens_organizations_consulted = forms.BooleanField(
        label=_("Women's organizations consulted for the plan"), required=False
    )
    womens_organizations = forms.CharField(
        label=_("Which women's organizations"), max_length=300, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("womens_organizations_consulted")
            and not (cleaned.get("womens_organizations") or "").strip()
        ):
            self.add_error("womens_organizations", _("Name the women's organizations consulted."))
        return cleaned


class SafeAreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=150)
    locality = LocalityChoiceField(label=_("Locality"), queryset=Locality.objects.none())
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, e.g. -1.07"),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, e.g. 28.01"),
    )
    capacity = forms.IntegerField(label=_("Capacity (people)"), required=False, min_value=0)

    def __init__(self, *args, mission: Mission, shared_choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = mission_localities(mission)
        share_choices(self, "locality", shared_choices)

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (
            "latitude" not in self.errors
            and "longitude" not in self.errors
            and ((latitude is None) != (longitude is None))
        ):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Give both latitude and longitude, or neither."),
            )
        return cleaned


class EscortPointForm(forms.Form):
    place = forms.CharField(label=_("Meeting point"), max_length=150)
    day_time = forms.CharField(
        label=_("Day and time"),
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Thursdays 6:00")}),
    )


class VulnerableAreaForm(forms.Form):
    place = forms.CharField(label=_("Place"), max_length=150)
    why = forms.CharField(label=_("Why"), max_length=300)
    when = forms.CharField(label=_("When"), max_length=100, required=False)


class StakeholderLinkChoiceField(forms.ModelChoiceField):
    """Names, roles and places; never phone numbers."""

    def label_from_instance(self, obj) -> str:
        person = obj.stakeholder
        role = ", ".join(p for p in (person.title, person.organisation) if p)
        return " · ".join(p for p in (person.name, role, person.locality.name) if p)


class ContingencyContactForm(forms.Form):
    stakeholder = StakeholderLinkChoiceField(
        label=_("Local leader"),
        queryset=MissionStakeholder.objects.none(),
        help_text=_("From the mission's key-stakeholder list."),
    )
    how_to_reach = forms.CharField(label=_("How to reach"), max_length=200)
    when = forms.CharField(
        label=_("When"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. at any time in case of attack")}),
    )

    def __init__(self, *args, mission: Mission, shared_choices: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = MissionStakeholder.objects.filter(
            mission=mission
        ).select_related("stakeholder", "stakeholder__locality")
        share_choices(self, "stakeholder", shared_choices)


# Rows a list of the report may hold. Also the number of forms a formset builds from a POST
# (Django's default, 2,000, lets a tampered TOTAL_FORMS make the page build and render 2,000
# rows: 20 seconds and 10 MB for one request); more is a message on the list, not a crash.
MAX_ROWS = 100


def share_choices(form, name: str, shared: dict | None) -> None:
    """The rows of a formset offer the same options: read them once for the formset, not once
    per row (``shared`` is the formset's; None for a form on its own)."""
    if shared is None:
        return
    field = form.fields[name]
    if name not in shared:
        # A generator, not list(field.choices): list() would ask the iterator's length first,
        # one COUNT query more.
        shared[name] = [choice for choice in field.choices]  # noqa: C416
    field.choices = shared[name]


class RowsFormSet(forms.BaseFormSet):
    """A formset whose rows share their choice lists (``share_choices``)."""

    def __init__(self, *args, **kwargs):
        self.shared_choices: dict = {}
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if "mission" in kwargs:
            kwargs["shared_choices"] = self.shared_choices
        return kwargs


def rows_formset(form_class, *, extra: int = 2):
    return forms.formset_factory(
        form_class,
        formset=RowsFormSet,
        extra=extra,
        can_delete=True,
        max_num=MAX_ROWS,
        validate_max=True,
        absolute_max=MAX_ROWS,
    )


IncidentCountFormSet = rows_formset(IncidentCountForm, extra=3)
SafeAreaFormSet = rows_formset(SafeAreaForm)
EscortPointFormSet = rows_formset(EscortPointForm)
VulnerableAreaFormSet = rows_formset(VulnerableAreaForm)
ContingencyContactFormSet = rows_formset(ContingencyContactForm)


def formset_rows(formset) -> list[dict]:
    """The filled rows of a valid formset (empty extra rows and deleted rows left out)."""
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


# --------------------------------------------------------------------------------------------
# The review page: a decision on one recommendation, returning the report
# --------------------------------------------------------------------------------------------


class DecisionForm(forms.Form):
    """Endorse, endorse with changes (the changed text) or reject (the reason). The service
    checks that the text or reason is given; its errors are shown next to these fields."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=Decision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision.")},
    )
    changed_text = forms.CharField(
        label=_("Changed text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only for “Endorse with changes”: the recommendation as it should read."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject; optional otherwise."),
    )

    def __init__(self, *args, recommendation, **kwargs):
        kwargs.setdefault("prefix", f"rec{recommendation.pk}")
        kwargs.setdefault("initial", {"changed_text": recommendation.display_text})
        super().__init__(*args, **kwargs)
        self.recommendation = recommendation


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments to the team"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the team must change before submitting again."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "return")
        super().__init__(*args, **kwargs)
