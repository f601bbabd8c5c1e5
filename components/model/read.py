"""Read the data files as text: CSV (pyarrow fast path, csv module for exact error locations) and Parquet."""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from components.model.schema import TABLE_ORDER, TABLES, Problem, TableSpec
from components.model.validate import release_unused_memory

FAST_READ_FROM_BYTES = 64_000  # smaller files are read by the csv module directly (pyarrow's set-up costs more)


def read_raw_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Read every table as text, with '_file' and '_line' columns for error locations."""
    raw, problems, _ = read_tables(folder)
    return raw, problems


def read_tables(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem], set[str]]:
    """read_raw_tables, plus the names of the tables that lost a whole file (or have none): their ids are unknown."""
    if not folder.is_dir():
        return {}, [Problem(str(folder), 0, "", "data folder does not exist")], set(TABLE_ORDER)
    tables: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    incomplete: set[str] = set()
    for name in TABLE_ORDER:
        frame, table_problems = read_table(folder, name, incomplete)
        problems += table_problems
        if frame is not None:
            tables[name] = frame
    return tables, problems, incomplete


def read_table(folder: Path, name: str, incomplete: set[str]) -> tuple[pd.DataFrame | None, list[Problem]]:
    """Read every file of one table as text (None if it has no file); add its name to `incomplete` if rows were lost."""
    spec = TABLES[name]
    files = sorted(folder.glob(spec.pattern))
    if "/" in spec.pattern:  # a table folder may hold Parquet files too (events/*.parquet, ...)
        files = sorted([*files, *folder.glob(spec.pattern.removesuffix(".csv") + ".parquet")])
    if not files:
        incomplete.add(name)
        return None, [Problem(spec.pattern, 0, "", "no file found for this table")]
    frames, problems = [], []
    for file in files:
        if not file.is_file():  # a folder named like a data file, or a link to nothing: reading it would crash
            label = file.relative_to(folder).as_posix()
            problems.append(Problem(label, 0, "", "not a readable file (a folder, or a link to nothing)"))
            incomplete.add(name)
            continue
        if file.suffix == ".parquet":
            frame, file_problems = read_parquet_text(file, folder, spec)
        else:
            frame, file_problems = read_csv_text(file, folder, spec)
        release_unused_memory()
        problems.extend(file_problems)
        if any(_loses_rows(problem, spec) for problem in file_problems):
            incomplete.add(name)
        frames.append(frame)
    if not frames:
        return None, problems
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
    try:
        data = file.read_bytes()
    except OSError as error:  # unreadable (permissions, vanished meanwhile)
        return empty, [Problem(label, 0, "", f"file cannot be read ({error.strerror or error})")]
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
    # Trailing unknown columns (an added header name whose rows were not filled in) may be missing from a row:
    # the unknown column is one problem, not one lost row per line.
    known_width = max((i + 1 for i, name in enumerate(header) if name in spec.column_names), default=len(header))
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
        if known_width <= len(record) < len(header):
            record = [*record, *[""] * (len(header) - len(record))]
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
    column would just be empty).
    """
    missing = [Problem(label, 1, c, "required column is missing") for c in spec.column_names if c not in header]
    return missing + [
        Problem(label, 1, c, "unknown column (not in the schema)") for c in header if c not in spec.column_names
    ]
