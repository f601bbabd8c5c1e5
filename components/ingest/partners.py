"""Recognise partners (retailers, distributors, carriers): a lexicon plus capitalised names after cue words."""

from __future__ import annotations

import re
from functools import lru_cache

from components.ingest.competitors import find_companies, find_subject_mentions
from components.ingest.countries import find_country_mentions
from components.ingest.lexicon import alternation, phrases, read_partners
from components.ingest.normalise import FoldedText, bounded_alternation, fold_text
from components.ingest.products import find_product_lines
from components.ingest.spans import RangeSet, Span, TermMatcher, build_matcher, find_terms
from components.model.schema import split_list

NAME_TOKEN = r"(?:[A-Z0-9](?:[\w'’&+-]|\.(?=\w))*|&)"
NAME = re.compile(rf"{NAME_TOKEN}(?: {NAME_TOKEN}){{0,4}}")
MAX_GAP_WORDS = 3  # lower-case words allowed between a cue and the first name ("local online retailers ...")
GAP = re.compile(rf"(?:\s+[^\s\W\d][\w'-]*){{0,{MAX_GAP_WORDS}}}?\s+(?={NAME_TOKEN})")


def find_partners(text: str | FoldedText, lang: str | None = None) -> list[Span]:
    """Spans whose value is a partner name: known partners as written, and names listed after partner cue words
    (data/lexicon/phrases.csv, role partner_cue, joined by list_joiner words).
    """
    article = fold_text(text)
    known = find_terms(article, _matcher())
    taken = RangeSet((span.start, span.end) for span in known)
    found = {(span.start, span.end): span for span in known}
    for span in _names_after_cues(article):
        if not taken.overlaps(span.start, span.end):
            found[(span.start, span.end)] = span
    return sorted(found.values(), key=lambda span: span.start)


def _names_after_cues(article: FoldedText) -> list[Span]:
    excluded = _excluded_ranges(article)
    spans = []
    for match in _cue_pattern().finditer(article.text):
        spans.extend(_name_list(article.text, match.end(), excluded))
    return spans


def _name_list(text: str, position: int, excluded: RangeSet) -> list[Span]:
    match = GAP.match(text, position)
    if not match or any(char.isupper() for char in text[position : match.end()]):
        return []
    names = []
    cursor = match.end()
    while name := NAME.match(text, cursor):
        span = _clean_name(text, name.start(), name.end(), excluded)
        if span is None:
            break
        names.append(span)
        joiner = _joiner_pattern().match(text, span.end)
        if not joiner:
            break
        cursor = joiner.end()
    return names


def _clean_name(text: str, start: int, end: int, excluded: RangeSet) -> Span | None:
    """Trim trailing punctuation and stop before a joiner word; refuse names that start with a company, country or
    product word.
    """
    joiners = set(phrases("list_joiner"))
    kept = []
    for word in text[start:end].split(" "):
        if kept and word in joiners:
            break
        kept.append(word)
    surface = " ".join(kept).rstrip(".,;:’'")
    if len(surface) < 2 or (not surface[0].isupper() and not surface[0].isdigit()):
        return None
    if start in excluded or _not_partner_pattern().search(surface):
        return None
    return Span(surface, start, start + len(surface), surface)


def _excluded_ranges(article: FoldedText) -> RangeSet:
    spans = [*find_companies(article), *find_subject_mentions(article), *find_product_lines(article)]
    ranges = [(span.start, span.end) for span in spans]
    ranges.extend((mention.start, mention.end) for mention in find_country_mentions(article))
    return RangeSet(ranges)


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(bounded_alternation(phrases("partner_cue")))


@lru_cache(maxsize=1)
def _not_partner_pattern() -> re.Pattern[str]:
    """Words that make a name a mall, a research firm or a medium, never a partner (role not_partner)."""
    return re.compile(bounded_alternation(phrases("not_partner")), re.IGNORECASE)


@lru_cache(maxsize=1)
def _joiner_pattern() -> re.Pattern[str]:
    words = [word for word in phrases("list_joiner") if word != ","]
    return re.compile(rf"(?:,\s*|\s+{alternation(tuple(words))}\s+)")


@lru_cache(maxsize=1)
def _matcher() -> TermMatcher:
    pairs = []
    for row in read_partners():
        pairs.extend((name, row["name"]) for name in [row["name"], *split_list(row["aliases"])])
    return build_matcher((), exact_terms=pairs)
