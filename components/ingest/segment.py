"""Split text into sentences with character offsets (punctuation in many scripts, and line breaks)."""

from __future__ import annotations

import re
from functools import lru_cache

from components.ingest.dates import month_names
from components.ingest.lexicon import phrases

CLOSING = '"”’»)」』）'
# A Latin sentence end needs spaces after it; a CJK one does not (after the last of "。！？" and closing quotes).
SENTENCE_END = re.compile(rf"(?<=[.!?])[{CLOSING}]*\s+|(?<=[。！？])(?![。！？])[{CLOSING}]*\s*|\n\s*")
WORD_BEFORE = re.compile(r"(\S*)\.[\"”’»)]*$")
NEXT_WORD = re.compile(r"\w*")
INITIALS = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")  # U.S, e.g, S.p.A, z (of "z. B."), a single initial
MIN_ARTICLE_SHARE = 0.3  # never cut before this share of the text


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each non-blank sentence.

    A full stop does not end a sentence after an abbreviation (data/lexicon/phrases.csv, role abbreviation), after
    initials (U.S., e.g., S.p.A.), after a day number before a month name (German ordinals: "am 3. März"), or
    before a small letter; decimals (3.5) have no space after the stop and are never split.
    """
    spans, start = [], 0
    for match in SENTENCE_END.finditer(text):
        if not _ends_sentence(text, match.start(), match.end()):
            continue
        end = match.start()
        while end < match.end() and text[end] in CLOSING:  # closing quotes and brackets end the sentence too
            end += 1
        spans.append((start, end))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _ends_sentence(text: str, end: int, following: int) -> bool:
    if text[end - 1] != "." or "\n" in text[end:following]:
        return True
    word = WORD_BEFORE.search(text, max(0, end - 40), end)
    before = word[1].lstrip('("“‘«¿¡') if word else ""
    if following < len(text) and text[following].islower():
        return False
    if before.casefold() in _abbreviations() or INITIALS.fullmatch(before):
        return False
    if before.isdigit() and len(before) <= 2:  # "am 3. März", but "tháng 5. Giá" ends a sentence
        return NEXT_WORD.match(text, following)[0].casefold() not in _month_names()
    return True


@lru_cache(maxsize=1)
def _month_names() -> frozenset[str]:
    return frozenset(name.rstrip(".").casefold() for name in month_names())


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    return frozenset(term.casefold() for term in phrases("abbreviation"))


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
    that start with a phrase (value start) or consist of it (value line); '#' in a phrase stands for a number.
    """

    def regex(term: str) -> str:
        body = r"\s*".join(re.escape(word).replace("\\#", r"\d+").replace("#", r"\d+") for word in term.split(" "))
        return body + (r"(?!\w)" if term[-1].isascii() and term[-1].isalpha() else "")

    starts = [regex(term) for term in phrases("furniture_line", "start")]
    lines = [regex(term) + r"\s*$" for term in phrases("furniture_line", "line")]
    return re.compile(r"^\s*(?:" + "|".join(starts + lines) + ")", re.IGNORECASE | re.MULTILINE)
