"""HTML to PDF with WeasyPrint, reading nothing but the project's own static files.

:func:`render_pdf` is the one place that calls WeasyPrint. Its URL fetcher
(:class:`StaticFilesFetcher`) answers only URLs under ``STATIC_URL`` (the stylesheet and the
vendored fonts of ``static/``), read through ``django.contrib.staticfiles`` (the finders, then
the static files storage, where ``collectstatic`` put hashed names); ``data:`` URLs of images
(charts) are decoded in memory. Everything else is refused without any I/O: ``http(s)`` to
any other host (no network), ``file:`` (no path of the machine), other schemes, ``..`` out of
the static folders. The HTML itself comes from Django templates, which escape every value, so
text typed by users cannot add a URL to fetch in the first place.

The document's base URL is :data:`BASE_URL`, a host of the reserved ``.invalid`` domain that
no resolver answers: ``{% static %}`` paths ("/static/css/pdf.css") resolve against it.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import mimetypes
import posixpath
import time
from dataclasses import dataclass
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

BASE_URL = "https://jpt-desk.invalid/"
# ``data:`` URLs are decoded only for these types (charts as images); a data: stylesheet or
# HTML page is refused like any other URL.
DATA_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/svg+xml"})
MAX_DATA_BYTES = 5 * 1024 * 1024


class RefusedURL(ValueError):
    """The URL fetcher refused a URL (not one of the project's static files)."""


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF rendered by :func:`render_pdf`: its bytes, page count and SHA-256, and the URLs
    the fetcher refused (logged; a template that needs them is wrong)."""

    content: bytes
    page_count: int
    sha256: str
    refused: tuple[str, ...] = ()
    seconds: float = 0.0


def _static_prefixes() -> list[str]:
    """The absolute URLs under which ``{% static %}`` puts the project's static files."""
    return [urljoin(BASE_URL, settings.STATIC_URL)]


def static_name(url: str) -> str | None:
    """The static file's name (e.g. ``css/pdf.css``) that ``url`` points to, or None when the
    URL is not under ``STATIC_URL`` of :data:`BASE_URL` (or tries to leave it)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.query or parts.username or parts.password:
        return None
    plain = f"{parts.scheme}://{parts.netloc}{parts.path}"
    for prefix in _static_prefixes():
        if plain.startswith(prefix):
            raw = unquote(plain[len(prefix) :])
            break
    else:
        return None
    if not raw or "\\" in raw or "\x00" in raw or raw.startswith("/"):
        return None
    name = posixpath.normpath(raw)
    if name in (".", "..") or name.startswith("../") or name.startswith("/"):
        return None
    return name


def read_static(name: str) -> bytes | None:
    """The bytes of the static file ``name``: from the app and project static folders (the
    finders), else from the static files storage (``STATIC_ROOT`` after collectstatic, where
    names carry their hash). None when there is no such file."""
    try:
        path = finders.find(name)
    except SuspiciousFileOperation:
        return None
    if path:
        with open(path, "rb") as handle:
            return handle.read()
    try:
        if staticfiles_storage.exists(name):
            with staticfiles_storage.open(name) as handle:
                return handle.read()
    except (SuspiciousFileOperation, OSError, ValueError):
        return None
    return None


def _decode_data_url(url: str) -> tuple[str, bytes] | None:
    """(media type, bytes) of a ``data:`` URL of an allowed type, else None."""
    header, sep, payload = url[len("data:") :].partition(",")
    if not sep:
        return None
    params = header.split(";")
    media_type = (params[0] or "text/plain").strip().lower()
    if media_type not in DATA_TYPES:
        return None
    try:
        body = (
            base64.b64decode(payload, validate=False)
            if "base64" in (p.strip().lower() for p in params[1:])
            else unquote_to_bytes(payload)
        )
    except ValueError:
        return None
    if len(body) > MAX_DATA_BYTES:
        return None
    return media_type, body


class StaticFilesFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, restricted to the project's static files (module docstring).

    Never opens a connection nor a path outside the static folders. Every URL refused is kept
    in ``refused`` (and logged).
    """

    def __init__(self):
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def refuse(self, url: str, why: str):
        self.refused.append(url)
        logger.warning("PDF rendering: refused to fetch %s (%s)", url[:200], why)
        raise RefusedURL(f"Only the project's static files may be read ({why}): {url[:200]}")

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            decoded = _decode_data_url(url)
            if decoded is None:
                self.refuse(url, "a data: URL that is not an image")
            media_type, body = decoded
            self.fetched.append("data:" + media_type)
            return URLFetcherResponse(url, body, {"Content-Type": media_type})
        name = static_name(url)
        if name is None:
            self.refuse(url, "not a static file")
        body = read_static(name)
        if body is None:
            self.refuse(url, "no such static file")
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        self.fetched.append(url)
        return URLFetcherResponse(url, body, {"Content-Type": media_type})


def render_pdf(html: str) -> RenderedPdf:
    """The PDF of ``html`` (a whole document, from a template extending
    ``documents/pdf_base.html``), with its page count and SHA-256. Synchronous: about half a
    second for a page or two, a few pages a second for long ones."""
    started = time.perf_counter()
    fetcher = StaticFilesFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        font_config=FontConfiguration()
    )
    content = document.write_pdf()
    return RenderedPdf(
        content=content,
        page_count=len(document.pages),
        sha256=hashlib.sha256(content).hexdigest(),
        refused=tuple(fetcher.refused),
        seconds=time.perf_counter() - started,
    )
