"""Leave-one-article-out check of a fitted primary-event-type model against today's lede rule (dev part only).

    python3 tools/event_type_cv.py

A conditional logit over the event types cued in the lede: per (article, type) the cue counts in the headline, the
first sentence and the rest of the lede, whether today's rule (`rank.choose_lede_value`) picks it, whether it is the
lede's first cue, the log count of its cues in the whole article, and a bias per type; L2-penalised, Newton's
method. It was not built into the extractor: it does not beat the rule on held-out dev folds
(docs/extraction.md, fourth round).
"""

from __future__ import annotations

import sys
from bisect import bisect_right
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction_eval import EVAL_DIR, read_labels
from components.ingest.cues import find_cues
from components.ingest.normalise import FoldedText
from components.ingest.rank import choose_lede_value, lede_end
from components.ingest.segment import article_end, split_sentences
from components.ingest.text import read_article

L2_VALUES = (0.3, 1.0, 3.0, 10.0)


def type_features(row: dict[str, str], types: list[str]) -> tuple[dict[str, np.ndarray], str | None]:
    """(event type -> feature vector for the types cued in the lede, today's rule's pick) of one article."""
    text = read_article(EVAL_DIR / "articles" / f"{row['article_id']}.txt")
    text = text[: article_end(text)]
    cues = find_cues(FoldedText(text), "event_type", row["language"])
    sentences = split_sentences(text)
    starts, end = [start for start, _ in sentences], lede_end(sentences)
    lede = [span for span in cues if span.start < end]
    rule = choose_lede_value(cues, sentences)
    counts: dict[str, np.ndarray] = {}
    for span in lede:
        counts.setdefault(span.value, np.zeros(3))[min(bisect_right(starts, span.start) - 1, 2)] += 1
    first = lede[0].value if lede else None
    everywhere = {value: sum(span.value == value for span in cues) for value in counts}
    return {
        value: np.array(
            [*counts[value], float(rule is not None and rule[0] == value), float(value == first)]
            + [np.log1p(everywhere[value])]
            + [float(value == name) for name in types]
        )
        for value in counts
    }, (rule[0] if rule else None)


def fit(train: list[tuple[str, dict[str, np.ndarray]]], size: int, l2: float) -> np.ndarray:
    """Conditional-logit weights (Newton's method from zero); articles whose type is not cued, or with one cued
    type, carry no information and are skipped.
    """
    beta = np.zeros(size)
    for _ in range(30):
        gradient, hessian = l2 * beta.copy(), l2 * np.eye(size)
        for gold, options in train:
            if gold not in options or len(options) < 2:
                continue
            matrix = np.array(list(options.values()))
            scores = matrix @ beta
            prob = np.exp(scores - scores.max())
            prob /= prob.sum()
            mean = prob @ matrix
            gradient -= options[gold] - mean
            hessian += (matrix * prob[:, None]).T @ matrix - np.outer(mean, mean)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def main() -> int:
    rows = [row for row in read_labels() if row["split"] == "dev"]
    types = sorted({row["primary_event_type"] for row in rows})
    data = [(row["primary_event_type"], *type_features(row, types)) for row in rows]
    rule_right = sum(rule == gold for gold, _, rule in data)
    cued = sum(gold in options for gold, options, _ in data)
    print(f"{len(rows)} dev articles; the labelled type is cued in the lede in {cued}; today's lede rule: {rule_right}")
    print("| L2 | fitted right (held out) | rule right |\n|---|---|---|")
    for l2 in L2_VALUES:
        right = 0
        for index, (gold, options, _) in enumerate(data):
            train = [(g, o) for i, (g, o, _) in enumerate(data) if i != index]
            beta = fit(train, 6 + len(types), l2)
            right += bool(options) and max(options, key=lambda value: options[value] @ beta) == gold
        print(f"| {l2:g} | {right} | {rule_right} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
