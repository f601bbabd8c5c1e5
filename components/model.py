"""Load and validate the data folder into typed pandas DataFrames: `load_model()` is the one entry point.

Queries over the loaded frames (API_PLACEHOLDER): see docs/model_api.md.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components import paths, schema
from components.schema import Problem, TableSpec

LIST_COLUMNS = {
    "events": ("product_lines", "products", "partners", "competitors", "source_ids"),
    "conflicts": ("event_ids", "source_ids"),
    "companies": ("aliases",),
    "products": ("products",),
}
CATEGORY_COLUMNS = {
    "events": ("company", "country", "date_precision", "date_basis", "event_type", "status"),
    "sources": ("language", "kind", "reliability", "published_precision", "published_basis"),
    "market_share": ("country", "period_precision", "vendor", "metric", "source_id"),
}


@dataclass(frozen=True)
class Model:
    """Every table of the atlas as a DataFrame. Treat them as read-only: query functions return new frames."""

    events: pd.DataFrame
    sources: pd.DataFrame
    products: pd.DataFrame
    companies: pd.DataFrame
    market_share: pd.DataFrame
    conflicts: pd.DataFrame
    stages: pd.DataFrame
    event_types: pd.DataFrame
    regions: pd.DataFrame
    data_dir: Path


def load_model(data_dir: str | Path | None = None) -> Model:
    """Read and validate the data folder (default: $ATLAS_DATA_DIR or the bundled data/); raise on any problem.

    Raises `schema.DataValidationError` listing every problem (file, line, column, what is wrong).
    Nothing in the folder is ever written.
    """
    folder = paths.resolve_data_dir(data_dir)
    raw, problems = read_raw_tables(folder)
    if problems:
        raise schema.DataValidationError(problems)
    problems = validate_raw_tables(raw)
    if problems:
        raise schema.DataValidationError(problems)
    typed = {name: to_typed_frame(name, frame, raw) for name, frame in raw.items()}
    return Model(data_dir=folder, **typed)


def read_raw_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every table as text, with '_file' and '_line' columns for error locations."""
    if not folder.is_dir():
        return {}, [Problem(str(folder), 0, "", "data folder does not exist")]
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in schema.TABLE_ORDER:
        spec = schema.TABLES[name]
        files = sorted(folder.glob(spec.pattern))
        if not files:
            problems.append(Problem(spec.pattern, 0, "", "no file found for this table"))
            continue
        frames = []
        for file in files:
            frame, file_problems = read_csv_text(file, folder, spec)
            problems.extend(file_problems)
            frames.append(frame)
        tables[name] = pd.concat(frames, ignore_index=True)
    return tables, problems


def read_csv_text(file: Path, folder: Path, spec: TableSpec) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one CSV file as strings; report undecodable text and rows with the wrong number of fields."""
    label = file.relative_to(folder).as_posix()
    empty = pd.DataFrame(columns=[*spec.column_names, "_file", "_line"])
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return empty, [Problem(label, 0, "", f"not UTF-8 text ({error.reason} at byte {error.start})")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return empty, [Problem(label, 0, "", "file is empty (a header line is required)")]
    except csv.Error as error:
        return empty, [Problem(label, 1, "", f"unreadable CSV: {error}")]
    header = [name.strip() for name in header]
    rows, lines = [], []
    # Checked per file here: after several files of one table are concatenated, a missing column is just NaN.
    problems = [Problem(label, 1, c, "required column is missing") for c in spec.column_names if c not in header]
    problems += [Problem(label, 1, c, "unknown column (not in the schema)") for c in header if c not in spec.column_names]
    line = reader.line_num
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(Problem(label, reader.line_num, "", f"unreadable CSV: {error}"))
            break
        start, line = line + 1, reader.line_num
        if not any(field.strip() for field in record):
            continue
        if len(record) != len(header):
            problems.append(Problem(label, start, "", f"row has {len(record)} fields, the header has {len(header)}"))
            continue
        rows.append(record)
        lines.append(start)
    frame = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(columns=header, dtype=str)
    frame["_file"] = label
    frame["_line"] = lines
    return frame, problems


def validate_raw_tables(raw: dict[str, pd.DataFrame]) -> list[Problem]:
    """Validate all tables, resolving references between them; return every problem."""
    known: dict[str, frozenset[str]] = {}
    problems: list[Problem] = []
    regions = frozenset(raw["regions"]["region_code"].str.strip()) if "region_code" in raw["regions"] else frozenset()
    for name in schema.TABLE_ORDER:
        spec = schema.TABLES[name]
        frame = raw[name]
        problems.extend(schema.validate_table(spec, frame, known, regions))
        if spec.id_column and spec.id_column in frame:
            known[f"{name}.{spec.id_column}"] = frozenset(frame[spec.id_column].str.strip())
    return problems


def to_typed_frame(name: str, frame: pd.DataFrame, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Convert a validated text table to proper dtypes: dates, numbers, categoricals and lists."""
    typed = frame.drop(columns=["_file", "_line"]).apply(lambda column: column.str.strip())
    for column in LIST_COLUMNS.get(name, ()):
        typed[column] = typed[column].map(schema.split_list)
    if name == "events":
        typed = _with_dates(typed, "date", "date")
        stage_order = raw["stages"].assign(rank=lambda s: s["rank"].astype(int)).sort_values("rank")["stage_id"]
        typed["stage"] = pd.Categorical(typed["stage"], categories=list(stage_order), ordered=True)
    elif name == "sources":
        typed = _with_dates(typed, "published", "published")
    elif name == "market_share":
        typed = _with_dates(typed, "period", "period")
        typed["value"] = typed["value"].astype(float)
    elif name == "stages":
        typed["rank"] = typed["rank"].astype(int)
        typed = typed.sort_values("rank", ignore_index=True)
    for column in CATEGORY_COLUMNS.get(name, ()):
        typed[column] = typed[column].astype("category")
    return typed


def _with_dates(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """Replace a partial-date text column by its start date, keeping the text as '<prefix>_label' and adding '<prefix>_end'."""
    labels = frame[column]
    parsed = [schema.parse_partial_date(text) if text else (pd.NaT, "") for text in labels]
    starts = pd.to_datetime(pd.Series([start for start, _ in parsed], index=frame.index, dtype="object")).astype(
        "datetime64[ns]"
    )
    ends = [
        schema.period_end(start, precision) if precision else pd.NaT for start, precision in parsed
    ]
    return frame.assign(
        **{
            column: starts,
            f"{prefix}_end": pd.to_datetime(pd.Series(ends, index=frame.index, dtype="object")).astype("datetime64[ns]"),
            f"{prefix}_label": labels,
        }
    )
