"""Recognise product lines in text: product names from product_lines.csv and generic words in many languages."""

from __future__ import annotations

from functools import lru_cache

from components.ingest.lexicon import read_product_names, read_product_terms
from components.ingest.normalise import FoldedText, fold_text
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms


def find_product_lines(text: str | FoldedText, lang: str | None = None) -> list[Span]:
    """Spans whose value is a product_line_id; with `lang`, generic words of that language and English."""
    article = fold_text(text)
    return article.memo(("product_lines", lang), lambda: find_terms(article, _matcher(lang)))


def find_product_names(text: str | FoldedText) -> list[Span]:
    """Spans whose value is a product name listed in product_lines.csv (e.g. 'Redmi Note 4')."""
    return [span for span in find_terms(text, _name_matcher()) if span.value]


@lru_cache(maxsize=32)
def _matcher(lang: str | None) -> TermMatcher:
    wanted = {"*", "en", lang} if lang else None
    terms = [(term, line) for line, term_lang, term in read_product_terms() if wanted is None or term_lang in wanted]
    return build_matcher(terms)


@lru_cache(maxsize=1)
def _name_matcher() -> TermMatcher:
    return build_matcher([(name, name) for name, _ in read_product_names()])
