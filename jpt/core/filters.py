"""The filter bar above every list: a light form for django-filter's ``FilterSet.Meta.form``.

A list's filter bar is drawn on every visit of the list, with selects of hundreds of options
(the territories and mission leads of Kinshasa's list). Django's form renderer draws each option
through a template, and crispy-forms each field through a large one: 60 ms of a 100 ms page at
5,000 missions. Here the selects are drawn in Python (``FastSelect``: the same HTML as Django's
``select.html``) and ``templates/partials/filter_bar.html`` lays the fields out with Bootstrap's
classes, set once here.
"""

from __future__ import annotations

from html import escape

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    """``forms.Select`` drawn without templates: the markup of Django's ``select.html`` and
    ``select_option.html`` (values and labels escaped; the first matching option selected, as
    ``ChoiceWidget.optgroups`` selects it), without building a dictionary per option."""

    def render(self, name, value, attrs=None, renderer=None):
        wanted = set(self.format_value(value))
        state = {"selected": False}  # only the first matching option is selected
        parts = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        for option_value, option_label in self.choices:
            if isinstance(option_label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', option_value))
                parts.extend(self._option(v, label, wanted, state) for v, label in option_label)
                parts.append("</optgroup>")
            else:
                parts.append(self._option(option_value, option_label, wanted, state))
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every value and label escaped

    @staticmethod
    def _option(value, label, wanted, state) -> str:
        value = "" if value is None else str(value)
        selected = not state["selected"] and value in wanted
        state["selected"] = state["selected"] or selected
        extra = " selected" if selected else ""
        return f'<option value="{escape(value)}"{extra}>{escape(str(label))}</option>'


class FilterBarForm(forms.Form):
    """The form of a list's filters: Bootstrap classes on the widgets, plain selects drawn by
    ``FastSelect``. Set as ``Meta.form`` of each ``FilterSet``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                field.widget = FastSelect(attrs=widget.attrs, choices=widget.choices)
                field.widget.is_required = widget.is_required
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = f"{css} {field.widget.attrs.get('class', '')}".strip()
