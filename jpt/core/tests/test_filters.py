"""The filter bar's select draws what Django's template-drawn select draws."""

import pytest
from django import forms
from django.test.html import parse_html

from jpt.core.filters import FastSelect, FilterBarForm

CHOICES = [
    ("", "---------"),
    ("a", "Alpha <b>"),
    ("b&c", 'Quote " and é'),
    ("Group", [("g1", "In a group"), ("g2", "Also")]),
]


@pytest.mark.parametrize("value", [None, "", "a", "b&c", "g2", "missing"])
def test_fast_select_draws_what_django_draws(value):
    attrs = {"id": "id_x", "class": "form-select", "data-x": "1", "disabled": False}
    django_html = forms.Select(choices=CHOICES).render("x", value, attrs=attrs)
    fast_html = FastSelect(choices=CHOICES).render("x", value, attrs=attrs)
    assert parse_html(fast_html) == parse_html(django_html)
    assert "<b>" not in fast_html and "&lt;b&gt;" in fast_html


def test_filter_bar_form_styles_and_swaps_plain_selects_only():
    class Form(FilterBarForm):
        q = forms.CharField(required=False)
        kind = forms.ChoiceField(choices=CHOICES, required=False)
        flag = forms.NullBooleanField(required=False)
        many = forms.MultipleChoiceField(choices=CHOICES[1:3], required=False)

    form = Form({"kind": "a"})
    assert type(form.fields["kind"].widget) is FastSelect
    assert type(form.fields["flag"].widget) is forms.NullBooleanSelect
    assert type(form.fields["many"].widget) is forms.SelectMultiple
    assert form.fields["q"].widget.attrs["class"] == "form-control"
    assert form.fields["kind"].widget.attrs["class"] == "form-select"
    assert 'value="a" selected' in str(form["kind"])
