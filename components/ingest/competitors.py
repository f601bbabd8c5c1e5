"""Recognise competitors and other vendors (companies.csv), never collaborators of the subject or nicknames."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from components.ingest.countries import find_country_mentions
from components.ingest.lexicon import LEXICON_DIR, alternation, phrases, read_companies, read_csv_rows
from components.ingest.normalise import FoldedText, bounded_alternation, fold_text
from components.ingest.spans import RangeSet, Span, TermMatcher, build_matcher, find_terms
from components.model.schema import split_list

CLAUSE_END = re.compile(r"[.!?;。！？\n]")
COMMA = re.compile(r",\s*")
MAX_ENDING = 12  # Hangul characters after a name that may still be particles (longer runs are one longer word)


def find_competitors(text: str | FoldedText, lang: str | None = None) -> list[Span]:
    """Spans whose value is a company_id of a competitor or vendor: never the subject, a collaborator or a nickname.

    A collaborator is a company named after a collaboration cue ("in collaboration with", "hợp tác với", "em parceria
    com"...) in the same clause, or before a Korean/Japanese/Chinese collaboration postposition ("퀄컴과 협력",
    "と提携"). A nickname is a company qualified by a country other than its home ("the Apple of China", "Apple
    cinese", "중국의 애플"): it names another firm, usually the subject. The words for both are rows of
    data/lexicon/phrases.csv (roles collaboration_cue, collaboration_after, clause_break, genitive, article,
    possessive, name_ending).
    """
    article = fold_text(text)
    spans = find_companies(article)
    blocked = RangeSet([*_collaborator_ranges(article, spans), *_nickname_ranges(article, spans, lang)])
    return [span for span in spans if span.start not in blocked]


def find_companies(text: str | FoldedText) -> list[Span]:
    """Every mention of a company other than the subject (company_id as value), whatever its role in the sentence."""
    article = fold_text(text)
    return article.memo("companies", lambda: _named(article, _matcher()))


def find_subject_mentions(text: str | FoldedText) -> list[Span]:
    """Spans naming the subject company (Xiaomi and its aliases)."""
    article = fold_text(text)
    return article.memo("subject", lambda: _named(article, _subject_matcher()))


def _collaborator_ranges(article: FoldedText, companies: list[Span]) -> list[tuple[int, int]]:
    clauses = _Clauses(article, companies)
    ranges = [(cue.end(), clauses.end(cue.end())) for cue in _cue_pattern().finditer(article.text)]
    for span in companies:  # Korean writes 'with' as a particle on the name itself (퀄컴과 협력)
        if _postposed_pattern().match(article.text, span.end):
            ranges.append((span.start, span.end))
    return ranges


def nickname_ranges(text: str | FoldedText, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of nickname phrases, company and country together ("Apple of China", "중국의 애플").

    A company qualified by a country that is not its home, with a genitive, a nationality adjective or a
    possessive. The country named inside such a phrase is not a market of the article either.
    """
    article = fold_text(text)
    return _nickname_ranges(article, _all_companies(article), lang)


def _nickname_ranges(article: FoldedText, companies: list[Span], lang: str | None) -> list[tuple[int, int]]:
    text = article.text
    homes = {row["company_id"]: row["home_country"] for row in read_companies()}
    mentions = find_country_mentions(article, lang)
    starting = {mention.start: mention for mention in mentions}
    ending = {mention.end: mention for mention in mentions}
    after_pattern, article_pattern, possessive_pattern = _nickname_patterns()
    bare_genitives = {term.casefold() for term in phrases("genitive", "no_article")}
    ranges = []
    for span in companies:
        home = homes.get(span.value, "")
        after = after_pattern.match(text, span.end)
        country = starting.get(after.end()) if after else None
        if country is not None and country.code != home:
            genitive = after[1]
            has_article = bool(article_pattern.search(text[max(0, span.start - 12) : span.start]))
            if country.kind == "adjective" or (genitive and (has_article or genitive.casefold() in bare_genitives)):
                ranges.append((span.start, country.end))
                continue
        before = possessive_pattern.search(text[max(0, span.start - 6) : span.start])
        country = ending.get(span.start - len(before[0])) if before else None
        if country is not None and (country.kind == "adjective" or before[0].strip()) and country.code != home:
            ranges.append((country.start, span.end))
    return ranges


class _Clauses:
    """Where a collaborators' clause ends, from boundary tables built once per article and searched by bisection:
    the sentence end, a contrast word, or a comma that does not continue a list of companies.
    """

    def __init__(self, article: FoldedText, companies: list[Span]) -> None:
        text = article.text
        self.length = len(text)
        self.stops = article.memo("clause_stops", lambda: [match.start() for match in CLAUSE_END.finditer(text)])
        self.breaks = article.memo("breaks", lambda: [match.start() for match in _break_pattern().finditer(text)])
        starts, ends = {span.start for span in companies}, {span.end for span in companies}
        commas = [(match.start(), match.end()) for match in COMMA.finditer(text)]
        self.commas = [start for start, end in commas if not (start in ends and end in starts)]

    def end(self, start: int) -> int:
        end = self._first(self.stops, start, self.length)
        end = self._first(self.breaks, start, end)
        return self._first(self.commas, start, end)

    @staticmethod
    def _first(offsets: list[int], start: int, limit: int) -> int:
        index = bisect_left(offsets, start)
        return offsets[index] if index < len(offsets) and offsets[index] < limit else limit


def _named(article: FoldedText, matcher: TermMatcher) -> list[Span]:
    return [span for span in find_terms(article, matcher) if span.value and _korean_ending_ok(article.text, span)]


def _all_companies(article: FoldedText) -> list[Span]:
    """Company mentions including the subject's (value ''), so that overlaps and lists see every name."""
    return article.memo("all_companies", lambda: find_terms(article, _matcher()))


def _korean_ending_ok(text: str, span: Span) -> bool:
    """A name ending in Hangul may be followed by particles only, not by more of a word (애플 in 애플리케이션)."""
    if not span.surface or not _is_hangul(span.surface[-1]):
        return True
    tail = _HANGUL_RUN.match(text, span.end)[0]
    return len(tail) <= MAX_ENDING and _is_particles(tail)


_HANGUL_RUN = re.compile(rf"[\uac00-\ud7a3]{{0,{MAX_ENDING + 1}}}")


def _is_particles(tail: str) -> bool:
    """True if the tail is a sequence of Korean endings (name_ending rows), checked left to right once."""
    endings = phrases("name_ending")
    reachable = [True] + [False] * len(tail)
    for index in range(len(tail)):
        if reachable[index]:
            for ending in endings:
                if tail.startswith(ending, index):
                    reachable[index + len(ending)] = True
    return reachable[-1]


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    return re.compile(bounded_alternation(phrases("collaboration_cue")), re.IGNORECASE)


@lru_cache(maxsize=1)
def _break_pattern() -> re.Pattern[str]:
    return re.compile(bounded_alternation(phrases("clause_break")), re.IGNORECASE)


@lru_cache(maxsize=1)
def _postposed_pattern() -> re.Pattern[str]:
    """Collaboration after the company in languages that put the relation after the name (Korean, Japanese...)."""
    return re.compile(r"\s*" + alternation(phrases("collaboration_after"), r"\s*"))


@lru_cache(maxsize=1)
def _nickname_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """After a company: an optional genitive before a country; before it: an article; a country's possessive.

    In languages with articles the nickname takes one ("the Apple of China", "el Apple de China"); without it,
    "Apple de México" or "Samsung do Brasil" is the local subsidiary (genitives marked no_article need none).
    """
    after = re.compile(rf"\s+(?:({alternation(phrases('genitive'))})\s+)?")
    article = re.compile(rf"(?:^|\W){alternation(phrases('article'))}\s+$", re.IGNORECASE)
    possessive = re.compile(rf"(?:{alternation(phrases('possessive'))}\s*|\s+)$")
    return after, article, possessive


def _company_names() -> list[tuple[str, str, str]]:
    """(company_id, role, name) from companies.csv plus names in other scripts from lexicon/company_names.csv."""
    rows = read_companies()
    names = [
        (row["company_id"], row["role"], name) for row in rows for name in [row["name"], *split_list(row["aliases"])]
    ]
    roles = {row["company_id"]: row["role"] for row in rows}
    path = LEXICON_DIR / "company_names.csv"
    if path.is_file():
        names.extend((row["company_id"], roles.get(row["company_id"], ""), row["name"]) for row in read_csv_rows(path))
    return names


@lru_cache(maxsize=1)
def _matcher() -> TermMatcher:
    """Company names are proper nouns: matched as written. The subject's names map to '' so they block overlaps."""
    pairs = [(name, "" if role == "subject" else company) for company, role, name in _company_names()]
    return build_matcher((), exact_terms=pairs)


@lru_cache(maxsize=1)
def _subject_matcher() -> TermMatcher:
    subject = [(name, company) for company, role, name in _company_names() if role == "subject"]
    return build_matcher((), exact_terms=subject)
