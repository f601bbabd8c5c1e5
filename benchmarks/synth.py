"""Write a complete, valid synthetic data folder in the model's format, with N events.

    python -m benchmarks.synth --events 100000 --out /tmp/atlas-1e5

The reference tables (stages, event types, regions, companies, product lines) are copied from the bundled data/;
sources (~N/5), events, market-share rows (~N/4) and conflicts (~N/100) are generated with random.Random(0), so
the same N always gives byte-identical files. Events cover every ISO 3166-1 alpha-3 country (plus a few M.49
regions), every product line, status, company, date precision and the 20 years 2006-2025.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import sys
from pathlib import Path

import pycountry

from components import paths
from components.model.schema import TABLES
from components.model.vocabulary import DATE_BASES, DATE_PRECISIONS, MARKET_SHARE_METRICS, SOURCE_KINDS, STATUSES

REFERENCE_FILES = ("stages.csv", "event_types.csv", "regions.csv", "companies.csv", "product_lines.csv")
YEARS = range(2006, 2026)
ROWS_PER_FILE = 250_000  # big tables are split over several files, as real folders are
LANGUAGES = ("en", "zh", "es", "pt", "fr", "de", "it", "ru", "ko", "ja", "vi", "id", "hi", "ar", "tr", "pl")
OUTLETS = (
    "Reuters",
    "The Verge",
    "GizChina",
    "Android Authority",
    "Xataka",
    "Heise",
    "Kommersant",
    "IDC",
    "Counterpoint",
)
PARTNERS = ("Koma Trade", "Youmi", "Flipkart", "Amazon", "MediaMarkt", "Telcel", "Three", "Lazada", "Shopee", "Jumia")
WORDS = ("launch", "store", "partner", "phone", "band", "market", "official", "online", "carrier", "retail", "expands")


def _read_ids(table: str) -> list[str]:
    spec = TABLES[table]
    with (paths.DATA_DIR / spec.pattern).open(encoding="utf-8-sig", newline="") as handle:
        return [row[spec.id_column].strip() for row in csv.DictReader(handle)]


def _date(rng: random.Random) -> tuple[str, str]:
    """A date written at a random precision, and that precision."""
    year = rng.choice(YEARS)
    precision = rng.choices(DATE_PRECISIONS, weights=(5, 3, 1, 1, 1))[0]
    if precision == "day":
        return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", precision
    if precision == "month":
        return f"{year}-{rng.randint(1, 12):02d}", precision
    if precision == "quarter":
        return f"{year}-Q{rng.randint(1, 4)}", precision
    if precision == "half":
        return f"{year}-H{rng.randint(1, 2)}", precision
    return str(year), precision


def _sentence(rng: random.Random, n: int = 8) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + ", reportedly."


def _write(folder: Path, name: str, columns: list[str], rows: list[list[str]], file_format: str = "csv") -> list[Path]:
    """Write `rows` under folder/name (a table folder is split into files of ROWS_PER_FILE rows, CSV or Parquet)."""
    written = []
    chunks = [rows[i : i + ROWS_PER_FILE] for i in range(0, len(rows), ROWS_PER_FILE)] or [[]]
    for number, chunk in enumerate(chunks):
        if file_format == "parquet" and not name.endswith(".csv"):
            import pyarrow as pa
            import pyarrow.parquet as pq

            target = folder / f"{name}/synth_{number:03d}.parquet"
            target.parent.mkdir(parents=True, exist_ok=True)
            table = pa.table({c: pa.array([row[i] for row in chunk], type=pa.string()) for i, c in enumerate(columns)})
            pq.write_table(table, target)
            written.append(target)
            continue
        target = folder / (name if name.endswith(".csv") else f"{name}/synth_{number:03d}.csv")
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(chunk)
        written.append(target)
    return written


def generate(n_events: int, out: str | Path, seed: int = 0, file_format: str = "csv") -> Path:
    """Write a data folder with `n_events` events under `out` (created; existing table folders are replaced).

    With file_format="parquet" the table folders (sources, events, market_share) hold Parquet files of text columns
    with the same rows; the single-file tables stay CSV.
    """
    rng = random.Random(seed)
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("events", "sources", "market_share"):
        shutil.rmtree(folder / sub, ignore_errors=True)
    for name in REFERENCE_FILES:
        shutil.copyfile(paths.DATA_DIR / name, folder / name)

    companies = _read_ids("companies")
    competitors = [c for c in companies if c != "xiaomi"]
    event_types = _read_ids("event_types")
    stages = _read_ids("stages")
    product_lines = _read_ids("products")
    regions = _read_ids("regions")
    countries = sorted(country.alpha_3 for country in pycountry.countries)

    n_sources = max(1, n_events // 5)
    source_ids = [f"s{i:07d}" for i in range(n_sources)]
    sources = []
    for i, source_id in enumerate(source_ids):
        published, precision = _date(rng) if rng.random() < 0.95 else ("", "")
        kind = SOURCE_KINDS[i % len(SOURCE_KINDS)]
        sources.append(
            [
                source_id,
                rng.choice(OUTLETS),
                _sentence(rng, 6),
                rng.choice(("", "A. Writer", "B. Reporter")),
                rng.choice(LANGUAGES),
                published,
                precision,
                rng.choice(DATE_BASES) if published else "",
                "",
                f"https://example.org/{source_id}" if rng.random() < 0.9 else "",
                kind,
                "weak" if kind == "blog" else "strong",
                f"cluster-{rng.randrange(max(1, n_sources // 3))}" if rng.random() < 0.5 else "",
                "Synthetic source.",
            ]
        )

    event_ids = [f"e{i:07d}" for i in range(n_events)]
    events = []
    for i, event_id in enumerate(event_ids):
        # Cycle through countries and statuses so every one appears even at small N; the rest is random.
        country = countries[i % len(countries)] if rng.random() < 0.98 else rng.choice(regions)
        date, precision = _date(rng)
        company = "xiaomi" if i % len(companies) and rng.random() < 0.7 else companies[i % len(companies)]
        events.append(
            [
                event_id,
                company,
                country,
                date,
                precision,
                rng.choice(DATE_BASES),
                "Worked out from the article date." if rng.random() < 0.2 else "",
                rng.choice(event_types),
                stages[i % len(stages)] if rng.random() < 0.3 else rng.choice(stages),
                STATUSES[i % len(STATUSES)] if rng.random() < 0.5 else "happened",
                ";".join(rng.sample(product_lines, rng.randint(1, 3))) if rng.random() < 0.9 else "",
                "Mi Band;Redmi Note 4" if rng.random() < 0.3 else "",
                ";".join(rng.sample(PARTNERS, rng.randint(1, 2))) if rng.random() < 0.4 else "",
                ";".join(rng.sample(competitors, rng.randint(1, 2))) if rng.random() < 0.3 else "",
                _sentence(rng),
                ";".join(rng.sample(source_ids, min(len(source_ids), rng.randint(1, 3)))),
            ]
        )

    n_shares = max(1, n_events // 4)
    shares = []
    for i in range(n_shares):
        country = rng.choice(countries) if rng.random() < 0.95 else rng.choice(("001", "150"))
        year = rng.choice(YEARS)
        period, precision = rng.choice(
            (
                (f"{year}-{rng.randint(1, 12):02d}", "month"),
                (f"{year}-Q{rng.randint(1, 4)}", "quarter"),
                (str(year), "year"),
            )
        )
        metric = rng.choice(MARKET_SHARE_METRICS)
        shares.append(
            [
                f"m{i:07d}",
                country,
                period,
                precision,
                rng.choice(companies),
                metric,
                "StatCounter" if metric == "web_usage_share" else "Analyst",
                f"{rng.uniform(0, 40):.2f}",
                rng.choice(source_ids),
                "CC BY-SA 3.0" if metric == "web_usage_share" else "proprietary, cited with attribution",
                "anomaly" if rng.random() < 0.01 else "",
                "",
            ]
        )

    conflicts = []
    for i in range(max(1, n_events // 100)):
        for claim in range(2):
            conflicts.append(
                [
                    f"c{i:06d}-{claim}",
                    f"c{i:06d}",
                    rng.choice(("launch date", "partner", "stage")),
                    rng.choice(countries),
                    ";".join(rng.sample(event_ids, min(len(event_ids), 2))),
                    "",
                    _sentence(rng),
                    rng.choice(source_ids),
                    "Sources disagree; both kept.",
                ]
            )

    _write(folder, "sources", TABLES["sources"].column_names, sources, file_format)
    _write(folder, "events", TABLES["events"].column_names, events, file_format)
    _write(folder, "market_share", TABLES["market_share"].column_names, shares, file_format)
    _write(folder, "conflicts.csv", TABLES["conflicts"].column_names, conflicts)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=float, required=True, help="number of events (1e5 is accepted)")
    parser.add_argument("--out", required=True, help="folder to write (created)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv", help="file format of the table folders")
    args = parser.parse_args(argv)
    folder = generate(int(args.events), args.out, args.seed, args.format)
    sys.stdout.write(f"wrote {int(args.events)} events to {folder}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
