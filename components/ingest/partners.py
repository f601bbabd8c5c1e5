"""Recognise partners (retailers, distributors, carriers): a lexicon plus capitalised names after cue words."""

from __future__ import annotations

import re
from functools import lru_cache

from components.countries import find_country_mentions
from components.ingest.competitors import find_companies, find_subject_mentions
from components.ingest.lexicon import read_partners
from components.ingest.products import find_product_lines
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms
from components.model.schema import split_list

# Words after which a list of partner names often follows, in many languages (lower case, as written).
PARTNER_CUES = (
    "retailer", "retailers", "distributor", "distributors", "carrier", "carriers", "importer", "importers",
    "partner", "partners", "deal with", "deals with", "agreement with", "partnership with", "sellers",
    "distributore", "distributori", "rivenditore", "rivenditori", "accordo con", "operatore", "operatori",
    "Händler", "Händlern", "Distributor", "Vertrieb", "Vertriebspartner", "Partnerschaft mit", "Vereinbarung mit",
    "nhà phân phối", "nhà bán lẻ", "nhà mạng", "đối tác", "hợp tác với",
    "distribuidor", "distribuidores", "minorista", "minoristas", "acuerdo con", "operador", "operadores",
    "revendeur", "revendeurs", "distributeur", "distributeurs", "accord avec", "opérateur", "opérateurs",
    "distribuidora", "varejista", "varejistas", "acordo com", "operadora", "operadoras",
    "mitra", "distributor resmi", "kerja sama dengan", "bekerja sama dengan", "pengecer",
)  # fmt: skip
NAME_TOKEN = r"(?:[A-Z0-9](?:[\w'’&+-]|\.(?=\w))*|&)"
NAME = rf"{NAME_TOKEN}(?: {NAME_TOKEN}){{0,4}}"
JOINERS = r"(?:,\s*|\s+(?:and|e|ed|và|und|y|et|dan|ou|or|o|oder|sowie|&)\s+)"
MAX_GAP_WORDS = 3  # lower-case words allowed between a cue and the first name ("local online retailers ...")


def find_partners(text: str, lang: str | None = None) -> list[Span]:
    """Spans whose value is a partner name: known partners as written, and names listed after partner cue words."""
    found = {(span.start, span.end): span for span in find_terms(text, _matcher())}
    for span in _names_after_cues(text):
        if not any(start < span.end and span.start < end for start, end in found):
            found[(span.start, span.end)] = span
    return sorted(found.values(), key=lambda span: span.start)


def _names_after_cues(text: str) -> list[Span]:
    excluded = _excluded_ranges(text)
    spans = []
    for match in _cue_pattern().finditer(text):
        spans.extend(_name_list(text, match.end(), excluded))
    return spans


def _name_list(text: str, position: int, excluded: list[tuple[int, int]]) -> list[Span]:
    gap = re.compile(rf"(?:\s+[^\s\W\d][\w'-]*){{0,{MAX_GAP_WORDS}}}?\s+(?={NAME_TOKEN})")
    match = gap.match(text, position)
    if not match or any(char.isupper() for char in text[position : match.end()]):
        return []
    names = []
    cursor = match.end()
    while True:
        name = re.compile(NAME).match(text, cursor)
        if not name:
            break
        span = _clean_name(text, name.start(), name.end(), excluded)
        if span is None:
            break
        names.append(span)
        joiner = re.compile(JOINERS).match(text, span.end)
        if not joiner:
            break
        cursor = joiner.end()
    return names


def _clean_name(text: str, start: int, end: int, excluded: list[tuple[int, int]]) -> Span | None:
    """Trim trailing punctuation and stop before a joiner word; refuse names that are companies, countries or products."""
    words = text[start:end].split(" ")
    kept = []
    for word in words:
        if kept and word in ("and", "e", "ed", "và", "und", "y", "et", "dan", "ou", "oder", "&"):
            break
        kept.append(word)
    surface = " ".join(kept).rstrip(".,;:’'")
    if len(surface) < 2 or not surface[0].isupper() and not surface[0].isdigit():
        return None
    end = start + len(surface)
    if any(lo <= start < hi for lo, hi in excluded):  # starts with a company, country or product word
        return None
    return Span(surface, start, end, surface)


def _excluded_ranges(text: str) -> list[tuple[int, int]]:
    spans = [*find_companies(text), *find_subject_mentions(text), *find_product_lines(text)]
    ranges = [(span.start, span.end) for span in spans]
    ranges.extend((mention.start, mention.end) for mention in find_country_mentions(text))
    return ranges


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(set(PARTNER_CUES), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?!\w)")


@lru_cache(maxsize=1)
def _matcher() -> TermMatcher:
    pairs = []
    for row in read_partners():
        pairs.extend((name, row["name"]) for name in [row["name"], *split_list(row["aliases"])])
    return build_matcher((), exact_terms=pairs)
