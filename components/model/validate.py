"""Validation that reports every problem at once: each column by its kind, ids, references, precision agreement."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.model.schema import (
    TABLES,
    Column,
    Problem,
    TableSpec,
    iso3_codes,
    language_codes,
    parse_partial_date,
    split_list,
)
from components.model.vectorised import (
    VECTORISE_FROM_ROWS,
    IdSet,
    arrow_array,
    certain_dates,
    column_candidates,
    is_absent,
    release_unused_memory,
)
from components.model.vocabulary import DATA_YEARS, DATE_PRECISIONS, LIST_SEPARATOR, SHARE_RANGE

_ASCII_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_ASCII_INTEGER = re.compile(r"[+-]?[0-9]+")


def validate_table(
    spec: TableSpec,
    frame: pd.DataFrame,
    known: dict[str, IdSet | frozenset[str]],
    region_codes: frozenset[str] = frozenset(),
    *,
    unreadable: frozenset[str] = frozenset(),
    headers_checked: bool = False,
) -> list[Problem]:
    """Check one table read as text (with '_file' and '_line' columns); return every problem found.

    With `headers_checked` (the reader has reported every file's missing and unknown columns), the columns that are
    there are checked and a cell of a column its file does not have (NA) is skipped; otherwise any missing or
    unknown column is reported per file and nothing else is checked. References into the tables named in
    `unreadable` (they lost whole files) are not checked: one problem per column says so.
    """
    problems: list[Problem] = []
    present = [c for c in frame.columns if not c.startswith("_")]
    if not headers_checked:
        files = sorted(set(frame["_file"].unique())) if "_file" in frame else [spec.pattern]
        # Every file's part of a concatenated frame has the frame's columns (read_csv_text checks each file's header).
        for file in files:
            for missing in sorted(set(spec.column_names) - set(present)):
                problems.append(Problem(file, 1, missing, "required column is missing"))
            for unknown in sorted(set(present) - set(spec.column_names)):
                problems.append(Problem(file, 1, unknown, "unknown column (not in the schema)"))
        if problems:
            return problems
    for column in spec.columns:
        if column.name not in frame:
            continue
        target = column.refers_to.split(".")[0] if column.kind in ("ref", "refs") else ""
        if target in unreadable or (column.kind == "country" and "regions" in unreadable):
            problems.append(Problem(spec.pattern, 0, column.name, _not_checked_message(column)))
            column = replace(column, kind="text")  # still checked for emptiness
        problems.extend(_validate_column(spec, frame, column, known, region_codes))
        release_unused_memory()
    if spec.id_column in frame:
        problems.extend(_validate_ids(spec, frame))
    problems.extend(_validate_precision_agreement(spec, frame))
    release_unused_memory()
    return problems


def _not_checked_message(column: Column) -> str:
    if column.kind == "country":
        return "codes not checked: regions.csv could not be read (UN M.49 region codes are unknown)"
    table = column.refers_to.split(".")[0]
    return f"references not checked: {TABLES[table].pattern} could not be read entirely (its ids are unknown)"


def _validate_column(
    spec: TableSpec,
    frame: pd.DataFrame,
    column: Column,
    known: dict[str, frozenset[str]],
    region_codes: frozenset[str],
) -> list[Problem]:
    problems = []
    candidates = column_candidates(column, frame[column.name], known, region_codes)
    if not candidates.any():
        return problems
    rows = frame if candidates.all() else frame.loc[candidates, ["_file", "_line", column.name]]
    for file, line, raw in zip(rows["_file"], rows["_line"], rows[column.name], strict=True):
        if is_absent(raw):
            continue  # the file has no such column (reported by the reader)
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
        return _date_problem(value)
    if kind == "precision" and value not in DATE_PRECISIONS:
        return f"'{value}' is not one of {', '.join(DATE_PRECISIONS)}"
    elif kind == "choice" and value not in column.choices:
        return f"'{value}' is not one of {', '.join(column.choices)}"
    elif kind == "country" and value not in iso3_codes() and value not in region_codes:
        return f"'{value}' is not an ISO 3166-1 alpha-3 code or a UN M.49 region code listed in regions.csv"
    elif kind == "language" and value not in language_codes():
        return f"'{value}' is not an ISO 639-1 language code"
    elif kind in ("number", "integer", "percent"):
        return _number_problem(kind, value)
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


def _date_problem(value: str) -> str:
    """Why a partial date cannot be a data date (not a date form, or outside vocabulary.DATA_YEARS); '' if it can."""
    try:
        start, _ = parse_partial_date(value)
    except ValueError as error:  # pandas' OutOfBoundsDatetime is a ValueError too
        return str(error)
    first, last = DATA_YEARS
    if not first <= start.year <= last:
        return f"'{value}' is outside the years {first} to {last} that a data date may fall in"
    return ""


def _number_problem(kind: str, value: str) -> str:
    """Why a cell is not a number of its kind: ASCII digits only (no '1_000', no fullwidth digits), finite (no nan or
    inf), whole for 'integer', within vocabulary.SHARE_RANGE for 'percent'; '' if it is.
    """
    if kind == "integer":
        return "" if _ASCII_INTEGER.fullmatch(value) else f"'{value}' is not a whole number (digits 0-9)"
    if not _ASCII_NUMBER.fullmatch(value) or not math.isfinite(float(value)):
        return f"'{value}' is not a finite number written with the digits 0-9 (like 12.5)"
    low, high = SHARE_RANGE
    if kind == "percent" and not low <= float(value) <= high:
        return f"'{value}' is not a percentage from {low:g} to {high:g}"
    return ""


def _validate_ids(spec: TableSpec, frame: pd.DataFrame) -> list[Problem]:
    if not spec.id_column:
        return []
    ids = frame[spec.id_column].str.strip()
    repeated = ids.duplicated(keep="first")
    duplicated = frame[repeated & (ids != "") & ids.notna()]
    problems = []
    firsts = frame[~repeated & ids.isin(ids[duplicated.index])] if len(duplicated) else frame.iloc[:0]
    first_rows = dict(zip(ids[firsts.index], firsts.index, strict=True))
    for file, line, value in zip(duplicated["_file"], duplicated["_line"], duplicated[spec.id_column], strict=True):
        row = first_rows.get(value.strip())
        first = frame.loc[row] if row is not None else frame[ids == value.strip()].iloc[0]
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
    if date_column not in frame or precision_column not in frame:
        return problems  # reported by the reader as a missing column
    candidates = _agreement_candidates(frame[date_column], frame[precision_column])
    if not candidates.any():
        return problems
    rows = frame if candidates.all() else frame.loc[candidates, ["_file", "_line", date_column, precision_column]]
    for file, line, date_text, precision in zip(
        rows["_file"], rows["_line"], rows[date_column], rows[precision_column], strict=True
    ):
        if is_absent(date_text) or is_absent(precision):
            continue
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


_PRECISION_CODES = {"year": 0, "quarter": 1, "half": 2, "month": 3, "day": 4}


def _written_precision_codes(dates: pd.Series) -> np.ndarray:
    """written_precision as codes (_PRECISION_CODES; -1 for none), without a million small strings."""
    length = dates.str.len().to_numpy(dtype=np.int64, na_value=-1)
    letter = dates.str.slice(5, 6)
    is_quarter = (letter == "Q").to_numpy(dtype=bool, na_value=False)
    is_half = (letter == "H").to_numpy(dtype=bool, na_value=False)
    return np.select([length == 4, is_quarter, is_half, length == 7, length == 10], [0, 1, 2, 3, 4], default=-1)


def _precision_codes(precisions: pd.Series) -> np.ndarray:
    """Codes of stripped precision texts: _PRECISION_CODES, -1 for empty text, -2 for anything else."""
    found = pc.index_in(arrow_array(precisions), value_set=pa.array(list(_PRECISION_CODES)))
    codes = found.fill_null(-2).to_numpy(zero_copy_only=False).astype(np.int64)
    codes[(precisions == "").to_numpy(dtype=bool, na_value=False)] = -1
    return codes


def _agreement_candidates(dates: pd.Series, precisions: pd.Series) -> np.ndarray:
    """Rows whose date and precision may disagree (a superset, checked row by row afterwards)."""
    if len(dates) < VECTORISE_FROM_ROWS:
        return np.ones(len(dates), dtype=bool)
    try:
        date_text, precision = dates.str.strip(), precisions.str.strip()
    except (AttributeError, TypeError):
        return np.ones(len(dates), dtype=bool)
    unsure = (date_text.isna() | precision.isna()).to_numpy(dtype=bool)
    date_text, precision = date_text.fillna(""), precision.fillna("")
    empty = (date_text == "").to_numpy(dtype=bool)
    certain = certain_dates(date_text)
    agrees = _written_precision_codes(date_text) == _precision_codes(precision)
    return unsure | (empty & (precision != "").to_numpy(dtype=bool)) | (~empty & ~(certain & agrees))
