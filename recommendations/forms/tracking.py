"""Forms of implementation tracking: who owns an approved recommendation, by when, how far it
is (``services.implementation_update`` checks the rules again), and the board's filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jpt.places.models import Province

from ..choices import ImplementationStatus, OwnerKind, StalledReason
from ..models import Implementation

BLANK = [("", "---------")]
BOARD_MONTHS = [(1, _("this month")), (3, _("3 months")), (6, _("6 months"))]
BOARD_MONTHS += [(12, _("12 months")), (24, _("24 months"))]


class DateInput(forms.DateInput):
    """The phone's own date picker."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ImplementationForm(forms.Form):
    owner_kind = forms.ChoiceField(
        label=_("Owner"), choices=BLANK + OwnerKind.choices, required=False
    )
    owner_name = forms.CharField(
        label=_("Which one"),
        max_length=150,
        required=False,
        help_text=_("e.g. Human Rights section, UNHCR, the Walikale territory administrator"),
    )
    focal_person = forms.CharField(label=_("Focal person"), max_length=150, required=False)
    target_date = forms.DateField(label=_("Target date"), required=False, widget=DateInput())
    status = forms.ChoiceField(
        label=_("Implementation status"),
        choices=ImplementationStatus.choices,
        error_messages={"required": _("Choose the implementation status.")},
    )
    stalled_reason = forms.ChoiceField(
        label=_("Why it is stalled"),
        choices=BLANK + StalledReason.choices,
        required=False,
        help_text=_("Needed when the status is “stalled”."),
    )
    plan_section = forms.CharField(
        label=_("Section whose plan includes it"),
        max_length=150,
        required=False,
        help_text=_("e.g. Civil Affairs"),
    )
    plan_name = forms.CharField(
        label=_("Plan"),
        max_length=150,
        required=False,
        help_text=_("e.g. Civil Affairs work plan 2027"),
    )
    cluster_discussed_on = forms.DateField(
        label=_("Discussed with the Protection Cluster on"), required=False, widget=DateInput()
    )
    cluster_outcome = forms.CharField(
        label=_("Outcome of the Protection Cluster discussion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=_("Comment"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What changed and why: it is kept in the recommendation's history."),
        error_messages={"required": _("Say what changed and why.")},
    )

    FIELDS = [
        "owner_kind",
        "owner_name",
        "focal_person",
        "target_date",
        "status",
        "stalled_reason",
        "plan_section",
        "plan_name",
        "cluster_discussed_on",
        "cluster_outcome",
    ]

    def __init__(self, *args, recommendation, implementation: Implementation | None, **kwargs):
        if implementation is not None:
            initial = {name: getattr(implementation, name) for name in self.FIELDS}
        else:
            initial = {
                "status": ImplementationStatus.NOT_STARTED,
                "target_date": recommendation.target_date,
            }
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class BoardFilterForm(forms.Form):
    """The board's own filters: one province, and the period of the alert figures."""

    province = forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.none(),
        required=False,
        empty_label=_("All my provinces"),
    )
    months = forms.TypedChoiceField(
        label=_("Alert response times over"),
        choices=BOARD_MONTHS,
        coerce=int,
        initial=12,
        required=False,
        empty_value=12,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = Province.objects.visible_to(user).order_by("name")
