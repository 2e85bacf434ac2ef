"""The form renderer draws a ``<select>`` exactly as Django's templates do
(``jpt.core.renderers``)."""

from __future__ import annotations

import pytest
from django import forms
from django.conf import settings
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from jpt.core.renderers import FormRenderer, render_select

DJANGO = DjangoTemplates()
OURS = FormRenderer()

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=12)
value = st.one_of(text, st.integers(-(10**12), 10**12), st.none(), st.booleans())
attr_value = st.one_of(st.booleans(), text, st.integers(), st.tuples(st.integers()))
ATTR_NAMES = ["class", "id", "data-x", "required", "disabled", "aria-label"]
attrs = st.dictionaries(st.sampled_from(ATTR_NAMES), attr_value, max_size=4)
flat = st.lists(st.tuples(value, text), max_size=6)
grouped = st.lists(st.tuples(text, st.lists(st.tuples(value, text), max_size=4)), max_size=3)


def both(widget, name, current, attrs=None):
    context = widget.get_context(name, current, attrs)
    return (
        DJANGO.render(widget.template_name, context),
        OURS.render(widget.template_name, context),
    )


@given(
    choices=st.one_of(flat, grouped),
    current=st.one_of(value, st.lists(value, max_size=3)),
    widget_attrs=attrs,
    render_attrs=attrs,
    multiple=st.booleans(),
    name=text,
)
@hsettings(max_examples=300, deadline=None)
def test_a_select_is_drawn_as_django_draws_it(
    choices, current, widget_attrs, render_attrs, multiple, name
):
    widget = (forms.SelectMultiple if multiple else forms.Select)(
        attrs=widget_attrs, choices=choices
    )
    theirs, ours = both(widget, name, current, render_attrs)
    assert ours == theirs


@pytest.mark.parametrize(
    "widget, current",
    [
        (forms.Select(choices=[("", "---"), (1, "Goma"), (2, "Béni « Nord »")]), 2),
        (forms.Select(choices=[("Nord-Kivu", [(1, "Goma & <Rutshuru>")]), (3, "Bunia")]), 1),
        (forms.SelectMultiple(choices=[(1, "a"), (2, "b")], attrs={"required": True}), [1, 2]),
        (forms.NullBooleanSelect(), None),
        (forms.Select(choices=[(mark_safe("<b>"), mark_safe("<i>safe</i>"))]), None),
    ],
)
def test_the_select_widgets_of_the_forms(widget, current):
    theirs, ours = both(widget, "field", current, {"id": "id_field", "class": "form-select"})
    assert ours == theirs


def test_the_renderer_does_draw_selects_itself(monkeypatch):
    """The fast path is the one taken (a select Django would draw identically proves
    nothing if our renderer fell back to Django's templates)."""
    called = []
    monkeypatch.setattr(
        DjangoTemplates, "render", lambda self, *a, **k: called.append(a) or "from templates"
    )
    widget = forms.Select(choices=[(1, "Goma")])
    html = OURS.render(widget.template_name, widget.get_context("f", 1, {}))
    assert "<option" in html and called == []
    assert (
        OURS.render(forms.TextInput.template_name, forms.TextInput().get_context("f", "x", {}))
        == "from templates"
    )


def test_an_option_with_a_template_of_its_own_is_left_to_django():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Fancy(choices=[(1, "Goma")])
    assert render_select(widget.get_context("f", 1, {})["widget"]) is None
    theirs, ours = both(widget, "f", 1)
    assert ours == theirs


def test_the_project_uses_it():
    assert settings.FORM_RENDERER == "jpt.core.renderers.FormRenderer"
