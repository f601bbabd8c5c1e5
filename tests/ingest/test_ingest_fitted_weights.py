"""The fourth round: per-mention features, the fitted weights (logistic fit, CSV, scorer) and the fitted decisions."""

import importlib.util

import numpy as np
import pytest

from components import paths
from components.ingest.company_features import COMPANY_FEATURES, COMPANY_SIGNS, CompanyContext, company_features
from components.ingest.competitors import find_competitors
from components.ingest.countries import find_country_mentions
from components.ingest.cues import find_cues
from components.ingest.dates import find_dates
from components.ingest.extract import extract_candidates
from components.ingest.features import COUNTRY_FEATURES, COUNTRY_SIGNS, country_features, language_home
from components.ingest.fitted import MarketRules, decide_markets, decide_rivals, explain, fitted_confidence
from components.ingest.normalise import FoldedText
from components.ingest.partners import find_partners
from components.ingest.rank import Article
from components.ingest.segment import split_sentences
from components.ingest.weights import (
    Model,
    best_threshold,
    fit_logistic,
    parse_weights,
    read_weights,
    weights_path,
    write_weights,
)


def _tool():
    spec = importlib.util.spec_from_file_location(
        "fit_mention_weights", paths.ROOT / "tools" / "fit_mention_weights.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _countries(text: str, lang: str = "en", rules: frozenset[str] = frozenset()) -> dict[str, dict[str, float]]:
    folded = FoldedText(text)
    article = Article(
        folded,
        lang,
        split_sentences(text),
        find_country_mentions(folded, lang),
        find_cues(folded, "event_type", lang),
        find_dates(folded, lang),
    )
    return country_features(article, rules)


def _companies(text: str, lang: str = "en") -> dict[str, dict[str, float]]:
    folded = FoldedText(text)
    cues = find_cues(folded, "event_type", lang)
    claims = [span for span in cues if span.value == "market_claim"]
    building = [span for span in cues if span.value == "manufacturing"]
    context = CompanyContext(folded, lang, split_sentences(text), claims, building, find_partners(folded, lang))
    return company_features(context, find_competitors(folded, lang))


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        ("Xiaomi opens its first store in Spain. It sells phones.", "ESP", {"headline": 1, "lede": 1, "cue_open": 1}),
        ("Xiaomi opens its first store in Spain. It sells phones.", "ESP", {"only_country": 1, "with_subject": 1}),
        ("Xiaomi opens a store in Spain. It already sells phones in India.", "IND", {"background": 1, "headline": 0}),
        ("Xiaomi opens a store in Spain. It already sells phones in India.", "IND", {"lede": 1, "only_country": 0}),
        ("Xiaomi opens a store in Spain. Spain is big. It was founded in China.", "CHN", {"home": 1, "lede": 0}),
        ("Xiaomi opens a store in Spain. Spain is big. It was founded in China.", "ESP", {"most_named": 1}),
        ("Xiaomi opens a store in Spain. It was founded in China.", "ESP", {"most_named": 0, "first_named": 1}),
        ("Xiaomi sells in Spain, France, Italy and Portugal.", "FRA", {"listed": 1, "cue_sell": 0}),
        ("Xiaomi is the second brand in Europe by market share.", "150", {"region": 1, "cue_share": 1}),
        ("Xiaomi builds a factory in India.", "IND", {"cue_manufacture": 1, "language_home": 0}),
    ],
)
def test_country_features(text, code, expected):
    features = _countries(text)
    assert set(features[code]) == set(COUNTRY_FEATURES)
    assert {name: features[code][name] for name in expected} == expected
    assert all(0.0 <= value <= 1.0 for values in features.values() for value in values.values())


def test_country_features_cover_only_candidate_countries_and_mark_todays_rules():
    features = _countries("The world's phones: Xiaomi opens a store in Spain.", rules=frozenset({"ESP"}))
    assert list(features) == ["ESP"] and features["ESP"]["rule_market"] == 1.0
    assert _countries("") == {}


@pytest.mark.parametrize(
    ("text", "company", "expected"),
    [
        ("Samsung is the main rival of Xiaomi in Spain.", "samsung", {"rival_cue": 1, "listed": 0, "headline": 1}),
        ("Xiaomi overtook Samsung and Apple in market share in Poland.", "apple", {"listed": 1, "claim_cue": 1}),
        ("Xiaomi, OPPO and vivo each build a factory in Turkey.", "oppo", {"building": 1, "rival_cue": 0}),
        ("In Spain the leaders are: Samsung 30%, Xiaomi 20%.", "samsung", {"share_after": 1}),
    ],
)
def test_company_features(text, company, expected):
    features = _companies(text)
    assert set(features[company]) == set(COMPANY_FEATURES)
    assert {name: features[company][name] for name in expected} == expected


@pytest.mark.parametrize("language, home", [("ja", "JPN"), ("ko", "KOR"), ("pt", "BRA"), ("es", "ESP"), ("xx", "")])
def test_language_home(language, home):
    assert language_home(language) == home


def test_the_signs_are_declared_for_every_feature():
    assert set(COUNTRY_SIGNS) == set(COUNTRY_FEATURES) and set(COMPANY_SIGNS) == set(COMPANY_FEATURES)
    assert set(COUNTRY_SIGNS.values()) | set(COMPANY_SIGNS.values()) <= {-1, 0, 1}


def test_fit_logistic_is_deterministic_and_respects_signs():
    rows = np.array([[1, 0], [1, 1], [0, 1], [0, 0], [1, 0], [0, 1]], dtype=float)
    labels = np.array([1, 1, 0, 0, 1, 0], dtype=float)
    weights, bias = fit_logistic(rows, labels, 1.0)
    again = fit_logistic(rows, labels, 1.0)
    assert np.array_equal(weights, again[0]) and bias == again[1]
    assert weights[0] > 0 > weights[1]
    signed, _ = fit_logistic(rows, labels, 1.0, [1, 1])  # the second weight may not be negative: it is fixed at 0
    assert signed[0] > 0 and signed[1] == 0.0


@pytest.mark.parametrize(
    ("probabilities", "labels", "misses", "threshold"),
    [
        ([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0], 0, 0.5),  # separable: every threshold from 0.25 to 0.8 is best; 0.5 wins
        ([0.9, 0.4, 0.3, 0.1], [1, 1, 0, 0], 0, 0.4),  # 0.35 and 0.4 tie: the one nearer 0.5
        ([0.9, 0.6, 0.3, 0.1], [1, 0, 0, 0], 0, 0.65),
        ([0.9, 0.6, 0.3, 0.1], [1, 0, 0, 0], 5, 0.65),  # misses lower every F1 alike
    ],
)
def test_best_threshold(probabilities, labels, misses, threshold):
    assert best_threshold(probabilities, labels, misses) == threshold


MODEL = Model({"lede": 2.0, "background": -2.0, "home": -3.0}, -1.0, 0.5)


@pytest.mark.parametrize(
    ("features", "probability"),
    [({}, 0.2689), ({"lede": 1}, 0.7311), ({"lede": 1, "background": 1}, 0.2689), ({"unknown": 5}, 0.2689)],
)
def test_model_probability(features, probability):
    assert MODEL.probability(features) == pytest.approx(probability, abs=1e-4)


def test_weights_round_trip_through_the_csv_text():
    text = write_weights({"market": MODEL}, ["fitted by a test"])
    assert text.startswith("# fitted by a test\ndecision,feature,weight\n")
    assert parse_weights(text) == {"market": MODEL}


ABROAD = {"lede": 1.0}
PAST = {"lede": 1.0, "background": 1.0}


@pytest.mark.parametrize(
    ("features", "rules", "markets"),
    [
        ({"ESP": ABROAD, "IND": {}}, MarketRules(), ["ESP"]),
        ({"ESP": ABROAD, "FRA": ABROAD}, MarketRules(), ["ESP", "FRA"]),
        ({"IND": {}, "MEX": {}}, MarketRules(), ["IND"]),  # no country reaches the threshold: the first one abroad
        ({"IND": {}, "MEX": {}}, MarketRules(top_always=False), []),
        ({"CHN": {"home": 1.0}, "IND": {}}, MarketRules(), ["IND"]),  # the top one is abroad when one is named
        ({"CHN": {"home": 1.0}}, MarketRules(), ["CHN"]),  # China only when no other country is named
        ({"ESP": ABROAD, "CHN": {"lede": 3.0, "home": 1.0}}, MarketRules(), ["ESP"]),
        ({"ESP": ABROAD, "CHN": {"lede": 3.0, "home": 1.0}}, MarketRules(home_alone=False), ["CHN", "ESP"]),
        ({"ESP": {"lede": 1.5}, "IND": {"lede": 2.0, "background": 0.1}}, MarketRules(), ["IND", "ESP"]),
        ({"ESP": {"lede": 2.0}, "IND": {"lede": 2.0, "background": 1.0}}, MarketRules(), ["ESP"]),
        ({"ESP": {"lede": 2.0}, "IND": {"lede": 2.0, "background": 1.0}}, MarketRules(not_background=False), None),
        ({"IND": PAST}, MarketRules(), ["IND"]),  # the only country is the news even in the past tense
        ({}, MarketRules(), []),
    ],
)
def test_decide_markets(features, rules, markets):
    decided = decide_markets(features, Model({"lede": 2.0, "background": -1.0}, -1.0, 0.5), rules)
    if markets is None:
        assert set(decided) == {"ESP", "IND"}
    else:
        assert list(decided) == markets
    assert all(0.0 <= p <= 1.0 for p in decided.values())


def test_decide_rivals_and_explain_in_words():
    model = Model({"rival_cue": 3.0, "building": -3.0}, -1.0, 0.5)
    features = {"samsung": {"rival_cue": 1.0}, "oppo": {"rival_cue": 1.0, "building": 1.0}, "apple": {}}
    assert set(decide_rivals(features, model)) == {"samsung"}
    assert explain(features["samsung"], model, True, "rival") == ["a rival word in its sentence"]
    assert explain(features["oppo"], model, False, "rival") == ["its sentence is about factories"]
    assert explain({}, MODEL, False) == ["not: named in the lede (first two sentences)"]


@pytest.mark.parametrize(
    ("probability", "is_yes", "low", "high"),
    [(0.9, True, 0.5, 1.0), (0.5, True, 0.5, 0.5), (0.3, False, 0.0, 0.49), (0.7, False, 0.49, 0.49)],
)
def test_fitted_confidence_keeps_markets_above_mentions(probability, is_yes, low, high):
    assert low <= fitted_confidence(probability, 0.5, is_yes) <= high


def test_the_weights_csv_is_what_the_tool_fits_from_the_committed_pairs():
    tool = _tool()
    rows = [row for row in tool.read_labels() if row["split"] == "dev"]
    pairs = tool.read_pairs(tool.PAIRS_FILE.read_text(encoding="utf-8"))
    assert {pair["article_id"] for pair in pairs} <= {row["article_id"] for row in rows}  # dev articles only
    assert weights_path().read_text(encoding="utf-8") == tool.fit_all(pairs, rows), (
        "run: python3 tools/fit_mention_weights.py"
    )


def test_the_weights_load_and_cover_every_feature_of_their_variant():
    tool, models = _tool(), read_weights()
    assert set(models) == {"market", "rival"}
    for decision, (variant, _) in tool.CHOSEN.items():
        assert list(models[decision].weights) == tool.feature_names(decision, variant)
        assert 0.1 <= models[decision].threshold <= 0.9
        signs = tool.SIGNS[decision]
        assert all(weight * signs[name] >= 0 for name, weight in models[decision].weights.items())


def test_the_committed_pairs_are_those_the_extractor_gives_for_one_dev_article():
    tool = _tool()
    pairs = tool.read_pairs(tool.PAIRS_FILE.read_text(encoding="utf-8"))
    row = next(row for row in tool.read_labels() if row["split"] == "dev")
    assert tool.collect_pairs([row]) == [pair for pair in pairs if pair["article_id"] == row["article_id"]]


def test_extraction_reports_the_fitted_reasons_and_keeps_background_out():
    candidates = extract_candidates(
        "Xiaomi opens its first store in Spain. It already sells in India since 2014.", "en"
    )
    first = candidates[0]
    assert first["country"] == "ESP" and first["country_role"] == "market" and first["role_reasons"]
    assert all(isinstance(reason, str) for c in candidates for reason in c["role_reasons"])
    assert {c["country"]: c["country_role"] for c in candidates}["IND"] == "mention"
    assert set(candidates.features) == {"market", "rival"} and "features" not in first


def test_the_event_type_check_fits_a_conditional_logit():
    spec = importlib.util.spec_from_file_location("event_type_cv", paths.ROOT / "tools" / "event_type_cv.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    one, two = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    train = [("a", {"a": one, "b": two}), ("b", {"a": two, "b": one}), ("a", {"a": one}), ("c", {"a": one})]
    beta = tool.fit(train * 3, 2, 1.0)
    assert beta[0] > 0 > beta[1]  # the type with the first feature is the labelled one


@pytest.mark.parametrize(
    ("rules", "markets"),
    [(MarketRules(), ["RUS"]), (MarketRules(needs_cue=False), ["RUS", "USA"])],
)
def test_a_second_market_needs_the_lede_or_a_cue(rules, markets):
    model = Model({"most_named": 3.0, "language_home": 2.0, "cue_exit": 1.0}, -1.0, 0.5)
    features = {
        "RUS": {"most_named": 1.0, "cue_exit": 1.0},
        "USA": {"language_home": 1.0},
    }  # "fears sanctions of the USA"
    assert list(decide_markets(features, model, rules)) == markets
