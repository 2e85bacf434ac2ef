"""Forms for field work: consultations and key local stakeholders.

Participants of a consultation are counted by sex, never named: there is deliberately no field
for the names of the people who spoke to the team.
"""

from __future__ import annotations

from django import forms
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Sex
from jpt.core.dates import moment_error
from jpt.places.models import Locality

from ..choices import (
    ACTIVE_PARTICIPATION,
    Announcement,
    ConsultationSetting,
    ConsultationType,
    StakeholderCategory,
)
from ..models import Consultation, Mission, MissionStakeholder, Stakeholder, TeamMember

COUNT_ERRORS = {
    "invalid": _("Give a whole number, zero or more (no letters or decimals)."),
    "min_value": _("Give a whole number, zero or more."),
    "required": _("Give a number (0 if nobody)."),
}


def mission_localities(mission: Mission):
    """Localities of the mission's province, those of its territory first."""
    territory_id = mission.request.territory_id
    return (
        Locality.objects.filter(territory__province_id=mission.province_id)
        .select_related("territory")
        .annotate(
            _home=Case(
                When(territory_id=territory_id, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("_home", "territory__name", "name")
    )


class LocalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.territory.name})"


class InterpreterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_role_display()}"


class SplitDateTimeInput(forms.SplitDateTimeWidget):
    """Native date and time pickers (phones show their own)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs=attrs,
            date_format="%Y-%m-%d",
            time_format="%H:%M",
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
        )


def count_field(label, *, required: bool = True) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        required=required,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0, "step": 1, "inputmode": "numeric"}),
    )


class ConsultationForm(forms.Form):
    held_at = forms.SplitDateTimeField(
        label=_("Date and time"),
        widget=SplitDateTimeInput(),
        help_text=_("A date outside the mission's dates is accepted and flagged."),
    )
    kind = forms.ChoiceField(label=_("Type"), choices=ConsultationType.choices)
    locality = LocalityChoiceField(label=_("Locality"), queryset=Locality.objects.none())
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    setting = forms.ChoiceField(
        label=_("Held"),
        choices=ConsultationSetting.choices,
        initial=ConsultationSetting.COMMUNITY,
        widget=forms.RadioSelect,
    )
    language = forms.CharField(label=_("Language"), max_length=60, required=False)
    interpreter = InterpreterChoiceField(
        label=_("Interpreter"), queryset=TeamMember.objects.none(), required=False
    )
    women = count_field(_("Women"))
    men = count_field(_("Men"))
    girls = count_field(_("Girls"), required=False)
    boys = count_field(_("Boys"), required=False)
    announced_by = forms.MultipleChoiceField(
        label=_("Announced by"),
        choices=Announcement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    time_avoids_childcare = forms.BooleanField(
        label=_("Time chosen to avoid child-care hours"), required=False
    )
    travel_reimbursed = forms.BooleanField(label=_("Travel reimbursed"), required=False)
    reimbursement_amount = forms.DecimalField(
        label=_("Amount reimbursed (USD)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        required=False,
        error_messages={"min_value": _("The amount cannot be negative.")},
    )
    topics = forms.CharField(
        label=_("Topics discussed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    concerns = forms.CharField(
        label=_("Concerns raised"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    follow_up = forms.CharField(
        label=_("Follow-up requested"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, mission: Mission, instance: Consultation | None = None, **kwargs):
        if instance is not None:
            from ..services.field import CONSULTATION_FIELDS

            initial = {name: getattr(instance, name) for name in CONSULTATION_FIELDS}
            initial.update(kwargs.pop("initial", None) or {})
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields["locality"].queryset = mission_localities(mission)
        # The active team; plus the recorded interpreter even if withdrawn since.
        keep = Q(status__in=ACTIVE_PARTICIPATION)
        if instance is not None and instance.interpreter_id:
            keep |= Q(pk=instance.interpreter_id)
        self.fields["interpreter"].queryset = mission.team.filter(keep).select_related("user")

    def clean_held_at(self):
        held_at = self.cleaned_data["held_at"]
        problem = moment_error(held_at)
        if problem:
            raise forms.ValidationError(problem)
        return held_at

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("kind") == ConsultationType.LOCAL_WOMEN
            and "women" not in self.errors
            and (cleaned.get("women") or 0) < 1
        ):
            self.add_error(
                "women", _("A meeting with local women needs at least one woman participant.")
            )
        return cleaned


class StakeholderForm(forms.Form):
    """A new key local stakeholder (or corrections to one), and this mission's notes.

    Without ``show_phone`` the phone field is left out, so it can be neither seen nor blanked.
    """

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Give the person's name.")},
    )
    title = forms.CharField(label=_("Role / title"), max_length=150, required=False)
    organisation = forms.CharField(label=_("Organisation"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    locality = LocalityChoiceField(label=_("Locality"), queryset=Locality.objects.none())
    phone = forms.CharField(
        label=_("Phone"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("Seen only by the team, Civil Affairs and reviewers of the province."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=StakeholderCategory.choices)
    agreed_to_contact = forms.BooleanField(label=_("Agreed to be contacted again"), required=False)
    notes = forms.CharField(
        label=_("Notes for this mission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(
        self,
        *args,
        mission: Mission,
        show_phone: bool,
        link: MissionStakeholder | None = None,
        **kwargs,
    ):
        if link is not None:
            from ..services.field import STAKEHOLDER_FIELDS

            person = link.stakeholder
            initial = {name: getattr(person, name) for name in STAKEHOLDER_FIELDS}
            initial["notes"] = link.notes
            if not show_phone:
                initial.pop("phone")
            kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = mission_localities(mission)
        if not show_phone:
            del self.fields["phone"]

    def service_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "notes"}


class StakeholderChoiceField(forms.ModelChoiceField):
    """Never shows phone numbers: the picker is a list of names, roles and places."""

    def label_from_instance(self, obj) -> str:
        parts = [obj.name]
        role = ", ".join(p for p in (obj.title, obj.organisation) if p)
        if role:
            parts.append(role)
        parts.append(f"{obj.locality.name}")
        parts.append(str(obj.get_sex_display()))
        parts.append(str(obj.get_category_display()))
        return " · ".join(parts)


class StakeholderPickForm(forms.Form):
    """Someone recorded on an earlier mission to the same territory."""

    existing = StakeholderChoiceField(
        label=_("Person seen on an earlier mission"),
        queryset=Stakeholder.objects.none(),
        error_messages={"required": _("Choose a person from the list.")},
    )
    notes = forms.CharField(
        label=_("Notes for this mission"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, mission: Mission, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["existing"].queryset = (
            Stakeholder.objects.in_area_of(mission)
            .known_to(user)
            .exclude(mission_links__mission=mission)
            .select_related("locality")
            .order_by("name")
        )
