"""Spotting what looks like a personal identifier in free text, before it is saved.

The sexual-violence analysis and the threat narratives must stay aggregate: no survivor's or
witness's name, phone number or e-mail address. This is a heuristic that warns the author (who
confirms before saving); it does not block, and it errs on the side of warning.

Detected:

- phone numbers: 9 digits or more, optionally starting with ``+``, in groups separated by single
  spaces, dashes or dots (``+243 99 000 0001``, ``0991234567``, ``099-123-4567``);
- e-mail addresses;
- labelled names: ``name:``, ``names:``, ``nom :``, ``prénom:``, ``victim:``, ``victime :``,
  ``survivor:``, ``survivante :``, ``witness:``, ``témoin :`` ... followed by words.

Not flagged: distances (``30 km``), years (``2026``), dates (``12-08-2026``), counts
(``15 women``), and a label followed by a number (``victims: 15``).
"""

from __future__ import annotations

import re

# 9+ digits, groups separated by at most one space, dash or dot (never a line break).
_PHONE = re.compile(r"(?<![\w+])\+?\(?\d(?:[ \-.]?\(?\d\)?){8,}(?![\w])")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_LABELS = (
    "names?",
    "full name",
    "noms?",
    "nom complet",
    "pr[ée]noms?",
    "victims?",
    "victimes?",
    "survivors?",
    "survivant(?:e|s|es)?",
    "witness(?:es)?",
    "t[ée]moins?",
    "identit[ée]",
    "identity",
)
_LABELLED = re.compile(
    r"\b(?:" + "|".join(_LABELS) + r")\s*[:=]\s*"
    # Then one to four words, the first starting with a letter.
    r"(?:[^\W\d_][\w'’.-]*)(?:[ \t]+[^\W\d_][\w'’.-]*){0,3}",
    re.IGNORECASE | re.UNICODE,
)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def find_personal_identifiers(text: str | None) -> list[str]:
    """What in ``text`` looks like a personal identifier, in order of appearance, each once."""
    if not text:
        return []
    found: list[tuple[int, str]] = []
    for match in _EMAIL.finditer(text):
        found.append((match.start(), match.group(0)))
    emails = [(m.start(), m.end()) for m in _EMAIL.finditer(text)]
    for match in _PHONE.finditer(text):
        if _digits(match.group(0)) < 9:
            continue
        if any(start <= match.start() < end for start, end in emails):
            continue
        found.append((match.start(), match.group(0).strip()))
    for match in _LABELLED.finditer(text):
        found.append((match.start(), match.group(0).strip()))
    result: list[str] = []
    for _position, value in sorted(found):
        if value not in result:
            result.append(value)
    return result


def find_in_fields(values: dict[str, str]) -> dict[str, list[str]]:
    """``find_personal_identifiers`` for several fields: only those with findings."""
    return {
        name: hits for name, value in values.items() if (hits := find_personal_identifiers(value))
    }
