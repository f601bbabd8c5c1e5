"""Pure helpers for large views: which rows match a filter, timeline cells (events counted per row and period) and
a row cap for tables. No Streamlit, no I/O.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

TIMELINE_MAX_POINTS = 2_000  # above this many markers the timeline counts events per row and period instead
TIMELINE_MAX_CELLS = 6_000  # the coarsest period is chosen so that at most this many (row, period) cells are drawn
BUCKETS = ("month", "quarter", "year")
TIMELINE_FIRST_ROWS = 30  # the timeline draws this many country rows (first events first) unless asked for all


def compute_first_rows(events: pd.DataFrame, limit: int | None, always: Iterable[str] = ()) -> tuple[pd.DataFrame, int]:
    """The events of the rows in `always` (e.g. regions) and of the `limit` other countries whose first event comes
    first (all when None), and how many rows there are in all.

    Countries are ordered by their earliest event date, ties by code; undated events keep their country's place.
    """
    countries = events["country"].astype(str)
    first = pd.DataFrame({"country": countries, "date": events["date"]}).groupby("country", sort=True)["date"].min()
    kept = set(always) & set(first.index)
    if limit is None or len(first) - len(kept) <= limit:
        return events, len(first)
    order = first.drop(list(kept)).reset_index().sort_values(["date", "country"], kind="stable", na_position="last")
    return events[countries.isin(kept | set(order["country"].iloc[:limit]))], len(first)


# --- timeline cells: markers as integer codes (built once per data version), counted per (row, period, colour) ---

UNSPECIFIED = "(unspecified)"  # the product-line row of events that name no product line
_MONTHS_PER = {"month": 1, "quarter": 3, "year": 12}


@dataclasses.dataclass(frozen=True, eq=False)
class MarkerCodes:
    """The timeline's markers (one per event; per event and product line when rows are product lines) as arrays.

    event: position of each marker's event in the events frame; group: index into `groups`; colour: index into
    `colours`, which lists colour_order's keys first, then the others alphabetically (the tie-break order); month:
    months since 1970-01 of the marker's date, valid where `dated`; day: the date in ns (orders the rows).
    Build once per data version (compute_marker_codes); the arrays are read-only.
    """

    event: np.ndarray
    group: np.ndarray
    colour: np.ndarray
    month: np.ndarray
    day: np.ndarray
    dated: np.ndarray
    groups: tuple[str, ...]
    colours: tuple[str, ...]
    n_events: int


@dataclasses.dataclass(frozen=True, eq=False)
class TimelineCells:
    """Markers counted per (row, period): `table` has one row per cell (group, period, n, colour_key) sorted by group
    then period; counts[i, j] is cell i's number of markers of colour colours[j]; `rows` are the row labels, top
    to bottom, by each row's earliest date (then the first marker).
    """

    bucket: str
    table: pd.DataFrame
    counts: np.ndarray
    colours: tuple[str, ...]
    rows: tuple[str, ...]


def marker_codes(
    event: np.ndarray,
    groups: Iterable[object],
    dates: pd.Series | np.ndarray,
    colours: Iterable[object],
    colour_order: Iterable[object] = (),
    n_events: int | None = None,
) -> MarkerCodes:
    """MarkerCodes of markers given one value per marker: its event position, row, date and colour key."""
    group_codes, group_values = pd.factorize(pd.Series([str(g) for g in groups], dtype=object), sort=False)
    colour_texts = pd.Series([str(c) for c in colours], dtype=object)
    order = list(dict.fromkeys(str(k) for k in colour_order))
    others = sorted(set(colour_texts) - set(order))
    colour_index = {key: index for index, key in enumerate(order + others)}
    day = np.asarray(pd.to_datetime(pd.Series(dates)).to_numpy(dtype="datetime64[ns]"))
    dated = ~np.isnat(day)
    arrays = {  # narrow integer types: the app keeps four of these per data version (~25 bytes a marker)
        "event": np.asarray(event, dtype=np.int32),
        "group": group_codes.astype(np.int32),
        "colour": colour_texts.map(colour_index).to_numpy(dtype=np.int16),
        "month": np.where(dated, day.astype("datetime64[M]").astype(np.int64), 0).astype(np.int32),
        "day": day.astype(np.int64),
        "dated": dated,
    }
    for array in arrays.values():
        array.setflags(write=False)
    return MarkerCodes(
        **arrays,
        groups=tuple(str(g) for g in group_values),
        colours=tuple(order + others),
        n_events=len(arrays["event"]) if n_events is None else n_events,
    )


def compute_marker_codes(
    events: pd.DataFrame,
    *,
    group_by: str = "country",
    colour_by: str = "stage",
    colour_order: Iterable[object] = (),
) -> MarkerCodes:
    """The timeline's markers of `events`: rows are countries (group_by='country') or product lines (one marker per
    event and product line; UNSPECIFIED for none); colours are `colour_by` values.
    """
    if group_by == "product_line":
        items = [list(v) if isinstance(v, list | tuple) and v else [UNSPECIFIED] for v in events["product_lines"]]
        event = np.repeat(np.arange(len(events), dtype=np.int64), [len(v) for v in items])
        groups = [item for values in items for item in values]
    else:
        event = np.arange(len(events), dtype=np.int64)
        groups = events["country"].tolist()
    return marker_codes(
        event,
        groups,
        events["date"].to_numpy()[event],
        events[colour_by].to_numpy()[event],
        colour_order,
        n_events=len(events),
    )


def select_pairs(pair_event: np.ndarray, n_events: int, rows: np.ndarray | None = None) -> np.ndarray:
    """Which items (timeline markers, citations...) belong to the events at `rows` (None: all), as a bool array;
    pair_event[i] is item i's event position.
    """
    if rows is None:
        return np.ones(len(pair_event), dtype=bool)
    chosen = np.zeros(n_events, dtype=bool)
    chosen[np.asarray(rows, dtype=np.int64)] = True
    return chosen[pair_event]


def selected_markers(codes: MarkerCodes, rows: np.ndarray | None = None) -> np.ndarray:
    """Which markers belong to the events at `rows` (None: all), as a bool array over the markers."""
    return select_pairs(codes.event, codes.n_events, rows)


def compute_timeline_cells(
    codes: MarkerCodes,
    rows: np.ndarray | None = None,
    *,
    group_labels: Mapping[str, str] | None = None,
    bucket: str | None = None,
    max_cells: int = TIMELINE_MAX_CELLS,
) -> TimelineCells:
    """The dated markers of the events at `rows` (None: all) counted per (row label, period, colour).

    Rows are labelled by group_labels (unknown groups keep their value); `bucket` None picks the finest period
    (month, quarter, year) with at most `max_cells` cells. A cell's colour_key is its most common colour (ties:
    the first in codes.colours). Only the colours with any marker are kept.
    """
    labels = np.array([(group_labels or {}).get(g, g) for g in codes.groups] or [""], dtype=object)
    names, label_code = np.unique(labels.astype(str), return_inverse=True)  # alphabetical: the table's sort order
    keep = selected_markers(codes, rows) & codes.dated
    group = label_code.reshape(-1)[codes.group[keep]] if len(codes.groups) else np.zeros(0, dtype=np.int64)
    month, colour = codes.month[keep].astype(np.int64), codes.colour[keep].astype(np.int64)
    positions = np.flatnonzero(keep)
    if bucket is None:
        bucket = _choose_bucket(group, month, max_cells)
    step = _MONTHS_PER[bucket]
    period = month - month % step
    n_colours = max(len(codes.colours), 1)
    if len(period):
        low = int(period.min())
        span = int(period.max()) - low + 1
        key = (group * span + (period - low)) * n_colours + colour
        unique_keys, per_key = np.unique(key, return_counts=True)
        cell_keys, cell_index = np.unique(unique_keys // n_colours, return_inverse=True)
        counts = np.zeros((len(cell_keys), n_colours), dtype=np.int64)
        counts[cell_index.reshape(-1), unique_keys % n_colours] = per_key
        cell_group, cell_period = cell_keys // span, cell_keys % span + low
    else:
        counts = np.zeros((0, n_colours), dtype=np.int64)
        cell_group = cell_period = np.zeros(0, dtype=np.int64)
    present = np.flatnonzero(counts.sum(axis=0) > 0)
    colours = tuple(codes.colours[i] for i in present)
    counts = counts[:, present]
    table = pd.DataFrame(
        {
            "group": names[cell_group].astype(object) if len(cell_group) else np.array([], dtype=object),
            "period": cell_period.astype("datetime64[M]").astype("datetime64[ns]"),
            "n": counts.sum(axis=1).astype(int),
            "colour_key": np.array(colours, dtype=object)[counts.argmax(axis=1)]
            if len(counts)
            else np.array([], dtype=object),
        }
    )
    counts.setflags(write=False)
    return TimelineCells(
        bucket=bucket,
        table=table,
        counts=counts,
        colours=colours,
        rows=_row_order(names, group, codes.day[positions], positions),
    )


def _choose_bucket(group: np.ndarray, month: np.ndarray, max_cells: int) -> str:
    if not len(month):
        return BUCKETS[0]
    low = int(month.min()) - int(month.min()) % 12  # every period starts at or after it
    span = int(month.max()) - low + 1
    for bucket in BUCKETS[:-1]:
        period = month - month % _MONTHS_PER[bucket]
        if len(np.unique(group * span + (period - low))) <= max_cells:
            return bucket
    return BUCKETS[-1]


def _row_order(names: np.ndarray, group: np.ndarray, day: np.ndarray, position: np.ndarray) -> tuple[str, ...]:
    """Row labels by their earliest date, ties by the first such marker (a stable sort by date, first of each)."""
    if not len(group):
        return ()
    order = np.lexsort((position, day))
    first_groups = group[order]
    _, first = np.unique(first_groups, return_index=True)
    return tuple(str(names[g]) for g in first_groups[np.sort(first)])


def timeline_cells(
    frame: pd.DataFrame,
    *,
    bucket: str,
    colour_order: Iterable[str] = (),
    group: str = "group",
    colour: str = "colour_key",
) -> pd.DataFrame:
    """Markers of `frame` (one per row, columns `group`, `date`, `colour`) counted per (group, period) as a table:
    group, period (Timestamp, first day), n, colour_key (the most common; ties: first in `colour_order`, then
    alphabetical) and breakdown, [(colour key, count), ...] by count then that order. Undated rows are left out.
    """
    codes = marker_codes(np.arange(len(frame)), frame[group], frame["date"], frame[colour], colour_order)
    cells = compute_timeline_cells(codes, bucket=bucket)
    table = cells.table.copy()
    table["breakdown"] = [
        [(cells.colours[j], int(row[j])) for j in np.lexsort((np.arange(len(row)), -row)) if row[j]]
        for row in cells.counts
    ]
    return table
