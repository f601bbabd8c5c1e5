"""Break a valid data folder in random, realistic ways, to check the vectorised loader against its exact path.

`mutate(folder, rng, n)` edits `n` random cells (and sometimes whole lines) of the CSV files in place. Used by
tests/test_benchmarks.py: loading with every vectorised shortcut on must report exactly what loading with every
shortcut off reports (the `exact_everywhere` and `vectorised_everywhere` thresholds).
"""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

BAD_VALUES = (
    "",
    " ",
    "  padded  ",
    "x;y",
    "nope",
    "2016-02-30",
    "2016-02-29",
    "2015-02-29",
    "2016-13",
    "2016-00",
    "2016-Q5",
    "2016-H3",
    "16",
    "0000",
    "1600-01-01",
    "2300",
    "\u0662\u0660\u0661\u0666",
    "2016-04-31",
    "2016-12-31",
    "2016-Q1",
    "2016-H2",
    "2016",
    "2016-05",
    "2016-05-05",
    "day",
    "month",
    "year",
    "quarter",
    "half",
    " day",
    "1_000",
    "nan",
    "inf",
    "1e3",
    "-.5",
    "12,5",
    "http://a b",
    "https://x.org/\u00a0y",
    "https://ok.org/p",
    "ftp://x.org",
    "zz",
    "KOR",
    "150",
    "xiaomi",
    "samsung;nobody",
    "s0000001",
    "s0000001; s0000002",
    ";",
    "\u00a0",
    "e0000003",
    "happened",
    "stated",
    "en",
    "e\u0301",
    "\u1680",
    "x\x1c",
)


def mutate(folder: Path, rng: random.Random, n: int = 5) -> None:
    """Apply `n` random edits to the CSV files under `folder`."""
    files = sorted(p for p in folder.rglob("*.csv") if p.stat().st_size)
    for _ in range(n):
        big = [p for p in files if p.parent != folder or p.name == "conflicts.csv"]
        file = rng.choice(big if big and rng.random() < 0.9 else files)  # reference tables break everything
        rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
        if len(rows) < 2:
            continue
        i = rng.randrange(1, len(rows))
        action = rng.random()
        if action < 0.75:
            j = rng.randrange(len(rows[i]))
            rows[i][j] = rng.choice(BAD_VALUES) if rng.random() < 0.8 else rows[rng.randrange(1, len(rows))][j]
        elif action < 0.85:
            rows.insert(rng.randrange(1, len(rows) + 1), list(rows[i]))  # duplicate id
        elif action < 0.9:
            rows[i] = rows[i][:-1]  # missing field
        elif action < 0.95:
            rows.insert(i, [""] * len(rows[0]))  # blank row
        else:
            rows[i][0] = rows[i][0] + "\nsecond line"  # a record over two lines
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator=rng.choice(("\n", "\r\n"))).writerows(rows)
        file.write_text(out.getvalue(), encoding="utf-8", newline="")
