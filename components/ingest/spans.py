"""A value found in a text with its character offsets, and a leftmost-longest matcher for term lexicons."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from components.countries import is_bounded, normalise, normalise_with_offsets

SHORT_TERM = 3  # terms this short (normalised) are matched exactly as written


@dataclass(frozen=True)
class Span:
    """One extracted value: what it means (value), where it is (start, end) and how it is written (surface)."""

    value: str
    start: int
    end: int
    surface: str

    def as_evidence(self) -> dict[str, object]:
        return {"value": self.value, "start": self.start, "end": self.end, "text": self.surface}


@dataclass(frozen=True)
class TermMatcher:
    """Terms keyed by their first two characters: normalised (accent/case-insensitive) and exact ones."""

    normalised: dict[str, dict[str, str]]
    exact: dict[str, dict[str, str]]


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


def find_terms(text: str, matcher: TermMatcher) -> list[Span]:
    """Leftmost-longest, non-overlapping matches of the matcher's terms, on word boundaries (none for CJK/Thai)."""
    folded, origin = normalise_with_offsets(text)
    starts = {offset: index for index, offset in reversed(list(enumerate(origin)))}
    spans: list[Span] = []
    position = 0
    while position < len(text):
        best = _longest_at(text, folded, origin, starts.get(position), position, matcher)
        if best is None:
            position += 1
            continue
        spans.append(best)
        position = best.end
    return spans


def _longest_at(
    text: str, folded: str, origin: list[int], start: int | None, position: int, matcher: TermMatcher
) -> Span | None:
    best: Span | None = None
    for term, value in matcher.exact.get(text[position : position + 2], {}).items():
        end = position + len(term)
        if text.startswith(term, position) and is_bounded(text, position, end):
            best = _longer(best, Span(value, position, end, term))
    if start is None:
        return best
    for term, value in matcher.normalised.get(folded[start : start + 2], {}).items():
        if not folded.startswith(term, start):
            continue
        last = start + len(term) - 1
        if last + 1 < len(origin) and origin[last + 1] == origin[last]:
            continue
        end = origin[last] + 1
        if is_bounded(text, position, end):
            best = _longer(best, Span(value, position, end, text[position:end]))
    return best


def _longer(best: Span | None, candidate: Span) -> Span:
    return candidate if best is None or candidate.end > best.end else best
