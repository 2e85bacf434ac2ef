"""Forms of the indicators: the dashboard's period and province, and the on-demand summary.

Both receive the user and offer only the provinces the user sees; "every province" is offered
to those who see them all (Kinshasa, analysts, administrators), and "all my provinces" on the
dashboard to the others.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jpt.places.models import Province

from .periods import FIRST_YEAR, Period, last_full_month, parse_month
from .services import check_month

# The longest custom period (a year and a day, for a leap year).
MAX_PERIOD_DAYS = 366


class MonthField(forms.CharField):
    """A month as ``YYYY-MM`` (a month picker where the browser has one)."""

    widget = forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"})
    default_error_messages = {"invalid": _("Give a month as YYYY-MM, e.g. 2026-11.")}

    # No ``max_length``: its validator would run on the cleaned value, a date. The length is
    # checked on the text instead, and the browser is told it (``maxlength``).
    max_text_length = 7

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_text_length)}

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        month = parse_month(value) if len(value) <= self.max_text_length else None
        if month is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return month


def _province_field(user, empty_label):
    return forms.ModelChoiceField(
        label=_("Province"),
        queryset=Province.objects.visible_to(user).order_by("name"),
        required=False,
        empty_label=empty_label,
    )


class DashboardForm(forms.Form):
    """The dashboard's period (a month, or from–to) and province."""

    month = MonthField(label=_("Month"), required=False)
    start = forms.DateField(
        label=_("Or from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["province"] = _province_field(
            user, _("All provinces") if user.sees_all_provinces else _("All my provinces")
        )
        self.fields["month"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m}"

    def clean(self):
        data = super().clean()
        start, end, month = data.get("start"), data.get("end"), data.get("month")
        today = timezone.localdate()
        if start or end:
            if not (start and end):
                raise ValidationError(_("Give both dates of the period, or a month."))
            if end < start:
                self.add_error("end", _("The period ends on or after its start."))
            elif (end - start).days + 1 > MAX_PERIOD_DAYS:
                self.add_error("end", _("A period lasts at most a year."))
            elif start.year < FIRST_YEAR:
                self.add_error("start", _("Figures start in %(year)d.") % {"year": FIRST_YEAR})
            elif start > today:
                self.add_error("start", _("The period has not begun."))
        elif month is not None:
            try:
                check_month(month)
            except ValidationError as error:
                self.add_error("month", error.error_dict["month"])
        return data

    def period(self) -> Period:
        """The chosen period (once valid); the month just ended by default."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        if data.get("start") and data.get("end"):
            return Period(data["start"], data["end"])
        if data.get("month"):
            return Period.month(data["month"])
        return last_full_month()

    def province(self) -> Province | None:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return data.get("province")


class SummaryComputeForm(forms.Form):
    """On demand: compute and store a month's summary, for one province or every one."""

    month = MonthField(label=_("Month"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        sees_all = user.sees_all_provinces
        self.fields["province"] = _province_field(user, _("All provinces") if sees_all else None)
        self.fields["province"].required = not sees_all
        if not sees_all:
            self.fields["province"].help_text = _("One of your provinces.")
        self.fields["month"].widget.attrs["max"] = f"{timezone.localdate():%Y-%m}"
        self.initial.setdefault("month", f"{last_full_month().start:%Y-%m}")

    def clean_month(self):
        month = self.cleaned_data["month"]
        try:
            return check_month(month)
        except ValidationError as error:
            raise ValidationError(error.error_dict["month"]) from error
