"""Split text into sentences with character offsets (punctuation in many scripts, and line breaks)."""

from __future__ import annotations

import re

SENTENCE_END = re.compile(r"(?<=[.!?。！？])[\"”’»)]*\s+|\n\s*")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each non-blank sentence."""
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]
