"""The operating bases (COB/TOB) of the demo world, each placed at a gazetteer locality.

Data only. ``jpt.demo.loaders.places`` creates them.
"""

from __future__ import annotations

from dataclasses import dataclass

from jpt.places.choices import BaseKind

from .provinces import HU, ITURI, NK, SK


@dataclass(frozen=True)
class DemoBase:
    """One operating base, placed at a gazetteer locality."""

    name: str
    kind: str
    province: str
    territory: str
    locality: str
    host_unit: str
    is_active: bool = True


BASES: tuple[DemoBase, ...] = (
    DemoBase(
        "COB Walikale",
        BaseKind.COB,
        NK,
        "Walikale",
        "Walikale",
        "A company of the Indian battalion (North Kivu Brigade)",
    ),
    DemoBase(
        "TOB Nyabiondo",
        BaseKind.TOB,
        NK,
        "Masisi",
        "Nyabiondo",
        "A platoon of the Indian battalion",
    ),
    DemoBase(
        "COB Shabunda",
        BaseKind.COB,
        SK,
        "Shabunda",
        "Shabunda",
        "A company of the Pakistani battalion (South Kivu Brigade)",
    ),
    DemoBase(
        "COB Walungu",
        BaseKind.COB,
        SK,
        "Walungu",
        "Walungu",
        "A company of the Pakistani battalion",
    ),
    DemoBase(
        "TOB Bogoro",
        BaseKind.TOB,
        ITURI,
        "Irumu",
        "Bogoro",
        "A company of the Bangladeshi battalion (Ituri Brigade)",
    ),
    DemoBase(
        "COB Dungu",
        BaseKind.COB,
        HU,
        "Dungu",
        "Dungu",
        "A company of the Moroccan battalion",
    ),
    DemoBase(
        "TOB Bangadi",
        BaseKind.TOB,
        HU,
        "Dungu",
        "Bangadi",
        "A platoon of the Moroccan battalion",
    ),
    DemoBase(
        "TOB Ntoto (closed)",
        BaseKind.TOB,
        NK,
        "Walikale",
        "Ntoto",
        "Formerly a platoon of the Indian battalion",
        is_active=False,
    ),
)
