"""The loader as it was before vectorisation (commit 13369b0), kept verbatim as the "before" of the benchmarks.

`benchmarks.run` times `load_legacy` against `components.model.load_model` in the same run, and the tests check
that both report exactly the same problems on broken folders. Not used by the app.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pandas as pd

from components.model.schema import (
    TABLE_ORDER,
    TABLES,
    Column,
    DataValidationError,
    Problem,
    TableSpec,
    iso3_codes,
    language_codes,
    parse_partial_date,
    period_end,
    split_list,
)
from components.model.vocabulary import DATE_PRECISIONS, LIST_SEPARATOR

LIST_COLUMNS = {name: spec.columns_typed_as("list") for name, spec in TABLES.items() if spec.columns_typed_as("list")}
CATEGORY_COLUMNS = {
    name: spec.columns_typed_as("category") for name, spec in TABLES.items() if spec.columns_typed_as("category")
}


def load_legacy(folder: str | Path) -> dict[str, pd.DataFrame]:
    """Read, validate and type every table the old way; raise DataValidationError like load_model."""
    folder = Path(folder)
    raw, problems = read_raw_tables(folder)
    if problems:
        raise DataValidationError(problems)
    problems = validate_raw_tables(raw)
    if problems:
        raise DataValidationError(problems)
    return {name: to_typed_frame(name, frame, raw) for name, frame in raw.items()}


def problems_legacy(folder: str | Path) -> list[Problem]:
    """Every problem the old loader reports for a folder (reading problems first, as load_model raises them)."""
    raw, problems = read_raw_tables(Path(folder))
    if problems:
        return sorted(problems)
    return sorted(validate_raw_tables(raw))


def read_raw_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every table as text, with '_file' and '_line' columns for error locations."""
    if not folder.is_dir():
        return {}, [Problem(str(folder), 0, "", "data folder does not exist")]
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in TABLE_ORDER:
        spec = TABLES[name]
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
    problems += [
        Problem(label, 1, c, "unknown column (not in the schema)") for c in header if c not in spec.column_names
    ]
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
    for name in TABLE_ORDER:
        spec = TABLES[name]
        frame = raw[name]
        problems.extend(validate_table(spec, frame, known, regions))
        if spec.id_column and spec.id_column in frame:
            known[f"{name}.{spec.id_column}"] = frozenset(frame[spec.id_column].str.strip())
    return problems


def to_typed_frame(name: str, frame: pd.DataFrame, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Convert a validated text table to proper dtypes: dates, numbers, categoricals and lists."""
    typed = frame.drop(columns=["_file", "_line"]).apply(lambda column: column.str.strip())
    for column in LIST_COLUMNS.get(name, ()):
        typed[column] = typed[column].map(split_list)
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
    parsed = [parse_partial_date(text) if text else (pd.NaT, "") for text in labels]
    starts = pd.to_datetime(pd.Series([start for start, _ in parsed], index=frame.index, dtype="object")).astype(
        "datetime64[ns]"
    )
    ends = [period_end(start, precision) if precision else pd.NaT for start, precision in parsed]
    return frame.assign(
        **{
            column: starts,
            f"{prefix}_end": pd.to_datetime(pd.Series(ends, index=frame.index, dtype="object")).astype(
                "datetime64[ns]"
            ),
            f"{prefix}_label": labels,
        }
    )


def validate_table(
    spec: TableSpec,
    frame: pd.DataFrame,
    known: dict[str, frozenset[str]],
    region_codes: frozenset[str] = frozenset(),
) -> list[Problem]:
    """Check one table read as text (with '_file' and '_line' columns); return every problem found."""
    problems: list[Problem] = []
    files = sorted(set(frame["_file"])) if "_file" in frame else [spec.pattern]
    for file in files:
        part = frame[frame["_file"] == file] if "_file" in frame else frame
        present = [c for c in part.columns if not c.startswith("_")]
        for missing in sorted(set(spec.column_names) - set(present)):
            problems.append(Problem(file, 1, missing, "required column is missing"))
        for unknown in sorted(set(present) - set(spec.column_names)):
            problems.append(Problem(file, 1, unknown, "unknown column (not in the schema)"))
    if problems:
        return problems
    for column in spec.columns:
        problems.extend(_validate_column(spec, frame, column, known, region_codes))
    problems.extend(_validate_ids(spec, frame))
    problems.extend(_validate_precision_agreement(spec, frame))
    return problems


def _validate_column(
    spec: TableSpec,
    frame: pd.DataFrame,
    column: Column,
    known: dict[str, frozenset[str]],
    region_codes: frozenset[str],
) -> list[Problem]:
    problems = []
    for file, line, raw in zip(frame["_file"], frame["_line"], frame[column.name], strict=True):
        value = str(raw).strip()
        if not value:
            if column.required:
                problems.append(Problem(file, line, column.name, "value is required but empty"))
            continue
        message = _check_value(column, value, known, region_codes)
        if message:
            problems.append(Problem(file, line, column.name, message))
    return problems


def _check_value(column: Column, value: str, known: dict[str, frozenset[str]], region_codes: frozenset[str]) -> str:
    kind = column.kind
    if kind == "date":
        try:
            parse_partial_date(value)
        except ValueError as error:
            return str(error)
    elif kind == "precision" and value not in DATE_PRECISIONS:
        return f"'{value}' is not one of {', '.join(DATE_PRECISIONS)}"
    elif kind == "choice" and value not in column.choices:
        return f"'{value}' is not one of {', '.join(column.choices)}"
    elif kind == "country" and value not in iso3_codes() and value not in region_codes:
        return f"'{value}' is not an ISO 3166-1 alpha-3 code or a UN M.49 region code listed in regions.csv"
    elif kind == "language" and value not in language_codes():
        return f"'{value}' is not an ISO 639-1 language code"
    elif kind == "number":
        try:
            float(value)
        except ValueError:
            return f"'{value}' is not a number"
    elif kind == "url" and not re.match(r"^https?://[^\s]+$", value):
        return f"'{value}' is not an http(s) address"
    elif kind in ("ref", "refs"):
        allowed = known.get(column.refers_to, frozenset())
        items = split_list(value) if kind == "refs" else [value]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            return f"unknown {column.refers_to.split('.')[1]}: {', '.join(unknown)}"
    elif kind == "id" and (value != value.strip() or LIST_SEPARATOR in value):
        return f"'{value}' is not a valid id"
    return ""


def _validate_ids(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    if not spec.id_column:
        return []
    ids = frame[spec.id_column].str.strip()
    duplicated = frame[ids.duplicated(keep="first") & (ids != "")]
    problems = []
    for file, line, value in zip(duplicated["_file"], duplicated["_line"], duplicated[spec.id_column], strict=True):
        first = frame[ids == value.strip()].iloc[0]
        problems.append(
            Problem(
                file, line, spec.id_column, f"duplicate id '{value}' (first at {first['_file']}, line {first['_line']})"
            )
        )
    return problems


def _validate_precision_agreement(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    """A date written as '2016-03' must say precision 'month', and so on: the two columns may not disagree."""
    pairs = {
        "events": ("date", "date_precision"),
        "sources": ("published", "published_precision"),
        "market_share": ("period", "period_precision"),
    }
    if spec.name not in pairs:
        return []
    date_column, precision_column = pairs[spec.name]
    problems = []
    for file, line, date_text, precision in zip(
        frame["_file"], frame["_line"], frame[date_column], frame[precision_column], strict=True
    ):
        date_text, precision = str(date_text).strip(), str(precision).strip()
        if not date_text:
            if precision:
                problems.append(Problem(file, line, precision_column, "precision given but the date is empty"))
            continue
        try:
            _, written = parse_partial_date(date_text)
        except ValueError:
            continue  # already reported on the date column
        if precision and precision != written:
            problems.append(
                Problem(
                    file,
                    line,
                    precision_column,
                    f"'{precision}' disagrees with the date '{date_text}' (written as {written})",
                )
            )
        if not precision:
            problems.append(Problem(file, line, precision_column, "a date needs its precision"))
    return problems
