"""Turn reviewed candidates into event and source rows, validate them with the whole data folder, write atomically."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from components import model, paths, schema

PHONE_LINE = "smartphones"
NOT_RAISING = {
    "plan_statement",
    "ip_filing",
    "market_claim",
    "competitor_reaction",
    "regulatory",
    "funding",
    "product_range",
}


def derive_stage(event_type: str, status: str, product_lines: Sequence[str]) -> str:
    """The entry stage a candidate implies (see data/README.md): a reviewer may change it."""
    if status != "happened" or event_type in NOT_RAISING:
        return "planned"
    if event_type == "store_opening":
        return "own_store"
    if event_type == "exit":
        return "exited"
    phones = PHONE_LINE in product_lines
    if event_type in ("official_launch", "online_launch") and phones:
        return "phones_official"
    return "phones_partner" if phones else "ecosystem"


def candidates_to_event_rows(
    candidates: Sequence[Mapping[str, object]], source_id: str, company: str = "xiaomi"
) -> list[dict[str, str]]:
    """Event rows (schema columns, list cells joined with ';') with new ids 'ing-<source_id>-NN'."""
    rows = []
    for number, candidate in enumerate(candidates, start=1):
        lines = _as_list(candidate.get("product_lines"))
        event_type, status = str(candidate.get("event_type", "")), str(candidate.get("status", ""))
        rows.append(
            {
                "event_id": f"ing-{source_id}-{number:02d}",
                "company": str(candidate.get("company") or company),
                "country": str(candidate.get("country", "")),
                "date": str(candidate.get("date", "")),
                "date_precision": str(candidate.get("date_precision", "")),
                "date_basis": str(candidate.get("date_basis") or "inferred"),
                "date_note": str(candidate.get("date_note") or "Extracted from the article; check against the text."),
                "event_type": event_type,
                "stage": str(candidate.get("stage") or derive_stage(event_type, status, lines)),
                "status": status,
                "product_lines": ";".join(lines),
                "products": ";".join(_as_list(candidate.get("products"))),
                "partners": ";".join(_as_list(candidate.get("partners"))),
                "competitors": ";".join(_as_list(candidate.get("competitors"))),
                "summary": str(candidate.get("summary") or _summary(candidate)),
                "source_ids": source_id,
            }
        )
    return rows


def source_row(
    source_id: str, outlet: str, url: str = "", language: str = "", published: str = "", **extra: str
) -> dict[str, str]:
    """A sources row for the article (kind 'news', reliability 'strong' unless given)."""
    precision = schema.parse_partial_date(published)[1] if published else ""
    row = {name: "" for name in schema.TABLES["sources"].column_names}
    row.update(
        source_id=source_id, outlet=outlet, url=url, language=language, published=published,
        published_precision=precision, published_basis="stated" if published else "", kind="news", reliability="strong",
    )  # fmt: skip
    row.update({key: value for key, value in extra.items() if key in row})
    return row


def write_reviewed(
    events: Sequence[Mapping[str, str]], source: Mapping[str, str], data_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Write events/ingested-<id>.csv and sources/ingested-<id>.csv after validating the whole folder with them.

    Raises FileExistsError if either file exists and schema.DataValidationError on any problem; nothing is
    written in either case. Existing files are never changed.
    """
    folder = paths.resolve_data_dir(data_dir)
    name = f"ingested-{source['source_id']}.csv"
    targets = (folder / "events" / name, folder / "sources" / name)
    for target in targets:
        if target.exists():
            raise FileExistsError(f"{target} already exists; choose another source id")
    frames = (_frame(events, "events"), _frame([source], "sources"))
    validate_with_folder(folder, dict(zip(targets, frames, strict=True)))
    for target, frame in zip(targets, frames, strict=True):
        write_csv_atomically(frame, target)
    return targets


def validate_with_folder(folder: Path, new_files: Mapping[Path, pd.DataFrame]) -> None:
    """Copy the folder to a temporary place, add the new files, and raise if the model finds any problem."""
    with tempfile.TemporaryDirectory() as temp:
        copy = Path(temp) / "data"
        shutil.copytree(folder, copy)
        for target, frame in new_files.items():
            frame.to_csv(copy / target.relative_to(folder), index=False)
        raw, problems = model.read_raw_tables(copy)
        if not problems:
            problems = model.validate_raw_tables(raw)
    if problems:
        raise schema.DataValidationError(problems)


def write_csv_atomically(frame: pd.DataFrame, target: Path) -> None:
    """Write a CSV next to its target, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            frame.to_csv(out, index=False)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)


def rows_to_csv(rows: Sequence[Mapping[str, str]], table: str) -> str:
    """Rows as CSV text with the table's columns (for downloads)."""
    return _frame(rows, table).to_csv(index=False)


def _frame(rows: Sequence[Mapping[str, str]], table: str) -> pd.DataFrame:
    columns = schema.TABLES[table].column_names
    return pd.DataFrame(
        [{column: row.get(column, "") for column in columns} for row in rows], columns=columns, dtype=str
    )


def _as_list(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return schema.split_list(value)
    return [str(item).strip() for item in value if str(item).strip()]  # type: ignore[union-attr]


def _summary(candidate: Mapping[str, object]) -> str:
    what = str(candidate.get("event_type", "event")).replace("_", " ")
    where, status = candidate.get("country", "?"), candidate.get("status", "?")
    return f"Extracted candidate: {what} in {where} ({status}); to be reviewed."
