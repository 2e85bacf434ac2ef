"""Forms of community alerts and material support. The services check every rule again; the
forms narrow their choices to the user's provinces.

An alert's source is a category and its recipients are counted by sex: there is deliberately
no field for the name of anyone who called or received something.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.ids import parse_id
from jpt.places.models import Locality, OperatingBase, Province
from missions.forms.field import LocalityChoiceField, SplitDateTimeInput, count_field
from reports.choices import ThreatType
from reports.models import EscortPoint, SafeArea

from .. import services
from ..choices import AlertChannel, AlertSource, PlanUse, RelayedTo, SupportItem
from ..models import CommunityAlert
from .tracking import BLANK, DateInput


def user_localities(user):
    """Localities of the user's provinces, by territory."""
    return (
        Locality.objects.filter(territory__province__in=Province.objects.visible_to(user))
        .select_related("territory")
        .order_by("territory__name", "name")
    )


class SafeAreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.locality.name})"


class AlertForm(forms.Form):
    """Log an alert, or record its relay, its response and the use of the protection plan."""

    received_at = forms.SplitDateTimeField(
        label=_("Received at"),
        widget=SplitDateTimeInput(),
        error_messages={"required": _("Give the time the alert came.")},
    )
    locality = LocalityChoiceField(
        label=_("Locality"),
        queryset=Locality.objects.none(),
        error_messages={"required": _("Choose the locality.")},
    )
    base = forms.ModelChoiceField(
        label=_("Base"),
        queryset=OperatingBase.objects.none(),
        required=False,
        help_text=_("The base whose CLI took the alert; left empty, the base nearest the place."),
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=BLANK + AlertChannel.choices)
    threat_type = forms.ChoiceField(label=_("Threat"), choices=BLANK + ThreatType.choices)
    source = forms.ChoiceField(
        label=_("Raised by"),
        choices=BLANK + AlertSource.choices,
        help_text=_("A category, never a name."),
    )
    description = forms.CharField(
        label=_("What was reported"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Never write the name or number of the person who called."),
    )
    relayed_at = forms.SplitDateTimeField(
        label=_("Relayed at"), widget=SplitDateTimeInput(), required=False
    )
    relayed_to = forms.MultipleChoiceField(
        label=_("Relayed to"),
        choices=RelayedTo.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    responded_at = forms.SplitDateTimeField(
        label=_("Response at"), widget=SplitDateTimeInput(), required=False
    )
    response = forms.CharField(
        label=_("Response"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. a patrol went to the fields within the hour"),
    )
    plan_used = forms.NullBooleanField(
        label=_("Community protection plan used"),
        required=False,
        widget=forms.NullBooleanSelect(),
    )
    safe_area = SafeAreaChoiceField(
        label=_("Safe area used"), queryset=SafeArea.objects.none(), required=False
    )
    escort_point = forms.ModelChoiceField(
        label=_("Escort point used"), queryset=EscortPoint.objects.none(), required=False
    )
    plan_outcome = forms.ChoiceField(
        label=_("How the plan worked"), choices=BLANK + PlanUse.choices, required=False
    )
    plan_note = forms.CharField(
        label=_("Notes on the plan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    FIELDS = services.ALERT_FIELDS

    def __init__(self, *args, user, instance: CommunityAlert | None = None, **kwargs):
        if instance is not None:
            initial = {name: getattr(instance, name) for name in self.FIELDS}
        else:
            initial = {"received_at": timezone.localtime().replace(second=0, microsecond=0)}
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["plan_used"].widget.choices = [
            ("unknown", _("Not known / no plan here")),
            ("true", _("Yes")),
            ("false", _("No")),
        ]
        localities = user_localities(user)
        self.fields["locality"].queryset = localities
        self.fields["base"].queryset = (
            OperatingBase.objects.active()
            .filter(locality__territory__province__in=Province.objects.visible_to(user))
            .order_by("name")
        )
        # The plan's rows: those of the chosen locality's approved plan (services.plan_options).
        # Before a locality is chosen, none: the page asks for the locality's once it is chosen
        # (htmx, PlanOptionsView); every approved plan of a province is thousands of <option>s
        # after a few years. A form sent without a usable locality still checks the rows
        # against every approved plan of the user's provinces (it is refused for the locality).
        locality = self.chosen_locality(localities, instance)
        if locality is not None:
            safe_areas, escort_points = services.plan_options(locality)
        elif not self.is_bound:
            safe_areas, escort_points = SafeArea.objects.none(), EscortPoint.objects.none()
        else:
            approved = {
                "plan__report__status": "approved",
                "plan__report__mission__province__in": Province.objects.visible_to(user),
            }
            safe_areas = SafeArea.objects.filter(**approved)
            escort_points = EscortPoint.objects.filter(**approved)
        self.fields["safe_area"].queryset = safe_areas.select_related("locality").order_by(
            "name", "id"
        )
        self.fields["escort_point"].queryset = escort_points.order_by("place", "id")

    def chosen_locality(self, localities, instance) -> Locality | None:
        if self.is_bound:
            pk = parse_id(self.data.get(self.add_prefix("locality")))
            return None if pk is None else localities.filter(pk=pk).first()
        if instance is not None:
            return instance.locality
        return None

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}


class SupportForm(forms.Form):
    """Items given out in a locality on a date, recipients counted by sex."""

    locality = LocalityChoiceField(
        label=_("Locality"),
        queryset=Locality.objects.none(),
        error_messages={"required": _("Choose the locality.")},
    )
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    item = forms.ChoiceField(label=_("Item"), choices=BLANK + SupportItem.choices)
    item_detail = forms.CharField(
        label=_("Which item"),
        max_length=150,
        required=False,
        help_text=_("Needed for “other”; e.g. the phone model."),
    )
    women = count_field(_("Women recipients"))
    men = count_field(_("Men recipients"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    FIELDS = services.SUPPORT_FIELDS

    def __init__(self, *args, user, **kwargs):
        kwargs["initial"] = {"given_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.fields["locality"].queryset = user_localities(user)

    def service_data(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}
