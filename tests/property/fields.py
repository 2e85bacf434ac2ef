"""Form fields as the tests see them: what may be typed into each (a hypothesis strategy), how
the page shows it back (``kind``), its limit, and a few edge values always tried (``edges``,
posted one field at a time before the random examples, see ``test_forms.form_property``)."""

from __future__ import annotations

from dataclasses import dataclass, replace

from hypothesis.strategies import SearchStrategy

from . import strategies as st_
from .strategies import ABSENT

TOO_BIG_ID = "99999999999999999999"
# Over PostgreSQL's bigint and SQLite's 64-bit integers.
TOO_BIG_NUMBER = str(2**63)


@dataclass(frozen=True)
class Field:
    """``kind``: ``text`` (any one-line input: text, number, date, time, e-mail, tel),
    ``textarea``, ``choice`` (a select or radio buttons), ``multi`` (a multiple select or
    checkboxes), ``checkbox``, ``secret`` (a password: never shown back) or ``hidden`` (not
    typed by users: a formset's management form, the button that chose the form)."""

    strategy: SearchStrategy
    kind: str = "text"
    max_length: int | None = None
    edges: tuple = ()

    def without_edges(self) -> Field:
        """The same field with no edge values of its own (e.g. a formset's second row, whose
        edges would repeat the first row's)."""
        return replace(self, edges=())


def text_field(*valid: str, max_length: int | None = None, textarea: bool = False) -> Field:
    edges = ("x" * (max_length + 1),) if max_length else ("a\x00b",)
    return Field(
        st_.text(*valid, max_length=max_length),
        "textarea" if textarea else "text",
        max_length,
        edges,
    )


def secret_field(*valid: str) -> Field:
    return Field(st_.text(*valid), "secret", None, ("é" * 5000,))


def number_field(*valid: str) -> Field:
    return Field(st_.number(*valid), "text", None, (TOO_BIG_NUMBER,))


def date_field(*offsets: int) -> Field:
    return Field(st_.date(*offsets), "text", None, ("0001-01-01", "9999-12-31"))


def time_field() -> Field:
    return Field(st_.time_of_day(), "text", None, ("24:00",))


def choice_field(*valid: str, hidden: bool = False) -> Field:
    edges = (ABSENT,) if hidden else ()
    return Field(st_.choice(*valid), "hidden" if hidden else "choice", None, edges)


def choices_field(*valid: str) -> Field:
    return Field(st_.choices(*valid), "multi", None, ())


def id_field(*in_scope: str, out_of_scope: tuple[str, ...] = ()) -> Field:
    return Field(st_.ids(*in_scope, out_of_scope=out_of_scope), "choice", None, (TOO_BIG_ID,))


def ids_field(*in_scope: str, out_of_scope: tuple[str, ...] = ()) -> Field:
    ids = st_.id_lists(*in_scope, out_of_scope=out_of_scope)
    return Field(ids, "multi", None, ([TOO_BIG_ID],))


def checkbox_field() -> Field:
    return Field(st_.CHECKBOX, "checkbox", None, ())


def management_field(*edges) -> Field:
    """A formset's TOTAL_FORMS or INITIAL_FORMS, as a tampered page may post it."""
    return Field(st_.TAMPERED_COUNT, "hidden", None, edges)


def total_forms_field() -> Field:
    return management_field("-1", str(10**9), "abc")
