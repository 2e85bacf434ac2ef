"""Reading PDFs back in tests: the text of each page (pdftotext, from poppler-utils, which
``scripts/ensure_system_packages.sh`` installs), its fonts (pdffonts)."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: install poppler-utils (scripts/ensure_system_packages.sh)")
    return path


def pdf_pages(content: bytes, *, layout: bool = False) -> list[str]:
    """The text of each page (pages end with a form feed): in reading order, or with
    ``layout`` as laid out (a table's row on one line)."""
    result = subprocess.run(  # noqa: S603 (a fixed tool, no shell)
        [_tool("pdftotext"), "-enc", "UTF-8", *(["-layout"] if layout else []), "-", "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    pages = result.stdout.decode("utf-8").split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def pdf_text(content: bytes, *, layout: bool = False) -> str:
    return "\n".join(pdf_pages(content, layout=layout))


def squeezed(text: str) -> str:
    """The text without any white space (a hash or a phone number broken across lines)."""
    return re.sub(r"\s+", "", text)


def pdf_fonts(content: bytes) -> str:
    result = subprocess.run(  # noqa: S603
        [_tool("pdffonts"), "-"],
        input=content,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode("utf-8", "replace")
