"""Load provinces, territories and localities from the gazetteer kept in jpt/places/data/.

Idempotent: rows are matched on P-code (or territory and name for localities) and updated.
"""

import csv
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from jpt.places.choices import LocalitySource
from jpt.places.models import Locality, Province, Territory

DATA_FILE = Path(__file__).resolve().parents[2] / "data" / "drc_locations_detail.csv"


def _coord(value: str) -> Decimal | None:
    return Decimal(value).quantize(Decimal("0.00001")) if value else None


class Command(BaseCommand):
    help = "Load DR Congo provinces, territories and localities (OCHA P-codes) from the gazetteer."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DATA_FILE), help="CSV file to load.")

    @transaction.atomic
    def handle(self, *args, **options):
        with open(options["file"], newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        counts = {"province": 0, "territory": 0, "locality": 0}
        provinces: dict[str, Province] = {}
        territories: dict[str, Territory] = {}
        for row in rows:
            if row["level"] != "province":
                continue
            provinces[row["pcode"]], _ = Province.objects.update_or_create(
                pcode=row["pcode"],
                defaults={
                    "name": row["name"],
                    "latitude": _coord(row["latitude"]),
                    "longitude": _coord(row["longitude"]),
                },
            )
            counts["province"] += 1
        for row in rows:
            if row["level"] != "territory":
                continue
            territories[row["pcode"]], _ = Territory.objects.update_or_create(
                pcode=row["pcode"],
                defaults={
                    "name": row["name"],
                    "province": provinces[row["parent_pcode"]],
                    "latitude": _coord(row["latitude"]),
                    "longitude": _coord(row["longitude"]),
                },
            )
            counts["territory"] += 1
        for row in rows:
            if row["level"] != "locality":
                continue
            Locality.objects.update_or_create(
                territory=territories[row["parent_pcode"]],
                name=row["name"],
                defaults={
                    "pcode": row["pcode"],
                    "source": LocalitySource.GAZETTEER,
                    "latitude": _coord(row["latitude"]),
                    "longitude": _coord(row["longitude"]),
                },
            )
            counts["locality"] += 1
        self.stdout.write(
            "Places loaded: {province} provinces, {territory} territories, "
            "{locality} localities.".format(**counts)
        )
