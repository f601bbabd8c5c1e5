"""Choose an event type and a status from cue words (data/lexicon/cues.csv) found in a stretch of text."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from components.ingest.lexicon import read_cues
from components.ingest.normalise import FoldedText
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms

STATUS_TIES = ("withdrawn", "happened", "announced", "planned", "rumoured")
DEFAULT_STATUS = "happened"
DEFAULT_EVENT_TYPE = "official_launch"
NOT_A_CUE = "none"  # a longer word that contains a cue word and means something else (制造商 "manufacturer")


def find_cues(text: str | FoldedText, field: str, lang: str | None = None) -> list[Span]:
    """Cue spans for one field ('event_type' or 'status'); value is the event type or status they point to.

    A `none` row is a longer word that holds a cue word (制造商 "manufacturer" holds 制造, 第一家 "the first store"
    holds 第一): the leftmost-longest matcher takes it, and it is dropped here.
    """
    return [span for span in find_terms(text, _matcher(field, lang)) if span.value != NOT_A_CUE]


def choose_value(spans: list[Span], field: str) -> tuple[str, list[Span]]:
    """The most frequent cue value (ties: the stronger status, or the first seen) and the spans that support it."""
    if not spans:
        return (DEFAULT_STATUS if field == "status" else DEFAULT_EVENT_TYPE), []
    counts = Counter(span.value for span in spans)
    order = STATUS_TIES if field == "status" else tuple(dict.fromkeys(span.value for span in spans))
    best = max(counts, key=lambda value: (counts[value], -order.index(value) if value in order else -99))
    return best, [span for span in spans if span.value == best]


@lru_cache(maxsize=64)
def _matcher(field: str, lang: str | None) -> TermMatcher:
    wanted = {"en", lang} if lang else None
    terms = [
        (term, value)
        for cue_field, value, term_lang, term in read_cues()
        if cue_field == field and (wanted is None or term_lang in wanted)
    ]
    return build_matcher(terms)
