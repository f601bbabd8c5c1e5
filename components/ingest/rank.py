"""Rank an article's candidates: classify each country as market or mention (with evidence), score, mark a primary."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from components.ingest.countries import Mention, region_codes
from components.ingest.dates import DateSpan
from components.ingest.lexicon import read_companies, read_phrases
from components.ingest.normalise import FoldedText
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms

LEDE_SENTENCES = 3  # the headline and the first news sentences
LEDE_CHARS = 400  # ... but never further than this into the text
LEDE_WEIGHTS = (3.0, 2.0)  # an event-type cue counts this much in the headline, the first sentence (else 1)
WEIGHTS = {"lede": 2.0, "lede_cue": 3.0, "cue": 1.5, "named": 0.5, "background": -2.0, "home": -3.0}
MARKET_SCORE = 2.5  # a country (other than the top one) is a market from this score on
MAX_NAMED = 3  # repeated names add evidence up to this many sentences
MAX_REASONS = 25  # reasons kept as evidence per country (all of them count in the score)


@dataclass
class CountryEvidence:
    """Why a country is a market or only mentioned: the reasons found around each of its names, and a score."""

    code: str
    first: int
    reasons: list[dict[str, object]] = field(default_factory=list)
    score: float = 0.0

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, why: str, start: int, end: int, text: str) -> None:
        """Record one reason (`why` is a key of WEIGHTS; the first MAX_REASONS kept) and add its weight."""
        self.counts[why] = self.counts.get(why, 0) + 1
        if len(self.reasons) < MAX_REASONS:
            self.reasons.append({"why": why, "start": start, "end": end, "text": text[start:end][:160]})
        self.score += WEIGHTS[why]


@dataclass(frozen=True)
class Article:
    """What the ranking needs from one article: text, sentences, country names, cues and dates."""

    folded: FoldedText
    language: str
    sentences: list[tuple[int, int]]
    mentions: list[Mention]
    cues: list[Span]
    dates: list[DateSpan]


def lede_end(sentences: list[tuple[int, int]]) -> int:
    """Offset where the lede (headline and first news sentences) ends."""
    if not sentences:
        return 0
    last = sentences[min(LEDE_SENTENCES, len(sentences)) - 1][1]
    return max(min(last, sentences[0][0] + LEDE_CHARS), sentences[0][1])


def classify_countries(article: Article) -> dict[str, CountryEvidence]:
    """Evidence per country named in the article; `score` decides market (high) or mention (low)."""
    text, sentences = article.folded.text, article.sentences
    starts = [start for start, _ in sentences]
    lede = lede_end(sentences)
    background = background_sentences(article)
    cue_sentences = _cue_sentences(article, starts)
    evidence: dict[str, CountryEvidence] = {}
    seen: set[tuple[str, int]] = set()
    for mention in article.mentions:
        index = bisect_right(starts, mention.start) - 1
        if index < 0 or mention.kind != "name" or (mention.code, index) in seen:
            continue
        seen.add((mention.code, index))
        item = evidence.setdefault(mention.code, CountryEvidence(mention.code, mention.start))
        start, end = sentences[index]
        _add_reasons(item, mention, (start, end), lede, index in cue_sentences, index in background, text)
    for code in home_countries() & set(evidence):
        item = evidence[code]
        item.add("home", item.first, item.first, text)
    return evidence


def _add_reasons(
    item: CountryEvidence, mention: Mention, sentence: tuple[int, int], lede: int, cued: bool, past: bool, text: str
) -> None:
    start, end = sentence
    if mention.start < lede:
        item.add("lede", mention.start, mention.end, text)
        if cued and not past:  # a cue in a sentence about the past is background ("already sells in India")
            item.add("lede_cue", start, end, text)
    elif cued and not past:
        item.add("cue", start, end, text)
    if past:
        item.add("background", start, end, text)
    if item.counts.get("named", 0) < MAX_NAMED:
        item.add("named", mention.start, mention.end, text)


def market_codes(evidence: dict[str, CountryEvidence]) -> list[str]:
    """Countries classified as markets, best first: the top-scored country, and every other scoring MARKET_SCORE.

    The top one is a country abroad when one has positive evidence (the maker's home is news only when no other
    country is, and it is never a second market); a region is a market only when it scores as well as the top
    country (a launch "in Africa").
    """
    ranked = sorted(evidence.values(), key=lambda item: (-item.score, item.first))
    if not ranked:
        return []
    regions, home = region_codes(), home_countries()
    countries = [item for item in ranked if item.code not in regions]
    abroad = [item for item in countries if item.code not in home and item.score > 0]
    best = (abroad or countries or ranked)[0]
    chosen = [best.code]
    for item in ranked:
        if item is best or item.code in home:  # the maker's home is news only as the top country
            continue
        bar = max(MARKET_SCORE, best.score) if item.code in regions else MARKET_SCORE
        if item.score >= bar:
            chosen.append(item.code)
    return chosen


def hand_over_orphans(ranked: list[dict[str, object]], article: Article, fields: tuple[str, ...]) -> None:
    """Give the primary market the values a mentioned country only inherited: a value found in a sentence that does
    not name that country (it followed the last name) belongs to the article's news, not to the background country.
    """
    if not ranked or ranked[0].get("country_role") != "market":
        return
    primary, starts = ranked[0], [start for start, _ in article.sentences]

    def sentence(offset: object) -> int:
        return bisect_right(starts, int(offset)) - 1

    for candidate in ranked[1:]:
        if candidate.get("country_role") != "mention":
            continue
        named = {sentence(item["start"]) for item in candidate["evidence"]["country"]}
        for name in fields:
            orphans = [item for item in candidate["evidence"][name] if sentence(item["start"]) not in named]
            for item in orphans:
                candidate["evidence"][name].remove(item)
                if item["value"] not in primary[name]:
                    primary[name].append(item["value"])
                primary["evidence"][name].append(item)
            candidate[name] = list(dict.fromkeys(item["value"] for item in candidate["evidence"][name]))


def choose_lede_value(cues: list[Span], sentences: list[tuple[int, int]]) -> tuple[str, list[Span]] | None:
    """The event type the lede reports: the cue value with the most weight in it (ties: the earliest), or None."""
    end = lede_end(sentences)
    lede = [span for span in cues if span.start < end]
    if not lede:
        return None
    starts = [start for start, _ in sentences]
    counts: Counter[str] = Counter()
    for span in lede:  # the headline's cues weigh most, then the first sentence's
        index = bisect_right(starts, span.start) - 1
        counts[span.value] += LEDE_WEIGHTS[index] if 0 <= index < len(LEDE_WEIGHTS) else 1.0
    order = list(dict.fromkeys(span.value for span in lede))
    best = max(counts, key=lambda value: (counts[value], -order.index(value)))
    return best, [span for span in lede if span.value == best]


def confidence(score: float, is_market: bool) -> float:
    """A 0-1 confidence from the evidence score (markets above 0.5, mentions below)."""
    share = max(score, 0.0) / (max(score, 0.0) + 3.0)
    return round(0.5 + share / 2 if is_market else share / 2, 2)


def _cue_sentences(article: Article, starts: list[int]) -> set[int]:
    return {bisect_right(starts, span.start) - 1 for span in article.cues} | market_cue_sentences(article, starts)


def market_cue_sentences(article: Article, starts: list[int]) -> set[int]:
    """Indices of the sentences with a `market_cue` phrase (sell, open, launch, 판매...; data/lexicon/phrases.csv)."""
    return {
        bisect_right(starts, span.start) - 1 for span in find_terms(article.folded, _market_matcher(article.language))
    }


def background_sentences(article: Article) -> set[int]:
    """Sentences about the past: a background phrase, or only years earlier than the article's latest year."""
    starts = [start for start, _ in article.sentences]
    marked = {
        bisect_right(starts, s.start) - 1 for s in find_terms(article.folded, _background_matcher(article.language))
    }
    years: dict[int, set[int]] = {}
    for date in article.dates:
        if date.basis == "stated" and date.label[:4].isdigit():
            years.setdefault(bisect_right(starts, date.start) - 1, set()).add(int(date.label[:4]))
    latest = max((max(found) for found in years.values()), default=0)
    return marked | {index for index, found in years.items() if max(found) < latest}


def _background_matcher(lang: str) -> TermMatcher:
    return _role_matcher("background_cue", lang)


def _market_matcher(lang: str) -> TermMatcher:
    return _role_matcher("market_cue", lang)


@lru_cache(maxsize=64)
def _role_matcher(role: str, lang: str) -> TermMatcher:
    """Phrases of one role in the article's language and English (data/lexicon/phrases.csv)."""
    wanted = {"en", "*", lang.split("-")[0].lower()}
    return build_matcher(
        (term, role) for row_role, row_lang, term, _ in read_phrases() if row_role == role and row_lang in wanted
    )


@lru_cache(maxsize=1)
def home_countries() -> frozenset[str]:
    """The home countries of the subject (data/companies.csv, role subject): CHN for Xiaomi."""
    return frozenset(row["home_country"] for row in read_companies() if row.get("role") == "subject")
