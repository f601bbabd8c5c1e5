#!/usr/bin/env python3
"""Draw a random sample of the events added since a commit, with their sources, for re-reading against the pages.

Usage:  python tools/sample_events.py --since 05bb8d0 --n 20 --seed 2026
Prints one block per event: id, country, date, type, status, summary, and each cited source's outlet and address.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import subprocess

from components import paths
from components.model import load_model


def event_ids_at(commit: str) -> set[str]:
    """The event ids of data/events/*.csv at `commit` (read with git, nothing checked out)."""
    listing = subprocess.run(
        ["git", "-C", str(paths.ROOT), "ls-tree", "--name-only", commit, "data/events/"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    ids: set[str] = set()
    for name in listing:
        text = subprocess.run(
            ["git", "-C", str(paths.ROOT), "show", f"{commit}:{name}"], capture_output=True, text=True, check=True
        ).stdout
        ids |= {row["event_id"] for row in csv.DictReader(io.StringIO(text))}
    return ids


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", default="05bb8d0", help="the commit before the new rows")
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    model = load_model()
    old = event_ids_at(args.since)
    new = model.events[~model.events["event_id"].astype(str).isin(old)]
    rows = sorted(random.Random(args.seed).sample(range(len(new)), min(args.n, len(new))))
    sources = model.sources.set_index("source_id")
    for number, row in enumerate(rows, start=1):
        event = new.iloc[row]
        print(
            f"{number}. {event['event_id']} | {event['country']} | {event['date_label']} | {event['event_type']} | "
            f"{event['status']} | {event['stage']}\n   {event['summary']}"
        )
        for source_id in event["source_ids"]:
            source = sources.loc[source_id]
            print(f"   - {source_id}: {source['outlet']} ({source['reliability']}) {source['url']}")
    print(f"\n{len(rows)} of {len(new)} events added since {args.since} (seed {args.seed})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
