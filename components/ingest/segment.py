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


# Lines that start reader comments or page furniture after an article, in several languages.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:Posts:\s*\d+|Member since\b|\d+\s+comments?\b|Comments?\s*$|Latest Stories\s*$|Related (?:articles|stories)"
    r"|Kommentare\s*$|Commenti\s*$|Bình luận\s*$|Comentarios\s*$|Commentaires\s*$|Comentários\s*$|Komentar\s*$|댓글)",
    re.IGNORECASE | re.MULTILINE,
)
MIN_ARTICLE_SHARE = 0.3  # never cut before this share of the text


def article_end(text: str) -> int:
    """Offset where reader comments or page furniture start (the end of the text if none is found)."""
    for match in BOILERPLATE_LINE.finditer(text):
        if match.start() >= MIN_ARTICLE_SHARE * len(text):
            line_start = text.rfind("\n\n", 0, match.start())
            return max(line_start, int(MIN_ARTICLE_SHARE * len(text)))
    return len(text)
