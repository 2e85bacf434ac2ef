"""The form renderer (``FORM_RENDERER``): Django's, with ``<select>`` drawn in Python.

Django draws a ``<select>`` with a template that includes one template per ``<option>``, which
includes another for the option's attributes. A select of a province's localities (a few hundred
options), of bases, safe areas and escort points made the alert, visit, support and
implementation forms spend most of their time in those includes (the alert form: 70 of its 80 ms
at 5,000 missions, ``make bench``). ``render_select`` writes the same markup, byte for byte
(``jpt/core/tests/test_renderers.py`` compares it with Django's templates on any widget,
choices, labels and attributes hypothesis draws), in a loop. Any other widget, and a select whose
options use a template of their own, are drawn by Django's templates as before.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.html import escape
from django.utils.safestring import SafeData, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _text(value, context: Context) -> str:
    """``{{ value }}`` in a template: localized, turned to text, escaped."""
    if type(value) is str:  # the usual label: nothing to localize, not marked safe
        return escape(value)
    return render_value_in_context(value, context)


def _as_string(value, context: Context) -> str:
    """``{{ value|stringformat:'s' }}`` in a template."""
    if type(value) is str:  # the usual value (a select's options are strings or ids)
        return escape(value)
    text = stringformat(value, "s")
    if isinstance(value, SafeData):  # the filter is marked is_safe: safe in, safe out
        text = mark_safe(text)
    return render_value_in_context(text, context)


def _attrs(attrs: dict, context: Context) -> str:
    """``django/forms/widgets/attrs.html``."""
    if not attrs:  # most options
        return ""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        parts.append(f" {_text(name, context)}")
        if value is not True:
            parts.append(f'="{_as_string(value, context)}"')
    return "".join(parts)


def render_select(widget: dict) -> str | None:
    """The markup of ``django/forms/widgets/select.html`` for a widget's context (``None``
    when an option has a template of its own: Django's templates draw that select)."""
    context = Context(autoescape=True)
    parts = [f'<select name="{_text(widget["name"], context)}"{_attrs(widget["attrs"], context)}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_text(group_name, context)}">')
        for option in options:
            if option.get("template_name") != OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{_as_string(option["value"], context)}"'
                f"{_attrs(option['attrs'], context)}>{_text(option['label'], context)}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts).strip()  # as BaseRenderer.render strips a template's output


class FormRenderer(DjangoTemplates):
    """Django's default renderer (``DjangoTemplates``), with ``render_select``."""

    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE and "widget" in context:
            html = render_select(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request=request)
