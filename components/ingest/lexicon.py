"""Read the ingestion lexicons (data/lexicon/*.csv, product_lines.csv, companies.csv) once, lazily."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from components import paths
from components.model.schema import split_list

LEXICON_DIR = paths.DATA_DIR / "lexicon"


def read_csv_rows(path: Path) -> tuple[dict[str, str], ...]:
    """Rows of a UTF-8 CSV file as dicts of stripped strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple({key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def read_product_terms() -> tuple[tuple[str, str, str], ...]:
    """(product_line_id, lang, term): generic words from product_terms.csv plus product names ('*' language)."""
    rows = [(row["product_line_id"], row["lang"], row["term"]) for row in read_csv_rows(LEXICON_DIR / "product_terms.csv")]
    for row in read_csv_rows(paths.DATA_DIR / "product_lines.csv"):
        rows.extend((row["product_line_id"], "*", name) for name in split_list(row["products"]))
    return tuple(rows)


@lru_cache(maxsize=1)
def read_product_names() -> tuple[tuple[str, str], ...]:
    """(product name, product_line_id) from data/product_lines.csv."""
    rows = read_csv_rows(paths.DATA_DIR / "product_lines.csv")
    return tuple((name, row["product_line_id"]) for row in rows for name in split_list(row["products"]))


@lru_cache(maxsize=1)
def read_companies() -> tuple[dict[str, str], ...]:
    """Rows of data/companies.csv."""
    return read_csv_rows(paths.DATA_DIR / "companies.csv")


@lru_cache(maxsize=1)
def read_partners() -> tuple[dict[str, str], ...]:
    """Rows of data/lexicon/partners.csv (name, kind, country, aliases)."""
    return read_csv_rows(LEXICON_DIR / "partners.csv")


@lru_cache(maxsize=1)
def read_cues() -> tuple[tuple[str, str, str, str], ...]:
    """(field, value, lang, term) cue words for event_type and status from data/lexicon/cues.csv."""
    return tuple((row["field"], row["value"], row["lang"], row["term"]) for row in read_csv_rows(LEXICON_DIR / "cues.csv"))
