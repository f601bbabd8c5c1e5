"""Named, language-independent features of each country an article names (for the fitted market/mention decision)."""

from __future__ import annotations

import math
from bisect import bisect_right
from collections import Counter
from functools import lru_cache

import pycountry
from babel.core import get_global

from components.ingest.competitors import find_subject_mentions
from components.ingest.countries import region_codes
from components.ingest.rank import Article, background_sentences, home_countries, market_cue_sentences
from components.ingest.spans import Span

HEADLINE, LEDE = 1, 2  # the headline is the first sentence; the lede the first two
NOT_MARKETS = {"001"}  # "the world" is never a candidate
LIST_OTHERS = 2  # a sentence naming this many other countries lists them
# Event-type cue values (data/lexicon/cues.csv) grouped into the classes a feature names.
CUE_CLASSES = {
    "launch": ("official_launch", "online_launch", "website_launch", "product_launch", "return"),
    "open": ("store_opening", "office_opening"),
    "sell": ("online_sale", "retail_partnership", "distribution_partnership", "carrier_deal"),
    "exit": ("exit", "retail_closure"),
    "halt": ("sale_halted", "regulatory"),
    "manufacture": ("manufacturing",),
    "share": ("market_claim",),
    "plan": ("plan_statement",),
}
# Feature name -> what it says, in words (the evidence shown to the reader).
COUNTRY_FEATURES = {
    "headline": "named in the headline",
    "lede": "named in the lede (first two sentences)",
    "early": "named early in the text",
    "count": "named in several sentences",
    "adjective": "also named by an adjective",
    **{f"cue_{name}": f"a {name} cue in its sentence" for name in CUE_CLASSES},
    "market_cue": "a market verb in its sentence",
    "lede_cue": "an event cue in the lede next to it",
    "background": "its sentences are about the past",
    "listed": "named in a list of countries",
    "with_subject": "the maker is named in its sentence",
    "subject_cue": "the maker and an event cue in its sentence",
    "home": "the maker's home country",
    "language_home": "the home country of the article's language",
    "region": "a region, not a country",
    "first_named": "the first country named",
    "most_named": "named more often than any other country",
    "only_country": "the only country named",
    "rule_market": "today's rules call it a market",
}

# The sign each weight may take (1 positive, -1 negative, 0 free), from the labelling guide, not from the data: a
# market is where the article says Xiaomi launches, opens, sells, exits, is halted, makes or claims a share (every
# cue class), the news is in the headline and lede; background, the maker's home and lists of past markets are not.
COUNTRY_SIGNS = {
    **dict.fromkeys(["headline", "lede", "early", "count", "market_cue", "lede_cue", "with_subject"], 1),
    **dict.fromkeys(["subject_cue", "first_named", "most_named", "only_country", "rule_market"], 1),
    **{f"cue_{name}": 1 for name in CUE_CLASSES},
    **dict.fromkeys(["background", "home"], -1),
    **dict.fromkeys(["adjective", "listed", "language_home", "region"], 0),
}


def country_features(article: Article, rule_markets: frozenset[str] = frozenset()) -> dict[str, dict[str, float]]:
    """One feature vector (feature name -> value, 0-1) per country or region the article names, in order of first
    mention. `rule_markets` are the codes today's hand rules classify as markets (feature `rule_market`).
    """
    starts = [start for start, _ in article.sentences]
    if not starts:
        return {}
    sentence_of = _sentence_index(starts)
    past = background_sentences(article)
    verbs = market_cue_sentences(article, starts)
    classes = _cue_classes(article.cues, sentence_of)
    subject = {sentence_of(span.start) for span in find_subject_mentions(article.folded)}
    named: dict[str, list[int]] = {}
    kinds: dict[str, set[str]] = {}
    first: dict[str, int] = {}
    for mention in article.mentions:
        index = sentence_of(mention.start)
        if index < 0:
            continue
        named.setdefault(mention.code, []).append(index)
        kinds.setdefault(mention.code, set()).add(mention.kind)
        first.setdefault(mention.code, mention.start)
    per_sentence: dict[int, set[str]] = {}
    for code, indices in named.items():
        for index in indices:
            per_sentence.setdefault(index, set()).add(code)
    counts = Counter({code: len(set(indices)) for code, indices in named.items()})
    top = max(counts.values(), default=0)
    top = top if list(counts.values()).count(top) == 1 else -1  # a tie names no country the most
    length = max(len(article.folded.text), 1)
    earliest = min(first.values(), default=0)
    context = (article.language, rule_markets, top, len(named))
    return {
        code: _one_country(code, sorted(set(indices)), kinds[code], counts[code], context)
        | {"early": round(1.0 - first[code] / length, 3), "first_named": float(first[code] == earliest)}
        | _sentence_flags(sorted(set(indices)), past, verbs, classes, per_sentence)
        | _subject_flags(set(indices) - past, subject, classes, verbs)
        for code, indices in named.items()
        if "name" in kinds[code] and code not in NOT_MARKETS
    }


def _one_country(code: str, indices: list[int], kinds: set[str], count: int, context: tuple) -> dict[str, float]:
    language, rule_markets, top, n_countries = context
    return {
        "headline": float(indices[0] < HEADLINE),
        "lede": float(indices[0] < LEDE),
        "count": round(min(math.log1p(count) / math.log1p(6), 1.0), 3),
        "adjective": float("adjective" in kinds),
        "home": float(code in home_countries()),
        "language_home": float(code == language_home(language)),
        "region": float(code in region_codes()),
        "most_named": float(count == top),
        "only_country": float(n_countries == 1),
        "rule_market": float(code in rule_markets),
    }


def _sentence_flags(
    indices: list[int], past: set[int], verbs: set[int], classes: dict[int, set[str]], per_sentence: dict
) -> dict[str, float]:
    present = [index for index in indices if index not in past]
    flags = {f"cue_{name}": float(any(name in classes.get(i, ()) for i in present)) for name in CUE_CLASSES}
    flags["market_cue"] = float(any(index in verbs for index in present))
    flags["lede_cue"] = float(any(index < LEDE and (classes.get(index) or index in verbs) for index in present))
    flags["background"] = float(not present)
    flags["listed"] = float(any(len(per_sentence.get(index, ())) > LIST_OTHERS for index in indices))
    return flags


def _subject_flags(present: set[int], subject: set[int], classes: dict[int, set[str]], verbs: set[int]) -> dict:
    with_subject = present & subject
    cued = {index for index in with_subject if classes.get(index) or index in verbs}
    return {"with_subject": float(bool(with_subject)), "subject_cue": float(bool(cued))}


def _cue_classes(cues: list[Span], sentence_of) -> dict[int, set[str]]:
    by_value = {value: name for name, values in CUE_CLASSES.items() for value in values}
    found: dict[int, set[str]] = {}
    for span in cues:
        if span.value in by_value:
            found.setdefault(sentence_of(span.start), set()).add(by_value[span.value])
    return found


def _sentence_index(starts: list[int]):
    return lambda offset: bisect_right(starts, offset) - 1


@lru_cache(maxsize=64)
def language_home(language: str) -> str:
    """The ISO alpha-3 code of a language's most likely territory (CLDR likely subtags: ja -> JPN, pt -> BRA)."""
    tag = get_global("likely_subtags").get(language.split("-")[0].lower(), "")
    territory = tag.split("_")[-1] if tag.count("_") >= 1 else ""
    country = pycountry.countries.get(alpha_2=territory) if len(territory) == 2 else None
    return country.alpha_3 if country else ""
