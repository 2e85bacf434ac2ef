"""The one renderer of the audit trail as history lines, for every page that shows a history.

Audit details are JSON written by services over the years: their shape varies by action and may
change between versions, and the trail is append-only, so an entry written today must still
render in ten years. :func:`history_lines` therefore never raises, whatever the shape: a value it
does not recognise is shown as compact text. Each app gives its own words (a
:class:`Vocabulary`: labels of keys, labels of stored choice values, keys to hide); the shared
layer knows none of them.

Shapes understood (anything else is shown as ``key: value``):

- ``{"from": a, "to": b, ...}``: one line ``a → b`` (with ``date`` in brackets when present);
- ``{"field": [old, new]}``: a change, ``Field: old → new`` (a list of exactly two scalars, for
  any key but those named in ``Vocabulary.lists``);
- ``{"fields": ["name", "phone"]}``: the fields changed, by label;
- lists of scalars are joined, dicts are shown as ``key: value`` pairs, deeper values as JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import AuditEntry

MAX_LINE = 1000

# Words every history shares; an app's vocabulary adds to them and wins over them.
COMMON_LABELS: dict[str, Any] = {
    "from": gettext_lazy("From"),
    "to": gettext_lazy("To"),
    "date": gettext_lazy("Date"),
    "comment": gettext_lazy("Comment"),
    "reason": gettext_lazy("Reason"),
    "fields": gettext_lazy("Changed"),
    "emails": gettext_lazy("E-mails queued"),
    "subject": gettext_lazy("Subject"),
    # Logins and password changes (accounts).
    "username": gettext_lazy("Username"),
    "ip": gettext_lazy("IP address"),
    # Changes made in the admin (jpt.core.admin.AuditedAdminMixin).
    "created": gettext_lazy("Created"),
    "deleted": gettext_lazy("Deleted"),
    "by_admin": gettext_lazy("By an administrator"),
    "password_disabled": gettext_lazy("Password login disabled"),
    "groups": gettext_lazy("Roles"),
    "user_permissions": gettext_lazy("Permissions of the user"),
    "is_active": gettext_lazy("Active"),
    "is_staff": gettext_lazy("Staff (admin access)"),
    "is_superuser": gettext_lazy("Superuser"),
    "deadline_days": gettext_lazy("Deadline (days)"),
    # A mission created from a request.
    "request": gettext_lazy("Request"),
    "mandate_length": gettext_lazy("Mandate length (characters)"),
}


@dataclass(frozen=True)
class Vocabulary:
    """An app's words for its audit details.

    ``labels``: key → label; ``values``: key → {stored value → label}; ``hidden``: keys never
    shown (ids, internal flags); ``lists``: keys whose list value is a list, never an
    ``[old, new]`` pair; ``field_labels``: a stored field name (as listed under ``fields``) →
    its label.
    """

    labels: Mapping[str, Any] = field(default_factory=dict)
    values: Mapping[str, Mapping[Any, Any]] = field(default_factory=dict)
    hidden: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset({"fields"})
    field_labels: Mapping[str, Any] = field(default_factory=dict)

    def label(self, key: str) -> str:
        if key in self.labels:
            return str(self.labels[key])
        if key in COMMON_LABELS:
            return str(COMMON_LABELS[key])
        if key in self.field_labels:
            return str(self.field_labels[key])
        return str(key).replace("_", " ").strip().capitalize()

    def value(self, key: str, value: Any) -> str:
        """One stored scalar as text."""
        # Booleans, also as older entries stored them (their text).
        if value is True or value == "True":
            return _("yes")
        if value is False or value == "False":
            return _("no")
        if value is None or value == "":
            return "—"
        choices = self.values.get(key)
        if choices:
            try:
                if value in choices:
                    return str(choices[value])
            except TypeError:  # an unhashable value: not a stored choice
                pass
        return str(value)

    def merged(self, other: Vocabulary) -> Vocabulary:
        """This vocabulary with ``other``'s words added (``other`` wins)."""
        return Vocabulary(
            labels={**self.labels, **other.labels},
            values={**self.values, **other.values},
            hidden=self.hidden | other.hidden,
            lists=self.lists | other.lists,
            field_labels={**self.field_labels, **other.field_labels},
        )


def field_labels_of(*models) -> dict[str, str]:
    """``{field name: verbose name}`` of the models' concrete fields (first model wins)."""
    labels: dict[str, str] = {}
    for model in models:
        for model_field in model._meta.get_fields():
            name = getattr(model_field, "name", None)
            verbose = getattr(model_field, "verbose_name", None)
            if name and verbose and name not in labels:
                labels[name] = str(verbose).capitalize()
    return labels


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, str | int | float | bool)


def _compact(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    except (TypeError, ValueError):
        return str(value)


def _shorten(line: str) -> str:
    return line if len(line) <= MAX_LINE else line[: MAX_LINE - 1] + "…"


def _render(key: str, value: Any, vocabulary: Vocabulary) -> str:
    if key == "fields" and isinstance(value, list):
        names = [vocabulary.label(str(v)) if isinstance(v, str) else _compact(v) for v in value]
        return ", ".join(names) if names else "—"
    if _is_scalar(value):
        return vocabulary.value(key, value)
    if isinstance(value, list):
        if len(value) == 2 and key not in vocabulary.lists:
            if all(_is_scalar(item) for item in value):
                old, new = (vocabulary.value(key, item) for item in value)
                return f"{old} → {new}"
            if all(isinstance(item, list) and all(map(_is_scalar, item)) for item in value):
                # A change of a set of values (roles, provinces): old ones → new ones.
                old, new = (
                    ", ".join(vocabulary.value(key, v) for v in item) or "—" for item in value
                )
                return f"{old} → {new}"
        parts = [vocabulary.value(key, v) if _is_scalar(v) else _compact(v) for v in value]
        return ", ".join(parts) if parts else "—"
    if isinstance(value, dict):
        pairs = [
            f"{vocabulary.label(str(k))}: "
            + (vocabulary.value(str(k), v) if _is_scalar(v) else _compact(v))
            for k, v in value.items()
        ]
        return "; ".join(pairs) if pairs else "—"
    return _compact(value)


def _lines(details: Any, vocabulary: Vocabulary) -> list[str]:
    if details in (None, "", {}, []):
        return []
    if not isinstance(details, dict):
        return [_compact(details)]
    lines: list[str] = []
    rest = dict(details)
    if {"from", "to"} <= rest.keys() and _is_scalar(rest["from"]) and _is_scalar(rest["to"]):
        start, end = rest.pop("from"), rest.pop("to")
        line = f"{vocabulary.value('from', start)} → {vocabulary.value('to', end)}"
        if _is_scalar(rest.get("date")) and rest.get("date"):
            line += f" ({vocabulary.value('date', rest.pop('date'))})"
        lines.append(line)
    for key, value in rest.items():
        key = str(key)
        if key in vocabulary.hidden or value is None or value == "":
            continue
        lines.append(f"{vocabulary.label(key)}: {_render(key, value, vocabulary)}")
    return lines


def history_lines(entry: AuditEntry, vocabulary: Vocabulary | None = None) -> list[str]:
    """The details of one audit entry as short readable lines. Never raises."""
    vocabulary = vocabulary or Vocabulary()
    try:
        return [_shorten(line) for line in _lines(entry.details, vocabulary)]
    except Exception:  # noqa: BLE001 - a history must render whatever was stored
        return [_shorten(_compact(entry.details))]


@dataclass
class HistoryItem:
    """One line of a page's history: the entry and its detail lines."""

    entry: AuditEntry
    lines: list[str]


def history_for(
    targets: Iterable, vocabulary: Vocabulary | None = None, *, limit: int | None = None
) -> list[HistoryItem]:
    """The history of one or more records (oldest first), rendered with ``vocabulary``."""
    entries = AuditEntry.objects.for_objects(list(targets))
    if limit is not None:
        entries = entries[:limit]
    return [HistoryItem(entry, history_lines(entry, vocabulary)) for entry in entries]


# How many entries a record's page shows at first: the latest, oldest of them first. The page
# links to the whole history (``?history=all``): a mission's trail grows to hundreds of entries,
# which a phone on a slow link should not download each time the page opens.
HISTORY_SHOWN = 10


@dataclass
class History:
    """A page's history: ``items`` oldest first; ``earlier`` when older entries are not shown."""

    items: list[HistoryItem]
    earlier: bool

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


def recent_history(
    targets: Iterable,
    vocabulary: Vocabulary | None = None,
    *,
    everything: bool = False,
    shown: int = HISTORY_SHOWN,
) -> History:
    """The latest ``shown`` entries of one or more records (one query), or all of them."""
    if everything:
        return History(history_for(targets, vocabulary), earlier=False)
    entries = AuditEntry.objects.for_objects(list(targets)).order_by("-created_at", "-id")
    latest = list(entries[: shown + 1])
    return History(
        [
            HistoryItem(entry, history_lines(entry, vocabulary))
            for entry in reversed(latest[:shown])
        ],
        earlier=len(latest) > shown,
    )


def wants_whole_history(request) -> bool:
    """The page was asked for the whole history (the link under a cut-off history)."""
    return request.GET.get("history") == "all"


def page_history(request, targets: Iterable, vocabulary: Vocabulary | None = None):
    """``recent_history`` of ``targets`` as the page asked for it (``wants_whole_history``),
    read only when first used: a page whose history part comes from the cache
    (``{% part history %}``) never reads it."""
    return SimpleLazyObject(
        lambda: recent_history(targets, vocabulary, everything=wants_whole_history(request))
    )
