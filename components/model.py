"""Load and validate the data folder into typed pandas DataFrames: `load_model()` is the one entry point.

Queries over the loaded frames: see docs/model_api.md.
"""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

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
FAST_READ_FROM_BYTES = 64_000  # smaller files are read by the csv module directly (pyarrow's set-up costs more)


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
    typed = {}
    for name in list(raw):  # free each text table once typed (stages, needed by events, goes first and stays)
        typed[name] = to_typed_frame(name, raw[name], raw)
        if name != "stages":
            del raw[name]
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
    data = file.read_bytes()
    fast = _read_csv_fast(data, label, spec)
    if fast is not None:
        return fast
    try:
        text = data.decode("utf-8-sig")
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


def _read_csv_fast(data: bytes, label: str, spec: TableSpec) -> tuple[pd.DataFrame, list[Problem]] | None:
    """Read a well-formed CSV file with pyarrow's multi-threaded reader; None if it is not plainly well formed.

    Gives exactly what the csv-module path above gives (same frame, dtypes, line numbers and header problems) for
    the files it accepts. It accepts only files where every record is one physical line, every row has as many
    fields as the header, the text is UTF-8 without NUL bytes and the header line has no quotes; anything else
    (including any error from pyarrow) returns None so that the exact path reads the file and reports its problems.
    """
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    if len(data) < FAST_READ_FROM_BYTES or b"\x00" in data:
        return None
    ends = [position for position in (data.find(b"\n"), data.find(b"\r")) if position >= 0]
    first = data[: min(ends)] if ends else data
    if b'"' in first:
        return None
    try:
        header = [name.strip() for name in first.decode("utf-8").split(",")]
    except UnicodeDecodeError:
        return None
    if "" in header or len(set(header)) != len(header):
        return None
    # Physical lines as the csv module counts them (\r\n, \r and \n each end a line).
    n_lines = data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n") + (not data.endswith((b"\n", b"\r")))
    if n_lines < 2:
        return None
    try:
        table = pa_csv.read_csv(
            pa.BufferReader(data),
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1),
            parse_options=pa_csv.ParseOptions(ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: pa.string() for name in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowException, ValueError):
        return None
    if table.num_rows + 1 != n_lines or table.num_rows == 0:
        return None  # a record spans several lines: only the csv module knows where each one starts
    limit = csv.field_size_limit()
    if any(pc.max(pc.binary_length(column)).as_py() > limit for column in table.columns):
        return None  # the csv module refuses such fields; let it say so
    frame = table.to_pandas()
    lines = np.arange(2, table.num_rows + 2)
    blank = (frame[header[0]].str.strip() == "").to_numpy(dtype=bool, copy=True)
    if blank.any():  # rows of empty fields are skipped, as the csv path does
        candidates = frame[blank]
        blank[blank] = candidates.apply(lambda column: column.str.strip() == "").all(axis=1).to_numpy(dtype=bool)
        frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
        if frame.empty:
            return None
    frame["_file"] = label
    frame["_line"] = lines
    problems = [Problem(label, 1, c, "required column is missing") for c in spec.column_names if c not in header]
    problems += [Problem(label, 1, c, "unknown column (not in the schema)") for c in header if c not in spec.column_names]
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
            known[f"{name}.{spec.id_column}"] = frozenset(frame[spec.id_column].str.strip().tolist())
    return problems


def to_typed_frame(name: str, frame: pd.DataFrame, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Convert a validated text table to proper dtypes: dates, numbers, categoricals and lists."""
    typed = frame.drop(columns=["_file", "_line"]).apply(lambda column: column.str.strip())
    for column in LIST_COLUMNS.get(name, ()):
        typed[column] = _split_lists(typed[column])
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


def _split_lists(column: pd.Series) -> pd.Series:
    """column.map(schema.split_list) for a stripped text column, without the call for cells holding one item.

    Large columns are split by pyarrow; equal items then share one str object (less memory, same values).
    """
    if len(column) >= schema.VECTORISE_FROM_ROWS and not column.isna().any():
        try:
            return _split_lists_arrow(column)
        except (pa.ArrowException, TypeError, ValueError):
            pass
    return pd.Series(
        [
            ([value] if value else []) if isinstance(value, str) and schema.LIST_SEPARATOR not in value
            else schema.split_list(value)
            for value in column.tolist()
        ],
        index=column.index,
        dtype=object,
    )


def _with_dates(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """Replace a partial-date text column by its start date, keeping the text as '<prefix>_label' and adding '<prefix>_end'."""
    labels = frame[column]
    fast = _date_bounds(labels)
    if fast is not None:
        starts, ends = fast
        return frame.assign(**{column: starts, f"{prefix}_end": ends, f"{prefix}_label": labels})
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


def _date_bounds(labels: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """First and last day of every stripped partial-date text, vectorised; None unless all are plain ASCII forms.

    Gives what parse_partial_date and period_end give (NaT for empty text) for dates from 1700 to 2200.
    """
    if len(labels) < schema.VECTORISE_FROM_ROWS:
        return None
    text = labels.fillna("")
    empty = (text == "").to_numpy(dtype=bool)
    if not (schema.certain_dates(text) | empty).all():
        return None
    chars = np.array(text.tolist(), dtype="S10").view(np.uint8).reshape(len(text), 10).astype(np.int64)
    digits = chars - ord("0")
    length = (chars != 0).sum(axis=1)
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    is_quarter, is_half = chars[:, 5] == ord("Q"), chars[:, 5] == ord("H")
    is_day, is_year = length == 10, length == 4
    is_month = (length == 7) & ~is_quarter & ~is_half
    month = np.select(
        [is_month | is_day, is_quarter, is_half], [digits[:, 5] * 10 + digits[:, 6], 3 * digits[:, 6] - 2, 6 * digits[:, 6] - 5], 1
    )
    span = np.select([is_month, is_quarter, is_half, is_year], [1, 3, 6, 12], 0)
    first_month = np.where(empty, 0, (year - 1970) * 12 + month - 1)
    starts = first_month.astype("datetime64[M]").astype("datetime64[D]") + np.where(is_day, digits[:, 8] * 10 + digits[:, 9] - 1, 0)
    ends = np.where(is_day, starts, (first_month + span).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D"))
    starts, ends = starts.astype("datetime64[ns]"), ends.astype("datetime64[ns]")
    starts[empty] = np.datetime64("NaT")
    ends[empty] = np.datetime64("NaT")
    return pd.Series(starts, index=labels.index), pd.Series(ends, index=labels.index)


def _split_lists_arrow(column: pd.Series) -> pd.Series:
    """schema.split_list over a whole text column with pyarrow: split on ';', trim, drop empty items."""
    lists = pc.split_pattern(schema.arrow_array(column), schema.LIST_SEPARATOR)
    items = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    keep = pc.not_equal(items, "")
    parents = pc.filter(pc.list_parent_indices(lists), keep).to_numpy()
    encoded = pc.filter(items, keep).dictionary_encode()
    unique = np.array(encoded.dictionary.to_pylist() + [None], dtype=object)[:-1]  # 1-d even if values are lists
    flat = unique[encoded.indices.to_numpy()].tolist()
    ends = np.cumsum(np.bincount(parents, minlength=len(column))).tolist()
    starts = [0, *ends[:-1]]
    return pd.Series([flat[a:b] for a, b in zip(starts, ends, strict=True)], index=column.index, dtype=object)
