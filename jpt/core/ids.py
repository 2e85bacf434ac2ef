"""Record ids typed by users: in URLs, query strings and forms.

An id that no row can have (out of the 64-bit range of the database's keys, or not a number)
must be a 404 or a field error, never a database error: SQLite raises ``OverflowError`` on an
integer over 2**63 - 1, PostgreSQL a ``DataError`` in some lookups. Everything that reads an id
from a user goes through this module.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1


def parse_id(value) -> int | None:
    """The id as an int, or None when it cannot be a record's id."""
    if isinstance(value, bool):
        return None
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if 0 < number <= MAX_ID else None


class IdConverter:
    """``<id:pk>`` in URL patterns: a positive id of at most 18 digits (always below
    ``MAX_ID``), so a longer number in a URL is a 404 before any query."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class IdModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose out-of-range ids are a field error, not a crash (the
    stock field passes them to an ``IN (...)`` lookup, which the database refuses)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            try:
                values = frozenset(value)
            except TypeError:
                values = frozenset()
            for item in values:
                if parse_id(item) is None:
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"],
                        code="invalid_pk_value",
                        params={"pk": item},
                    )
        return super()._check_values(value)
