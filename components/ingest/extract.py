"""Turn an article's text into ranked candidate events: one per (country, cluster of sentences), with evidence."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable
from itertools import islice

from components.ingest import rank as ranking
from components.ingest.budget import EXTRACTION_BUDGET_S, Budget
from components.ingest.clusters import cluster_sentences
from components.ingest.company_features import CompanyContext, company_features
from components.ingest.competitors import find_competitors, nickname_ranges
from components.ingest.countries import Mention, find_country_mentions
from components.ingest.cues import choose_value, find_cues
from components.ingest.dates import DateSpan, find_dates
from components.ingest.features import country_features
from components.ingest.fitted import decide_markets, decide_rivals, explain, fitted_confidence, fitted_model
from components.ingest.language import detect_language
from components.ingest.normalise import FoldedText
from components.ingest.partners import find_partners
from components.ingest.products import find_product_lines, find_product_names
from components.ingest.published import find_published
from components.ingest.rank import Article, choose_lede_value, classify_countries, confidence, lede_end, market_codes
from components.ingest.rivals import keep_rivals
from components.ingest.segment import article_end, split_sentences
from components.ingest.spans import RangeSet, Span, within
from components.ingest.text import check_text_size
from components.model import schema

STATEMENT_TYPES = {"plan_statement"}  # event types dated by when they are said, not by the date they aim at
MAX_CANDIDATES = 50  # candidates kept per article (best first); the rest are counted in `dropped`
RANK_POOL = 4  # candidates ranked before the cap: this many times the cap, the first ones in text order
MAX_EVIDENCE = 25  # evidence items kept per field of a candidate (the first ones in the text)
LIST_FIELDS = ("product_lines", "products", "partners", "competitors")


class Candidates(list):
    """The candidate events of one article (a list of JSON-ready dicts, best first), how many were dropped by the
    cap, the publication date the text gives (`published`, "" if none) and a `notice` if the time budget ran out.
    """

    def __init__(
        self, items: Iterable[dict[str, object]] = (), dropped: int = 0, published: str = "", notice: str = ""
    ) -> None:
        super().__init__(items)
        self.dropped, self.published, self.notice = dropped, published, notice
        self.features: dict[str, object] = {}  # the per-mention features the decisions used ("market", "rival")


def extract_candidates(
    text: str,
    lang: str | None = None,
    published: dt.date | None = None,
    source_file: str = "",
    max_candidates: int = MAX_CANDIDATES,
    budget_s: float = EXTRACTION_BUDGET_S,
    clock: Callable[[], float] = time.monotonic,
) -> Candidates:
    """Candidate events found in the text (JSON-ready dicts), at most `max_candidates` (`.dropped` counts the rest);
    language detected offline when not given. Raises ArticleError for text over the input limit.

    Bounded in time: once `budget_s` seconds of `clock` have passed, the recognisers not yet run and the rest of the
    loops over mentions are skipped; the candidates are then built from what was found so far (a bounded step: at
    most RANK_POOL * max_candidates clusters, each read by bisection) and `.notice` says extraction stopped.
    """
    budget = Budget(budget_s, clock)
    check_text_size(text, source_file or "article")
    text = text[: article_end(text)]  # offsets stay valid: only the tail is dropped
    language = lang or detect_language(text)
    article = FoldedText(text)
    sentences = split_sentences(text)
    nicknames = RangeSet(budget.run(nickname_ranges, article, language))
    found_mentions = budget.run(find_country_mentions, article, language)
    mentions = [m for m in budget.keep_while(found_mentions) if m.start not in nicknames]
    clusters = cluster_sentences(sentences, mentions, budget)
    found = _Found(article, sentences, language, published, mentions, budget)
    candidates = [
        _candidate(code, sentences[cluster[0]][0], sentences[cluster[-1]][1], found, source_file)
        for code, cluster in clusters[: RANK_POOL * max_candidates]
    ]
    ranked = rank_candidates(
        candidates, Article(article, language, sentences, mentions, found.fields["event_type"], found.dates)
    )[:max_candidates]
    published_text = "" if budget.spent() else find_published(text)
    result = Candidates(ranked, max(0, len(clusters) - len(ranked)), published_text, budget.notice())
    result.features = {"market": ranked_features(ranked), "rival": found.company_features}
    return result


def rank_candidates(candidates: list[dict[str, object]], article: Article) -> list[dict[str, object]]:
    """The candidates best first, each with `rank`, `primary`, `country_role` (market | mention), `role_evidence`,
    `role_reasons` (the fitted decision's strongest features, in words) and `confidence`; the primary one takes the
    event type its lede reports (when the lede has a cue). Markets are decided by the fitted weights
    (data/lexicon/mention_weights.csv) when they are the default, else by today's rules (`rank.market_codes`).
    """
    evidence = classify_countries(article)
    rules = market_codes(evidence)
    features = country_features(article, frozenset(rules))
    model = fitted_model("market")
    decided = decide_markets(features, model) if model else dict.fromkeys(rules, 1.0)
    ranked_codes = sorted(decided, key=lambda code: -evidence[code].score if code in evidence else 0.0)
    order = {code: index for index, code in enumerate(ranked_codes)}
    lede = lede_end(article.sentences)

    def key(item: tuple[int, dict[str, object]]) -> tuple[int, int, float, int]:
        index, candidate = item
        code, span = str(candidate["country"]), candidate["span"]
        score = model.probability(features.get(code, {})) if model else evidence[code].score if code in evidence else 0
        return (order.get(code, len(order)), 0 if span["start"] < lede else 1, -score, index)

    ranked = [candidate for _, candidate in sorted(enumerate(candidates), key=key)]
    for rank, candidate in enumerate(ranked, start=1):
        code = str(candidate["country"])
        item, values = evidence.get(code), features.get(code, {})
        candidate["rank"], candidate["primary"] = rank, rank == 1
        candidate["country_role"] = "market" if code in order else "mention"
        candidate["role_evidence"] = item.reasons[:MAX_EVIDENCE] if item else []
        candidate["role_reasons"] = explain(values, model, code in order) if model else []
        candidate["features"] = dict(values)
        if model:
            candidate["confidence"] = fitted_confidence(model.probability(values), model.threshold, code in order)
        else:
            candidate["confidence"] = confidence(item.score if item else 0.0, code in order)
    if ranked:
        _set_lede_event(ranked[0], article)
        ranking.hand_over_orphans(ranked, article, ("product_lines",))
    return ranked


def ranked_features(ranked: list[dict[str, object]]) -> dict[str, dict[str, float]]:
    """The market features of each country among the candidates (popped from the candidates: not JSON output)."""
    found: dict[str, dict[str, float]] = {}
    for candidate in ranked:
        found.setdefault(str(candidate["country"]), candidate.pop("features", {}))
    return found


def _fitted_rivals(rivals: list[Span], features: dict[str, dict[str, float]]) -> list[Span]:
    model = fitted_model("rival")
    if model is None:
        return [span for span in rivals if features.get(span.value, {}).get("rule_rival")]
    chosen = decide_rivals(features, model)
    return [span for span in rivals if span.value in chosen]


def _set_lede_event(candidate: dict[str, object], article: Article) -> None:
    chosen = choose_lede_value(article.cues, article.sentences)
    if chosen is not None:
        candidate["event_type"] = chosen[0]
        candidate["evidence"]["event_type"] = [span.as_evidence() for span in chosen[1][:MAX_EVIDENCE]]


class _Found:
    """Everything recognised in one article, sorted by offset, with the start offsets for bisection."""

    def __init__(
        self,
        article: FoldedText,
        sentences: list[tuple[int, int]],
        language: str,
        published: dt.date | None,
        mentions: list[Mention],
        budget: Budget | None = None,
    ) -> None:
        self.language, self.published = language, published
        run = (budget or Budget(float("inf"))).run  # each recogniser runs only while time is left
        event_cues = run(find_cues, article, "event_type", language)
        claims = [span for span in event_cues if span.value == "market_claim"]
        rivals = run(find_competitors, article, language)
        partners = run(find_partners, article, language)
        building = [span for span in event_cues if span.value == "manufacturing"]
        context = CompanyContext(article, language, sentences, claims, building, partners)
        kept = run(keep_rivals, rivals, article, sentences, language, claims)
        self.company_features = company_features(context, rivals, frozenset(span.value for span in kept))
        self.fields: dict[str, list[Span]] = {
            "product_lines": run(find_product_lines, article, language),
            "products": run(find_product_names, article),
            "partners": partners,
            "competitors": run(_fitted_rivals, rivals, self.company_features),
            "event_type": event_cues,
            "status": run(find_cues, article, "status", language),
        }
        self.mentions, self.dates = mentions, run(find_dates, article, language, published)
        self.starts = {field: [span.start for span in spans] for field, spans in self.fields.items()}
        self.mention_starts = [mention.start for mention in mentions]
        self.date_starts = [span.start for span in self.dates]

    def inside(self, start: int, end: int) -> tuple[dict[str, list[Span]], list[Mention], list[DateSpan]]:
        fields = {field: within(spans, self.starts[field], start, end) for field, spans in self.fields.items()}
        mentions = within(self.mentions, self.mention_starts, start, end)
        return fields, mentions, within(self.dates, self.date_starts, start, end)


def _candidate(code: str, start: int, end: int, found: _Found, source_file: str) -> dict[str, object]:
    inside, here, dates = found.inside(start, end)
    published = found.published
    event_type, type_spans = choose_value(inside["event_type"], "event_type")
    status, status_spans = choose_value(inside["status"], "status")
    date = _choose_date(dates)
    target = None
    if event_type in STATEMENT_TYPES and _is_future(date, published):
        target, date = date, None  # a plan is dated when it is stated (the publication); the future date is its target
    evidence = {
        "country": [_mention_evidence(m) for m in _first(m for m in here if m.code == code)],
        "mentioned_countries": [_mention_evidence(m) for m in here[:MAX_EVIDENCE]],
        **{field: [span.as_evidence() for span in inside[field][:MAX_EVIDENCE]] for field in LIST_FIELDS},
        "event_type": [span.as_evidence() for span in type_spans[:MAX_EVIDENCE]],
        "status": [span.as_evidence() for span in status_spans[:MAX_EVIDENCE]],
        "date": [_date_evidence(date)] if isinstance(date, DateSpan) else [],
        "target_date": [_date_evidence(target)] if target is not None else [],
    }
    label, precision, basis = _date_fields(date, published)
    return {
        "source_file": source_file,
        "language": found.language,
        "published": published.isoformat() if published else "",
        "country": code,
        "mentioned_countries": _unique(m.code for m in here),
        **{field: _unique(span.value for span in inside[field]) for field in LIST_FIELDS},
        "event_type": event_type,
        "status": status,
        "date": label,
        "date_precision": precision,
        "date_basis": basis,
        "target_date": target.label if target is not None else "",
        "date_note": _target_note(target),
        "span": {"start": start, "end": end},
        "evidence": evidence,
    }


def _is_future(date: DateSpan | None, published: dt.date | None) -> bool:
    """True if the date's period starts after the publication month (a target, not the time of the statement)."""
    if date is None or published is None:
        return False
    start, _ = schema.parse_partial_date(date.label)
    return (start.year, start.month) > (published.year, published.month)


def _target_note(target: DateSpan | None) -> str:
    if target is None:
        return ""
    return (
        f"Dated by the publication, when the plan was stated; its target is {target.surface.strip()} ({target.label})."
    )


def _choose_date(found: list[DateSpan]) -> DateSpan | None:
    """The first date in the cluster, preferring one finer than a year."""
    finer = [span for span in found if span.precision != "year"]
    return (finer or found or [None])[0]


def _date_fields(date: DateSpan | None, published: dt.date | None) -> tuple[str, str, str]:
    if date is not None:
        return date.label, date.precision, date.basis
    if published is not None:
        return published.strftime("%Y-%m"), "month", "inferred"
    return "", "", ""


def _mention_evidence(mention: Mention) -> dict[str, object]:
    return {"value": mention.code, "start": mention.start, "end": mention.end, "text": mention.surface}


def _date_evidence(date: DateSpan) -> dict[str, object]:
    return {"value": date.label, "start": date.start, "end": date.end, "text": date.surface}


def _first(items: Iterable[Mention]) -> list[Mention]:
    return list(islice(items, MAX_EVIDENCE))


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))
