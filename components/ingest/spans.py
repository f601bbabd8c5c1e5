"""Spans found in a text and the one leftmost-longest term matcher that every lexicon recogniser uses."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from components.ingest.normalise import UNSPACED_RANGES, FoldedText, fold_text, is_bounded, is_unspaced, normalise

SHORT_TERM = 3  # terms this short (normalised) are matched exactly as written
LONG_PREFIX = 4  # normalised terms of this length or more are looked up by their first 4 characters
MAX_PATTERNS = 64  # compiled search patterns kept per matcher (one per set of first characters met)
Accept = Callable[[FoldedText, int, int, Any], bool]  # (article, start, end, value) -> keep this match?
Extend = Callable[[str, int], int]  # (text, end) -> end of a normalised match, possibly with a suffix


@dataclass(frozen=True)
class Span:
    """One extracted value: what it means (value), where it is (start, end) and how it is written (surface)."""

    value: str
    start: int
    end: int
    surface: str

    def as_evidence(self) -> dict[str, object]:
        """The span as an evidence item: value, offsets and the text as written."""
        return {"value": self.value, "start": self.start, "end": self.end, "text": self.surface}


class TermMatcher:
    """Terms keyed by their first two characters, normalised (accent/case-insensitive) or exact.

    Matching starts only where a search pattern (a trie of the terms, compiled for the first characters that occur
    in the article, and cached) finds that some term starts, so the text is not walked character by character.
    """

    __slots__ = ("_branches", "_patterns", "by_prefix", "exact", "normalised")

    def __init__(self, normalised: dict[str, dict[str, Any]], exact: dict[str, dict[str, Any]]) -> None:
        self.normalised, self.exact = normalised, exact
        self.by_prefix: dict[str, list[tuple[str, Any]]] = {}  # normalised terms by their first 2 (short) or 4 chars
        for bucket in normalised.values():
            for term, value in bucket.items():
                key = term[:LONG_PREFIX] if len(term) >= LONG_PREFIX else "\0" + term[:2]
                self.by_prefix.setdefault(key, []).append((term, value))
        self._branches = {
            "normalised": _branches(term for bucket in normalised.values() for term in bucket),
            "exact": _branches(term for bucket in exact.values() for term in bucket),
        }
        self._patterns: dict[tuple[str, frozenset[str]], re.Pattern[str] | None] = {}

    def pattern(self, kind: str, present: frozenset[str]) -> re.Pattern[str] | None:
        """The search pattern of one kind ('normalised' or 'exact') for an article with these characters."""
        branches = self._branches[kind]
        key = (kind, frozenset(char for char in branches if char in present))
        if key not in self._patterns:
            if len(self._patterns) >= MAX_PATTERNS:
                self._patterns.clear()
            alternatives = [branches[char] for char in sorted(key[1])]
            self._patterns[key] = re.compile("|".join(alternatives)) if alternatives else None
        return self._patterns[key]


def build_matcher(terms: Iterable[tuple[str, str]], exact_terms: Iterable[tuple[str, str]] = ()) -> TermMatcher:
    """Build a matcher from (term, value) pairs; short terms and `exact_terms` are matched as written."""
    normalised: dict[str, dict[str, str]] = {}
    exact: dict[str, dict[str, str]] = {}
    for term, value in terms:
        term = term.strip()
        folded = normalise(term)
        if len(folded) < 2:
            continue
        if len(folded) <= SHORT_TERM:
            exact.setdefault(term[:2], {}).setdefault(term, value)
        else:
            normalised.setdefault(folded[:2], {}).setdefault(folded, value)
    for term, value in exact_terms:
        term = term.strip()
        if len(term) >= 2:
            exact.setdefault(term[:2], {})[term] = value
    return TermMatcher(normalised, exact)


def find_terms(text: str | FoldedText, matcher: TermMatcher) -> list[Span]:
    """Leftmost-longest, non-overlapping matches of the matcher's terms, on word boundaries (none for CJK/Thai)."""
    article = fold_text(text)
    return [Span(value, start, end, article.text[start:end]) for start, end, value in match_terms(article, matcher)]


def match_terms(
    article: FoldedText, matcher: TermMatcher, accept: Accept | None = None, extend: Extend | None = None
) -> list[tuple[int, int, Any]]:
    """(start, end, value) of leftmost-longest, non-overlapping, bounded matches; `accept` may refuse a match and
    `extend` may lengthen a normalised one. Python work is done only where some term starts (linear in the text).
    """
    found: list[tuple[int, int, Any]] = []
    starts = _Starts(article, matcher)
    position = starts.next(0)
    while position is not None:
        best = _longest_at(article, position, matcher, accept, extend)
        position = starts.next(position + 1 if best is None else best[1])
        if best is not None:
            found.append(best)
    return found


class _Starts:
    """The next text offset at or after a position where an exact or a normalised term starts."""

    def __init__(self, article: FoldedText, matcher: TermMatcher) -> None:
        self.article = article
        self.exact_pattern = matcher.pattern("exact", article.characters())
        self.normalised_pattern = matcher.pattern("normalised", article.characters())
        self.exact_at, self.normalised_at = -1, -1

    def next(self, position: int) -> int | None:
        if self.exact_at is not None and self.exact_at < position:
            self.exact_at = self._next_exact(position)
        if self.normalised_at is not None and self.normalised_at < position:
            self.normalised_at = self._next_normalised(position)
        options = [at for at in (self.exact_at, self.normalised_at) if at is not None]
        return min(options) if options else None

    def _next_exact(self, position: int) -> int | None:
        pattern = self.exact_pattern
        match = pattern.search(self.article.text, position) if pattern else None
        return match.start() if match else None

    def _next_normalised(self, position: int) -> int | None:
        article, pattern = self.article, self.normalised_pattern
        if pattern is None:
            return None
        index = article.folded_from(position)
        while (match := pattern.search(article.folded, index)) is not None:
            offset = article.origin[match.start()]
            if article.first[offset] == match.start():  # a term starts where a text character starts
                return offset
            index = match.start() + 1
        return None


def _longest_at(
    article: FoldedText, position: int, matcher: TermMatcher, accept: Accept | None, extend: Extend | None
) -> tuple[int, int, Any] | None:
    text, folded, origin = article.text, article.folded, article.origin
    best: tuple[int, int, Any] | None = None
    for term, value in matcher.exact.get(text[position : position + 2], {}).items():
        end = position + len(term)
        if text.startswith(term, position) and is_bounded(text, position, end):
            if accept is None or accept(article, position, end, value):
                best = _longer(best, (position, end, value))
    start = article.first[position]
    if start < 0:
        return best
    by_prefix = matcher.by_prefix
    short, long = (
        by_prefix.get("\0" + folded[start : start + 2], ()),
        by_prefix.get(folded[start : start + LONG_PREFIX], ()),
    )
    for term, value in (*short, *long):
        if not folded.startswith(term, start):
            continue
        last = start + len(term) - 1
        if last + 1 < len(origin) and origin[last + 1] == origin[last]:
            continue  # the term ends in the middle of one input character
        end = origin[last] + 1
        end = extend(text, end) if extend else end
        if is_bounded(text, position, end) and (accept is None or accept(article, position, end, value)):
            best = _longer(best, (position, end, value))
    return best


def _longer(best: tuple[int, int, Any] | None, candidate: tuple[int, int, Any]) -> tuple[int, int, Any]:
    return candidate if best is None or candidate[1] > best[1] else best


def _branches(terms: Iterable[str]) -> dict[str, str]:
    """First character -> regular expression (a trie) matching the terms that start with it.

    A term that starts with a letter or digit of a spaced script only matches at a word start (a cheap test that
    saves walking the trie inside words; the word-boundary check on each match stays the reference).
    """
    trie: dict[str, dict] = {}
    for term in terms:
        node = trie
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}
    branches = {}
    for char, child in trie.items():
        if char:
            start = rf"(?<![^\W_{UNSPACED_RANGES}].)" if char.isalnum() and not is_unspaced(char) else ""
            branches[char] = re.escape(char) + start + _trie_regex(child)
    return branches


def _trie_regex(node: dict[str, dict]) -> str:
    branches = [re.escape(char) + _trie_regex(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class RangeSet:
    """Half-open ranges, merged, answering "does any range contain this offset" by bisection."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for lo, hi in sorted(ranges):
            if hi <= lo:
                continue
            if merged and lo <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], hi)
            else:
                merged.append([lo, hi])
        self.starts = [lo for lo, _ in merged]
        self.ends = [hi for _, hi in merged]

    def __contains__(self, offset: int) -> bool:
        index = bisect_right(self.starts, offset) - 1
        return index >= 0 and offset < self.ends[index]

    def overlaps(self, start: int, end: int) -> bool:
        """True if some range shares an offset with [start, end)."""
        index = bisect_left(self.ends, start + 1)
        return index < len(self.starts) and self.starts[index] < end


def within(spans: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The spans (sorted by start, with their `starts`) that start in [start, end)."""
    return spans[bisect_left(starts, start) : bisect_left(starts, end)]
