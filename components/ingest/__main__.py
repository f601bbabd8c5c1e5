"""Command line: `python -m components.ingest extract FILE... --json` and `review CANDIDATES.json --source-id ID`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

from components.ingest.extract import MAX_CANDIDATES, extract_candidates
from components.ingest.language import check_language
from components.ingest.review import candidates_to_event_rows, check_candidates, source_row
from components.ingest.text import ArticleError, read_article
from components.ingest.writer import check_source_id, write_reviewed
from components.model.schema import DataValidationError


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit code (0 ok, 2 bad input, 3 invalid data)."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args)
    except KeyboardInterrupt:
        print("error: interrupted; nothing was written", file=sys.stderr)  # noqa: T201
        return 2
    except (ArticleError, OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)  # noqa: T201
        return 3 if isinstance(error, DataValidationError) else 2


def run_extract(args: argparse.Namespace) -> int:
    """The extract command: candidates of each file as JSON (or a summary); the exit code."""
    published = dt.date.fromisoformat(args.published) if args.published else None
    texts = [(path, read_article(path)) for path in args.files]  # read all first: fail before printing anything
    candidates = []
    for path, text in texts:
        found = extract_candidates(text, args.lang, published, Path(path).name)
        if found.dropped:
            note = f"note: {path}: {found.dropped} more candidates dropped (at most {MAX_CANDIDATES} per article)"
            print(note, file=sys.stderr)  # noqa: T201
        if found.notice:
            print(f"note: {path}: {found.notice}", file=sys.stderr)  # noqa: T201
        candidates.extend(found)
    print(json.dumps(candidates, ensure_ascii=False, indent=2 if args.json else None))  # noqa: T201
    return 0


def run_review(args: argparse.Namespace) -> int:
    """The review command: write the reviewed candidates and their source as new data files; the exit code."""
    check_source_id(args.source_id)
    try:
        candidates = json.loads(Path(args.candidates).read_text(encoding="utf-8"))
    except RecursionError:
        raise ValueError(f"{args.candidates}: cannot read candidates (nested too deeply)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{args.candidates}: cannot read candidates ({error})") from error
    try:
        check_candidates(candidates)
    except ValueError as error:
        raise ValueError(f"{args.candidates}: {error}") from None
    language = args.language or str(candidates[0].get("language", ""))
    published = args.published or str(candidates[0].get("published", ""))
    events = candidates_to_event_rows(candidates, args.source_id)
    source = source_row(args.source_id, args.outlet, args.url, language, published, title=args.title)
    for path in write_reviewed(events, source, args.data_dir):
        print(f"wrote {path}")  # noqa: T201
    return 0


def _language(code: str) -> str:
    try:
        return check_language(code)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from error


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m components.ingest", description=__doc__)
    commands = parser.add_subparsers(required=True)
    extract = commands.add_parser("extract", help="print candidate events found in article files as JSON")
    extract.add_argument("files", nargs="+")
    extract.add_argument("--lang", type=_language, help="ISO 639-1 code (default: detected offline)")
    extract.add_argument("--published", help="publication date YYYY-MM-DD, for relative dates")
    extract.add_argument("--json", action="store_true", help="pretty-printed JSON (the output is always JSON)")
    extract.set_defaults(run=run_extract)
    review = commands.add_parser("review", help="write reviewed candidates as new event and source files")
    review.add_argument("candidates")
    review.add_argument("--source-id", required=True)
    review.add_argument("--outlet", required=True)
    review.add_argument("--url", default="")
    review.add_argument("--title", default="")
    review.add_argument("--language", default="")
    review.add_argument("--published", default="", help="as written in the data: YYYY, YYYY-MM or YYYY-MM-DD")
    review.add_argument("--data-dir", default=None)
    review.set_defaults(run=run_review)
    return parser


if __name__ == "__main__":
    sys.exit(main())
