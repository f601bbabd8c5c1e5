"""The Add page's views: candidates as evidence rows and as an editable table (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.model.schema import TABLES, iso3_codes
from components.model.validate import validate_table
from components.model.vocabulary import DATE_BASES, DATE_PRECISIONS, STATUSES
from components.queries.atlas import Atlas


def evidence_table(candidate: dict) -> pd.DataFrame:
    """A candidate's evidence as rows of field, value, offsets and the quoted text."""
    rows = [
        {"field": field, "value": item["value"], "start": item["start"], "end": item["end"], "text": item["text"]}
        for field, items in candidate["evidence"].items()
        for item in items
    ]
    return pd.DataFrame(rows, columns=["field", "value", "start", "end", "text"])


EDITABLE_COLUMNS = ("country", "event_type", "status", "stage", "date", "date_precision", "date_basis",
                    "product_lines", "products", "partners", "competitors")  # fmt: skip
LIST_COLUMNS = ("product_lines", "competitors")  # edited as lists (option columns); the rest as ';'-joined text


def primary_first(candidates: list[dict]) -> list[dict]:
    """The candidates with the one marked primary first, then by rank (extraction order where none is given)."""
    order = sorted(range(len(candidates)), key=lambda i: (not candidates[i].get("primary"),
                                                         candidates[i].get("rank", i)))  # fmt: skip
    return [candidates[i] for i in order]


def editable_frame(candidates: list[dict]) -> pd.DataFrame:
    """Candidates as an editable table: option columns as lists, other list fields joined with ';'."""
    rows = [{column: candidate.get(column, "") for column in EDITABLE_COLUMNS} for candidate in candidates]
    frame = pd.DataFrame(rows, columns=list(EDITABLE_COLUMNS))
    for column in ("products", "partners"):
        frame[column] = frame[column].map(lambda values: ";".join(values) if isinstance(values, list) else str(values))
    for column in LIST_COLUMNS:
        frame[column] = frame[column].map(lambda values: list(values) if isinstance(values, list) else [])
    for column in set(EDITABLE_COLUMNS) - set(LIST_COLUMNS) - {"products", "partners"}:
        frame[column] = frame[column].map(lambda value: "" if value is None else str(value))
    return frame


def column_options(atlas: Atlas) -> dict[str, list[str]]:
    """The values each option column of the review table offers: countries and regions, event types, statuses,
    stages, date precisions and bases, product lines and companies (the schema's own vocabularies).
    """
    model = atlas.model
    return {
        "country": sorted(iso3_codes()) + sorted(model.regions["region_code"].astype(str)),
        "event_type": model.event_types["event_type"].astype(str).tolist(),
        "status": list(STATUSES),
        "stage": model.stages["stage_id"].astype(str).tolist(),
        "date_precision": list(DATE_PRECISIONS),
        "date_basis": list(DATE_BASES),
        "product_lines": model.products["product_line_id"].astype(str).tolist(),
        "competitors": model.companies["company_id"].astype(str).tolist(),
    }


def validate_rows(atlas: Atlas, event_rows: list[dict[str, str]], source: dict[str, str]) -> dict[int, list[str]]:
    """Problems of the reviewed rows by the data contract (the checks `review` runs), per event row (0-based);
    problems of the source row under -1. Ids must be new; references must resolve to the atlas's tables.
    """
    model = atlas.model
    known = {
        "companies.company_id": frozenset(model.companies["company_id"].astype(str)),
        "event_types.event_type": frozenset(model.event_types["event_type"].astype(str)),
        "stages.stage_id": frozenset(model.stages["stage_id"].astype(str)),
        "products.product_line_id": frozenset(model.products["product_line_id"].astype(str)),
        "sources.source_id": frozenset(model.sources["source_id"].astype(str)) | {source.get("source_id", "")},
    }
    regions = frozenset(model.regions["region_code"].astype(str))
    problems: dict[int, list[str]] = {}
    for key, table, rows in ((-1, "sources", [source]), (0, "events", event_rows)):
        frame = _text_frame(table, rows)
        for problem in validate_table(TABLES[table], frame, known, regions):
            index = -1 if key == -1 else problem.row - 2
            problems.setdefault(index, []).append(f"{problem.column}: {problem.message}" if problem.column
                                                  else problem.message)  # fmt: skip
    taken = set(model.events["event_id"].astype(str))
    for index, row in enumerate(event_rows):
        if row.get("event_id") in taken:
            problems.setdefault(index, []).append("event_id: already in the atlas")
    if source.get("source_id") in set(model.sources["source_id"].astype(str)):
        problems.setdefault(-1, []).append("source_id: already in the atlas (choose a new id)")
    return problems


def _text_frame(table: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows as the readers give them: every schema column as stripped text, with file and line columns."""
    columns = TABLES[table].column_names
    frame = pd.DataFrame([{c: str(row.get(c, "") or "") for c in columns} for row in rows], columns=columns)
    frame = frame.astype("str")
    frame["_file"] = f"reviewed {table}"
    frame["_line"] = range(2, len(frame) + 2)
    return frame
