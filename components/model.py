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
import pyarrow.parquet as pq

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
LIST_CHUNK_ROWS = 65_536  # distinct list cells made into Python lists per step
FAST_READ_FROM_BYTES = 64_000  # smaller files are read by the csv module directly (pyarrow's set-up costs more)


@dataclass(frozen=True)
class Model:
    """Every table of the atlas as a DataFrame. Treat them as read-only: query functions return new frames.

    (Read-only matters for list cells too: equal cells of a list column may share one list object.)
    """

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

    Raises `schema.DataValidationError` listing every problem (file, line, column, what is wrong) in one pass: the
    problems of files that cannot be read (not UTF-8, empty, ragged rows, ...) come together with the validation
    problems of every table and of every row that could be read.
    Nothing in the folder is ever written.
    """
    folder = paths.resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise schema.DataValidationError([Problem(str(folder), 0, "", "data folder does not exist")])
    # One table at a time (references point only to tables read before): read, validate, then type it and drop
    # its text while nothing is wrong, so that at most one table is held as text. Problems never stop the pass.
    check = _FolderCheck()
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    stage_order: list[str] = []
    for name in schema.TABLE_ORDER:
        frame, read_problems = read_table(folder, name, check.unreadable)
        problems += read_problems
        if frame is None:
            continue
        problems += check.validate(name, frame)
        if name == "stages" and not problems:
            stage_order = _stage_order(frame)
        if problems:
            typed.clear()
        else:
            typed[name] = _take_typed_frame(name, frame, stage_order)
        del frame
    if problems:
        raise schema.DataValidationError(problems)
    return Model(data_dir=folder, **typed)


def read_raw_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every table as text, with '_file' and '_line' columns for error locations."""
    raw, problems, _ = read_tables(folder)
    return raw, problems


def read_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem], set[str]]:
    """read_raw_tables, plus the names of the tables that lost a whole file (or have none): their ids are unknown."""
    if not folder.is_dir():
        return {}, [Problem(str(folder), 0, "", "data folder does not exist")], set(schema.TABLE_ORDER)
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    incomplete: set[str] = set()
    for name in schema.TABLE_ORDER:
        frame, table_problems = read_table(folder, name, incomplete)
        problems += table_problems
        if frame is not None:
            tables[name] = frame
    return tables, problems, incomplete


def read_table(folder: Path, name: str, incomplete: set[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read every file of one table as text (None if it has no file); add its name to `incomplete` if rows were lost."""
    spec = schema.TABLES[name]
    files = sorted(folder.glob(spec.pattern))
    if "/" in spec.pattern:  # a table folder may hold Parquet files too (events/*.parquet, ...)
        files = sorted([*files, *folder.glob(spec.pattern.removesuffix(".csv") + ".parquet")])
    if not files:
        incomplete.add(name)
        return None, [Problem(spec.pattern, 0, "", "no file found for this table")]
    frames, problems = [], []
    for file in files:
        if file.suffix == ".parquet":
            frame, file_problems = read_parquet_text(file, folder, spec)
        else:
            frame, file_problems = read_csv_text(file, folder, spec)
        schema.release_unused_memory()
        problems.extend(file_problems)
        if any(_loses_rows(problem, spec) for problem in file_problems):
            incomplete.add(name)
        frames.append(frame)
    return (frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)), problems


def _loses_rows(problem: Problem, spec: TableSpec) -> bool:
    """Whether a reading problem loses a whole file or its rest (so the table's ids are not all known)."""
    return (
        problem.row == 0  # not UTF-8, empty
        or problem.message.startswith("unreadable CSV")  # reading stopped there
        or (problem.column == spec.id_column and problem.message == "required column is missing")
    )


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
    problems = header_problems(label, header, spec)
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
            read_options=pa_csv.ReadOptions(column_names=header, skip_rows=1, use_threads=False),
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
    problems = header_problems(label, header, spec)
    return frame, problems


def read_parquet_text(file: Path, folder: Path, spec: TableSpec) -> tuple[pd.DataFrame, list[Problem]]:
    """Read one Parquet file of text columns as the CSV readers read a CSV file.

    Every column must be text (string); a null is an empty cell. Row n of the file is reported as line n + 1, as if
    it had a header line like a CSV file. Rows of empty cells are skipped, as in CSV files.
    """
    label = file.relative_to(folder).as_posix()
    empty = pd.DataFrame(columns=[*spec.column_names, "_file", "_line"])
    try:
        table = pq.read_table(file)
    except (pa.ArrowException, OSError) as error:
        return empty, [Problem(label, 0, "", f"unreadable Parquet file: {error}")]
    header = [name.strip() for name in table.column_names]
    not_text = [
        Problem(label, 0, name, f"column is {field.type}, not text (string)")
        for name, field in zip(header, table.schema, strict=True)
        if not (pa.types.is_string(field.type) or pa.types.is_large_string(field.type))
    ]
    if not_text:
        return empty, not_text
    table = pa.table([pc.fill_null(column, "") for column in table.columns], names=header)
    frame = table.to_pandas()
    del table
    lines = np.arange(2, len(frame) + 2)
    if len(frame) and header:
        blank = (frame[header[0]].str.strip() == "").to_numpy(dtype=bool, copy=True)
        for column in header[1:]:
            if not blank.any():
                break
            blank[blank] = (frame[column][blank].str.strip() == "").to_numpy(dtype=bool)
        if blank.any():
            frame, lines = frame[~blank].reset_index(drop=True), lines[~blank]
    frame["_file"] = label
    frame["_line"] = lines
    problems = header_problems(label, header, spec)
    return frame, problems


def header_problems(label: str, header: list[str], spec: TableSpec) -> list[Problem]:
    """Missing and unknown columns of one file's header (checked per file: once files are concatenated a missing
    column would just be empty)."""
    missing = [Problem(label, 1, c, "required column is missing") for c in spec.column_names if c not in header]
    return missing + [Problem(label, 1, c, "unknown column (not in the schema)") for c in header if c not in spec.column_names]


def validate_raw_tables(raw: dict[str, pd.DataFrame], incomplete: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Validate all tables, resolving references between them; return every problem.

    Tables named in `incomplete` (or absent from `raw`) could not be read entirely: references into them are not
    checked (one problem per referring column says so, instead of an 'unknown id' for every row).
    """
    check = _FolderCheck()
    check.unreadable |= set(incomplete) | {name for name in schema.TABLE_ORDER if name not in raw}
    problems: list[Problem] = []
    for name in schema.TABLE_ORDER:
        if name in raw:
            problems += check.validate(name, raw[name])
    return problems


class _FolderCheck:
    """Validates the tables of one folder in schema.TABLE_ORDER, keeping what later tables refer to."""

    def __init__(self) -> None:
        self.known: dict[str, schema.IdSet] = {}
        self.regions: frozenset[str] = frozenset()
        self.unreadable: set[str] = set()

    def validate(self, name: str, frame: pd.DataFrame) -> list[Problem]:
        spec = schema.TABLES[name]
        if name == "regions" and "region_code" in frame:
            self.regions = frozenset(frame["region_code"].dropna().str.strip())
        problems = schema.validate_table(
            spec, frame, self.known, self.regions, unreadable=frozenset(self.unreadable), headers_checked=True
        )
        if spec.id_column and spec.id_column in frame:
            self.known[f"{name}.{spec.id_column}"] = schema.IdSet(frame[spec.id_column])
        return problems


def _stage_order(stages: pd.DataFrame) -> list[str]:
    return list(stages.assign(rank=lambda s: s["rank"].astype(int)).sort_values("rank")["stage_id"])


def to_typed_frame(name: str, frame: pd.DataFrame, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Convert a validated text table to proper dtypes: dates, numbers, categoricals and lists."""
    stage_order = _stage_order(raw["stages"]) if name == "events" else []
    return _take_typed_frame(name, frame.copy(deep=False), stage_order)


def _take_typed_frame(name: str, frame: pd.DataFrame, stage_order: list[str]) -> pd.DataFrame:
    """to_typed_frame, emptying `frame` column by column as each typed column is made (less memory at peak)."""
    dates = {"events": "date", "sources": "published", "market_share": "period"}.get(name)
    lists = LIST_COLUMNS.get(name, ())
    categories = CATEGORY_COLUMNS.get(name, ())
    index = frame.index
    columns: dict[str, pd.Series] = {}
    extra: dict[str, pd.Series] = {}
    for column in [c for c in frame.columns if c not in ("_file", "_line")]:
        text = frame.pop(column).str.strip()
        if column in lists:
            columns[column] = _split_lists(text)
        elif column == dates:
            starts, ends, labels = _date_columns(text)
            columns[column] = starts
            extra[f"{column}_end"], extra[f"{column}_label"] = ends, labels
        elif name == "events" and column == "stage":
            columns[column] = pd.Series(pd.Categorical(text, categories=stage_order, ordered=True), index=index)
        elif name == "market_share" and column == "value":
            columns[column] = text.astype(float)
        elif name == "stages" and column == "rank":
            columns[column] = text.astype(int)
        elif column in categories:
            columns[column] = text.astype("category")
        else:
            columns[column] = text
        del text
        schema.release_unused_memory()
    del frame
    typed = pd.DataFrame({**columns, **extra}, index=index)
    del columns, extra
    if name == "stages":
        typed = typed.sort_values("rank", ignore_index=True)
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


def _date_columns(labels: pd.Series) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Start date, end date and label (the text as written) of a stripped partial-date text column."""
    fast = _date_bounds(labels)
    if fast is not None:
        return (*fast, labels)
    parsed = [schema.parse_partial_date(text) if text else (pd.NaT, "") for text in labels]
    starts = pd.to_datetime(pd.Series([start for start, _ in parsed], index=labels.index, dtype="object")).astype(
        "datetime64[ns]"
    )
    ends = [schema.period_end(start, precision) if precision else pd.NaT for start, precision in parsed]
    ends = pd.to_datetime(pd.Series(ends, index=labels.index, dtype="object")).astype("datetime64[ns]")
    return starts, ends, labels


def _with_dates(frame: pd.DataFrame, column: str, prefix: str) -> pd.DataFrame:
    """Replace a partial-date text column by its start date, keeping the text as '<prefix>_label' and adding '<prefix>_end'."""
    starts, ends, labels = _date_columns(frame[column])
    return frame.assign(**{column: starts, f"{prefix}_end": ends, f"{prefix}_label": labels})


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
    try:  # every text is ASCII and at most 10 bytes: pad to 10 with NUL and view the bytes as a (rows, 10) matrix
        padded = pc.utf8_rpad(schema.arrow_array(text), width=10, padding="\x00")
        fixed = pc.cast(padded, pa.binary(10))
        chars = np.frombuffer(fixed.buffers()[1], dtype=np.uint8)[fixed.offset * 10 : (fixed.offset + len(fixed)) * 10]
        chars = chars.reshape(len(text), 10)
    except (pa.ArrowException, TypeError, ValueError):
        chars = np.array(text.tolist(), dtype="S10").view(np.uint8).reshape(len(text), 10)

    def digit(position: int) -> np.ndarray:
        return chars[:, position].astype(np.int64) - ord("0")

    length = (chars != 0).sum(axis=1)
    year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
    is_quarter, is_half = chars[:, 5] == ord("Q"), chars[:, 5] == ord("H")
    is_day, is_year = length == 10, length == 4
    is_month = (length == 7) & ~is_quarter & ~is_half
    month = np.select(
        [is_month | is_day, is_quarter, is_half], [digit(5) * 10 + digit(6), 3 * digit(6) - 2, 6 * digit(6) - 5], 1
    )
    span = np.select([is_month, is_quarter, is_half, is_year], [1, 3, 6, 12], 0)
    first_month = np.where(empty, 0, (year - 1970) * 12 + month - 1)
    starts = first_month.astype("datetime64[M]").astype("datetime64[D]") + np.where(is_day, digit(8) * 10 + digit(9) - 1, 0)
    ends = np.where(is_day, starts, (first_month + span).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D"))
    starts, ends = starts.astype("datetime64[ns]"), ends.astype("datetime64[ns]")
    starts[empty] = np.datetime64("NaT")
    ends[empty] = np.datetime64("NaT")
    return pd.Series(starts, index=labels.index), pd.Series(ends, index=labels.index)


def _split_lists_arrow(column: pd.Series) -> pd.Series:
    """schema.split_list over a whole text column with pyarrow: split on ';', trim, drop empty items.

    Each distinct cell text is split once: cells with equal text share one list object, and equal items share one
    str object (the model is read-only; this keeps a million rows of mostly repeated lists small). The distinct
    texts are split in chunks, so that no temporary array is as long as the column.
    """
    cells = pc.dictionary_encode(schema.arrow_array(column))
    texts, codes = cells.dictionary, cells.indices.to_numpy()
    del cells
    interned: dict[str, str] = {}
    split = np.empty(len(texts), dtype=object)
    for first in range(0, len(texts), LIST_CHUNK_ROWS):
        part = texts.slice(first, LIST_CHUNK_ROWS)
        lists = pc.split_pattern(part, schema.LIST_SEPARATOR)
        items = pc.utf8_trim_whitespace(pc.list_flatten(lists))
        keep = pc.not_equal(items, "")
        parents = pc.filter(pc.list_parent_indices(lists), keep).to_numpy()
        encoded = pc.filter(items, keep).dictionary_encode()
        del lists, items, keep
        words = [interned.setdefault(word, word) for word in encoded.dictionary.to_pylist()]
        unique = np.array(words + [None], dtype=object)[:-1]  # 1-d even if values are lists
        flat = unique[encoded.indices.to_numpy()].tolist()
        ends = np.cumsum(np.bincount(parents, minlength=len(part))).tolist()
        split[first : first + len(part)] = _list_of_lists([flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)])
        del encoded, words, unique, flat, ends, parents
    return pd.Series(split[codes], index=column.index, dtype=object)


def _list_of_lists(lists: list[list[str]]) -> np.ndarray:
    """A 1-d object array holding the given lists (numpy would make a 2-d array of equal-length lists)."""
    array = np.empty(len(lists), dtype=object)
    for position, value in enumerate(lists):
        array[position] = value
    return array
