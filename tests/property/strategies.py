"""What a user can type into a form field, as hypothesis strategies (with its Django extra,
``hypothesis.extra.django.from_field``, for the values a valid field takes).

Every strategy draws *strings* (or lists of strings, for multiple choices), as a browser posts
them. Values that depend on the scene (an id, a date relative to today) are drawn as
placeholders (:class:`Ref`, :class:`Days`) and resolved when the example runs, so that failing
examples can be written down with ``@example`` and replayed on another day or database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.extra.django import from_field

MAX_ID = 2**63 - 1


class Absent:
    """The field is left out of the POST (an unticked checkbox, a removed input)."""

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT = Absent()


@dataclass(frozen=True)
class Ref:
    """The id of a row of the scene, by its name in ``scene.ids``."""

    name: str

    def resolve(self, scene) -> str:
        return str(scene.ids[self.name])


@dataclass(frozen=True)
class Days:
    """A date relative to today, as ISO text (``Days(30)``: in 30 days)."""

    offset: int

    def resolve(self, scene) -> str:
        return (timezone.localdate() + timedelta(days=self.offset)).isoformat()


def resolve(value, scene):
    """A drawn value as it is posted: placeholders replaced, lists resolved item by item."""
    if isinstance(value, list | tuple):
        return [resolve(item, scene) for item in value]
    if isinstance(value, Ref | Days):
        return value.resolve(scene)
    return value


# --------------------------------------------------------------------------------------------
# Text
# --------------------------------------------------------------------------------------------

UNICODE_SAMPLES = [
    "Évaluation à Ntoto : réfugiés déplacés, « sécurité » d’abord",  # French accents, quotes
    "Çà et là, l'œuvre du maître d'école ; où ?",
    "مرحبا بكم في والیکاله",  # Arabic (RTL)
    "שלום עליכם",  # Hebrew (RTL)
    "abc \u202eevil\u202c def",  # a right-to-left override (not printable)
    "Kiswahili: habari za asubuhi 🙂👍🏾",  # emoji
    "👩🏾\u200d⚕️ nurse",  # zero-width joiner (not printable)
    "漢字とかな",
    "<script>alert('x')</script> & \"quotes\" 'single'",  # must come back escaped
    "'; DROP TABLE missions_mission; --",
    "%s %(name)s {0} {name} %%",  # format strings
    "a\tb",  # tab (a control character)
    "line one\nline two",
    "line one\r\nline two",
    "\u00a0non-breaking\u00a0spaces\u00a0",
    "\ufeffbyte order mark",
    "﷽",  # one very wide character
]
WHITESPACE_ONLY = st.text(alphabet=" \t\n\r\u00a0\u2003\u3000", min_size=1, max_size=8)
CONTROL_CHARACTERS = st.characters(codec="utf-8", categories=["Cc"])


@st.composite
def with_control_characters(draw, base=None):
    """Text with control characters (NUL among them) inserted at random places."""
    text = draw(base if base is not None else st.text(max_size=40))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        char = draw(st.one_of(st.just("\x00"), CONTROL_CHARACTERS))
        text = text[:at] + char + text[at:]
    return text


def long_text(max_length: int | None):
    """Just over the limit, and far over it."""
    limit = max_length or 2000
    return st.one_of(
        st.integers(min_value=limit + 1, max_value=limit + 3).map(lambda n: "x" * n),
        st.builds(
            lambda char, n: char * n,
            st.sampled_from(["a", "é", "漢", "🙂", " "]),
            st.integers(min_value=limit + 1, max_value=max(limit * 4, 12_000)),
        ),
    )


def text(*valid: str, max_length: int | None = None):
    """Anything typed into a text box: valid samples first, then hostile text."""
    hostile = st.one_of(
        st.just(""),
        # What hypothesis's Django extra draws for such a field: text a valid form would take.
        from_field(forms.CharField(max_length=max_length or 200, required=False)),
        WHITESPACE_ONLY,
        st.text(max_size=max_length or 200),
        st.sampled_from(UNICODE_SAMPLES),
        long_text(max_length),
        with_control_characters(),
    )
    if valid:
        return st.one_of(st.sampled_from(valid), hostile)
    return hostile


# --------------------------------------------------------------------------------------------
# Numbers, dates, ids, choices, checkboxes
# --------------------------------------------------------------------------------------------

NUMBER_SAMPLES = [
    "0",
    "1",
    "-1",
    "-0",
    "2.0",
    "1.5",
    "0.001",
    "1e9",
    "1E-3",
    "abc",
    "",
    " ",
    " 7 ",
    "+3",
    "1_000",
    "1,5",
    "1 000",
    "0x10",
    "NaN",
    "Infinity",
    "-Infinity",
    "٣",  # Arabic-Indic digit three
    "１２",  # full-width digits
    str(2**15),
    str(2**31 - 1),
    str(2**31),
    str(2**63 - 1),
    str(2**63),
    str(10**30),
    "-" + str(10**30),
    "9" * 400,
    "9" * 5000,  # over Python's 4,300-digit limit for int()
]


def number(*valid: str):
    """A count or an amount typed as text."""
    options = [
        st.sampled_from(NUMBER_SAMPLES),
        # The Django extra's whole numbers for a count field (zero or more), as typed.
        from_field(forms.IntegerField(min_value=0, max_value=100_000)).map(str),
        st.integers(min_value=-5, max_value=500).map(str),
        st.integers().map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(repr),
        text(),
    ]
    if valid:
        options.insert(0, st.sampled_from(valid))
    return st.one_of(*options)


DATE_SAMPLES = [
    "2026-02-31",
    "2026-02-29",
    "2028-02-29",
    "2026-13-01",
    "2026-00-10",
    "2026-1-5",
    "0001-01-01",
    "0000-01-01",
    "1900-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2026-01-01",
    "31/12/2026",
    "12/31/2026",
    "2026-12-31T10:00",
    "tomorrow",
    "",
    "   ",
]


def date(*valid_offsets: int):
    """A date typed as text: near today (valid), absurd, impossible or garbage."""
    near = list(valid_offsets) or [0]
    return st.one_of(
        st.sampled_from([Days(n) for n in near]),
        st.integers(min_value=-400, max_value=400).map(Days),
        st.integers(min_value=-3_000_000, max_value=3_000_000).map(Days).filter(_in_date_range),
        st.dates().map(lambda d: d.isoformat()),
        st.sampled_from(DATE_SAMPLES),
        text(max_length=30),
    )


def _in_date_range(days: Days) -> bool:
    try:
        days.resolve(None)
    except OverflowError:
        return False
    return True


TIME_SAMPLES = ["06:30", "23:59", "00:00", "24:00", "12:60", "7", "7:5", "noon", "", "06:30:59"]


def time_of_day():
    return st.one_of(st.sampled_from(TIME_SAMPLES), text(max_length=10))


ID_SAMPLES = [
    "0",
    "-1",
    "1.0",
    " 1 ",
    "1e3",
    "abc",
    "",
    str(MAX_ID),
    str(MAX_ID + 1),
    "99999999999999999999",
    "9" * 100,
]


def ids(*in_scope: str, out_of_scope: tuple[str, ...] = ()):
    """A record id as text: rows the user may choose, rows out of their scope, and impossible
    ids (zero, negative, over the 64-bit range, not a number)."""
    options = [st.sampled_from([Ref(name) for name in in_scope])] if in_scope else []
    if out_of_scope:
        options.append(st.sampled_from([Ref(name) for name in out_of_scope]))
    options += [
        st.sampled_from(ID_SAMPLES),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        text(max_length=20),
    ]
    return st.one_of(*options)


def id_lists(*in_scope: str, out_of_scope: tuple[str, ...] = ()):
    """Several ids (a multiple choice): none, valid ones, a mix with impossible ones."""
    return st.lists(ids(*in_scope, out_of_scope=out_of_scope), max_size=4)


def choice(*valid: str):
    """A select or radio value: the offered ones, or anything else."""
    return st.one_of(
        st.sampled_from(valid),
        st.sampled_from(["", "bogus", " ", valid[0].upper(), f" {valid[0]} ", valid[0] + "\x00"]),
        text(max_length=40),
    )


def choices(*valid: str):
    """Several values of a multiple choice (checkboxes)."""
    return st.lists(choice(*valid), max_size=len(valid) + 1)


# A formset's management form, tampered with.
TAMPERED_COUNT = st.one_of(
    st.sampled_from(["-1", "0", "1", "2", "3", "100", "101", "2001", str(10**9), "abc", "", " 2 "]),
    number(),
)

CHECKBOX = st.sampled_from(["on", ABSENT, "", "false", "0", "off", "true", "\x00"])


def replacements(fields: dict):
    """A few fields (none to three) replaced by drawn values, or left out: most examples stay
    near valid, so the cross-field rules are reached too."""
    names = sorted(fields)
    return st.sets(st.sampled_from(names), max_size=3).flatmap(
        lambda chosen: st.fixed_dictionaries(
            {name: or_absent(fields[name].strategy) for name in chosen}
        )
    )


def or_absent(strategy):
    """The strategy's values, and now and then the field left out of the POST altogether."""
    return st.integers(min_value=0, max_value=9).flatmap(
        lambda n: st.just(ABSENT) if n == 0 else strategy
    )


# --------------------------------------------------------------------------------------------
# JSON (what a page's script posts, or anything else a client sends as JSON)
# --------------------------------------------------------------------------------------------

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([2**63, -(2**63), 10**30, 0.5, -1.0, 1e308]),
    st.floats(),  # NaN and infinities too: Python's json module reads them
    st.text(max_size=20),
)
# Any JSON value: a scalar, or lists and objects of them (nested a little).
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.text(max_size=8), children, max_size=3),
    ),
    max_leaves=6,
)


def json_like(*strategies):
    """The given strategies' values, or any other JSON value in their place."""
    return st.one_of(*strategies, JSON_VALUES)


UUID_SAMPLES = [
    "",
    "not-a-uuid",
    "00000000-0000-0000-0000-000000000000",
    "6ba7b810-9dad-11d1-80b4-00c04fd430c8-extra",
    "6ba7b810-9dad-11d1-80b4",
    "g" * 32,
    " 6ba7b810-9dad-11d1-80b4-00c04fd430c8 ",
]


def uuid_texts():
    """A device id (a UUID) as text: in every spelling Python reads, and broken ones."""
    return st.one_of(
        st.uuids().map(str),
        st.uuids().map(lambda u: u.hex),
        st.uuids().map(lambda u: str(u).upper()),
        st.uuids().map(lambda u: f"{{{u}}}"),
        st.uuids().map(lambda u: u.urn),
        st.sampled_from(UUID_SAMPLES),
        text(max_length=40),
    )
