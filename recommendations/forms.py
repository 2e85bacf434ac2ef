"""Forms of the review pages: a decision on one recommendation, returning the report."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import Decision


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
