"""Find dates in text in many languages (CLDR month names, numeric forms, relative phrases) with their precision."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import UnknownLocaleError
from babel.dates import get_month_names

from components.ingest.spans import build_matcher, find_terms

MONTH_LOCALES = ("en", "it", "vi", "de", "es", "fr", "pt", "id", "ko", "ja", "zh", "nl", "pl", "tr", "ru", "ms", "ro", "sv")
YEAR = r"(1[89]\d\d|20\d\d)"
# Relative phrases: (kind, phrases). Kinds are resolved against the publication date by _resolve_relative.
RELATIVE_PHRASES = {
    "next_year": "next year|l'anno prossimo|il prossimo anno|nächstes Jahr|nächsten Jahr|im kommenden Jahr|năm sau|năm tới"
    "|el próximo año|el año que viene|l'année prochaine|l'an prochain|no próximo ano|ano que vem|próximo ano|tahun depan"
    "|내년|明年|来年",
    "this_year": "this year|quest'anno|dieses Jahr|diesen Jahres|năm nay|este año|cette année|este ano|tahun ini|올해|今年",
    "last_year": "last year|l'anno scorso|letztes Jahr|letzten Jahr|năm ngoái|el año pasado|l'année dernière|ano passado"
    "|tahun lalu|작년|去年",
    "year_start": "beginning of the year|start of the year|early this year|inizio dell'anno|inizio anno|Anfang des Jahres"
    "|Jahresbeginn|đầu năm|principios de año|principios del año|début de l'année|début d'année|início do ano|awal tahun"
    "|연초|年初",
    "year_end": "end of the year|later this year|fine dell'anno|fine anno|Ende des Jahres|Jahresende|cuối năm|finales de año"
    "|fin de año|fin d'année|fin de l'année|final do ano|fim do ano|akhir tahun|연말|年底",
    "next_month": "next month|il mese prossimo|nächsten Monat|tháng sau|tháng tới|el próximo mes|le mois prochain"
    "|próximo mês|bulan depan|다음 달|下个月",
    "this_month": "this month|questo mese|diesen Monat|tháng này|este mes|ce mois-ci|este mês|bulan ini|이번 달|本月",
}


@dataclass(frozen=True)
class DateSpan:
    """A date found in text, written at its precision (2016-03, 2016-Q1, 2019), with offsets and how it was found."""

    label: str
    precision: str
    start: int
    end: int
    surface: str
    basis: str  # stated (an absolute date) | inferred (a relative one, or a year taken from the publication date)


def find_dates(text: str, lang: str | None = None, published: dt.date | None = None) -> list[DateSpan]:
    """Every date in the text, leftmost first, without overlaps; relative ones only when `published` is known."""
    found: list[DateSpan] = []
    finders = (_numeric_dates, _cjk_vi_dates, _month_name_dates, _quarter_dates, _relative_dates, _bare_years)
    for finder in finders:
        found_here = finder(text, published, lang) if finder is _month_name_dates else finder(text, published)
        for span in found_here:
            if not any(span.start < other.end and other.start < span.end for other in found):
                found.append(span)
    return sorted(found, key=lambda span: span.start)


def month_names(lang: str | None = None) -> dict[str, int]:
    """Wide and abbreviated month names (format and stand-alone) of CLDR locales -> month number.

    With `lang`: that language and English; without: every locale of MONTH_LOCALES.
    """
    return dict(_month_names(lang))


@lru_cache(maxsize=32)
def _month_names(lang: str | None) -> tuple[tuple[str, int], ...]:
    names: dict[str, int] = {}
    for locale in MONTH_LOCALES if lang is None else tuple(dict.fromkeys((lang, "en"))):
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
def _month_matcher(lang: str | None):
    """Month names of 4+ letters match case-insensitively; shorter ones (May, mar, set) only as CLDR writes them."""
    pairs, exact = [], []
    for name, number in _month_names(lang):
        bare = name.rstrip(".")
        if len(bare) >= 4:
            pairs.append((bare, str(number)))
        elif len(bare) >= 3:
            exact.extend([(bare, str(number)), (bare[:1].upper() + bare[1:], str(number))])
    return build_matcher(pairs, exact_terms=exact)


def _numeric_dates(text: str, published: dt.date | None) -> list[DateSpan]:
    spans = []
    for match in re.finditer(rf"(?<![\d.]){YEAR}-(\d\d)-(\d\d)(?![\d])", text):
        spans.extend(_day_span(match, int(match[1]), int(match[2]), int(match[3])))
    for match in re.finditer(rf"(?<![\d.])(\d{{1,2}})([./])(\d{{1,2}})\2{YEAR}(?!\d)", text):
        spans.extend(_day_span(match, int(match[4]), int(match[3]), int(match[1])))
    return spans


def _cjk_vi_dates(text: str, published: dt.date | None) -> list[DateSpan]:
    spans = []
    cjk = rf"{YEAR}\s*[년年]\s*(?:(\d{{1,2}})\s*[월月]\s*(?:(\d{{1,2}})\s*[일日])?)?"
    vi = rf"(?:(?:cuối|đầu|giữa)\s+)?(?:ngày\s+(\d{{1,2}})\s+)?tháng\s+(\d{{1,2}})(?:\s*(?:/|năm)\s*{YEAR})?|năm\s+{YEAR}"
    for match in re.finditer(cjk, text):
        spans.extend(_ymd_span(match, int(match[1]), match[2], match[3], "stated"))
    for match in re.finditer(r"(?<![\d년年])(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日])?", text):
        year, basis = _nearest_year(int(match[1]), published)
        if year:
            spans.extend(_ymd_span(match, year, match[1], match[2], basis))
    for match in re.finditer(vi, text, re.IGNORECASE):
        if match[4]:
            spans.append(DateSpan(match[4], "year", match.start(), match.end(), match[0], "stated"))
            continue
        year, basis = (int(match[3]), "stated") if match[3] else _nearest_year(int(match[2]), published)
        if year:
            spans.extend(_ymd_span(match, year, match[2], match[1], basis))
    return spans


def _month_name_dates(text: str, published: dt.date | None, lang: str | None = None) -> list[DateSpan]:
    spans = []
    for month in find_terms(text, _month_matcher(lang)):
        number = int(month.value)
        end = month.end + (1 if text[month.end : month.end + 1] == "." else 0)
        before = re.search(r"(\d{1,2})(?:\.|º|°|er|st|nd|rd|th)?\s+(?:de\s+|di\s+)?$", text[max(0, month.start - 12) : month.start])
        after_day_year = re.match(rf"\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+{YEAR}(?!\d)", text[end:])
        after_year = re.match(rf",?\s+(?:de\s+|del\s+|di\s+)?{YEAR}(?!\d)", text[end:])
        start = month.start - len(before[0]) if before else month.start
        day = before[1] if before else None
        if after_day_year:
            day, year, end = after_day_year[1], int(after_day_year[2]), end + after_day_year.end()
            basis = "stated"
        elif after_year:
            year, end, basis = int(after_year[1]), end + after_year.end(), "stated"
        else:
            if len(month.surface.rstrip(".")) < 4 and not before and _with_month_prefix(text, start) == start:
                continue  # a bare short name ("Mar", "Set", "Mai") is too ambiguous on its own
            year, basis = _nearest_year(number, published)
            if not year:
                continue
        start = _with_month_prefix(text, start)
        spans.extend(_ymd_span_at(start, end, text, year, number, day, basis))
    return spans


def _with_month_prefix(text: str, start: int) -> int:
    """Include 'end of', 'Ende', 'fine', 'fin', 'early', 'cuối' and similar words just before a month in the span."""
    prefix = re.search(
        r"(?:(?:at the )?(?:end|beginning|start|middle) of|early|late|mid-?|Ende|Anfang|Mitte|(?:alla )?fine(?: di)?"
        r"|(?:all')?inizio(?: di)?|a (?:finales|principios|mediados) de|finales de|principios de|(?:à la |en )?fin"
        r"|(?:au )?début|(?:no )?(?:final|início|fim) de|akhir|awal|pertengahan|this|questo|quest'|diesen|este|ce)\s+$",
        text[max(0, start - 24) : start],
        re.IGNORECASE,
    )
    return start - len(prefix[0]) if prefix else start


def _quarter_dates(text: str, published: dt.date | None) -> list[DateSpan]:
    spans = []
    for match in re.finditer(rf"\b([QH])([1-4])\s*(?:of\s+|/|-)?{YEAR}\b|\b{YEAR}\s*-?\s*([QH])([1-4])\b", text):
        kind, number, year = (match[1], match[2], match[3]) if match[1] else (match[5], match[6], match[4])
        if kind == "H" and number not in "12":
            continue
        precision = "quarter" if kind == "Q" else "half"
        spans.append(DateSpan(f"{year}-{kind}{number}", precision, match.start(), match.end(), match[0], "stated"))
    return spans


def _relative_dates(text: str, published: dt.date | None) -> list[DateSpan]:
    if published is None:
        return []
    spans = []
    for match in _relative_pattern().finditer(text):
        kind = next(kind for kind, phrases in RELATIVE_PHRASES.items() if _in_phrases(match[0], phrases))
        label, precision = _resolve_relative(kind, published)
        spans.append(DateSpan(label, precision, match.start(), match.end(), match[0], "inferred"))
    return spans


def _bare_years(text: str, published: dt.date | None) -> list[DateSpan]:
    return [
        DateSpan(match[1], "year", match.start(), match.end(), match[0], "stated")
        for match in re.finditer(rf"(?<![\w.,/:-]){YEAR}(?![\w/:-]|[.,]\d)", text)
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
    phrases = sorted({p for group in RELATIVE_PHRASES.values() for p in group.split("|")}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(p) for p in phrases) + r")(?!\w)", re.IGNORECASE)


def _in_phrases(found: str, phrases: str) -> bool:
    return found.casefold() in {phrase.casefold() for phrase in phrases.split("|")}


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
