"""Abstract base models shared by every app."""

from functools import cache

from django.db import models
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@cache
def choice_labels(field, language: str | None) -> dict:
    """A field's choices as ``{value: label}``, the labels translated into ``language``."""
    return {
        make_hashable(value): force_str(label, strings_only=True)
        for value, label in field.flatchoices
    }


class ChoiceLabelsModel(models.Model):
    """``get_FOO_display()`` read from ``choice_labels`` (a table per field and language),
    with what Django's returns. Django builds the table of a field's choices again, and
    translates every label, at each call: 25 alerts of a list, five choice fields each, were a
    thousand translations and 24 of its 47 ms at 5,000 missions (``make bench``)."""

    class Meta:
        abstract = True

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        labels = choice_labels(field, get_language())
        return labels.get(make_hashable(value), force_str(value, strings_only=True))


class TimeStampedModel(ChoiceLabelsModel):
    """Adds creation and last-change times to a model."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
