"""The renderer of each kind of document, registered by the app that owns the kind.

The shared layer may not import the apps above it, so each app registers its renderer in its
``AppConfig.ready``::

    class ReportsConfig(AppConfig):
        def ready(self):
            from jpt.documents.registry import register

            from .documents import ReportPdf

            register(ReportPdf())

A renderer says who may see the record (scope), which audience a user gets, prepares the input
when a PDF is requested (JSON: what the PDF will show, hashed for deduplication) and turns a
stored input into HTML (a template extending ``documents/pdf_base.html``) when the PDF is
rendered. It never writes: the services of ``jpt.documents.services`` do.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models

from .choices import DocumentAudience


@dataclass(frozen=True)
class DocumentInput:
    """What a renderer prepares when a PDF is requested.

    ``data``: JSON-serialisable (str, numbers, bools, None, lists, dicts; dates as ISO
    strings), everything the PDF shows and nothing else, in a stable order: its SHA-256 is the
    deduplication key. ``title``: what the document is, for people ("JPT-RPT2026-0003, approved
    version 1"). ``filename``: the download's name, without the extension (it is made safe).
    """

    data: dict[str, Any]
    title: str
    filename: str


@dataclass(frozen=True)
class PdfMeta:
    """What every page of a PDF shows besides the document (``documents/pdf_base.html``)."""

    title: str
    classification: str
    generated_by: str
    generated_at: Any  # an aware datetime

    def context(self) -> dict[str, Any]:
        return {
            "document_title": self.title,
            "classification": self.classification,
            "generated_by": self.generated_by,
            "generated_at": self.generated_at,
        }


class DocumentRenderer:
    """Base class of a kind's renderer. Subclasses set ``kind`` and implement the methods that
    raise ``NotImplementedError``.

    ``version``: bump it when the layout changes, so that documents already rendered are
    rendered again when next requested (it is part of the hashed input).
    """

    kind: str = ""
    version: int = 1

    def visible_target(self, user, target_id: str) -> models.Model | None:
        """The record with this id if ``user`` may see it (the app's ``visible_to``), else
        None. Downloads, the status fragment and requests go through it."""
        raise NotImplementedError

    def audience_for(self, user, target: models.Model) -> str:
        """The widest audience ``user`` may get for ``target`` (a ``DocumentAudience``)."""
        return DocumentAudience.STANDARD

    def prepare(self, *, target: models.Model, audience: str) -> DocumentInput:
        """The input of a PDF of ``target`` for ``audience``, read now (in the request)."""
        raise NotImplementedError

    def html(self, *, data: dict[str, Any], audience: str, meta: PdfMeta) -> str:
        """The PDF's HTML from a stored input (``DocumentInput.data``), rendered with Django's
        templates (every value escaped). Reads no row: the input holds everything."""
        raise NotImplementedError

    def request_url(self, target: models.Model) -> str:
        """Where the page's "make the PDF" button posts (the app's request view)."""
        raise NotImplementedError

    def changed_since(self, target: models.Model, when) -> bool:
        """Whether ``target`` may have changed since ``when`` (a document requested then may
        no longer match it: the page offers a new one). Cheap: no query if possible."""
        return False


_renderers: dict[str, DocumentRenderer] = {}


def register(renderer: DocumentRenderer) -> DocumentRenderer:
    """Register the renderer of ``renderer.kind`` (one per kind; registering the same class
    again, as a reloaded app does, replaces it)."""
    if not renderer.kind:
        raise ValueError("A document renderer needs a kind.")
    existing = _renderers.get(renderer.kind)
    if existing is not None and type(existing) is not type(renderer):
        raise ValueError(
            f"The {renderer.kind!r} kind already has a renderer ({type(existing).__qualname__})."
        )
    _renderers[renderer.kind] = renderer
    return renderer


def get_renderer(kind: str) -> DocumentRenderer:
    """The renderer of ``kind``; ``LookupError`` when no app registered one."""
    try:
        return _renderers[kind]
    except KeyError:
        raise LookupError(f"No document renderer is registered for the {kind!r} kind.") from None


def registered_kinds() -> list[str]:
    return sorted(_renderers)
