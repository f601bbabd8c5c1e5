"""The Add page's views: candidates as evidence rows and as an editable table (no Streamlit)."""

from __future__ import annotations

import pandas as pd

LIST_FIELDS = ("mentioned_countries", "product_lines", "products", "partners", "competitors")


def evidence_table(candidate: dict) -> pd.DataFrame:
    """A candidate's evidence as rows of field, value, offsets and the quoted text."""
    rows = [
        {"field": field, "value": item["value"], "start": item["start"], "end": item["end"], "text": item["text"]}
        for field, items in candidate["evidence"].items()
        for item in items
    ]
    return pd.DataFrame(rows, columns=["field", "value", "start", "end", "text"])


def editable_frame(candidates: list[dict]) -> pd.DataFrame:
    """Candidates as an editable table: list fields joined with ';'."""
    columns = ["country", "event_type", "status", "date", "date_precision", "date_basis", *LIST_FIELDS[1:]]
    frame = pd.DataFrame([{column: candidate.get(column, "") for column in columns} for candidate in candidates])
    for column in LIST_FIELDS[1:]:
        frame[column] = frame[column].map(lambda values: ";".join(values) if isinstance(values, list) else str(values))
    return frame.astype(str)
