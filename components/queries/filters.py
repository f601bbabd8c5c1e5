"""Event filters: the declarative table of dimensions, the FilterSpec, applying it to the events, a caption for it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.model.vocabulary import SUBJECT

DATE_RANGE = (datetime.date(2000, 1, 1), datetime.date(2040, 12, 31))  # the dates a filter may hold; fixed, so a
# link that works today works for ever (a date outside it is clamped, with a notice)


@dataclass(frozen=True)
class Dimension:
    """One filter dimension: the FilterSpec field, its URL parameter (also the widget key), and how it is drawn."""

    field: str
    param: str
    label: str
    kind: str = "codes"  # codes (a multiselect of known values, repeatable in the URL) | day (a date box)
    upper: bool = False  # codes are written in upper case (ISO3 countries), else lower case
    placeholder: str = ""
    help: str = ""


DIMENSIONS = (
    Dimension("countries", "country", "Countries", upper=True, placeholder="All countries"),
    Dimension("product_lines", "product", "Product lines", placeholder="All product lines"),
    Dimension("start", "from", "From", kind="day"),
    Dimension("end", "to", "To", kind="day"),
    Dimension(
        "statuses",
        "status",
        "Status",
        placeholder="All (plans and rumours shown)",
        help="Keep only 'happened' to hide plans, announcements and rumours.",
    ),
    Dimension("languages", "lang", "Source language", placeholder="All languages"),
)  # the one table that drives the URL reader, the URL writer, the sidebar and the caption
FILTER_PARAMS = tuple(dimension.param for dimension in DIMENSIONS)
PARAM_NAMES = {d.field: d.param for d in DIMENSIONS if d.kind == "codes"}


@dataclass(frozen=True)
class FilterSpec:
    """What to show. An empty tuple or None means no restriction on that dimension."""

    countries: tuple[str, ...] = ()
    product_lines: tuple[str, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    statuses: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    companies: tuple[str, ...] = (SUBJECT,)


def apply_filters(events: pd.DataFrame, spec: FilterSpec, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return a new frame of the events matching every restriction of `spec` (input order, index reset).

    Dates: an event matches if its period [date, date_end] overlaps [start, end].
    Product lines: an event matches if any of its product lines is selected.
    Languages: an event matches if it cites at least one source in a selected language (needs `sources`).
    """
    return events[filter_mask(events, spec, sources)].reset_index(drop=True)


def filter_mask(events: pd.DataFrame, spec: FilterSpec, sources: pd.DataFrame | None = None) -> np.ndarray:
    """Which events match every restriction of `spec`, as a bool array in event order (see apply_filters)."""
    mask = pd.Series(True, index=events.index)
    if spec.companies:
        mask &= _text_isin(events["company"], spec.companies)
    if spec.countries:
        mask &= _text_isin(events["country"], spec.countries)
    if spec.statuses:
        mask &= _text_isin(events["status"], spec.statuses)
    if spec.product_lines:
        mask &= events["product_lines"].map(lambda items: _overlaps(items, spec.product_lines)).astype(bool)
    mask &= _date_mask(events, spec.start, spec.end)
    if spec.languages:
        mask &= _language_mask(events, spec.languages, sources)
    return mask.to_numpy(dtype=bool)


def _text_isin(column: pd.Series, values: tuple[str, ...]) -> pd.Series:
    """column.astype(str).isin(values); for a categorical column, worked out once per category, not per row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = column.cat.categories
        wanted = np.asarray(categories.astype(str).isin(values))
        codes = column.cat.codes.to_numpy()
        hit = wanted[codes] if len(wanted) else np.zeros(len(codes), dtype=bool)
        hit[codes < 0] = False  # astype(str) keeps a missing category missing: it matches no value
        return pd.Series(hit, index=column.index)
    return column.astype(str).isin(values)


def _overlaps(items: object, wanted: Iterable[str]) -> bool:
    return isinstance(items, list) and not set(items).isdisjoint(wanted)


def _date_mask(events: pd.DataFrame, start: datetime.date | None, end: datetime.date | None) -> pd.Series:
    mask = pd.Series(True, index=events.index)
    if start is not None:
        mask &= events["date_end"] >= pd.Timestamp(start)
    if end is not None:
        mask &= events["date"] <= pd.Timestamp(end)
    return mask


def _language_mask(events: pd.DataFrame, languages: tuple[str, ...], sources: pd.DataFrame | None) -> pd.Series:
    if sources is None:
        raise ValueError("filtering by language needs the sources frame")
    in_language = set(sources.loc[sources["language"].astype(str).isin(languages), "source_id"].astype(str))
    return events["source_ids"].map(lambda items: _overlaps(items, in_language)).astype(bool)


def describe_filters(spec: FilterSpec, countries_names: Mapping[str, str] | None = None) -> str:
    """A one-line caption, e.g. 'South Korea, Mexico · smartphones · 2016-01-01 to 2018-12-31 · happened'."""
    names = countries_names or {}
    parts = [
        ", ".join(names.get(code, code) for code in spec.countries) or "All countries",
        ", ".join(spec.product_lines) or "all product lines",
        _describe_dates(spec.start, spec.end),
        ", ".join(spec.statuses) or "all statuses",
    ]
    if spec.languages:
        parts.append("sources in " + ", ".join(spec.languages))
    if spec.companies != FilterSpec().companies:
        parts.append("companies: " + (", ".join(spec.companies) or "all"))
    return " · ".join(parts)


def _describe_dates(start: datetime.date | None, end: datetime.date | None) -> str:
    if start and end:
        return f"{start.isoformat()} to {end.isoformat()}"
    if start:
        return f"from {start.isoformat()}"
    if end:
        return f"until {end.isoformat()}"
    return "all dates"


def is_unrestricted(spec: FilterSpec) -> bool:
    """True when `spec` keeps every event (no restriction on any dimension, every company)."""
    return spec == FilterSpec(companies=())


def matching_rows(events: pd.DataFrame, spec: FilterSpec, sources: pd.DataFrame | None = None) -> np.ndarray:
    """Positions (0-based, in order) of the events matching `spec`: `events.iloc[rows]` == apply_filters(...)."""
    if is_unrestricted(spec):
        return np.arange(len(events), dtype=np.int64)
    return np.flatnonzero(filter_mask(events, spec, sources)).astype(np.int64)


def take_rows(events: pd.DataFrame, rows: np.ndarray, limit: int | None = None) -> pd.DataFrame:
    """The events at `rows` (the first `limit` of them), index reset; a new frame, `events` is left untouched."""
    wanted = rows if limit is None else rows[:limit]
    return events.iloc[wanted].reset_index(drop=True)
