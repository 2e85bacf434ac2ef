"""Demo operating bases (``stories.bases``), matched by name, at gazetteer localities. Bases are
an administrator's work in the admin: there is no service, so they are created as the admin
creates them."""

from __future__ import annotations

from jpt.places.models import OperatingBase

from ..helpers import Loaded, locality
from ..stories.bases import BASES


def load_bases() -> Loaded:
    result = Loaded()
    for spec in BASES:
        if OperatingBase.objects.filter(name=spec.name).exists():
            result.present += 1
            continue
        OperatingBase.objects.create(
            name=spec.name,
            kind=spec.kind,
            locality=locality(spec.province, spec.territory, spec.locality),
            host_unit=spec.host_unit,
            is_active=spec.is_active,
        )
        result.created += 1
    return result
