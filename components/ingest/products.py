"""Recognise product lines in text: product names from product_lines.csv and generic words in many languages."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from components.ingest.countries import find_country_mentions
from components.ingest.lexicon import alternation, read_phrases, read_product_names, read_product_terms
from components.ingest.normalise import FoldedText, bounded_alternation, fold_text
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms

NEGATION_REACH = 70  # characters after a negation within which generic product words are what is not sold
CLAIM_REACH = 25  # a maker phrase followed this closely by a country is a claim about that market ("in Italia")
NOT_COUNTRIES = {"001"}  # "in the world" is a global claim, not one about a market
SENTENCE_END = re.compile(r"[.!?。！？\n]")


WEB_ADDRESS = re.compile(r"[\w-]+(?:\.[\w-]+)*\.[a-z]{2,4}", re.IGNORECASE)  # a web address names a shop


def find_product_lines(text: str | FoldedText, lang: str | None = None) -> list[Span]:
    """Spans whose value is a product_line_id; with `lang`, generic words of that language and English.

    A product word that describes the company ("smartphone maker", "fabricante de smartphones", "手机厂商") or that
    follows a negation in its sentence ("not sold in India", "не планирует продавать") is not a product sold:
    the words are rows of data/lexicon/phrases.csv (roles maker_after, maker_before, product_negation).
    """
    article = fold_text(text)
    return article.memo(("product_lines", lang), lambda: _sold(article, find_terms(article, _matcher(lang)), lang))


def find_product_names(text: str | FoldedText) -> list[Span]:
    """Spans whose value is a product name listed in product_lines.csv (e.g. 'Redmi Note 4')."""
    return [span for span in find_terms(text, _name_matcher()) if span.value]


def _sold(article: FoldedText, spans: list[Span], lang: str | None) -> list[Span]:
    """The spans that are products sold: not a description of the maker, not a generic word after a negation."""
    text = article.text
    after, before = _maker_patterns(lang)
    negated = _negated_ranges(text, lang)
    countries = sorted(m.start for m in find_country_mentions(article, lang) if m.code not in NOT_COUNTRIES)
    names = _product_names()
    kept = []
    for span in spans:
        maker = after.match(text, span.end) or before.search(text, max(0, span.start - 60), span.start)
        if maker and not _country_within(countries, span.end, CLAIM_REACH):
            continue
        if span.surface.casefold() not in names and any(start <= span.start < end for start, end in negated):
            continue
        if WEB_ADDRESS.fullmatch(span.surface):  # mi.com is the shop, a channel (the labelling guide)
            continue
        kept.append(span)
    return kept


def _country_within(starts: list[int], position: int, reach: int) -> bool:
    index = bisect_left(starts, position)
    return index < len(starts) and starts[index] - position <= reach


def _negated_ranges(text: str, lang: str | None) -> list[tuple[int, int]]:
    """From each negation phrase to the end of its sentence (at most NEGATION_REACH characters)."""
    ranges, not_negations = [], _not_negations(lang)
    for match in _negation_pattern(lang).finditer(text):
        if match.group(0).casefold() in not_negations:
            continue
        stop = SENTENCE_END.search(text, match.end())
        end = min(stop.start() if stop else len(text), match.end() + NEGATION_REACH)
        ranges.append((match.end(), end))
    return ranges


def _terms(role: str, lang: str | None, value: str | None = None) -> tuple[str, ...]:
    """Phrases of one role in the article's language and English (every language without one), longest first."""
    wanted = {"en", "*", lang.split("-")[0].lower()} if lang else None
    terms = {
        term
        for row_role, row_lang, term, row_value in read_phrases()
        if row_role == role and (wanted is None or row_lang in wanted) and value in (None, row_value)
    }
    return tuple(sorted(terms, key=lambda term: (-len(term), term)))


@lru_cache(maxsize=64)
def _maker_patterns(lang: str | None) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """After a product word: a maker word ("-Hersteller", "厂商"); before it: a maker word and up to three
    genitive or nationality words ("fabricant chinois de", "produttore di").
    """
    after = re.compile(r"[\s-]?" + bounded_alternation(_terms("maker_after", lang)), re.IGNORECASE)
    gap = rf"(?:\s+{alternation(_terms('maker_gap', lang))}){{0,3}}"
    before = re.compile(bounded_alternation(_terms("maker_before", lang)) + gap + r"\s*$", re.IGNORECASE)
    return after, before


@lru_cache(maxsize=64)
def _negation_pattern(lang: str | None) -> re.Pattern[str]:
    return re.compile(bounded_alternation(_terms("product_negation", lang)), re.IGNORECASE)


@lru_cache(maxsize=64)
def _not_negations(lang: str | None) -> frozenset[str]:
    """Phrases that start with a negation but negate nothing ("not only", "sin embargo"; value `not_only`)."""
    return frozenset(term.casefold() for term in _terms("product_negation", lang, "not_only"))


@lru_cache(maxsize=32)
def _matcher(lang: str | None) -> TermMatcher:
    wanted = {"*", "en", lang} if lang else None
    terms = [(term, line) for line, term_lang, term in read_product_terms() if wanted is None or term_lang in wanted]
    return build_matcher(terms)


@lru_cache(maxsize=1)
def _product_names() -> frozenset[str]:
    return frozenset(name.casefold() for name, _ in read_product_names())


@lru_cache(maxsize=1)
def _name_matcher() -> TermMatcher:
    return build_matcher([(name, name) for name, _ in read_product_names()])
