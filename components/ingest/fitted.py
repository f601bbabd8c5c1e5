"""Decide market vs mention and rival vs other by the fitted weights, with hard constraints and reasons in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from components.ingest.company_features import COMPANY_FEATURES
from components.ingest.features import COUNTRY_FEATURES, CUE_CLASSES
from components.ingest.weights import Model, read_weights

Features = Mapping[str, Mapping[str, float]]  # country code or company id -> feature name -> value


@dataclass(frozen=True)
class MarketRules:
    """The hard constraints kept around the fitted market score (each chosen on cross-validated dev)."""

    top_always: bool = True  # the best-scored country is a market even below the threshold (an article has news)
    home_alone: bool = True  # the maker's home is a market only when no other country is
    not_background: bool = True  # a country named only in sentences about the past is not a second market
    needs_cue: bool = True  # a second market is named in the lede or beside an event cue or market verb


MARKET_RULES = MarketRules()
CUED = ("lede", "market_cue", "lede_cue", *(f"cue_{name}" for name in CUE_CLASSES))  # evidence for `needs_cue`
USE_FITTED = {"market": True, "rival": False}  # chosen on cross-validated dev (docs/extraction.md, fourth round)


def fitted_model(decision: str) -> Model | None:
    """The fitted model of a decision ("market", "rival") if it is the default and its weights are present."""
    return read_weights().get(decision) if USE_FITTED.get(decision) else None


def decide_markets(features: Features, model: Model, rules: MarketRules = MARKET_RULES) -> dict[str, float]:
    """The countries decided as markets, best first, with their probability.

    A country is a market when its probability reaches the model's threshold; with `top_always` the best one
    abroad (or the best at all) is a market anyway when any country is named; with `home_alone` the maker's home
    is dropped when any other country is a market; with `not_background` a country named only in sentences about
    the past is never a second market; with `needs_cue` a second market is named in the lede or in a sentence
    with an event cue or a market verb.
    """
    scores = {code: model.probability(values) for code, values in features.items()}
    order = sorted(scores, key=lambda code: -scores[code])  # stable: ties keep the order of first mention
    chosen = [code for code in order if scores[code] >= model.threshold]
    if rules.top_always and not chosen and order:
        abroad = [code for code in order if not features[code].get("home")]
        chosen = [(abroad or order)[0]]
    if rules.not_background and len(chosen) > 1:
        chosen = [code for code in chosen if code == chosen[0] or not features[code].get("background")]
    if rules.needs_cue and len(chosen) > 1:
        chosen = [code for code in chosen if code == chosen[0] or _cued(features[code])]
    if rules.home_alone and any(not features[code].get("home") for code in chosen):
        chosen = [code for code in chosen if not features[code].get("home")]
    return {code: scores[code] for code in chosen}


def _cued(values: Mapping[str, float]) -> bool:
    return any(values.get(name) for name in CUED)


def decide_rivals(features: Features, model: Model) -> dict[str, float]:
    """The companies decided as rivals (probability at or above the threshold), with their probability."""
    scores = {company: model.probability(values) for company, values in features.items()}
    return {company: score for company, score in scores.items() if score >= model.threshold}


def explain(values: Mapping[str, float], model: Model, is_yes: bool, decision: str = "market") -> list[str]:
    """The strongest reasons for the decision, in words ("a launch cue in its sentence", "named in the headline")."""
    words = COUNTRY_FEATURES if decision == "market" else COMPANY_FEATURES
    names = model.strongest(values, 3, 1 if is_yes else -1)
    if not is_yes:  # for a "no" also say what it lacks: the strongest positive features that are absent
        absent = [name for name, weight in sorted(model.weights.items(), key=lambda item: -item[1]) if weight > 0]
        names += [name for name in absent if not values.get(name)][: max(0, 3 - len(names))]
    return [words.get(name, name) if values.get(name) else f"not: {words.get(name, name)}" for name in names]


def fitted_confidence(probability: float, threshold: float, is_yes: bool) -> float:
    """A 0-1 confidence from the fitted probability: 0.5-1 for a yes (above the threshold), 0-0.49 for a no (also
    when a hard constraint overrules the score).
    """
    if is_yes:
        return round(0.5 + max(probability - threshold, 0.0) / max(1.0 - threshold, 1e-9) / 2, 2)
    return round(min(probability / max(threshold, 1e-9), 1.0) * 0.49, 2)
