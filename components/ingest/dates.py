"""Find dates in text in many languages (CLDR month names, numeric forms, relative phrases) with their precision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import UnknownLocaleError
from babel.dates import get_month_names

from components.ingest.lexicon import alternation, month_locales, phrase_values, phrases
from components.ingest.normalise import FoldedText, bounded_alternation, fold_text
from components.ingest.spans import TermMatcher, build_matcher, find_terms

YEAR = r"(1[89]\d\d|20\d\d)"
MONTH_PREFIX_WINDOW = 24  # characters before a month name searched for "end of", "Anfang", "fin"...


@dataclass(frozen=True)
class DateSpan:
    """A date found in text, written at its precision (2016-03, 2016-Q1, 2019), with offsets and how it was found."""

    label: str
    precision: str
    start: int
    end: int
    surface: str
    basis: str  # stated (an absolute date) | inferred (a relative one, or a year taken from the publication date)


def find_dates(text: str | FoldedText, lang: str | None = None, published: dt.date | None = None) -> list[DateSpan]:
    """Every date in the text, leftmost first, without overlaps; relative ones only when `published` is known."""
    article = fold_text(text)
    taken = bytearray(len(article.text))  # 1 where an earlier finder's date lies
    found: list[DateSpan] = []
    for finder in FINDERS:
        for span in finder(article, published, lang):
            if not any(taken[span.start : span.end]):
                taken[span.start : span.end] = b"\x01" * (span.end - span.start)
                found.append(span)
    return sorted(found, key=lambda span: span.start)


def month_names(lang: str | None = None) -> dict[str, int]:
    """Wide and abbreviated month names (format and stand-alone) of CLDR locales -> month number.

    With `lang`: that language and English; without: every locale marked month_names in data/lexicon/locales.csv.
    """
    return dict(_month_names(lang))


@lru_cache(maxsize=32)
def _month_names(lang: str | None) -> tuple[tuple[str, int], ...]:
    names: dict[str, int] = {}
    for locale in month_locales() if lang is None else tuple(dict.fromkeys((lang, "en"))):
        for width in ("wide", "abbreviated"):
            for context in ("format", "stand-alone"):
                try:
                    months = get_month_names(width, context, locale)
                except (UnknownLocaleError, ValueError, LookupError):
                    continue
                for number, name in months.items():
                    name = name.strip()
                    if name and not any(char.isdigit() for char in name):
                        names.setdefault(name, number)
    return tuple(names.items())


@lru_cache(maxsize=32)
def _month_matcher(lang: str | None) -> TermMatcher:
    """Month names of 4+ letters match case-insensitively; shorter ones (May, mar, set) only as CLDR writes them."""
    pairs, exact = [], []
    for name, number in _month_names(lang):
        bare = name.rstrip(".")
        if len(bare) >= 4:
            pairs.append((bare, str(number)))
        elif len(bare) >= 3:
            exact.extend([(bare, str(number)), (bare[:1].upper() + bare[1:], str(number))])
    return build_matcher(pairs, exact_terms=exact)


def _numeric_dates(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    text, spans = article.text, []
    for match in re.finditer(rf"(?<![\d.]){YEAR}-(\d\d)-(\d\d)(?![\d])", text):
        spans.extend(_day_span(match, int(match[1]), int(match[2]), int(match[3])))
    for match in re.finditer(rf"(?<![\d.])(\d{{1,2}})([./])(\d{{1,2}})\2{YEAR}(?!\d)", text):
        spans.extend(_day_span(match, int(match[4]), int(match[3]), int(match[1])))
    return spans


def _cjk_vi_dates(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    """Dates written with year/month/day markers (2017년 5월 11일, 2016年3月) or words (ngày 2 tháng 6 năm 2016)."""
    text, spans = article.text, []
    full, month_day, words = _marker_patterns()
    for match in full.finditer(text):
        spans.extend(_ymd_span(match, int(match[1]), match[2], match[3], "stated"))
    for match in month_day.finditer(text):
        year, basis = _nearest_year(int(match[1]), published)
        if year:
            spans.extend(_ymd_span(match, year, match[1], match[2], basis))
    for match in words.finditer(text):
        if match[4]:
            spans.append(DateSpan(match[4], "year", match.start(), match.end(), match[0], "stated"))
            continue
        year, basis = (int(match[3]), "stated") if match[3] else _nearest_year(int(match[2]), published)
        if year:
            spans.extend(_ymd_span(match, year, match[2], match[1], basis))
    return spans


@lru_cache(maxsize=1)
def _marker_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    year_mark, month_mark, day_mark = (
        f"[{''.join(phrases(role))}]" for role in ("year_marker", "month_marker", "day_marker")
    )
    full = rf"{YEAR}\s*{year_mark}\s*(?:(\d{{1,2}})\s*{month_mark}\s*(?:(\d{{1,2}})\s*{day_mark})?)?"
    month_day = rf"(?<![\d{year_mark[1:-1]}])(\d{{1,2}})\s*{month_mark}(?:\s*(\d{{1,2}})\s*{day_mark})?"
    day, month, year = (alternation(phrases(role)) for role in ("day_word", "month_word", "year_word"))
    prefix = alternation(phrases("numbered_month_prefix"))
    words = (
        rf"(?:{prefix}\s+)?(?:{day}\s+(\d{{1,2}})\s+)?{month}\s+(\d{{1,2}})(?:\s*(?:/|{year})\s*{YEAR})?"
        rf"|{year}\s+{YEAR}"
    )
    return re.compile(full), re.compile(month_day), re.compile(words, re.IGNORECASE)


def _month_name_dates(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    text, spans = article.text, []
    day_before, day_year_after, year_after = _month_context_patterns()
    for month in find_terms(article, _month_matcher(lang)):
        number = int(month.value)
        end = month.end + (1 if text[month.end : month.end + 1] == "." else 0)
        before = day_before.search(text[max(0, month.start - 12) : month.start])
        after_day_year = day_year_after.match(text, end)
        after_year = year_after.match(text, end)
        start = month.start - len(before[0]) if before else month.start
        day = before[1] if before else None
        if after_day_year:
            day, year, end, basis = after_day_year[1], int(after_day_year[2]), after_day_year.end(), "stated"
        elif after_year:
            year, end, basis = int(after_year[1]), after_year.end(), "stated"
        else:
            if len(month.surface.rstrip(".")) < 4 and not before and _with_month_prefix(text, start) == start:
                continue  # a bare short name ("Mar", "Set", "Mai") is too ambiguous on its own
            year, basis = _nearest_year(number, published)
            if not year:
                continue
        start = _with_month_prefix(text, start)
        spans.extend(_ymd_span_at(start, end, text, year, number, day, basis))
    return spans


@lru_cache(maxsize=1)
def _month_context_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A day before a month name (22 mai, 5 de março), a day and year after it (March 3, 2016), a year after it."""
    ordinal, day_joiner = alternation(phrases("ordinal_suffix")), alternation(phrases("day_month_joiner"))
    year_joiner = alternation(phrases("month_year_joiner"))
    return (
        re.compile(rf"(\d{{1,2}}){ordinal}?\s+(?:{day_joiner}\s+)?$"),
        re.compile(rf"\s+(\d{{1,2}}){ordinal}?,?\s+{YEAR}(?!\d)"),
        re.compile(rf",?\s+(?:{year_joiner}\s+)?{YEAR}(?!\d)"),
    )


def _with_month_prefix(text: str, start: int) -> int:
    """Include 'end of', 'Ende', 'fine', 'fin', 'early', 'cuối' and similar words just before a month in the span."""
    prefix = _month_prefix_pattern().search(text[max(0, start - MONTH_PREFIX_WINDOW) : start])
    return start - len(prefix[0]) if prefix else start


@lru_cache(maxsize=1)
def _month_prefix_pattern() -> re.Pattern[str]:
    return re.compile(alternation(phrases("month_prefix")) + r"\s+$", re.IGNORECASE)


def _quarter_dates(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    spans = []
    joiner = alternation(phrases("quarter_joiner"))
    pattern = rf"\b([QH])([1-4])\s*(?:{joiner}\s+|/|-)?{YEAR}\b|\b{YEAR}\s*-?\s*([QH])([1-4])\b"
    for match in re.finditer(pattern, article.text):
        kind, number, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[6], match[4])
        if kind == "H" and number not in "12":
            continue
        precision = "quarter" if kind == "Q" else "half"
        spans.append(DateSpan(f"{year}-{kind}{number}", precision, match.start(), match.end(), match[0], "stated"))
    return spans


def _relative_dates(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    """Relative phrases (data/lexicon/phrases.csv, role relative_date) resolved against the publication date."""
    if published is None:
        return []
    kinds = phrase_values("relative_date")
    spans = []
    for match in _relative_pattern().finditer(article.text):
        label, precision = _resolve_relative(kinds[match[0].casefold()], published)
        spans.append(DateSpan(label, precision, match.start(), match.end(), match[0], "inferred"))
    return spans


def _bare_years(article: FoldedText, published: dt.date | None, lang: str | None) -> list[DateSpan]:
    return [
        DateSpan(match[1], "year", match.start(), match.end(), match[0], "stated")
        for match in re.finditer(rf"(?<![\w.,/:-]){YEAR}(?![\w/:-]|[.,]\d)", article.text)
    ]


def _resolve_relative(kind: str, published: dt.date) -> tuple[str, str]:
    year = published.year
    if kind == "next_year":
        return str(year + 1), "year"
    if kind == "last_year":
        return str(year - 1), "year"
    if kind == "this_year":
        return str(year), "year"
    if kind == "year_start":
        return f"{year}-Q1", "quarter"
    if kind == "year_end":
        return f"{year}-Q4", "quarter"
    month = published.month + (1 if kind == "next_month" else 0)
    year, month = (year + 1, 1) if month == 13 else (year, month)
    return f"{year}-{month:02d}", "month"


@lru_cache(maxsize=1)
def _relative_pattern() -> re.Pattern[str]:
    return re.compile(bounded_alternation(phrases("relative_date")), re.IGNORECASE)


def _nearest_year(month: int, published: dt.date | None) -> tuple[int | None, str]:
    """The year that puts a month without a year closest to the publication date (within six months)."""
    if published is None or not 1 <= month <= 12:
        return None, ""
    options = [published.year - 1, published.year, published.year + 1]
    distance = [abs((year * 12 + month) - (published.year * 12 + published.month)) for year in options]
    return options[distance.index(min(distance))], "inferred"


def _day_span(match: re.Match[str], year: int, month: int, day: int) -> list[DateSpan]:
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return []
    return [DateSpan(value.isoformat(), "day", match.start(), match.end(), match[0], "stated")]


def _ymd_span(match: re.Match[str], year: int, month: str | None, day: str | None, basis: str) -> list[DateSpan]:
    if month is None:
        return [DateSpan(str(year), "year", match.start(), match.end(), match[0], basis)]
    return _ymd_span_at(match.start(), match.end(), match.string, year, int(month), day, basis)


def _ymd_span_at(start: int, end: int, text: str, year: int, month: int, day: str | None, basis: str) -> list[DateSpan]:
    if not 1 <= month <= 12:
        return []
    if day:
        try:
            value = dt.date(year, month, int(day))
        except ValueError:
            return []
        return [DateSpan(value.isoformat(), "day", start, end, text[start:end], basis)]
    return [DateSpan(f"{year}-{month:02d}", "month", start, end, text[start:end], basis)]


FINDERS = (_numeric_dates, _cjk_vi_dates, _month_name_dates, _quarter_dates, _relative_dates, _bare_years)
