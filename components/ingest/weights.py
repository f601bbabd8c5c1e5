"""Fitted per-mention weights: a plain L2 logistic regression, its CSV (data/lexicon/mention_weights.csv), scoring."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from components import paths

WEIGHTS_FILE = "mention_weights.csv"
BIAS, THRESHOLD = "(bias)", "(threshold)"  # rows of the CSV that are not features
NEWTON_STEPS = 50


@dataclass(frozen=True)
class Model:
    """One fitted decision: a weight per named feature, a bias, and the probability threshold it is decided at."""

    weights: Mapping[str, float]
    bias: float
    threshold: float

    def probability(self, features: Mapping[str, float]) -> float:
        """P(yes | features): the logistic of bias + sum of weight x value (features the model lacks count 0)."""
        z = self.bias + sum(weight * float(features.get(name, 0.0)) for name, weight in self.weights.items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 60.0), -60.0)))

    def strongest(self, features: Mapping[str, float], count: int = 3, sign: int = 1) -> list[str]:
        """Names of the features that push the score most towards yes (`sign` 1) or no (-1), strongest first."""
        pushes = [(sign * weight * float(features.get(name, 0.0)), name) for name, weight in self.weights.items()]
        return [name for push, name in sorted(pushes, key=lambda item: (-item[0], item[1])) if push > 0][:count]


def fit_logistic(
    rows: np.ndarray, labels: np.ndarray, l2: float = 1.0, signs: Sequence[int] | None = None
) -> tuple[np.ndarray, float]:
    """(weights, bias) of an L2-penalised logistic regression by Newton's method (deterministic; bias not
    penalised). `rows` is (n, k) of feature values, `labels` (n,) of 0/1. `signs` (k,) of +1, -1 or 0 constrain
    each weight's sign (0: free): a weight fitted against its sign is fixed at 0 and the rest refitted, until none is.
    """
    k = rows.shape[1]
    wanted = np.zeros(k) if signs is None else np.asarray(signs, dtype=float)
    free = np.ones(k, dtype=bool)
    while True:
        weights, bias = _newton(rows[:, free], labels, l2)
        full = np.zeros(k)
        full[free] = weights
        wrong = free & (full * wanted < 0)
        if not wrong.any():
            return full, bias
        free &= ~wrong


def _newton(rows: np.ndarray, labels: np.ndarray, l2: float) -> tuple[np.ndarray, float]:
    n, k = rows.shape
    design = np.hstack([rows, np.ones((n, 1))])
    beta = np.zeros(k + 1)
    penalty = np.full(k + 1, float(l2))
    penalty[-1] = 0.0
    for _ in range(NEWTON_STEPS):
        prob = 1.0 / (1.0 + np.exp(-np.clip(design @ beta, -60, 60)))
        gradient = design.T @ (prob - labels) + penalty * beta
        hessian = (design * (prob * (1 - prob))[:, None]).T @ design + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.max(np.abs(step)) < 1e-10:
            break
    return beta[:-1], float(beta[-1])


def best_threshold(probabilities: Sequence[float], labels: Sequence[int], misses: int = 0) -> float:
    """The threshold (0.10-0.90 by 0.05) with the best F1 of `probabilities >= threshold` against `labels`, counting
    `misses` more positives that no probability stands for; ties go to the threshold nearest 0.5.
    """
    probs, gold = np.asarray(probabilities, dtype=float), np.asarray(labels, dtype=int)
    best, best_key = 0.5, (-1.0, 0.0)
    for threshold in np.round(np.arange(0.10, 0.901, 0.05), 2):
        chosen = probs >= threshold
        hits = int((chosen & (gold == 1)).sum())
        denominator = int(chosen.sum()) + int(gold.sum()) + misses
        f1 = 2 * hits / denominator if denominator else 0.0
        key = (round(f1, 9), -abs(threshold - 0.5))
        if key > best_key:
            best, best_key = float(threshold), key
    return best


def write_weights(models: Mapping[str, Model], header: Sequence[str]) -> str:
    """The CSV text of fitted models: `#` header lines, then decision,feature,weight (bias and threshold rows last)."""
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["decision", "feature", "weight"])
    for decision, model in models.items():
        for name, weight in model.weights.items():
            writer.writerow([decision, name, f"{weight:.4f}"])
        writer.writerow([decision, BIAS, f"{model.bias:.4f}"])
        writer.writerow([decision, THRESHOLD, f"{model.threshold:.2f}"])
    return out.getvalue()


def parse_weights(text: str) -> dict[str, Model]:
    """Models read from the CSV text written by `write_weights` (lines starting with `#` are comments)."""
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    found: dict[str, dict[str, float]] = {}
    for row in csv.DictReader(lines):
        found.setdefault(row["decision"], {})[row["feature"]] = float(row["weight"])
    return {
        decision: Model(
            {name: value for name, value in values.items() if name not in (BIAS, THRESHOLD)},
            values.get(BIAS, 0.0),
            values.get(THRESHOLD, 0.5),
        )
        for decision, values in found.items()
    }


def weights_path() -> Path:
    """Where the fitted weights are kept."""
    return paths.DATA_DIR / "lexicon" / WEIGHTS_FILE


@lru_cache(maxsize=1)
def read_weights() -> dict[str, Model]:
    """The fitted models of data/lexicon/mention_weights.csv by decision (market, rival); {} if the file is absent."""
    path = weights_path()
    return parse_weights(path.read_text(encoding="utf-8")) if path.exists() else {}
