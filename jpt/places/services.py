"""Writes on places."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record

from .choices import LocalitySource
from .models import Locality, Territory


@transaction.atomic
def locality_create(
    *,
    territory: Territory,
    name: str,
    user,
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Locality:
    """Add a village missing from the gazetteer, or return the existing one of that name."""
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Give the locality's name.")})
    existing = Locality.objects.filter(territory=territory, name__iexact=name).first()
    if existing:
        return existing
    locality = Locality.objects.create(
        territory=territory,
        name=name,
        latitude=latitude,
        longitude=longitude,
        source=LocalitySource.USER,
        created_by=user,
    )
    audit_record(
        actor=user,
        action=AuditAction.LOCALITY_ADDED,
        target=locality,
        details={"territory": territory.name, "province": territory.province.name},
    )
    return locality
