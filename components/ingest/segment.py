"""Split text into sentences with character offsets (punctuation in many scripts, and line breaks)."""

from __future__ import annotations

import re
from functools import lru_cache

from components.ingest.lexicon import phrases

SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’»)]*\s+|\n\s*")
MIN_ARTICLE_SHARE = 0.3  # never cut before this share of the text


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each non-blank sentence."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def article_end(text: str) -> int:
    """Offset where reader comments or page furniture start (the end of the text if none is found)."""
    for match in _furniture_pattern().finditer(text):
        if match.start() >= MIN_ARTICLE_SHARE * len(text):
            line_start = text.rfind("\n\n", 0, match.start())
            return max(line_start, int(MIN_ARTICLE_SHARE * len(text)))
    return len(text)


@lru_cache(maxsize=1)
def _furniture_pattern() -> re.Pattern[str]:
    """Lines that start reader comments or page furniture (data/lexicon/phrases.csv, role furniture_line): lines
    that start with a phrase (value start) or consist of it (value line); '#' in a phrase stands for a number."""

    def regex(term: str) -> str:
        body = r"\s*".join(re.escape(word).replace("\\#", r"\d+").replace("#", r"\d+") for word in term.split(" "))
        return body + (r"(?!\w)" if term[-1].isascii() and term[-1].isalpha() else "")

    starts = [regex(term) for term in phrases("furniture_line", "start")]
    lines = [regex(term) + r"\s*$" for term in phrases("furniture_line", "line")]
    return re.compile(r"^\s*(?:" + "|".join(starts + lines) + ")", re.IGNORECASE | re.MULTILINE)
