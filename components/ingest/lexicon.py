"""Read the ingestion lexicons (data/lexicon/*.csv, product_lines.csv, companies.csv) once, lazily."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from components import paths
from components.model.schema import split_list

LEXICON_DIR = paths.DATA_DIR / "lexicon"
PHRASES = "phrases.csv"  # grammar words: cues, clause breaks, particles, relative dates...
LOCALES = "locales.csv"  # which CLDR locales are used without a language hint


def read_csv_rows(path: Path) -> tuple[dict[str, str], ...]:
    """Rows of a UTF-8 CSV file as dicts of stripped strings."""
    with path.open(encoding="utf-8", newline="") as handle:
        return tuple({key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle))


@lru_cache(maxsize=1)
def read_product_terms() -> tuple[tuple[str, str, str], ...]:
    """(product_line_id, lang, term): generic words from product_terms.csv plus product names ('*' language)."""
    terms = read_csv_rows(LEXICON_DIR / "product_terms.csv")
    rows = [(row["product_line_id"], row["lang"], row["term"]) for row in terms]
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
    rows = read_csv_rows(LEXICON_DIR / "cues.csv")
    return tuple((row["field"], row["value"], row["lang"], row["term"]) for row in rows)


@lru_cache(maxsize=1)
def read_phrases() -> tuple[tuple[str, str, str, str], ...]:
    """(role, lang, term, value) rows of data/lexicon/phrases.csv: the grammar words recognisers use."""
    return tuple((row["role"], row["lang"], row["term"], row["value"]) for row in read_csv_rows(LEXICON_DIR / PHRASES))


@lru_cache(maxsize=256)
def phrases(role: str, value: str | None = None) -> tuple[str, ...]:
    """Terms of one role (every language), optionally only those with a given value, longest first."""
    terms = {term for row_role, _, term, row_value in read_phrases() if row_role == role and value in (None, row_value)}
    if not terms:
        raise ValueError(f"{LEXICON_DIR / PHRASES}: no phrases for role {role!r}")
    return tuple(sorted(terms, key=lambda term: (-len(term), term)))


def phrase_values(role: str) -> dict[str, str]:
    """Term (casefolded) -> value for one role."""
    return {term.casefold(): value for row_role, _, term, value in read_phrases() if row_role == role}


def alternation(terms: tuple[str, ...], spaces: str = " ") -> str:
    """A regular-expression alternation of literal terms (longest first); a space in a term becomes `spaces`."""
    return "(?:" + "|".join(re.escape(term).replace(r"\ ", spaces) for term in terms) + ")"


@lru_cache(maxsize=1)
def read_locales() -> tuple[tuple[str, str], ...]:
    """(use, lang) rows of data/lexicon/locales.csv, in file order."""
    return tuple((row["use"], row["lang"]) for row in read_csv_rows(LEXICON_DIR / LOCALES))


def broad_locales() -> tuple[str, ...]:
    """Locales whose CLDR territory names are recognised when no language is given."""
    return tuple(lang for use, lang in read_locales() if use == "country_names")


def script_locales(lang: str) -> tuple[str, ...]:
    """Other-script locales of a language whose CLDR names are read too (zh -> zh_Hant: Traditional characters)."""
    base = lang.replace("-", "_").split("_")[0].lower()
    return tuple(row for use, row in read_locales() if use == "script_variant" and row.split("_")[0].lower() == base)


def month_locales() -> tuple[str, ...]:
    """Locales whose CLDR month names are recognised when no language is given."""
    return tuple(lang for use, lang in read_locales() if use == "month_names")


def noun_capitalising_languages() -> frozenset[str]:
    """Languages that capitalise every noun (a capitalised neighbour proves nothing there)."""
    return frozenset(lang for use, lang in read_locales() if use == "capitalises_nouns")
