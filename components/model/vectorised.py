"""Vectorised checks that prove most cells valid at once, so only the rest are checked value by value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.model.schema import Column, iso3_codes, language_codes
from components.model.vocabulary import DATE_PRECISIONS, LIST_SEPARATOR, SHARE_RANGE

# Values that certainly pass _check_value (ASCII-only forms; anything else is checked value by value).
_FAST_YEAR = r"(?:199[0-9]|20[0-9]{2}|2100)"  # vocabulary.DATA_YEARS (1990-2100), checked in test_schema_validation


_FAST_DATE = _FAST_YEAR + r"(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|1[0-9]|2[0-8]))?|-Q[1-4]|-H[12])?"


_FAST_DAY_29_31 = _FAST_YEAR + r"-(?:0[1-9]|1[0-2])-(?:29|30|31)"


_FAST_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"  # no exponent: 1e400 (inf) is left to the exact check


_FAST_INTEGER = r"[+-]?[0-9]+"


_FAST_URL = r"https?://[!-~]+"


VECTORISE_FROM_ROWS = 500  # below this, checking value by value is quicker than pandas' per-call overhead


def column_candidates(
    column: Column, series: pd.Series, known: dict[str, frozenset[str]], region_codes: frozenset[str]
) -> np.ndarray:
    """Rows of one column that may have a problem, found with vectorised checks (a superset of the failing rows).

    Only these rows go through the exact per-value check (_check_value), so every message stays as it was; the
    vectorised checks only accept values that certainly pass, and anything unusual (non-text cells, non-ASCII
    digits, dates outside 1990-2100, ...) is left to the exact check.
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
    elif kind in ("number", "percent"):
        return _certain_numbers(values, kind == "percent")
    elif kind == "integer":
        return values.str.fullmatch(_FAST_INTEGER).to_numpy(dtype=bool, na_value=False)
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


def _certain_numbers(values: pd.Series, percent: bool) -> np.ndarray:
    """True where a stripped text is a plain ASCII decimal (and, for a percentage, within vocabulary.SHARE_RANGE)."""
    ok = values.str.fullmatch(_FAST_NUMBER).to_numpy(dtype=bool, na_value=False, copy=True)
    if percent and ok.any():
        numbers = pd.to_numeric(values[ok], errors="coerce").to_numpy(dtype=float)
        ok[ok] = (numbers >= SHARE_RANGE[0]) & (numbers <= SHARE_RANGE[1])
    return ok


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


def is_absent(value: object) -> bool:
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
        item_ok = pc.or_(pc.is_in(items, value_set=_value_set(allowed, items.type)), pc.equal(items, ""))
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


def release_unused_memory() -> None:
    """Give the memory pyarrow's allocator holds for temporaries back to the system (it keeps freed pages a while,
    which raises the peak of a large load; docs/performance.md has the figures).
    """
    pa.default_memory_pool().release_unused()


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
