"""``get_FOO_display()`` (``jpt.core.models.ChoiceLabelsModel``) says what Django's says, for
every choice field of every model of the project, in every language, and for values that are
not a choice."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation

from jpt.core.models import ChoiceLabelsModel

PROJECT_APPS = {
    "core",
    "accounts",
    "places",
    "audit",
    "notifications",
    "documents",
    "missions",
    "reports",
    "recommendations",
    "insights",
}


def choice_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or not issubclass(model, ChoiceLabelsModel):
            continue
        for field in model._meta.concrete_fields:
            if field.choices:
                yield model, field


def test_the_project_models_use_the_labels_table():
    fields = list(choice_fields())
    assert len(fields) > 30  # statuses, kinds, categories of every app
    assert {m._meta.app_label for m, _f in fields} >= {"missions", "reports", "recommendations"}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_choice_reads_as_django_reads_it(language):
    with translation.override(language):
        for model, field in choice_fields():
            for value in [v for v, _label in field.flatchoices] + ["not-a-choice", None, 10**6]:
                obj = model()
                setattr(obj, field.attname, value)
                ours = getattr(obj, f"get_{field.name}_display")()
                django = models.Model._get_FIELD_display(obj, field)
                assert ours == django, (model, field.name, value)
                assert type(ours) is type(django)
