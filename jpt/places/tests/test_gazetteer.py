"""What the README says of the gazetteer is what the file holds."""

import csv
from collections import Counter
from pathlib import Path

from django.conf import settings

GAZETTEER = Path(settings.BASE_DIR) / "jpt" / "places" / "data" / "drc_locations_detail.csv"


def rows():
    with GAZETTEER.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_readme_counts_are_the_files():
    data = rows()
    levels = Counter(row["level"] for row in data)
    assert levels == {"province": 26, "territory": 189, "locality": 15}
    with_pcode = Counter(row["level"] for row in data if row["pcode"])
    assert with_pcode == {"province": 26, "territory": 189}
    readme = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    assert (
        "26 provinces and 189 territories, each with its\n  OCHA P-code, and the 15 localities"
        in readme
    )
    assert "which have no P-code" in readme
