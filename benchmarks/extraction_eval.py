"""Evaluate the article extractor on the seed articles against curated events citing them (precision/recall per field).

Run: python -m benchmarks.extraction_eval [--markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Iterable

import pandas as pd

from components import paths
from components.ingest.extract import extract_candidates
from components.ingest.text import read_article
from components.model.load import load_model
from components.model.schema import parse_partial_date, period_end

SEEDS_DIR = paths.ROOT / "tests" / "fixtures" / "seeds"

FIELDS = ("country", "product_lines", "partners", "competitors", "date")
SUBJECTS = {"xiaomi"}
TARGETS = {"country": (0.8, 0.9), "competitors": (0.8, 0.9), "product_lines": (0.8, 0.8), "partners": (0.8, 0.8)}


def evaluate(seeds_dir=SEEDS_DIR, data_dir=None) -> pd.DataFrame:
    """One row per field: true positives, predicted, gold, precision, recall (micro-averaged over seeds)."""
    model = load_model(data_dir)
    totals = {field: [0, 0, 0, 0] for field in FIELDS}  # hits, predicted, gold, gold found
    for source in model.sources.itertuples():
        path = seeds_dir / f"{source.source_id}.txt"
        if not path.is_file():
            continue
        exact = pd.notna(source.published) and source.published_precision in ("day", "month")
        published = source.published.date() if exact else None
        candidates = extract_candidates(read_article(path), str(source.language), published, path.name)
        gold_events = model.events[model.events["source_ids"].map(lambda ids, s=source.source_id: s in ids)]
        for field in FIELDS:
            predicted, gold = predicted_values(candidates, field), gold_values(gold_events, field)
            hits = matches(predicted, gold, field)
            found = matches(gold, predicted, field)
            totals[field][3] += found
            totals[field][0] += hits
            totals[field][1] += len(predicted)
            totals[field][2] += len(gold)
    rows = []
    for field, (hits, n_predicted, n_gold, found) in totals.items():
        precision = hits / n_predicted if n_predicted else 0.0
        recall = found / n_gold if n_gold else 0.0
        rows.append(
            {"field": field, "predicted": n_predicted, "gold": n_gold, "precision": precision, "recall": recall}
        )
    return pd.DataFrame(rows)


def predicted_values(candidates: list[dict], field: str) -> set[str]:
    """The set of values the extractor gives for a field over all candidates of one article."""
    if field == "date":
        return {c["date"] for c in candidates if c["date"]}
    if field == "country":
        return {c["country"] for c in candidates}
    return {value for c in candidates for value in c[field]}


def gold_values(events: pd.DataFrame, field: str) -> set[str]:
    """The set of curated values for a field over the events citing one article."""
    if field == "date":
        return set(events["date_label"])
    if field == "country":
        return set(events["country"].astype(str))
    if field == "competitors":  # the non-subject companies involved: named competitors and each event's own company
        named = {value for values in events[field] for value in values} | set(events["company"].astype(str))
        return named - SUBJECTS
    return {value for values in events[field] for value in values}


def matches(predicted: set[str], gold: set[str], field: str) -> int:
    """Predicted values that match a gold value: exact ids; partner names by word containment; dates by period."""
    return sum(1 for value in predicted if any(_same(value, truth, field) for truth in gold))


def _same(value: str, truth: str, field: str) -> bool:
    if field == "partners":
        a, b = set(value.casefold().split()), set(truth.casefold().split())
        return a <= b or b <= a
    if field == "date":
        return value == truth or _date_within(truth, value) or _date_within(value, truth)
    return value == truth


def _date_within(truth: str, value: str) -> bool:
    """A predicted month or day counts when the curated date falls within it (or vice versa at month level)."""
    start, precision = parse_partial_date(value)
    if precision not in ("day", "month"):
        return False
    truth_start, truth_precision = parse_partial_date(truth)
    end = period_end(start, precision)
    truth_end = period_end(truth_start, truth_precision)
    return start <= truth_start <= end or (truth_precision in ("day", "month") and truth_start <= start <= truth_end)


def render_table(table: pd.DataFrame) -> str:
    """The evaluation as a Markdown table with the targets."""
    lines = ["| field | predicted | curated | precision | recall | target (P / R) |", "|---|---|---|---|---|---|"]
    for row in table.itertuples():
        target = TARGETS.get(row.field)
        goal = f"{target[0]:.2f} / {target[1]:.2f}" if target else "(none)"
        lines.append(
            f"| {row.field} | {row.predicted} | {row.gold} | {row.precision:.2f} | {row.recall:.2f} | {goal} |"
        )
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(list(argv) if argv is not None else None)
    print(f"Seeds: {SEEDS_DIR} ({dt.date.today().isoformat()})")
    print(render_table(evaluate()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
