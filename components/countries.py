"""Country and region names in many languages (CLDR, pycountry, alias table) and a recogniser for them in text."""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError

from components import paths

# Locales whose CLDR territory names are recognised when no language is given.
BROAD_LOCALES = (
    "en", "it", "vi", "de", "es", "fr", "pt", "id", "ko", "ja", "zh", "ru", "tr", "pl", "nl",
    "ar", "th", "ms", "hi", "sv", "cs", "ro", "uk", "el", "fa", "bn", "fil", "he",
)  # fmt: skip
ALIASES_FILE = "country_aliases.csv"
REGIONS_FILE = "regions.csv"
# CLDR regions that are not in regions.csv are folded into the nearest listed one.
REGION_FALLBACK = {
    "003": "021", "005": "419", "013": "419", "029": "419", "011": "002", "014": "002", "015": "002",
    "017": "002", "018": "002", "202": "002", "143": "142", "053": "009", "054": "009", "057": "009", "061": "009",
}  # fmt: skip
NOUN_CAPITALISING = {"de", "lb"}  # languages that capitalise every noun: a capitalised neighbour proves nothing
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


def find_country_mentions(text: str, lang: str | None = None) -> list[Mention]:
    """Find country and region names in text, longest and leftmost first, without overlaps.

    With `lang`, names in that language and English are used (plus language-neutral aliases); without it, names in
    every locale of BROAD_LOCALES. Short or ambiguous names must appear exactly as written (so "US" but not "us").
    """
    normalised_lexicon, exact_lexicon = _lexicons(_base_language(lang) if lang else None)
    folded, origin = normalise_with_offsets(text)
    mentions: list[Mention] = []
    position = 0
    while position < len(text):
        found = _longest_at(text, folded, origin, position, normalised_lexicon, exact_lexicon, lang)
        if found is None:
            position += 1
            continue
        mentions.append(found)
        position = found.end
    return mentions


def normalise(text: str) -> str:
    """Casefold, strip accents from Latin letters and unify apostrophes (the form names are compared in)."""
    return normalise_with_offsets(text)[0]


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset of the input character it comes from."""
    out: list[str] = []
    origin: list[int] = []
    previous_latin = False
    for index, char in enumerate(text):
        folded = _fold_char(char, previous_latin)
        if unicodedata.category(char) != "Mn":
            previous_latin = _is_latin(char)
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), origin


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
    locales = BROAD_LOCALES if lang is None else tuple(dict.fromkeys((lang, "en")))
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
    return len(folded) <= SHORT_NAME and any(_is_latin(char) for char in name)


def _longest_at(
    text: str,
    folded: str,
    origin: list[int],
    position: int,
    normalised_lexicon: dict[str, dict[str, _Entry]],
    exact_lexicon: dict[str, dict[str, _Entry]],
    lang: str | None = None,
) -> Mention | None:
    best: Mention | None = None
    for name, entry in exact_lexicon.get(text[position : position + 2], {}).items():
        if text.startswith(name, position):
            end = position + len(name)
            if is_bounded(text, position, end) and _fits(text, position, end, entry, lang):
                best = _longer(best, Mention(entry.code, position, end, name, _mention_kind(entry)))
    start = _folded_start(origin, position)
    if start is not None:
        for name, entry in normalised_lexicon.get(folded[start : start + 2], {}).items():
            if not folded.startswith(name, start):
                continue
            last = start + len(name) - 1
            if last + 1 < len(origin) and origin[last + 1] == origin[last]:
                continue  # the name ends in the middle of one input character
            end = origin[last] + 1
            end = _with_suffix(text, end)
            if is_bounded(text, position, end):
                best = _longer(best, Mention(entry.code, position, end, text[position:end], _mention_kind(entry)))
    return best


def _folded_start(origin: list[int], position: int) -> int | None:
    """Index in the normalised text of the first character produced by input character `position`."""
    from bisect import bisect_left

    index = bisect_left(origin, position)
    return index if index < len(origin) and origin[index] == position else None


def _with_suffix(text: str, end: int) -> int:
    """Allow a genitive/plural 's' after a long Latin name (Mexikos, Koreas) when it ends the word."""
    if end < len(text) and text[end] == "s" and (end + 1 == len(text) or not text[end + 1].isalnum()):
        if end >= 5 and all(_is_latin(char) for char in text[end - 5 : end]):
            return end + 1
    return end


def _mention_kind(entry: _Entry) -> str:
    return "adjective" if entry.kind == "adjective" else "name"


def _longer(best: Mention | None, candidate: Mention) -> Mention:
    return candidate if best is None or candidate.end > best.end else best


def is_bounded(text: str, start: int, end: int) -> bool:
    """Word boundaries for spaced scripts; none for CJK and Thai; none after Hangul (particles attach to names)."""
    first, last = text[start], text[end - 1]
    if _unspaced(first) and _unspaced(last):
        return True
    before_ok = start == 0 or not _joins(text[start - 1], first)
    after_ok = end == len(text) or _is_hangul(last) or not _joins(last, text[end])
    return before_ok and after_ok


def _joins(a: str, b: str) -> bool:
    """Two adjacent characters belong to one word (so a name may not start or end between them)."""
    return (a.isalnum() or unicodedata.category(a) == "Mn") and (b.isalnum() or unicodedata.category(b) == "Mn")


def _fits(text: str, start: int, end: int, entry: _Entry, lang: str | None = None) -> bool:
    """An ambiguous name is not taken when it is part of a longer proper name (next to another capitalised word)."""
    if entry.kind != "ambiguous" or (lang and _base_language(lang) in NOUN_CAPITALISING):
        return True
    before = text[:start].rstrip(" ")
    after = text[end:].lstrip(" ")
    previous_word = before.split()[-1] if before.split() else ""
    next_word = after.split()[0] if after.split() else ""
    head = before[: len(before) - len(previous_word)].rstrip(" ")
    # A sentence-initial short word ("In", "Nach", "Dans") is a function word, not part of a proper name.
    previous_is_initial = (not head or head[-1] in ".!?:\n\"“«(-–—") and len(previous_word) <= 4
    capitalised_before = (
        bool(previous_word) and previous_word[0].isupper() and previous_word[-1].isalnum() and not previous_is_initial
    )
    capitalised_after = bool(next_word) and next_word[0].isupper() and len(text[end:]) - len(after) <= 1
    return not (capitalised_before or capitalised_after)


def _fold_char(char: str, previous_latin: bool) -> str:
    if char in "’‘ʼ`´":
        return "'"
    if char in "đĐ":
        return "d"
    if unicodedata.category(char) == "Mn":
        return "" if previous_latin else char
    if _is_latin(char):
        base = "".join(part for part in unicodedata.normalize("NFD", char) if unicodedata.category(part) != "Mn")
        return base.casefold()
    return char.casefold()


@lru_cache(maxsize=4096)
def _is_latin(char: str) -> bool:
    return char.isascii() and char.isalpha() or unicodedata.name(char, "").startswith("LATIN")


def _is_hangul(char: str) -> bool:
    return "HANGUL" in unicodedata.name(char, "")


def _unspaced(char: str) -> bool:
    name = unicodedata.name(char, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI"))
