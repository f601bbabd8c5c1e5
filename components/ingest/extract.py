"""Turn an article's text into candidate events: one per (country, cluster of sentences), with evidence offsets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from components.model import schema
from components.countries import Mention, find_country_mentions
from components.ingest.competitors import find_competitors, nickname_ranges
from components.ingest.cues import choose_value, find_cues
from components.ingest.dates import DateSpan, find_dates
from components.ingest.language import detect_language
from components.ingest.partners import find_partners
from components.ingest.products import find_product_lines, find_product_names
from components.ingest.segment import article_end, split_sentences
from components.ingest.spans import Span

NOT_MARKETS = {"001"}
STATEMENT_TYPES = {"plan_statement"}  # event types dated by when they are said, not by the date they aim at  # "the world" is not a market
CARRY_OVER = 2  # sentences without a country name still belong to the last named country, up to this many


def extract_candidates(
    text: str, lang: str | None = None, published: dt.date | None = None, source_file: str = ""
) -> list[dict[str, object]]:
    """Candidate events found in the text (JSON-ready dicts); language detected offline when not given."""
    text = text[: article_end(text)]  # offsets stay valid: only the tail is dropped
    language = lang or detect_language(text)
    sentences = split_sentences(text)
    nicknames = nickname_ranges(text, language)
    mentions = [m for m in find_country_mentions(text, language) if not any(lo <= m.start < hi for lo, hi in nicknames)]
    spans = {
        "product_lines": find_product_lines(text, language),
        "products": find_product_names(text),
        "partners": find_partners(text, language),
        "competitors": find_competitors(text, language),
        "event_type": find_cues(text, "event_type", language),
        "status": find_cues(text, "status", language),
    }
    dates = find_dates(text, language, published)
    candidates = []
    for code, cluster in cluster_sentences(sentences, mentions):
        start, end = sentences[cluster[0]][0], sentences[cluster[-1]][1]
        candidates.append(
            _candidate(code, start, end, mentions, spans, dates, published, language, source_file)
        )
    return candidates


def cluster_sentences(sentences: list[tuple[int, int]], mentions: list[Mention]) -> list[tuple[str, list[int]]]:
    """(country, consecutive sentence indices) for every country named in the text, in order of first mention."""
    named: dict[str, set[int]] = {}
    referred: dict[int, set[str]] = {}  # sentences that refer back to a country with an adjective ("marché belge")
    for index, (start, end) in enumerate(sentences):
        for mention in mentions:
            if start <= mention.start < end and mention.code not in NOT_MARKETS:
                if mention.kind == "name":
                    named.setdefault(mention.code, set()).add(index)
                else:
                    referred.setdefault(index, set()).add(mention.code)
    focus_of = _carry_over(len(sentences), named, referred)
    clusters = []
    for code in named:
        indices = sorted(index for index, codes in focus_of.items() if code in codes)
        clusters.extend((code, group) for group in _consecutive(indices))
    return sorted(clusters, key=lambda item: item[1][0])


def _carry_over(count: int, named: dict[str, set[int]], referred: dict[int, set[str]] | None = None) -> dict[int, set[str]]:
    """The countries each sentence is about: those it names, else the last named ones for up to CARRY_OVER sentences.

    An article that names a single market is about it to the end; a sentence that refers back to the country in
    focus with an adjective ("le marché belge", "mercado brasileiro") keeps the focus alive.
    """
    referred = referred or {}
    limit = count if len(named) == 1 else CARRY_OVER
    focus: dict[int, set[str]] = {index: set() for index in range(count)}
    last: set[str] = set()
    quiet = 0
    for index in range(count):
        here = {code for code, indices in named.items() if index in indices}
        if here:
            last, quiet = here, 0
        elif last and quiet <= limit and last & referred.get(index, set()):
            here, quiet = set(last), 0
        else:
            quiet += 1
            here = set(last) if quiet <= limit else set()
        focus[index] = here
    return focus


def _consecutive(indices: list[int]) -> Iterable[list[int]]:
    group: list[int] = []
    for index in indices:
        if group and index != group[-1] + 1:
            yield group
            group = []
        group.append(index)
    if group:
        yield group


def _candidate(
    code: str,
    start: int,
    end: int,
    mentions: list[Mention],
    spans: dict[str, list[Span]],
    dates: list[DateSpan],
    published: dt.date | None,
    language: str,
    source_file: str,
) -> dict[str, object]:
    inside = {field: [span for span in found if start <= span.start < end] for field, found in spans.items()}
    here = [mention for mention in mentions if start <= mention.start < end]
    event_type, type_spans = choose_value(inside["event_type"], "event_type")
    status, status_spans = choose_value(inside["status"], "status")
    date = _choose_date([span for span in dates if start <= span.start < end], published)
    target = None
    if event_type in STATEMENT_TYPES and _is_future(date, published):
        target, date = date, None  # a plan is dated when it is stated (the publication); the future date is its target
    evidence = {
        "country": [_mention_evidence(m) for m in here if m.code == code],
        "mentioned_countries": [_mention_evidence(m) for m in here],
        **{field: [span.as_evidence() for span in inside[field]] for field in ("product_lines", "products", "partners", "competitors")},
        "event_type": [span.as_evidence() for span in type_spans],
        "status": [span.as_evidence() for span in status_spans],
        "date": [_date_evidence(date)] if isinstance(date, DateSpan) else [],
        "target_date": [_date_evidence(target)] if target is not None else [],
    }
    label, precision, basis = _date_fields(date, published)
    return {
        "source_file": source_file,
        "language": language,
        "published": published.isoformat() if published else "",
        "country": code,
        "mentioned_countries": _unique(m.code for m in here),
        "product_lines": _unique(span.value for span in inside["product_lines"]),
        "products": _unique(span.value for span in inside["products"]),
        "partners": _unique(span.value for span in inside["partners"]),
        "competitors": _unique(span.value for span in inside["competitors"]),
        "event_type": event_type,
        "status": status,
        "date": label,
        "date_precision": precision,
        "date_basis": basis,
        "target_date": target.label if target is not None else "",
        "date_note": f"Dated by the publication, when the plan was stated; its target is {target.surface.strip()} ({target.label})."
        if target is not None
        else "",
        "span": {"start": start, "end": end},
        "evidence": evidence,
    }


def _is_future(date: DateSpan | None, published: dt.date | None) -> bool:
    """True if the date's period starts after the publication month (a target, not the time of the statement)."""
    if date is None or published is None:
        return False
    start, _ = schema.parse_partial_date(date.label)
    return (start.year, start.month) > (published.year, published.month)


def _choose_date(found: list[DateSpan], published: dt.date | None) -> DateSpan | None:
    """The first date in the cluster, preferring one finer than a year."""
    finer = [span for span in found if span.precision != "year"]
    return (finer or found or [None])[0]


def _date_fields(date: DateSpan | None, published: dt.date | None) -> tuple[str, str, str]:
    if date is not None:
        return date.label, date.precision, date.basis
    if published is not None:
        return published.strftime("%Y-%m"), "month", "inferred"
    return "", "", ""


def _mention_evidence(mention: Mention) -> dict[str, object]:
    return {"value": mention.code, "start": mention.start, "end": mention.end, "text": mention.surface}


def _date_evidence(date: DateSpan) -> dict[str, object]:
    return {"value": date.label, "start": date.start, "end": date.end, "text": date.surface}


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
