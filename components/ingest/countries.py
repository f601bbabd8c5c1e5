"""Country and region names in many languages (CLDR, pycountry, alias table) and a recogniser for them in text."""

from __future__ import annotations

import csv
import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from components import paths
from components.ingest.lexicon import broad_locales, noun_capitalising_languages, script_locales
from components.ingest.normalise import FoldedText, fold_text, is_latin, normalise
from components.ingest.spans import TermMatcher, match_terms

ALIASES_FILE = "country_aliases.csv"
REGIONS_FILE = "regions.csv"
# CLDR regions that are not in regions.csv are folded into the nearest listed one.
REGION_FALLBACK = {
    "003": "021", "005": "419", "013": "419", "029": "419", "011": "002", "014": "002", "015": "002",
    "017": "002", "018": "002", "202": "002", "143": "142", "053": "009", "054": "009", "057": "009", "061": "009",
}  # fmt: skip
SENTENCE_OPENERS = set('.!?:\n"“«(-–—') | {""}  # before a short word, these make it sentence-initial
SHORT_NAME = 4  # names this short (normalised) are matched case-sensitively, as written
# Kinds of alias rows: alias (a name), adjective (a demonym, weaker evidence), ambiguous (also a common word or part of
# other proper names: matched as written, not next to another capitalised word), stop (never matched).
ALIAS_KINDS = ("alias", "adjective", "ambiguous", "stop")


@dataclass(frozen=True)
class Mention:
    """A country or region named in a text: code (ISO alpha-3 or M.49), character offsets and the text as written."""

    code: str
    start: int
    end: int
    surface: str
    kind: str = "name"  # name | adjective


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: str  # name | adjective | ambiguous
    exact: bool  # matched as written (case-sensitive) instead of normalised


def country_names(iso3: str, lang: str) -> set[str]:
    """Every name we know for a country or region code in one language: CLDR, pycountry (English) and aliases."""
    names: set[str] = set()
    for code, name in _cldr_names(_base_language(lang)):
        if code == iso3:
            names.add(name)
    if _base_language(lang) == "en":
        names.update(_pycountry_names(iso3))
    for row in read_country_aliases():
        if row["code"] == iso3 and row["lang"] in ("*", _base_language(lang)) and row["kind"] != "stop":
            names.add(row["alias"])
    return names


def find_country_mentions(text: str | FoldedText, lang: str | None = None) -> list[Mention]:
    """Find country and region names in text, longest and leftmost first, without overlaps.

    With `lang`, names in that language and English are used (plus language-neutral aliases); without it, names in
    every locale marked for it in data/lexicon/languages.csv. Short or ambiguous names must appear exactly as
    written (so "US" but not "us").
    """
    article = fold_text(text)
    base = _base_language(lang) if lang else None
    return article.memo(("countries", base), lambda: _find_mentions(article, base))


def _find_mentions(article: FoldedText, base: str | None) -> list[Mention]:
    accept = None if base in noun_capitalising_languages() else _fits
    found = match_terms(article, _matcher(base), accept, _with_suffix)
    return [
        Mention(entry.code, start, end, article.text[start:end], _mention_kind(entry)) for start, end, entry in found
    ]


def read_country_aliases() -> list[dict[str, str]]:
    """Rows of data/lexicon/country_aliases.csv (code, lang, alias, kind)."""
    return list(_read_aliases())


@lru_cache(maxsize=1)
def _read_aliases() -> tuple[dict[str, str], ...]:
    path = paths.DATA_DIR / "lexicon" / ALIASES_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(handle)]
    bad = [row for row in rows if row["kind"] not in ALIAS_KINDS or not row["alias"]]
    if bad:
        raise ValueError(f"{path}: bad alias rows {bad[:3]}")
    return tuple(rows)


@lru_cache(maxsize=1)
def region_codes() -> frozenset[str]:
    """M.49 region codes listed in the bundled data/regions.csv."""
    with (paths.DATA_DIR / REGIONS_FILE).open(encoding="utf-8", newline="") as handle:
        return frozenset(row["region_code"].strip() for row in csv.DictReader(handle))


def _base_language(lang: str) -> str:
    return lang.replace("-", "_").split("_")[0].lower()


@lru_cache(maxsize=64)
def _cldr_names(lang: str) -> tuple[tuple[str, str], ...]:
    """(code, name) pairs from CLDR territory names of one locale, codes mapped to alpha-3 or listed M.49 regions."""
    try:
        territories = Locale.parse(lang).territories
    except (UnknownLocaleError, ValueError):
        return ()
    pairs = []
    for key, name in territories.items():
        code = _territory_code(key)
        if code:
            pairs.append((code, name))
    return tuple(pairs)


def _territory_code(key: str) -> str:
    if key.isdigit():
        key = REGION_FALLBACK.get(key, key)
        return key if key in region_codes() else ""
    return _alpha2_to_alpha3().get(key, "")


@lru_cache(maxsize=1)
def _alpha2_to_alpha3() -> dict[str, str]:
    return {country.alpha_2: country.alpha_3 for country in pycountry.countries}


def _pycountry_names(iso3: str) -> set[str]:
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return set()
    return {getattr(country, field) for field in ("name", "official_name", "common_name") if hasattr(country, field)}


@lru_cache(maxsize=32)
def _lexicons(lang: str | None) -> tuple[dict[str, dict[str, _Entry]], dict[str, dict[str, _Entry]]]:
    """Two lexicons keyed by the first two characters: normalised names, and names matched exactly as written."""
    locales = broad_locales() if lang is None else tuple(dict.fromkeys((lang, *script_locales(lang), "en")))
    entries: dict[tuple[str, bool], _Entry] = {}
    for locale in locales:
        for code, name in _cldr_names(locale):
            _add(entries, name, _Entry(code, "name", _needs_exact(name)))
    for code in _alpha2_to_alpha3().values():
        for name in _pycountry_names(code):
            _add(entries, name, _Entry(code, "name", _needs_exact(name)))
    stops: set[str] = set()
    for row in read_country_aliases():
        applies = row["lang"] == "*" or lang is None or row["lang"] == lang
        if row["kind"] == "ambiguous" and row["lang"] != "*" and lang is not None and row["lang"] != lang:
            applies = False
        if row["kind"] == "ambiguous" and row["lang"] != "*" and lang is None:
            applies = row["lang"] == "en"
        if not applies:
            continue
        if row["kind"] == "stop":
            stops.add(row["alias"])
            continue
        kind = "name" if row["kind"] == "alias" else row["kind"]
        exact = row["kind"] == "ambiguous" or _needs_exact(row["alias"])
        if row["kind"] == "ambiguous":
            entries.pop((normalise(row["alias"]), False), None)
        _add(entries, row["alias"], _Entry(row["code"], kind, exact), override=True)
    normalised: dict[str, dict[str, _Entry]] = {}
    exact: dict[str, dict[str, _Entry]] = {}
    folded_stops = {normalise(stop) for stop in stops}
    for (key, is_exact), entry in entries.items():
        if key in stops or (not is_exact and key in folded_stops):
            continue
        target = exact if is_exact else normalised
        target.setdefault(key[:2], {})[key] = entry
    return normalised, exact


def _add(entries: dict[tuple[str, bool], _Entry], name: str, entry: _Entry, override: bool = False) -> None:
    name = name.strip()
    if len(normalise(name)) < 2:
        return
    key = (name if entry.exact else normalise(name), entry.exact)
    if override or key not in entries:
        entries[key] = entry


def _needs_exact(name: str) -> bool:
    folded = normalise(name)
    return len(folded) <= SHORT_NAME and any(is_latin(char) for char in name)


@lru_cache(maxsize=32)
def _matcher(lang: str | None) -> TermMatcher:
    normalised, exact = _lexicons(lang)
    return TermMatcher(normalised, exact)


def _with_suffix(text: str, end: int) -> int:
    """Allow a genitive/plural 's' after a long Latin name (Mexikos, Koreas) when it ends the word."""
    if end < len(text) and text[end] == "s" and (end + 1 == len(text) or not text[end + 1].isalnum()):
        if end >= 5 and all(is_latin(char) for char in text[end - 5 : end]):
            return end + 1
    return end


def _mention_kind(entry: _Entry) -> str:
    return "adjective" if entry.kind == "adjective" else "name"


def _fits(article: FoldedText, start: int, end: int, entry: _Entry) -> bool:
    """An ambiguous name is not taken when it is part of a longer proper name (next to another capitalised word).

    The words around the name are found by bisection in the article's word table (built once), never by
    splitting the text before or after it.
    """
    if entry.kind != "ambiguous":
        return True
    words = article.memo("words", lambda: _Words(article.text))
    previous_word, head = words.before(start)
    # A sentence-initial short word ("In", "Nach", "Dans") is a function word, not part of a proper name.
    previous_is_initial = head in SENTENCE_OPENERS and len(previous_word) <= 4
    capitalised_before = (
        bool(previous_word) and previous_word[0].isupper() and previous_word[-1].isalnum() and not previous_is_initial
    )
    following = words.after(end)
    return not (capitalised_before or following.isupper())


class _Words:
    """Whitespace-separated words of a text, as sorted offsets, and the character before each word's gap."""

    def __init__(self, text: str) -> None:
        self.text = text
        spans = [match.span() for match in re.finditer(r"\S+", text)]
        self.starts = [start for start, _ in spans]
        self.ends = [end for _, end in spans]
        self.heads = []  # last character before a word that is not a space ("" at the start of the text)
        for index, start in enumerate(self.starts):
            gap_start = self.ends[index - 1] if index else 0
            gap = text[gap_start:start].rstrip(" ")
            self.heads.append(gap[-1] if gap else text[gap_start - 1] if gap_start else "")

    def before(self, offset: int) -> tuple[str, str]:
        """The word (or its part) that ends before `offset`, and the character before that word."""
        index = bisect_left(self.starts, offset) - 1
        if index < 0:
            return "", ""
        return self.text[self.starts[index] : min(self.ends[index], offset)], self.heads[index]

    def after(self, offset: int) -> str:
        """The first character of the next word when at most one space separates it from `offset` ("" if none)."""
        text, spaces = self.text, 0
        while offset + spaces < len(text) and text[offset + spaces] == " " and spaces < 2:
            spaces += 1
        position = offset + spaces
        if spaces > 1 or position >= len(text):
            return ""
        if not text[position].isspace():
            return text[position]
        index = bisect_left(self.starts, position)
        return text[self.starts[index]] if index < len(self.starts) else ""
