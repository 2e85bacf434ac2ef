"""Fixtures of the documents' tests.

``media_root`` (autouse): every test stores its PDFs in a temporary folder of its own.
``fake_renderer``: a renderer of the "trend" kind (the shared layer's tests use no app above
it), on Provinces: a user sees a province they work in; ``contacts_users`` get the "with
contacts" audience; its input is the province's name and ``fake_renderer.extra`` (change it
to change the input), its HTML a page per paragraph of ``fake_renderer.paragraphs``; set
``fake_renderer.fail`` to make its HTML raise.
"""

from __future__ import annotations

import pytest
from django.template import engines

from jpt.documents import registry
from jpt.documents.choices import DocumentAudience, DocumentKind
from jpt.documents.registry import DocumentInput, DocumentRenderer
from jpt.places.models import Province

PAGE = """{% extends "documents/pdf_base.html" %}{% block content %}
<h1>{{ name }}</h1>
{% for paragraph in paragraphs %}<p style="break-after: page">{{ paragraph }}</p>{% endfor %}
{% endblock %}"""


class FakeRenderer(DocumentRenderer):
    kind = DocumentKind.TREND
    version = 1

    def __init__(self):
        self.extra = ""
        self.paragraphs = ["Première page."]
        self.fail = None
        self.contacts_users: set[int] = set()
        self.prepared = 0

    def visible_target(self, user, target_id):
        if user.sees_all_provinces:
            return Province.objects.filter(pk=target_id).first()
        return Province.objects.filter(pk=target_id, pk__in=user.province_ids()).first()

    def audience_for(self, user, target):
        if user.pk in self.contacts_users:
            return DocumentAudience.CONTACTS
        return DocumentAudience.STANDARD

    def prepare(self, *, target, audience):
        self.prepared += 1
        return DocumentInput(
            data={"name": target.name, "extra": self.extra, "paragraphs": self.paragraphs},
            title=f"Summary of {target.name}",
            filename=f"summary {target.name}/../x",
        )

    def html(self, *, data, audience, meta):
        if self.fail:
            raise self.fail
        template = engines["django"].from_string(PAGE)
        return template.render({**meta.context(), **data, "audience": audience})

    def request_url(self, target):
        return f"/fake/{target.pk}/pdf/"

    def changed_since(self, target, when):
        return False


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fake_renderer(monkeypatch):
    renderer = FakeRenderer()
    monkeypatch.setitem(registry._renderers, DocumentKind.TREND, renderer)
    return renderer
