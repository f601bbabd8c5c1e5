"""Turn reviewed candidates into event and source rows (written into the data folder by ingest/writer.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import pandas as pd

from components import paths
from components.ingest.writer import table_frame, validate_with_folder, write_csv_atomically, write_reviewed
from components.model import schema
from components.model.read import read_table
from components.model.stage_rules import implied_stage
from components.model.typed import to_typed_frame
from components.model.vocabulary import SUBJECT

__all__ = ["candidates_to_event_rows", "check_candidates", "derive_stage", "rows_to_csv", "source_row"]
__all__ += ["table_frame", "validate_with_folder", "write_csv_atomically", "write_reviewed"]  # from ingest/writer.py


@lru_cache(maxsize=4)
def read_event_types(data_dir: str = "") -> pd.DataFrame:
    """The typed event types of the data folder (default: $ATLAS_DATA_DIR or data/): what each type implies."""
    folder = paths.resolve_data_dir(data_dir or None)
    raw, problems = read_table(folder, "event_types", set())
    if raw is None or problems:
        raise schema.DataValidationError(problems)
    return to_typed_frame("event_types", raw, {})


def derive_stage(event_type: str, status: str, product_lines: Sequence[str], data_dir: str = "") -> str:
    """The entry stage a candidate implies, from data/event_types.csv (model.stage_rules): a reviewer may change it."""
    return implied_stage(read_event_types(data_dir), event_type, status, product_lines)


def candidates_to_event_rows(
    candidates: Sequence[Mapping[str, object]], source_id: str, company: str = SUBJECT
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


LIST_FIELDS = ("mentioned_countries", "product_lines", "products", "partners", "competitors")
TEXT_FIELDS = (
    "company", "country", "date", "date_precision", "date_basis", "date_note", "event_type", "stage", "status",
    "summary", "language", "published", "target_date", "source_file",
)  # fmt: skip


def check_candidates(candidates: object) -> list[dict[str, object]]:
    """The candidates if they are a non-empty list of JSON objects whose fields have the right types; else
    ValueError saying which candidate and field is wrong (list fields: a list of strings or a ';'-joined string).
    """
    if not isinstance(candidates, list) or not candidates:
        raise ValueError("expected a non-empty JSON list of candidates (objects)")
    for number, candidate in enumerate(candidates, start=1):
        if not isinstance(candidate, dict):
            raise ValueError(f"candidate {number} is {type(candidate).__name__}, not a JSON object")
        for field in LIST_FIELDS:
            value = candidate.get(field)
            if not (value is None or isinstance(value, str) or (isinstance(value, list) and _all_strings(value))):
                raise ValueError(f"candidate {number}: {field} must be a list of strings or a ';'-separated string")
        for field in TEXT_FIELDS:
            if not isinstance(candidate.get(field, ""), str | None):
                raise ValueError(f"candidate {number}: {field} must be a string")
    return candidates


def _all_strings(values: list[object]) -> bool:
    return all(isinstance(value, str) for value in values)


def source_row(
    source_id: str, outlet: str, url: str = "", language: str = "", published: str = "", **extra: str
) -> dict[str, str]:
    """A sources row for the article (kind 'news', reliability 'strong' unless given)."""
    precision = schema.parse_partial_date(published)[1] if published else ""
    row = dict.fromkeys(schema.TABLES["sources"].column_names, "")
    row.update(
        source_id=source_id, outlet=outlet, url=url, language=language, published=published,
        published_precision=precision, published_basis="stated" if published else "", kind="news", reliability="strong",
    )  # fmt: skip
    row.update({key: value for key, value in extra.items() if key in row})
    return row


def rows_to_csv(rows: Sequence[Mapping[str, str]], table: str) -> str:
    """Rows as CSV text with the table's columns (for downloads)."""
    return table_frame(rows, table).to_csv(index=False)


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
