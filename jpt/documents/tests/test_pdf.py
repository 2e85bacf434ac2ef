"""WeasyPrint through ``jpt.documents.pdf``: only the project's static files are read, user
text is escaped, French comes through, and every page has its marking, author and number."""

from __future__ import annotations

import socket

import pytest
from django.template import engines
from django.utils import timezone

from jpt.documents import pdf
from jpt.documents.pdf import BASE_URL, RefusedURL, StaticFilesFetcher, render_pdf, static_name
from jpt.documents.registry import PdfMeta

from .helpers import pdf_fonts, pdf_pages, pdf_text

FRENCH = "Forces Armées de la République Démocratique du Congo « FARDC » : é, è, ç, à, ô"
STATIC = f"{BASE_URL}static/"


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError(f"the PDF renderer opened a connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def page(body: str, **context) -> str:
    """A whole PDF page from ``documents/pdf_base.html`` with ``body`` as its content
    (``body`` is template source: trusted, as the project's templates are)."""
    source = '{% extends "documents/pdf_base.html" %}{% block content %}' + body + "{% endblock %}"
    meta = PdfMeta(
        title="Test document",
        classification="UN restricted",
        generated_by="Amani Kahindo",
        generated_at=timezone.localtime(),
    )
    return engines["django"].from_string(source).render({**meta.context(), **context})


# --- the URL fetcher ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/tracker.png",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/static/css/pdf.css",
        "file:///etc/passwd",
        "file://localhost/etc/hostname",
        "ftp://example.org/x",
        f"{STATIC}../../../../etc/passwd",
        f"{STATIC}%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        f"{STATIC}css/..%2f..%2f..%2fetc%2fpasswd",
        f"{STATIC}/etc/passwd",
        f"{STATIC}css/pdf.css?x=1",
        f"{STATIC}no/such/file.css",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}media/documents/report/x.pdf",
        "data:text/html,<h1>x</h1>",
        "data:text/css,body{background:url(file:///etc/passwd)}",
        "javascript:alert(1)",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files(url, no_network):
    fetcher = StaticFilesFetcher()
    with pytest.raises(RefusedURL):
        fetcher.fetch(url)
    assert fetcher.refused == [url]
    assert fetcher.fetched == []


def test_the_fetcher_serves_the_stylesheet_and_the_vendored_fonts(no_network):
    fetcher = StaticFilesFetcher()
    css = fetcher.fetch(f"{STATIC}css/pdf.css")
    assert b"@font-face" in css.read()
    assert css.content_type == "text/css"
    font = fetcher.fetch(f"{STATIC}vendor/fonts/dejavu/DejaVuSans.ttf")
    assert len(font.read()) > 100_000
    assert fetcher.refused == []


def test_the_fetcher_decodes_image_data_urls_only():
    fetcher = StaticFilesFetcher()
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    assert fetcher.fetch(png).read().startswith(b"\x89PNG")
    svg = fetcher.fetch("data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'/%3E")
    assert svg.read().startswith(b"<svg")


def test_static_names_stay_inside_the_static_folders():
    assert static_name(f"{STATIC}css/pdf.css") == "css/pdf.css"
    assert static_name(f"{STATIC}vendor/fonts/dejavu/./DejaVuSans.ttf") == (
        "vendor/fonts/dejavu/DejaVuSans.ttf"
    )
    assert static_name(f"{STATIC}css/../../x") is None
    assert static_name(f"{STATIC}") is None


def test_remote_and_file_urls_in_a_template_are_refused_and_the_pdf_still_renders(no_network):
    """Even a template (trusted) that points elsewhere gets nothing: the PDF renders without."""
    html = page(
        '<img src="https://example.org/tracker.png" alt="">'
        '<img src="file:///etc/hostname" alt="">'
        '<link rel="stylesheet" href="file:///etc/passwd">'
        '<div style="background: url(https://example.org/bg.png)">Texte</div>'
    )
    rendered = render_pdf(html)
    assert rendered.page_count == 1
    assert set(rendered.refused) >= {
        "https://example.org/tracker.png",
        "file:///etc/hostname",
        "https://example.org/bg.png",
    }
    assert "Texte" in pdf_text(rendered.content)


def test_user_text_is_escaped_and_never_fetched(monkeypatch, no_network):
    """Text typed by users (a threat's narrative, say) that holds markup is shown as typed: no
    element is made of it, so no URL of it is ever fetched."""
    asked = []
    fetch = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesFetcher, "fetch", spy)
    typed = (
        '<img src="https://attacker.example/x.png"> <img src="file:///etc/passwd"> '
        '<link rel="stylesheet" href="file:///etc/shadow"> <b>bold?</b>'
    )
    rendered = render_pdf(page("<p>{{ narrative }}</p>", narrative=typed))
    text = pdf_text(rendered.content)
    assert '<img src="https://attacker.example/x.png">' in text
    assert '<img src="file:///etc/passwd">' in text
    assert "<b>bold?</b>" in text
    assert rendered.refused == ()
    assert not [url for url in asked if "attacker" in url or "/etc/" in url]
    assert all(url.startswith(STATIC) for url in asked)


def test_french_renders_with_the_vendored_font(no_network, monkeypatch):
    fetched = []
    fetch = StaticFilesFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return fetch(self, url, headers)

    monkeypatch.setattr(StaticFilesFetcher, "fetch", spy)
    rendered = render_pdf(page("<h1>{{ title }}</h1><p><b>{{ title }}</b></p>", title=FRENCH))
    text = " ".join(pdf_text(rendered.content).split())  # the heading wraps
    assert text.count(FRENCH) == 2
    assert f"{STATIC}vendor/fonts/dejavu/DejaVuSans.ttf" in fetched
    assert f"{STATIC}vendor/fonts/dejavu/DejaVuSans-Bold.ttf" in fetched
    fonts = pdf_fonts(rendered.content)
    assert "JPT-Sans" in fonts  # the @font-face family, embedded from the vendored file
    assert "DejaVuSans" not in fonts.replace("JPT-Sans", "")  # no system font used


def test_every_page_has_the_marking_the_author_and_its_number(settings):
    settings.JPT_DOCUMENT_CLASSIFICATION = "UN confidentiel – réservé"
    meta = PdfMeta(
        title="Résumé",
        classification=settings.JPT_DOCUMENT_CLASSIFICATION,
        generated_by="Éloïse Çiza",
        generated_at=timezone.localtime(),
    )
    source = (
        '{% extends "documents/pdf_base.html" %}{% block content %}'
        '{% for i in pages %}<p style="break-after: page">Page de contenu {{ i }}</p>{% endfor %}'
        "{% endblock %}"
    )
    html = engines["django"].from_string(source).render({**meta.context(), "pages": range(4)})
    rendered = render_pdf(html)
    pages = pdf_pages(rendered.content)
    assert rendered.page_count == len(pages) == 4
    for number, text in enumerate(pages, start=1):
        assert text.count("UN confidentiel – réservé") == 2, number  # top and bottom
        assert "Generated by Éloïse Çiza on" in text
        assert f"Page {number} of 4" in text
        assert f"Page de contenu {number - 1}" in text


def test_render_pdf_reports_its_hash_and_size():
    rendered = render_pdf(page("<p>x</p>"))
    assert rendered.content.startswith(b"%PDF-")
    assert len(rendered.sha256) == 64
    assert rendered.seconds > 0
    assert pdf.hashlib.sha256(rendered.content).hexdigest() == rendered.sha256
