"""Recognise competitors and other vendors (data/companies.csv names and aliases) in text."""

from __future__ import annotations

from functools import lru_cache

from components.ingest.lexicon import read_companies
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms
from components.schema import split_list


def find_competitors(text: str) -> list[Span]:
    """Spans whose value is a company_id of a competitor or vendor (never the subject company)."""
    return [span for span in find_terms(text, _matcher()) if span.value]


def find_subject_mentions(text: str) -> list[Span]:
    """Spans naming the subject company (Xiaomi and its aliases)."""
    return [span for span in find_terms(text, _subject_matcher()) if span.value]


@lru_cache(maxsize=1)
def _matcher() -> TermMatcher:
    """Company names are proper nouns: matched as written. The subject's names map to '' so they block overlaps."""
    pairs = []
    for row in read_companies():
        value = "" if row["role"] == "subject" else row["company_id"]
        pairs.extend((name, value) for name in [row["name"], *split_list(row["aliases"])])
    return build_matcher((), exact_terms=pairs)


@lru_cache(maxsize=1)
def _subject_matcher() -> TermMatcher:
    pairs = []
    for row in read_companies():
        if row["role"] == "subject":
            pairs.extend((name, row["company_id"]) for name in [row["name"], *split_list(row["aliases"])])
    return build_matcher((), exact_terms=pairs)
