"""``{% digest %}``: the version of what a cached fragment shows, for Django's ``{% cache %}``.

The busiest parts of the pages (list tables, a mission's consultations and stakeholders) are
rendered once and cached by version: ``{% cache %}`` keyed on a digest of the values the fragment
shows, read from the rows the page has already loaded. When any of them changes (a row saved, a
name corrected, a team count, a permission of the viewer, the language, the day), the digest
changes and the fragment is drawn again; nothing is ever invalidated by hand.

The fragment's template names what it shows, next to the markup that shows it::

    {% load cache fragments %}
    {% digest requests "updated_at" "requested_by" "localities" contacts=can_see_contacts as v %}
    {% cache 86400 request_table v %} ... {% endcache %}

Each row gives its model, primary key and, for every field named, the value: a related object
by its pk, its ``updated_at`` and its text, a related manager by its objects (prefetched, so no
query). Keyword arguments are the viewer's flags and any other value the fragment depends on:
a flag that decides what is shown (contacts!) must be one of them. The language, the time zone
and today's date are always part of the digest. Never cache a fragment holding a form with
``{% csrf_token %}``: the token is the user's. The timeout (a day) bounds memory, not staleness.
"""

from __future__ import annotations

import hashlib

from django import template
from django.db import models
from django.utils import timezone, translation

register = template.Library()


def _value(value):
    if isinstance(value, models.Model):
        return (type(value).__name__, value.pk, getattr(value, "updated_at", None), str(value))
    if isinstance(value, models.Manager):
        return tuple(_value(item) for item in value.all())
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(_value(item) for item in value)
    return value


def _resolve(obj, path: str):
    for name in path.split("."):
        if obj is None:
            return None
        obj = getattr(obj, name)
        if callable(obj) and not isinstance(obj, models.Manager):
            obj = obj()
    return _value(obj)


def digest_of(rows, fields=(), **extra) -> str:
    """The digest ``{% digest %}`` computes (usable from Python too)."""
    parts = [
        translation.get_language(),
        timezone.get_current_timezone_name(),
        timezone.localdate().isoformat(),
        sorted((key, _value(value)) for key, value in extra.items()),
    ]
    for row in rows or ():
        parts.append((type(row).__name__, row.pk, *(_resolve(row, f) for f in fields)))
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()


@register.simple_tag
def digest(rows, *fields, **extra) -> str:
    return digest_of(rows, fields, **extra)
