"""Forms for filing and deciding JPT requests. They validate and hand over to services."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.core.ids import IdModelMultipleChoiceField, parse_id
from jpt.places.models import Locality, OperatingBase, Province, Territory

from ..choices import TRIGGER_GROUPED_CHOICES, RequestStatus
from ..models import JptRequest
from ..validation import RequestDetails, request_errors, request_warnings


def provinces_for(user):
    """Provinces a user may file requests for: the provinces they work in."""
    return Province.objects.visible_to(user)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class JptRequestForm(forms.ModelForm):
    """The request form. Territory and locality lists follow the chosen province (htmx)."""

    new_localities = forms.CharField(
        label=_("Localities not in the list"),
        required=False,
        max_length=500,
        help_text=_("Villages missing from the list, separated by commas; they will be added."),
    )
    confirm_warnings = forms.BooleanField(
        label=_("I have read the warnings above and want to file the request as it is."),
        required=False,
    )

    class Meta:
        model = JptRequest
        fields = [
            "title",
            "requester_kind",
            "requesting_office",
            "requesting_section",
            "trigger",
            "trigger_details",
            "province",
            "territory",
            "localities",
            "nearest_base",
            "reason",
            "start_date",
            "end_date",
            "urgency",
            "is_repeat_visit",
            "previous_request",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 6}),
            "localities": forms.SelectMultiple(attrs={"size": 6}),
        }
        field_classes = {"localities": IdModelMultipleChoiceField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.warnings: list[str] = []
        provinces = provinces_for(user)
        self.fields["province"].queryset = provinces
        self.fields["territory"].queryset = Territory.objects.filter(
            province__in=provinces
        ).select_related("province")
        self.fields["localities"].queryset = Locality.objects.filter(
            territory__province__in=provinces
        )
        self.fields["localities"].required = False
        self.fields["localities"].help_text = _(
            "Choose the territory first, then one or more localities (on a computer, "
            "Ctrl-click or Cmd-click adds one to the choice)."
        )
        self.fields["nearest_base"].queryset = OperatingBase.objects.active().filter(
            locality__territory__province__in=provinces
        )
        self.fields["trigger"].choices = [("", "---------"), *TRIGGER_GROUPED_CHOICES]
        # A repeat visit follows an earlier JPT to the same territory: its approved requests
        # (not every request the user may see: thousands, at ten years of a large mission).
        territory_for_previous = self._current("territory")
        keep_previous = Q(pk=getattr(self.instance, "previous_request_id", None) or 0)
        self.fields["previous_request"].queryset = (
            JptRequest.objects.visible_to(user)
            .filter(
                Q(territory_id=territory_for_previous or 0, status=RequestStatus.APPROVED)
                | keep_previous
            )
            .exclude(pk=self.instance.pk or 0)
            .order_by("-id")
        )
        self.fields["previous_request"].help_text = _(
            "An earlier JPT to the same territory (choose the territory first)."
        )
        self.fields["previous_request"].label_from_instance = lambda r: f"{r.reference} {r.title}"

        # Show only the chosen province's territories and the chosen territory's localities.
        province_id = self._current("province")
        territory_id = self._current("territory")
        self.fields["territory"].widget.choices = [("", "---------")] + [
            (t.pk, t.name) for t in Territory.objects.filter(province_id=province_id or 0)
        ]
        self.fields["localities"].widget.choices = [
            (loc.pk, loc.name) for loc in Locality.objects.in_territory(territory_id)
        ]
        if province_id:
            self.fields["nearest_base"].widget.choices = [("", "---------")] + [
                (b.pk, str(b))
                for b in self.fields["nearest_base"].queryset.filter(
                    locality__territory__province_id=province_id
                )
            ]

    def _current(self, name: str) -> int | None:
        value = self.data.get(self.add_prefix(name)) if self.is_bound else None
        if value is None:
            value = self.initial.get(name)
            if value is None and self.instance.pk:
                value = getattr(self.instance, f"{name}_id", None)
        return parse_id(getattr(value, "pk", value))

    def clean_new_localities(self) -> list[str]:
        raw = self.cleaned_data.get("new_localities") or ""
        names = []
        for part in raw.split(","):
            name = " ".join(part.split())
            if name and name.lower() not in {n.lower() for n in names}:
                names.append(name)
        for name in names:
            if len(name) > 120:
                raise forms.ValidationError(_("A locality name has at most 120 characters."))
        return names

    def clean(self):
        cleaned = super().clean()
        details = self.details(cleaned)
        today = timezone.localdate()
        for name, messages in request_errors(
            details, today=today, is_new=self.instance.pk is None
        ).items():
            if name in self.errors:
                continue  # the field's own message (required, too long...) says it already
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
        if not self.errors:
            self.warnings = request_warnings(details, today=today)
            if self.warnings and not cleaned.get("confirm_warnings"):
                self.add_error(
                    "confirm_warnings",
                    _("Read the warnings and tick this box to file the request anyway."),
                )
        return cleaned

    def details(self, cleaned: dict | None = None) -> RequestDetails:
        cleaned = dict(cleaned if cleaned is not None else self.cleaned_data)
        cleaned["new_locality_names"] = cleaned.pop("new_localities", []) or []
        return RequestDetails.from_cleaned_data(cleaned)


class ApproveForm(forms.Form):
    mandate = forms.CharField(
        label=_("Mandate / terms of reference"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "What the team must establish. Include gender analysis, the analysis of patterns "
            "of sexual violence (Annex 2) and engagement of local women."
        ),
    )
    comment = forms.CharField(
        label=_("Comment to the requester"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the request declined?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What information is missing?"), widget=forms.Textarea(attrs={"rows": 3})
    )
