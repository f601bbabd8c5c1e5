"""Fit the per-mention weights (market vs mention, rival vs other) on the dev part of the evaluation set.

    python3 tools/fit_mention_weights.py            # extract dev, write the pairs and data/lexicon/mention_weights.csv
    python3 tools/fit_mention_weights.py --cv       # also print the leave-one-article-out table (rules vs fitted)
    python3 tools/fit_mention_weights.py --from-pairs   # refit from the committed pairs file (no extraction)

Pairs: every country the extractor makes a candidate of (its features, label: in `market_countries`), every
competitor mention it keeps after nicknames and collaborators (label: in `competitors`). Only `split == dev` rows
are read; the test part is never extracted here. Same input, same CSV (Newton's method from zero, fixed grid).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from unittest import mock

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction_eval import (
    EVAL_DIR,
    predict_article,
    read_labels,
    render_split_table,
    score_article,
    split_values,
)
from components.ingest import fitted
from components.ingest.company_features import COMPANY_FEATURES, COMPANY_SIGNS
from components.ingest.extract import extract_candidates
from components.ingest.features import COUNTRY_FEATURES, COUNTRY_SIGNS
from components.ingest.fitted import MarketRules, decide_markets, decide_rivals
from components.ingest.text import read_article
from components.ingest.weights import Model, best_threshold, fit_logistic, weights_path, write_weights

PAIRS_FILE = EVAL_DIR / "mention_pairs.csv"
GOLD = {"market": "market_countries", "rival": "competitors"}
RULE = {"market": "rule_market", "rival": "rule_rival"}
NAMES = {"market": list(COUNTRY_FEATURES), "rival": list(COMPANY_FEATURES)}
SIGNS = {"market": COUNTRY_SIGNS, "rival": COMPANY_SIGNS}
# The configuration written to the CSV (chosen by --cv on dev; docs/extraction.md, fourth round).
CHOSEN = {"market": ("signed_no_rule", 0.3), "rival": ("signed_with_rule", 3.0)}  # rival: written, not the default
COMMAND = "python3 tools/fit_mention_weights.py"


def collect_pairs(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    """One pair per (dev article, decision, country or company): its features and its label."""
    pairs = []
    for row in rows:
        path = EVAL_DIR / "articles" / f"{row['article_id']}.txt"
        found = extract_candidates(read_article(path), row["language"], None, path.name).features
        for decision, column in GOLD.items():
            gold = split_values(row[column])
            for key, values in found.get(decision, {}).items():
                pair = {"article_id": row["article_id"], "decision": decision, "key": key}
                pairs.append(pair | {"label": int(key in gold), "features": dict(values)})
    return pairs


def write_pairs(pairs: list[dict[str, object]]) -> str:
    """The pairs as CSV text: article_id, decision, key, label, features (JSON, sorted keys)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["article_id", "decision", "key", "label", "features"])
    for pair in pairs:
        features = json.dumps(pair["features"], sort_keys=True)
        writer.writerow([pair["article_id"], pair["decision"], pair["key"], pair["label"], features])
    return out.getvalue()


def read_pairs(text: str) -> list[dict[str, object]]:
    """Pairs read back from `write_pairs` text."""
    rows = csv.DictReader(io.StringIO(text))
    return [row | {"label": int(row["label"]), "features": json.loads(row["features"])} for row in rows]


def feature_names(decision: str, variant: str) -> list[str]:
    """The features a variant uses: `with_rule` all, `no_rule` all but today's rule decision (`signed_` variants
    constrain the weights' signs, the others leave them free).
    """
    return [name for name in NAMES[decision] if variant.endswith("with_rule") or name != RULE[decision]]


def fit_model(pairs: list[dict[str, object]], decision: str, variant: str, l2: float, misses: int = 0) -> Model:
    """Fit one decision on its pairs; the threshold is the best F1 on the same pairs (0.10-0.90)."""
    names = feature_names(decision, variant)
    chosen = [pair for pair in pairs if pair["decision"] == decision]
    rows = np.array([[float(pair["features"].get(name, 0.0)) for name in names] for pair in chosen])
    labels = np.array([pair["label"] for pair in chosen], dtype=float)
    signs = [SIGNS[decision].get(name, 0) for name in names] if variant.startswith("signed") else None
    weights, bias = fit_logistic(rows.reshape(len(chosen), len(names)), labels, l2, signs)
    model = Model(dict(zip(names, (round(float(w), 4) for w in weights), strict=True)), round(bias, 4), 0.5)
    probabilities = [model.probability(pair["features"]) for pair in chosen]
    threshold = best_threshold(probabilities, [pair["label"] for pair in chosen], misses)
    return Model(model.weights, model.bias, threshold)


def predict(pairs: list[dict[str, object]], decision: str, model: Model | None, rules: MarketRules) -> set[str]:
    """The keys decided yes among one article's pairs: by `model`, or by today's rules when it is None."""
    features = {pair["key"]: pair["features"] for pair in pairs if pair["decision"] == decision}
    if model is None:
        return {key for key, values in features.items() if values.get(RULE[decision])}
    if decision == "market":
        return set(decide_markets(features, model, rules))
    return set(decide_rivals(features, model))


def cross_validate(pairs, rows, decision: str, variant: str | None, l2: float, rules: MarketRules) -> dict:
    """Leave-one-article-out micro P/R/F1 on dev: fit on the other articles, decide the held-out one.

    `variant` None scores today's rules (no fitting; they were tuned on the whole dev part, so this is in-sample).
    """
    by_article: dict[str, list] = {}
    for pair in pairs:
        by_article.setdefault(pair["article_id"], []).append(pair)
    hits = n_pred = n_gold = 0
    for row in rows:
        article = row["article_id"]
        gold = split_values(row[GOLD[decision]])
        model = None
        if variant is not None:
            train = [pair for pair in pairs if pair["article_id"] != article]
            misses = _misses(train, rows, decision, exclude=article)
            model = fit_model(train, decision, variant, l2, misses)
        predicted = predict(by_article.get(article, []), decision, model, rules)
        hits, n_pred, n_gold = hits + len(predicted & gold), n_pred + len(predicted), n_gold + len(gold)
    precision = hits / n_pred if n_pred else 0.0
    recall = hits / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"p": precision, "r": recall, "f1": f1}


def _misses(pairs, rows, decision: str, exclude: str = "") -> int:
    """Gold values of the decision that no pair stands for (not found by the recognisers)."""
    keys: dict[str, set[str]] = {}
    for pair in pairs:
        if pair["decision"] == decision:
            keys.setdefault(pair["article_id"], set()).add(pair["key"])
    return sum(
        len(split_values(row[GOLD[decision]]) - keys.get(row["article_id"], set()))
        for row in rows
        if row["article_id"] != exclude
    )


def render_cv(pairs, rows) -> str:
    """Markdown: leave-one-article-out dev P/R/F1 per decision, today's rules against the fitted variants."""
    lines = ["| decision | method | L2 | P | R | F1 |", "|---|---|---|---|---|---|"]
    variants = [(None, 0.0, MarketRules())]
    kinds = ("no_rule", "with_rule", "signed_no_rule", "signed_with_rule")
    variants += [(v, l2, MarketRules()) for v in kinds for l2 in (0.3, 1.0, 3.0)]
    chosen, chosen_l2 = CHOSEN["market"]
    off = [MarketRules(top_always=False), MarketRules(home_alone=False), MarketRules(not_background=False)]
    off.append(MarketRules(needs_cue=False))
    extra = [(chosen, chosen_l2, rules) for rules in off]
    for decision in GOLD:
        for variant, l2, rules in variants + (extra if decision == "market" else []):
            s = cross_validate(pairs, rows, decision, variant, l2, rules)
            method = "today's rules (in-sample)" if variant is None else f"fitted, {variant}" + _rules_note(rules)
            l2_cell = f"{l2:g}" if variant else ""
            lines.append(f"| {decision} | {method} | {l2_cell} | {s['p']:.2f} | {s['r']:.2f} | {s['f1']:.3f} |")
    return "\n".join(lines)


def cross_validated_benchmark(pairs, rows) -> str:
    """Markdown: the benchmark's dev table with the default decisions (fitted.USE_FITTED), each dev article
    extracted with weights fitted on the other dev articles (leave-one-article-out).
    """
    records = []
    for row in rows:
        train = [pair for pair in pairs if pair["article_id"] != row["article_id"]]
        models = {
            decision: fit_model(train, decision, variant, l2, _misses(train, rows, decision, row["article_id"]))
            for decision, (variant, l2) in CHOSEN.items()
        }
        with mock.patch.object(fitted, "read_weights", lambda models=models: models):
            predicted = predict_article(row)
        records.append({"split": "dev", "language": row["language"], "counts": score_article(row, predicted)})
    return render_split_table(records)


def _rules_note(rules: MarketRules) -> str:
    flags = [("top_always", rules.top_always), ("home_alone", rules.home_alone)]
    flags += [("not_background", rules.not_background), ("needs_cue", rules.needs_cue)]
    notes = [f"no {name}" for name, on in flags if not on]
    return f" ({', '.join(notes)})" if notes else ""


def fit_all(pairs, rows) -> str:
    """The weights CSV text fitted on every dev pair with the CHOSEN configuration."""
    models = {}
    for decision, (variant, l2) in CHOSEN.items():
        models[decision] = fit_model(pairs, decision, variant, l2, _misses(pairs, rows, decision))
    counts = {d: sum(p["decision"] == d for p in pairs) for d in GOLD}
    header = [
        f"Fitted by: {COMMAND} (from {PAIRS_FILE.relative_to(EVAL_DIR.parents[2])})",
        f"Dev part: {len(rows)} articles; pairs: market {counts['market']}, rival {counts['rival']}",
        "Chosen: " + "; ".join(f"{d} {v} L2={l2:g}" for d, (v, l2) in CHOSEN.items()),
        "Logistic regression, L2 on weights (not bias); threshold = best dev F1 on a 0.05 grid",
    ]
    return write_weights(models, header)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cv", action="store_true", help="print the leave-one-article-out comparison")
    parser.add_argument("--cv-bench", action="store_true", help="print the benchmark's dev table, cross-validated")
    parser.add_argument("--from-pairs", action="store_true", help="refit from the committed pairs file")
    args = parser.parse_args(argv)
    rows = [row for row in read_labels() if row["split"] == "dev"]
    if args.from_pairs:
        pairs = read_pairs(PAIRS_FILE.read_text(encoding="utf-8"))
    else:
        pairs = collect_pairs(rows)
        PAIRS_FILE.write_text(write_pairs(pairs), encoding="utf-8")
    weights_path().write_text(fit_all(pairs, rows), encoding="utf-8")
    print(f"{len(rows)} dev articles, {len(pairs)} pairs -> {weights_path()}")
    if args.cv:
        print(render_cv(pairs, rows))
    if args.cv_bench:
        print(cross_validated_benchmark(pairs, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
