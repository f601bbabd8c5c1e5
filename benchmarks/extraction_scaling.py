"""Extraction time against text size, this tree against a base commit in the same run (each in a subprocess).

Run: python -m benchmarks.extraction_scaling [--quick] [--base COMMIT] [--old-timeout SECONDS] [--markdown]

Texts of 25, 50, 100 and 200 kB (UTF-8): adversarial ones (a repeated country name; many country names; a long run
without sentence ends) and real ones (the fixture articles concatenated and repeated). The base commit's
`components` and `data` are extracted with `git archive` into a temporary folder and imported from there; a run
that takes longer than --old-timeout is reported as such. The ratio column is time(2n) / time(n): about 2 for
linear work, about 4 for quadratic work.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from components import paths

SIZES_KB = (25, 50, 100, 200)
QUICK_SIZES_KB = (25, 50)
DEFAULT_BASE = "4160fe793dc495fffd75acf5a9d7d24e5a3f4adb"  # main when the ingestion package was restructured
PUBLISHED = "2019-01-01"
WORKER = """
import datetime as dt, json, sys, time
sys.path.insert(0, sys.argv[1])
from components.ingest.extract import extract_candidates
text = open(sys.argv[2], encoding="utf-8").read()
published = dt.date.fromisoformat(sys.argv[3])
extract_candidates(text[:2000], None, published)  # load the lexicons (of the same language) before timing
times, found = [], []
while len(times) < int(sys.argv[4]) and sum(times) < 5:
    start = time.perf_counter()
    found = extract_candidates(text, None, published)
    times.append(time.perf_counter() - start)
print(json.dumps({"seconds": min(times), "candidates": len(found)}))
"""


def texts(size_kb: int) -> dict[str, str]:
    """The benchmark texts of one size, cut to at most size_kb * 1000 UTF-8 bytes at a character boundary."""
    real = "\n\n".join(path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt")))
    kinds = {
        "repeated country": "Xiaomi opens stores in China. ",
        "many countries": "Xiaomi enters Kenya, Peru, France, Brazil, India, Mexico, Spain, Italy, Chile, Japan; ",
        "no sentence end": "Xiaomi works with Samsung, the Apple of China, LG and Qualcomm in Chad, Georgia and Peru, ",
        "real articles": real + "\n\n",
    }
    limit = size_kb * 1000
    return {kind: _cut(unit * (limit // len(unit.encode("utf-8")) + 1), limit) for kind, unit in kinds.items()}


FIXTURES = paths.ROOT / "tests" / "fixtures" / "articles"


def _cut(text: str, limit: int) -> str:
    return text.encode("utf-8")[:limit].decode("utf-8", "ignore")


def measure(root: Path, text_file: Path, repeats: int, timeout: float) -> dict[str, float] | None:
    """Best time of up to `repeats` extractions with the code under `root` (None if it ran out of time)."""
    command = [sys.executable, "-c", WORKER, str(root), str(text_file), PUBLISHED, str(repeats)]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"extraction under {root} failed:\n{error.stderr}") from error
    return json.loads(result.stdout)


def extract_base(commit: str, folder: Path, repo: Path = paths.ROOT) -> Path:
    """Write the base commit's components/ and data/ into `folder` and return it."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", commit, "components", "data"],
        cwd=repo,
        capture_output=True,
        check=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run(sizes: tuple[int, ...], base: str, old_timeout: float, repeats: int, repo: Path) -> list[dict[str, object]]:
    """One row per (text kind, size): seconds and candidates for the base and this tree."""
    rows = []
    with tempfile.TemporaryDirectory() as temp:
        old_root = extract_base(base, Path(temp) / "base", repo)
        for size in sizes:
            for kind, text in texts(size).items():
                text_file = Path(temp) / "text.txt"
                text_file.write_text(text, encoding="utf-8")
                new = measure(paths.ROOT, text_file, repeats, timeout=600)
                old = measure(old_root, text_file, 1, timeout=old_timeout)
                rows.append({"kind": kind, "kb": size, "new": new, "old": old})
    return rows


def table(rows: list[dict[str, object]], old_timeout: float, markdown: bool = False) -> str:
    """Rows as a text (or Markdown) table with the time ratio to the half-size text."""
    seconds = {
        (row["kind"], row["kb"], side): (row[side] or {}).get("seconds") for row in rows for side in ("new", "old")
    }
    header = ["text", "kB", "new s", "new ratio", "new candidates", "base s", "base ratio", "speed-up"]
    lines = []
    for row in rows:
        kind, size = row["kind"], row["kb"]
        new, old = seconds[(kind, size, "new")], seconds[(kind, size, "old")]
        cells = [
            kind,
            str(size),
            f"{new:.3f}",
            _ratio(new, seconds.get((kind, size // 2, "new"))),
            str(row["new"]["candidates"]),
            f"{old:.3f}" if old is not None else f"> {old_timeout:.0f}",
            _ratio(old, seconds.get((kind, size // 2, "old"))),
            f"{old / new:.0f}x" if old is not None and new else f"> {old_timeout / new:.0f}x",
        ]
        lines.append(cells)
    if markdown:
        return "\n".join(
            ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
            + ["| " + " | ".join(c) + " |" for c in lines]
        )
    widths = [max(len(cells[i]) for cells in [header, *lines]) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)) for cells in [header, *lines]
    )


def _ratio(value: float | None, half: float | None) -> str:
    return f"{value / half:.2f}" if value is not None and half else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="25 and 50 kB only, base runs cut at 60 s")
    parser.add_argument(
        "--base", default=DEFAULT_BASE, help="commit whose extractor is compared (default: %(default)s)"
    )
    parser.add_argument("--old-timeout", type=float, default=None, help="seconds allowed per base run (default 600)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of this tree's extractor, best one kept")
    parser.add_argument("--repo", type=Path, default=paths.ROOT, help="git repository holding the base commit")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args(argv)
    sizes = QUICK_SIZES_KB if args.quick else SIZES_KB
    old_timeout = args.old_timeout or (60 if args.quick else 600)
    rows = run(sizes, args.base, old_timeout, args.repeats, args.repo)
    print(table(rows, old_timeout, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
