#!/usr/bin/env python3
"""Build static/country_regions.csv: each ISO 3166-1 country's UN M.49 continent and sub-region.

The M.49 grouping is read from the table shipped with the country_converter package (its `continent` and
`UNregion` columns), a development-time input only: `pip install country_converter` to rebuild. The atlas reads
the CSV (queries.geography), never the package.

Usage:  python tools/build_country_regions.py
"""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pycountry

from components import paths

CONTINENT_CODES = {"Africa": "002", "America": "019", "Asia": "142", "Europe": "150", "Oceania": "009"}
OUTPUT = paths.STATIC_DIR / "country_regions.csv"


def main() -> None:
    spec = importlib.util.find_spec("country_converter")
    if spec is None or spec.origin is None:
        raise SystemExit("install country_converter first (pip install country_converter)")
    table = Path(spec.origin).parent / "country_data.tsv"
    known = {country.alpha_3 for country in pycountry.countries}
    rows = []
    with table.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["ISO3"] in known and row["continent"] in CONTINENT_CODES:
                rows.append([row["ISO3"], CONTINENT_CODES[row["continent"]], row["UNregion"]])
    with OUTPUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["iso3", "continent", "un_region"])
        writer.writerows(sorted(rows))
    print(f"wrote {OUTPUT} ({len(rows)} countries)")


if __name__ == "__main__":
    main()
