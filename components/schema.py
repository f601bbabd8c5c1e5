"""The data contract: columns of every file in data/, partial-date parsing, and validation that reports every problem at once."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pycountry

LIST_SEPARATOR = ";"

STATUSES = ("rumoured", "planned", "announced", "happened", "withdrawn")
DATE_PRECISIONS = ("day", "month", "quarter", "half", "year")
DATE_BASES = ("stated", "inferred")
SOURCE_KINDS = ("news", "press_release", "analyst_figure", "statistics", "company", "reference", "blog")
SOURCE_RELIABILITY = ("strong", "weak")
MARKET_SHARE_METRICS = ("web_usage_share", "shipment_share", "sales_share", "survey_share", "installed_base_share")
COMPANY_ROLES = ("subject", "competitor", "vendor")


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, what kind of value it holds and whether it may be empty."""

    name: str
    kind: str = "text"  # text | id | list | date | precision | choice | ref | refs | country | language | number | url
    required: bool = True
    choices: tuple[str, ...] = ()
    refers_to: str = ""  # "table.column" for ref/refs columns


@dataclass(frozen=True)
class TableSpec:
    """A table of the model: the files it is read from and its columns."""

    name: str
    pattern: str  # glob under the data folder
    columns: tuple[Column, ...]
    id_column: str = ""

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "stages",
            "stages.csv",
            (Column("stage_id", "id"), Column("rank", "number"), Column("label"), Column("description")),
            "stage_id",
        ),
        TableSpec(
            "event_types",
            "event_types.csv",
            (Column("event_type", "id"), Column("label"), Column("description")),
            "event_type",
        ),
        TableSpec("regions", "regions.csv", (Column("region_code", "id"), Column("name")), "region_code"),
        TableSpec(
            "companies",
            "companies.csv",
            (
                Column("company_id", "id"),
                Column("name"),
                Column("home_country", "country"),
                Column("role", "choice", choices=COMPANY_ROLES),
                Column("aliases", "list", required=False),
            ),
            "company_id",
        ),
        TableSpec(
            "products",
            "product_lines.csv",
            (
                Column("product_line_id", "id"),
                Column("label"),
                Column("products", "list", required=False),
                Column("description"),
            ),
            "product_line_id",
        ),
        TableSpec(
            "sources",
            "sources/*.csv",
            (
                Column("source_id", "id"),
                Column("outlet"),
                Column("title", required=False),
                Column("author", required=False),
                Column("language", "language"),
                Column("published", "date", required=False),
                Column("published_precision", "precision", required=False),
                Column("published_basis", "choice", required=False, choices=DATE_BASES),
                Column("published_note", required=False),
                Column("url", "url", required=False),
                Column("kind", "choice", choices=SOURCE_KINDS),
                Column("reliability", "choice", choices=SOURCE_RELIABILITY),
                Column("cluster", required=False),
                Column("notes", required=False),
            ),
            "source_id",
        ),
        TableSpec(
            "events",
            "events/*.csv",
            (
                Column("event_id", "id"),
                Column("company", "ref", refers_to="companies.company_id"),
                Column("country", "country"),
                Column("date", "date"),
                Column("date_precision", "precision"),
                Column("date_basis", "choice", choices=DATE_BASES),
                Column("date_note", required=False),
                Column("event_type", "ref", refers_to="event_types.event_type"),
                Column("stage", "ref", refers_to="stages.stage_id"),
                Column("status", "choice", choices=STATUSES),
                Column("product_lines", "refs", required=False, refers_to="products.product_line_id"),
                Column("products", "list", required=False),
                Column("partners", "list", required=False),
                Column("competitors", "refs", required=False, refers_to="companies.company_id"),
                Column("summary"),
                Column("source_ids", "refs", refers_to="sources.source_id"),
            ),
            "event_id",
        ),
        TableSpec(
            "market_share",
            "market_share/*.csv",
            (
                Column("observation_id", "id"),
                Column("country", "country"),
                Column("period", "date"),
                Column("period_precision", "precision"),
                Column("vendor", "ref", refers_to="companies.company_id"),
                Column("metric", "choice", choices=MARKET_SHARE_METRICS),
                Column("firm", required=False),
                Column("value", "number"),
                Column("source_id", "ref", refers_to="sources.source_id"),
                Column("licence"),
                Column("quality_flag", required=False),
                Column("note", required=False),
            ),
            "observation_id",
        ),
        TableSpec(
            "conflicts",
            "conflicts.csv",
            (
                Column("claim_id", "id"),
                Column("conflict_id"),
                Column("topic"),
                Column("country", "country"),
                Column("event_ids", "refs", required=False, refers_to="events.event_id"),
                Column("observation_ids", "refs", required=False, refers_to="market_share.observation_id"),
                Column("claim"),
                Column("source_ids", "refs", refers_to="sources.source_id"),
                Column("assessment", required=False),
            ),
            "claim_id",
        ),
    )
}

# Order matters: a table's references must be read before it is checked.
TABLE_ORDER = ("stages", "event_types", "regions", "companies", "products", "sources", "events", "market_share", "conflicts")

_DATE_FORMS = (
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$"), "half"),
    (re.compile(r"^(\d{4})$"), "year"),
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, with its location (row is the line number in the file, 1 = header)."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.row}" if self.row else self.file
        column = f", column '{self.column}'" if self.column else ""
        return f"{where}{column}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a data folder fails validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data folder:\n{lines}")


def parse_partial_date(text: str) -> tuple[pd.Timestamp, str]:
    """Parse YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD into (first day of the period, precision)."""
    value = text.strip()
    for pattern, precision in _DATE_FORMS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if precision == "day":
            return pd.Timestamp(year, int(match.group(2)), int(match.group(3))), precision
        if precision == "month":
            return pd.Timestamp(year, int(match.group(2)), 1), precision
        if precision == "quarter":
            return pd.Timestamp(year, 3 * int(match.group(2)) - 2, 1), precision
        if precision == "half":
            return pd.Timestamp(year, 6 * int(match.group(2)) - 5, 1), precision
        return pd.Timestamp(year, 1, 1), precision
    raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD")


def period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Last day of the period that starts at `start` with the given precision."""
    months = {"day": 0, "month": 1, "quarter": 3, "half": 6, "year": 12}[precision]
    if months == 0:
        return start
    return start + pd.DateOffset(months=months) - pd.Timedelta(days=1)


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code pycountry knows."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """Every ISO 639-1 two-letter language code pycountry knows."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def split_list(cell: str) -> list[str]:
    """Split a ';'-separated cell into its trimmed, non-empty items."""
    return [item.strip() for item in str(cell).split(LIST_SEPARATOR) if item.strip()]


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


def release_unused_memory() -> None:
    """Give the memory pyarrow's allocator holds for temporaries back to the system (it keeps freed pages a while,
    which at a million rows adds ~100 MB to the peak of a load). Costs microseconds."""
    pa.default_memory_pool().release_unused()


def _not_checked_message(column: Column) -> str:
    if column.kind == "country":
        return "codes not checked: regions.csv could not be read (UN M.49 region codes are unknown)"
    table = column.refers_to.split(".")[0]
    return f"references not checked: {TABLES[table].pattern} could not be read entirely (its ids are unknown)"


class IdSet:
    """The stripped ids of a table as one pyarrow array (vectorised lookups); a Python set only once asked per value.

    Holds what frozenset(ids.str.strip()) held (without NA: the cells of a file that has no id column).
    """

    def __init__(self, ids: pd.Series):
        self.array = pc.unique(arrow_array(ids.dropna().str.strip()))
        self._set: frozenset[str] | None = None

    def _values(self) -> frozenset[str]:
        if self._set is None:
            self._set = frozenset(self.array.to_pylist())
        return self._set

    def __contains__(self, value: object) -> bool:
        return value in self._values()

    def __iter__(self):
        return iter(self._values())

    def __len__(self) -> int:
        return len(self.array)


def _validate_column(
    spec: TableSpec,
    frame: pd.DataFrame,
    column: Column,
    known: dict[str, frozenset[str]],
    region_codes: frozenset[str],
) -> list[Problem]:
    problems = []
    candidates = _column_candidates(column, frame[column.name], known, region_codes)
    if not candidates.any():
        return problems
    rows = frame if candidates.all() else frame.loc[candidates, ["_file", "_line", column.name]]
    for file, line, raw in zip(rows["_file"], rows["_line"], rows[column.name], strict=True):
        if _absent(raw):
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


# Values that certainly pass _check_value (ASCII-only forms; anything else is checked value by value).
_FAST_YEAR = r"(?:1[7-9][0-9]{2}|2[01][0-9]{2}|2200)"  # 1700-2200
_FAST_DATE = _FAST_YEAR + r"(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-8]))?|-Q[1-4]|-H[12])?"
_FAST_DAY_29_31 = _FAST_YEAR + r"-(?:0[1-9]|1[0-2])-(?:29|30|31)"
_FAST_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_FAST_URL = r"https?://[!-~]+"
VECTORISE_FROM_ROWS = 500  # below this, checking value by value is quicker than pandas' per-call overhead


def _column_candidates(
    column: Column, series: pd.Series, known: dict[str, frozenset[str]], region_codes: frozenset[str]
) -> np.ndarray:
    """Rows of one column that may have a problem, found with vectorised checks (a superset of the failing rows).

    Only these rows go through the exact per-value check (_check_value), so every message stays as it was; the
    vectorised checks only accept values that certainly pass, and anything unusual (non-text cells, non-ASCII
    digits, dates outside 1700-2200, ...) is left to the exact check.
    """
    if len(series) < VECTORISE_FROM_ROWS:
        return np.ones(len(series), dtype=bool)
    try:
        values = series.str.strip()
    except (AttributeError, TypeError):  # not a text column: check every value
        return np.ones(len(series), dtype=bool)
    unsure = values.isna().to_numpy(dtype=bool)
    values = values.fillna("")
    empty = (values == "").to_numpy(dtype=bool)
    candidates = unsure | (empty if column.required else False)
    ok = _certainly_valid(column, values, known, region_codes)
    if ok is not None:
        candidates |= ~empty & ~ok
    return candidates


def _certainly_valid(
    column: Column, values: pd.Series, known: dict[str, frozenset[str]], region_codes: frozenset[str]
) -> np.ndarray | None:
    """True where a non-empty stripped value certainly passes _check_value; None when every value passes."""
    kind = column.kind
    if kind == "date":
        return certain_dates(values)
    if kind == "precision":
        allowed = DATE_PRECISIONS
    elif kind == "choice":
        allowed = column.choices
    elif kind == "country":
        allowed = iso3_codes() | region_codes
    elif kind == "language":
        allowed = language_codes()
    elif kind == "number":
        return values.str.fullmatch(_FAST_NUMBER).to_numpy(dtype=bool, na_value=False)
    elif kind == "url":
        return values.str.fullmatch(_FAST_URL).to_numpy(dtype=bool, na_value=False)
    elif kind == "ref":
        allowed = known.get(column.refers_to, frozenset())
    elif kind == "refs":
        return _all_items_in(values, known.get(column.refers_to, frozenset()))
    elif kind == "id":
        return ~values.str.contains(LIST_SEPARATOR, regex=False).to_numpy(dtype=bool, na_value=True)
    else:
        return None
    return _isin(values, allowed)


def arrow_array(values: pd.Series) -> pa.Array:
    """The column as one contiguous pyarrow array (a frame concatenated from several files holds chunks)."""
    array = pa.array(values, from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _isin(values: pd.Series, allowed: frozenset[str] | tuple[str, ...]) -> np.ndarray:
    """values.isin(allowed) with pyarrow's hash lookup (pandas builds a Python scalar per allowed value)."""
    try:
        array = arrow_array(values)
        found = pc.is_in(array, value_set=_value_set(allowed, array.type))
        return found.to_numpy(zero_copy_only=False).astype(bool)
    except (pa.ArrowException, TypeError, ValueError):
        return values.isin(list(allowed)).to_numpy(dtype=bool)


def _value_set(allowed: IdSet | frozenset[str] | tuple[str, ...], type_: pa.DataType) -> pa.Array:
    if isinstance(allowed, IdSet):
        return allowed.array.cast(type_)
    return pa.array(list(allowed), type=type_, from_pandas=True)


def _absent(value: object) -> bool:
    """True for the NA of a cell whose file has no such column (the readers give text, never NA, otherwise)."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _all_items_in(values: pd.Series, allowed: IdSet | frozenset[str]) -> np.ndarray:
    """True where every non-empty trimmed ';' item of a stripped text is in `allowed` (split_list, vectorised).

    Each distinct text is split once (list cells repeat a lot: a million rows hold a few thousand distinct texts).
    """
    try:
        cells = pc.dictionary_encode(arrow_array(values))
        lists = pc.split_pattern(cells.dictionary, LIST_SEPARATOR)
        items = pc.utf8_trim_whitespace(pc.list_flatten(lists))
        item_ok = pc.or_(
            pc.is_in(items, value_set=_value_set(allowed, items.type)), pc.equal(items, "")
        )
        bad_texts = pc.filter(pc.list_parent_indices(lists), pc.invert(item_ok)).to_numpy()
        del lists, items, item_ok
        text_ok = np.ones(len(cells.dictionary), dtype=bool)
        text_ok[bad_texts] = False
        return text_ok[cells.indices.to_numpy()]
    except (pa.ArrowException, TypeError, ValueError):
        items = values.str.split(LIST_SEPARATOR).explode().str.strip()
        item_ok = items.isin(list(allowed)) | (items == "")
        return item_ok.groupby(level=0).all().reindex(values.index, fill_value=False).to_numpy(dtype=bool)


def certain_dates(values: pd.Series) -> np.ndarray:
    """True where a stripped text is certainly a valid partial date (parse_partial_date accepts it)."""
    ok = values.str.fullmatch(_FAST_DATE).to_numpy(dtype=bool, na_value=False, copy=True)
    late_days = values.str.fullmatch(_FAST_DAY_29_31).to_numpy(dtype=bool, na_value=False)
    if late_days.any():  # 29-31: valid only in months that have that day
        ok[late_days] = pd.to_datetime(values[late_days], format="%Y-%m-%d", errors="coerce").notna().to_numpy()
    return ok


def _check_value(
    column: Column, value: str, known: dict[str, frozenset[str]], region_codes: frozenset[str]
) -> str:
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
    repeated = ids.duplicated(keep="first")
    duplicated = frame[repeated & (ids != "") & ids.notna()]
    problems = []
    firsts = frame[~repeated & ids.isin(ids[duplicated.index])] if len(duplicated) else frame.iloc[:0]
    first_rows = {key: row for key, row in zip(ids[firsts.index], firsts.index, strict=True)}
    for file, line, value in zip(duplicated["_file"], duplicated["_line"], duplicated[spec.id_column], strict=True):
        row = first_rows.get(value.strip())
        first = frame.loc[row] if row is not None else frame[ids == value.strip()].iloc[0]
        problems.append(
            Problem(file, line, spec.id_column, f"duplicate id '{value}' (first at {first['_file']}, line {first['_line']})")
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
        if _absent(date_text) or _absent(precision):
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
                Problem(file, line, precision_column, f"'{precision}' disagrees with the date '{date_text}' (written as {written})")
            )
        if not precision:
            problems.append(Problem(file, line, precision_column, "a date needs its precision"))
    return problems


def written_precision(dates: pd.Series) -> pd.Series:
    """The precision each stripped, certainly valid date text is written at (by its length and letter)."""
    codes = _written_precision_codes(dates)
    names = np.array([*_PRECISION_CODES, ""], dtype=object)  # code -1 (not a date form) -> ""
    return pd.Series(names[codes], index=dates.index)


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
