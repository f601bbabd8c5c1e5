"""Pure helpers for large views: which rows match a filter, timeline cells (events counted per row and period),
the events each source supports, and a row cap for tables. No Streamlit, no I/O."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import numpy as np
import pandas as pd

from components import filters

TABLE_ROW_LIMIT = 500  # rows a page table shows; the full data is a download away
TIMELINE_MAX_POINTS = 2_000  # above this many markers the timeline counts events per row and period instead
TIMELINE_MAX_CELLS = 6_000  # the coarsest period is chosen so that at most this many (row, period) cells are drawn
BUCKETS = ("month", "quarter", "year")
_PERIOD_CODES = {"month": "M", "quarter": "Q", "year": "Y"}
_FILTER_COLUMNS = ("company", "country", "status", "product_lines", "date", "date_end", "source_ids")
_ROW = "_row_position"


def is_unrestricted(spec: filters.FilterSpec) -> bool:
    """True when `spec` keeps every event (no restriction on any dimension, every company)."""
    return spec == filters.FilterSpec(companies=())


def matching_rows(events: pd.DataFrame, spec: filters.FilterSpec, sources: pd.DataFrame | None = None) -> np.ndarray:
    """Positions (0-based, in order) of the events matching `spec`: `events.iloc[rows]` == apply_filters(...)."""
    if is_unrestricted(spec):
        return np.arange(len(events), dtype=np.int64)
    columns = [c for c in _FILTER_COLUMNS if c in events.columns]
    narrow = events[columns].assign(**{_ROW: np.arange(len(events), dtype=np.int64)})
    return filters.apply_filters(narrow, spec, sources)[_ROW].to_numpy(dtype=np.int64)


def take_rows(events: pd.DataFrame, rows: np.ndarray, limit: int | None = None) -> pd.DataFrame:
    """The events at `rows` (the first `limit` of them), index reset; a new frame, `events` is left untouched."""
    wanted = rows if limit is None else rows[:limit]
    return events.iloc[wanted].reset_index(drop=True)


def supported_events(events: pd.DataFrame) -> dict[str, list[str]]:
    """source_id -> the event ids (in event order) citing it."""
    supported: dict[str, list[str]] = {}
    for event_id, source_ids in zip(events["event_id"].astype(str), events["source_ids"], strict=True):
        for source_id in source_ids if isinstance(source_ids, list | tuple) else ():
            supported.setdefault(str(source_id), []).append(event_id)
    return supported


def period_start(dates: pd.Series, bucket: str) -> pd.Series:
    """The first day of the month, quarter or year of each date (NaT stays NaT)."""
    return pd.to_datetime(dates).dt.to_period(_PERIOD_CODES[bucket]).dt.start_time


def choose_bucket(groups: pd.Series, dates: pd.Series, max_cells: int = TIMELINE_MAX_CELLS) -> str:
    """The finest period (month, then quarter, then year) giving at most `max_cells` distinct (group, period) cells;
    'year' when none does."""
    for bucket in BUCKETS[:-1]:
        cells = pd.DataFrame({"g": groups.to_numpy(), "p": period_start(dates, bucket).to_numpy()})
        if len(cells.drop_duplicates()) <= max_cells:
            return bucket
    return BUCKETS[-1]


def timeline_cells(
    frame: pd.DataFrame, *, bucket: str, colour_order: Iterable[str] = (), group: str = "group",
    colour: str = "colour_key",
) -> pd.DataFrame:
    """Events counted per (group, period): one row per cell with `n`, its most common colour key (ties: the first
    in `colour_order`, then alphabetical) and `breakdown`, [(colour key, count), ...] by count then that order.

    `frame` has one row per marker, with columns `group`, `date` and `colour`; rows without a date are left out.
    Output columns: group, period (Timestamp, first day), n, colour_key, breakdown; sorted by group then period.
    """
    columns = ["group", "period", "n", "colour_key", "breakdown"]
    dated = frame[frame["date"].notna()]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    rank = {key: index for index, key in enumerate(str(k) for k in colour_order)}
    long = (
        pd.DataFrame({
            "group": dated[group].astype(str).to_numpy(),
            "period": period_start(dated["date"], bucket).to_numpy(),
            "colour_key": dated[colour].astype(str).to_numpy(),
        })
        .groupby(["group", "period", "colour_key"], sort=False)
        .size()
        .rename("count")
        .reset_index()
    )
    long["rank"] = long["colour_key"].map(lambda k: rank.get(k, len(rank)))
    long = long.sort_values(["group", "period", "count", "rank", "colour_key"], ascending=[True, True, False, True, True])
    cells = long.groupby(["group", "period"], sort=False).agg(
        n=("count", "sum"), colour_key=("colour_key", "first"),
    ).reset_index()
    pairs = list(zip(long["colour_key"].tolist(), long["count"].astype(int).tolist(), strict=True))
    sizes = long.groupby(["group", "period"], sort=False).size().to_numpy()
    bounds = np.concatenate([[0], np.cumsum(sizes)])
    cells["breakdown"] = [pairs[bounds[i]:bounds[i + 1]] for i in range(len(sizes))]
    cells["n"] = cells["n"].astype(int)
    return cells[columns].reset_index(drop=True)


def without_companies(spec: filters.FilterSpec) -> filters.FilterSpec:
    """The same filters for every company (competitors included)."""
    return dataclasses.replace(spec, companies=())


def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns that are blank in every shown row (most sources have no recorded title); never fill them in."""
    return frame.loc[:, [frame[c].astype(str).str.strip().ne("").any() for c in frame.columns]]
