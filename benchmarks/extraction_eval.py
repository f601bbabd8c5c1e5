"""Score the article extractor on the real evaluation set (tests/fixtures/eval), per field, split and language.

Run: python3 -m benchmarks.extraction_eval [--markdown] [--split dev|test] [--articles] [--ids F | --exclude-ids F]

Market countries, product lines and partners are those of the candidates classified `market` (of every candidate
when the extractor gives no classification; the guide labels lines and partners of the markets of the news), rivals
those of every candidate (the guide counts rivals in the market or globally); the primary event type is the one of
the candidate marked `primary` (else the first one); the publication date is the extractor's `published` where the
text gives one (scored only on those articles).
`--articles` lists per-article errors, and only for the dev part: the test part is scored, never inspected.
`--ids F` / `--exclude-ids F` score a subset (ids one per line, e.g. tests/fixtures/eval/round3_ids.txt: the third
round's articles, or all but them).
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterable
from pathlib import Path

from components import paths
from components.ingest.extract import extract_candidates
from components.ingest.text import read_article

EVAL_DIR = paths.ROOT / "tests" / "fixtures" / "eval"
SET_FIELDS = ("market_countries", "competitors", "product_lines", "partners")
TARGETS = {"market_countries": 0.85, "competitors": 0.85, "product_lines": 0.8, "partners": 0.7}
EVENT_TARGET = 0.7
SPLITS = ("dev", "test")


def read_labels(eval_dir: Path = EVAL_DIR) -> list[dict[str, str]]:
    """The label rows of the evaluation set, in file order."""
    with (eval_dir / "labels.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def split_values(cell: str) -> set[str]:
    """The `;`-separated values of a label cell."""
    return {value.strip() for value in cell.split(";") if value.strip()}


def predict_article(row: dict[str, str], eval_dir: Path = EVAL_DIR) -> dict[str, object]:
    """What the extractor says about one article: the value sets, the primary event type and the date."""
    path = eval_dir / "articles" / f"{row['article_id']}.txt"
    candidates = extract_candidates(read_article(path), row["language"], None, path.name)
    classified = [c for c in candidates if "country_role" in c]
    chosen = [c for c in classified if c["country_role"] == "market"] if classified else list(candidates)
    primary = next((c for c in candidates if c.get("primary")), candidates[0] if candidates else None)
    return {
        "market_countries": {c["country"] for c in chosen},
        "competitors": {v for c in candidates for v in c["competitors"]},  # rivals are named article-wide
        **{field: {v for c in chosen for v in c[field]} for field in SET_FIELDS[2:]},
        "event_type": primary["event_type"] if primary else "",
        "published": str(getattr(candidates, "published", "") or ""),
    }


def count_matches(predicted: set[str], gold: set[str], field: str) -> tuple[int, int]:
    """(predicted values matching a gold value, gold values matched by a prediction); partners by word containment."""
    if field != "partners":
        return len(predicted & gold), len(predicted & gold)
    words = {value: set(value.casefold().split()) for value in predicted | gold}

    def same(a: str, b: str) -> bool:
        return words[a] <= words[b] or words[b] <= words[a]

    return sum(any(same(p, g) for g in gold) for p in predicted), sum(any(same(g, p) for p in predicted) for g in gold)


def score_article(row: dict[str, str], predicted: dict[str, object]) -> dict[str, object]:
    """Counts for one article: per set field (hits, predicted, gold, found), event right, date (given, right)."""
    counts: dict[str, object] = {}
    for field in SET_FIELDS:
        gold, guess = split_values(row[field]), predicted[field]
        hits, found = count_matches(guess, gold, field)
        counts[field] = (hits, len(guess), len(gold), found)
    counts["event_type"] = predicted["event_type"] == row["primary_event_type"]
    given = bool(row["published"])
    counts["published"] = (given, given and predicted["published"] == row["published"])
    return counts


def summarise(scored: list[dict[str, object]]) -> dict[str, float | int]:
    """Micro-averaged precision and recall per set field, event-type share and date share over scored articles."""
    summary: dict[str, float | int] = {"articles": len(scored)}
    for field in SET_FIELDS:
        hits, n_pred, n_gold, found = (sum(s[field][i] for s in scored) for i in range(4))
        summary[f"{field}_p"] = hits / n_pred if n_pred else (1.0 if not n_gold else 0.0)
        summary[f"{field}_r"] = found / n_gold if n_gold else 1.0
        summary[f"{field}_n"] = n_gold
    summary["event_type"] = sum(bool(s["event_type"]) for s in scored) / len(scored) if scored else 0.0
    dated = [s["published"][1] for s in scored if s["published"][0]]
    summary["published"] = sum(dated) / len(dated) if dated else 1.0
    summary["published_n"] = len(dated)
    return summary


def read_ids(path: Path) -> set[str]:
    """The article ids listed in a file, one per line (blank lines and `#` comments skipped)."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}


def select_rows(
    rows: list[dict[str, str]], splits: Iterable[str], ids: set[str] | None = None, exclude: set[str] | None = None
) -> list[dict[str, str]]:
    """The label rows of `splits`, kept to `ids` when given and without `exclude` when given."""
    wanted = set(splits)
    return [
        row
        for row in rows
        if row["split"] in wanted
        and (ids is None or row["article_id"] in ids)
        and (exclude is None or row["article_id"] not in exclude)
    ]


def evaluate(
    eval_dir: Path = EVAL_DIR,
    splits: Iterable[str] = SPLITS,
    ids: set[str] | None = None,
    exclude: set[str] | None = None,
) -> list[dict[str, object]]:
    """One scored record per selected article: id, split, language, counts, and (dev only) the prediction."""
    records = []
    for row in select_rows(read_labels(eval_dir), splits, ids, exclude):
        predicted = predict_article(row, eval_dir)
        record = {"article_id": row["article_id"], "split": row["split"], "language": row["language"]}
        record["counts"] = score_article(row, predicted)
        if row["split"] == "dev":
            record["predicted"], record["gold"] = predicted, row
        records.append(record)
    return records


def render_split_table(records: list[dict[str, object]]) -> str:
    """Markdown: one row per field, one column pair per split scored, with the targets."""
    splits = [split for split in SPLITS if any(r["split"] == split for r in records)]
    by_split = {split: summarise([r["counts"] for r in records if r["split"] == split]) for split in splits}
    head = "| field | " + " | ".join(f"{s} P | {s} R" for s in splits) + " | target |"
    lines = [head, "|---|" + "---|---|" * len(splits) + "---|"]
    for field in SET_FIELDS:
        cells = " | ".join(f"{by_split[s][f'{field}_p']:.2f} | {by_split[s][f'{field}_r']:.2f}" for s in splits)
        lines.append(f"| {field} | {cells} | {TARGETS[field]:.2f} / {TARGETS[field]:.2f} |")
    for key, label, target in (("event_type", "primary event type", EVENT_TARGET), ("published", "date", 1.0)):
        cells = " | ".join(f"{by_split[s][key]:.2f} | " for s in splits)
        lines.append(f"| {label} (share right) | {cells} | {target:.2f} |")
    counts = ", ".join(f"{s}: {by_split[s]['articles']} articles, {by_split[s]['published_n']} dated" for s in splits)
    return "\n".join([*lines, "", counts])


def render_language_table(records: list[dict[str, object]]) -> str:
    """Markdown: per language and split, market-country P/R, competitor P/R, product-line P/R, event share."""
    lines = [
        "| language | split | n | market P | market R | rival P | rival R | lines P | lines R | partners R | event |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    keys = sorted({(r["language"], r["split"]) for r in records})
    for lang, split in keys:
        s = summarise([r["counts"] for r in records if r["language"] == lang and r["split"] == split])
        lines.append(
            f"| {lang} | {split} | {s['articles']} | {s['market_countries_p']:.2f} | {s['market_countries_r']:.2f} "
            f"| {s['competitors_p']:.2f} | {s['competitors_r']:.2f} | {s['product_lines_p']:.2f} "
            f"| {s['product_lines_r']:.2f} | {s['partners_r']:.2f} | {s['event_type']:.2f} |"
        )
    return "\n".join(lines)


def render_dev_errors(records: list[dict[str, object]]) -> str:
    """Per dev article: the values predicted but not labelled (+) and labelled but not predicted (-)."""
    out = []
    for record in records:
        if record["split"] != "dev":
            continue
        predicted, gold = record["predicted"], record["gold"]
        parts = []
        for field in SET_FIELDS:
            extra = sorted(set(predicted[field]) - split_values(gold[field]))
            missing = sorted(split_values(gold[field]) - set(predicted[field]))
            if extra or missing:
                parts.append(f"{field}: +{extra} -{missing}")
        if predicted["event_type"] != gold["primary_event_type"]:
            parts.append(f"event: {predicted['event_type']} (gold {gold['primary_event_type']})")
        if gold["published"] and predicted["published"] != gold["published"]:
            parts.append(f"date: {predicted['published']!r} (gold {gold['published']})")
        out.append(f"{record['article_id']}: " + ("; ".join(parts) or "ok"))
    return "\n".join(out)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print the split and per-language tables")
    parser.add_argument("--articles", action="store_true", help="list per-article errors (dev part only)")
    parser.add_argument("--split", choices=SPLITS, help="extract and score this part only (tune with --split dev)")
    subset = parser.add_mutually_exclusive_group()
    subset.add_argument("--ids", type=Path, help="score only the article ids listed in this file (one per line)")
    subset.add_argument("--exclude-ids", type=Path, help="score every article except the ids listed in this file")
    args = parser.parse_args(list(argv) if argv is not None else None)
    ids = read_ids(args.ids) if args.ids else None
    exclude = read_ids(args.exclude_ids) if args.exclude_ids else None
    records = evaluate(splits=[args.split] if args.split else SPLITS, ids=ids, exclude=exclude)
    print(render_split_table(records))
    if args.markdown:
        print("\n" + render_language_table(records))
    if args.articles:
        print("\n" + render_dev_errors(records))
    return 0


if __name__ == "__main__":
    sys.exit(main())
