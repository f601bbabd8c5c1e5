"""Turn validated text tables into typed frames: categories, list cells, partial dates as first and last days."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from components.model.schema import TABLES, parse_partial_date, period_end, split_list
from components.model.validate import VECTORISE_FROM_ROWS, arrow_array, certain_dates, release_unused_memory
from components.model.vocabulary import LIST_SEPARATOR

LIST_CHUNK_ROWS = 65_536  # distinct list cells made into Python lists per step


def stage_order(stages: pd.DataFrame) -> list[str]:
    """The stage ids, lowest rank first."""
    return list(stages.assign(rank=lambda s: s["rank"].astype(int)).sort_values("rank")["stage_id"])


def to_typed_frame(name: str, frame: pd.DataFrame, raw: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Convert a validated text table to proper dtypes: dates, numbers, categoricals and lists."""
    ranked = stage_order(raw["stages"]) if name == "events" else []
    return type_table(name, frame.copy(deep=False), ranked)


def type_table(name: str, frame: pd.DataFrame, ranked_stages: list[str]) -> pd.DataFrame:
    """to_typed_frame, emptying `frame` column by column as each typed column is made (less memory at peak).

    Each column becomes the dtype the schema declares for it (`Column.typed_as`).
    """
    typed_as = {column.name: column.typed_as for column in TABLES[name].columns}
    index = frame.index
    columns: dict[str, pd.Series] = {}
    extra: dict[str, pd.Series] = {}
    for column in [c for c in frame.columns if c not in ("_file", "_line")]:
        text = frame.pop(column).str.strip()
        dtype = typed_as.get(column, "text")
        if dtype == "date":
            columns[column], extra[f"{column}_end"], extra[f"{column}_label"] = _date_columns(text)
        else:
            columns[column] = _typed_column(text, dtype, ranked_stages)
        del text
        release_unused_memory()
    del frame
    typed = pd.DataFrame({**columns, **extra}, index=index)
    del columns, extra
    if name == "stages":
        typed = typed.sort_values("rank", ignore_index=True)
    return typed


def _typed_column(text: pd.Series, dtype: str, ranked_stages: list[str]) -> pd.Series:
    """One stripped text column as `dtype` (list, stage, float, int, category or text)."""
    if dtype == "list":
        return _split_lists(text)
    if dtype == "stage":
        return pd.Series(pd.Categorical(text, categories=ranked_stages, ordered=True), index=text.index)
    if dtype in ("float", "int"):
        return text.astype(dtype)
    if dtype == "category":
        return text.astype("category")
    return text


def _split_lists(column: pd.Series) -> pd.Series:
    """column.map(split_list) for a stripped text column, without the call for cells holding one item.

    Large columns are split by pyarrow; equal items then share one str object (less memory, same values).
    """
    if len(column) >= VECTORISE_FROM_ROWS and not column.isna().any():
        try:
            return _split_lists_arrow(column)
        except (pa.ArrowException, TypeError, ValueError):
            pass
    return pd.Series(
        [
            ([value] if value else []) if isinstance(value, str) and LIST_SEPARATOR not in value else split_list(value)
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
    parsed = [parse_partial_date(text) if text else (pd.NaT, "") for text in labels]
    starts = pd.to_datetime(pd.Series([start for start, _ in parsed], index=labels.index, dtype="object")).astype(
        "datetime64[ns]"
    )
    ends = [period_end(start, precision) if precision else pd.NaT for start, precision in parsed]
    ends = pd.to_datetime(pd.Series(ends, index=labels.index, dtype="object")).astype("datetime64[ns]")
    return starts, ends, labels


def _date_bounds(labels: pd.Series) -> tuple[pd.Series, pd.Series] | None:
    """First and last day of every stripped partial-date text, vectorised; None unless all are plain ASCII forms.

    Gives what parse_partial_date and period_end give (NaT for empty text) for dates from 1700 to 2200.
    """
    if len(labels) < VECTORISE_FROM_ROWS:
        return None
    text = labels.fillna("")
    empty = (text == "").to_numpy(dtype=bool)
    if not (certain_dates(text) | empty).all():
        return None
    try:  # every text is ASCII and at most 10 bytes: pad to 10 with NUL and view the bytes as a (rows, 10) matrix
        padded = pc.utf8_rpad(arrow_array(text), width=10, padding="\x00")
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
    starts = first_month.astype("datetime64[M]").astype("datetime64[D]") + np.where(
        is_day, digit(8) * 10 + digit(9) - 1, 0
    )
    ends = np.where(
        is_day, starts, (first_month + span).astype("datetime64[M]").astype("datetime64[D]") - np.timedelta64(1, "D")
    )
    starts, ends = starts.astype("datetime64[ns]"), ends.astype("datetime64[ns]")
    starts[empty] = np.datetime64("NaT")
    ends[empty] = np.datetime64("NaT")
    return pd.Series(starts, index=labels.index), pd.Series(ends, index=labels.index)


def _split_lists_arrow(column: pd.Series) -> pd.Series:
    """split_list over a whole text column with pyarrow: split on ';', trim, drop empty items.

    Each distinct cell text is split once: cells with equal text share one list object, and equal items share one
    str object (the model is read-only; this keeps a million rows of mostly repeated lists small). The distinct
    texts are split in chunks, so that no temporary array is as long as the column.
    """
    cells = pc.dictionary_encode(arrow_array(column))
    texts, codes = cells.dictionary, cells.indices.to_numpy()
    del cells
    interned: dict[str, str] = {}
    split = np.empty(len(texts), dtype=object)
    for first in range(0, len(texts), LIST_CHUNK_ROWS):
        part = texts.slice(first, LIST_CHUNK_ROWS)
        lists = pc.split_pattern(part, LIST_SEPARATOR)
        items = pc.utf8_trim_whitespace(pc.list_flatten(lists))
        keep = pc.not_equal(items, "")
        parents = pc.filter(pc.list_parent_indices(lists), keep).to_numpy()
        encoded = pc.filter(items, keep).dictionary_encode()
        del lists, items, keep
        words = [interned.setdefault(word, word) for word in encoded.dictionary.to_pylist()]
        unique = np.array([*words, None], dtype=object)[:-1]  # 1-d even if values are lists
        flat = unique[encoded.indices.to_numpy()].tolist()
        ends = np.cumsum(np.bincount(parents, minlength=len(part))).tolist()
        split[first : first + len(part)] = _list_of_lists(
            [flat[a:b] for a, b in zip([0, *ends[:-1]], ends, strict=True)]
        )
        del encoded, words, unique, flat, ends, parents
    return pd.Series(split[codes], index=column.index, dtype=object)


def _list_of_lists(lists: list[list[str]]) -> np.ndarray:
    """A 1-d object array holding the given lists (numpy would make a 2-d array of equal-length lists)."""
    array = np.empty(len(lists), dtype=object)
    for position, value in enumerate(lists):
        array[position] = value
    return array
