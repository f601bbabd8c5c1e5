"""Event filters: the FilterSpec, applying it to the events frame, a caption for it, and URL query-parameter round trips."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_VALUES = 300  # values read per query parameter; the rest are dropped with a notice
MAX_VALUE_LENGTH = 64  # longer single values are dropped with a notice
SHOWN_IN_NOTICE = 5  # dropped values named in one notice; the rest are counted
PARAM_NAMES = {
    "countries": "country",
    "product_lines": "product",
    "statuses": "status",
    "languages": "lang",
}
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FilterSpec:
    """What to show. An empty tuple or None means no restriction on that dimension."""

    countries: tuple[str, ...] = ()
    product_lines: tuple[str, ...] = ()
    start: datetime.date | None = None
    end: datetime.date | None = None
    statuses: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    companies: tuple[str, ...] = ("xiaomi",)


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


def to_query_params(spec: FilterSpec) -> dict[str, list[str]]:
    """URL query parameters for `spec` (only restricting ones); read_filters_from_query_params reverses it."""
    params = {param: list(getattr(spec, field)) for field, param in PARAM_NAMES.items() if getattr(spec, field)}
    if spec.start is not None:
        params["from"] = [spec.start.isoformat()]
    if spec.end is not None:
        params["to"] = [spec.end.isoformat()]
    return params


def read_filters_from_query_params(
    params: Mapping[str, str | list[str]],
    *,
    known_countries: Iterable[str],
    known_product_lines: Iterable[str],
    known_statuses: Iterable[str],
    known_languages: Iterable[str],
) -> tuple[FilterSpec, list[str]]:
    """Read a FilterSpec from public URL parameters; never raises. Returns (spec, notices about dropped values).

    Parameters: country (ISO alpha-3), product, status, lang (each repeatable, or comma-separated), from and to
    (YYYY-MM-DD). Codes are matched case-insensitively ('kor' is read as KOR). Unknown parameters are left to
    other readers and not reported. Notices echo dropped values only in a safe form (letters, digits, - _ . :).
    """
    known = {
        "countries": {str(code).upper() for code in known_countries},
        "product_lines": {str(code).lower() for code in known_product_lines},
        "statuses": {str(code).lower() for code in known_statuses},
        "languages": {str(code).lower() for code in known_languages},
    }
    notices: list[str] = []
    fields: dict[str, object] = {}
    for field, param in PARAM_NAMES.items():
        upper = field == "countries"
        values, value_notices = _read_codes(_values(params, param), param, known[field], upper)
        fields[field] = values
        notices.extend(value_notices)
    start, end, date_notices = _read_range(_values(params, "from"), _values(params, "to"))
    notices.extend(date_notices)
    return FilterSpec(start=start, end=end, **fields), notices


def _values(params: Mapping[str, object], name: str) -> list[str]:
    """Every raw value of one parameter as text (Streamlit's query_params.get_all is used when present)."""
    try:
        get_all = getattr(params, "get_all", None)
        raw = get_all(name) if callable(get_all) else params.get(name, [])
    except Exception:  # a hostile mapping must not break the page
        return []
    if raw is None:
        return []
    items = raw if isinstance(raw, list | tuple) else [raw]
    return [str(item) for item in items]


def _read_codes(raw: list[str], param: str, known: set[str], upper: bool) -> tuple[tuple[str, ...], list[str]]:
    items = [item.strip() for value in raw for item in value.split(",")]
    items = [item for item in items if item]
    notices = []
    if len(items) > MAX_VALUES:
        notices.append(f"Only the first {MAX_VALUES} '{param}' values were read; {len(items) - MAX_VALUES} dropped.")
        items = items[:MAX_VALUES]
    too_long = [item for item in items if len(item) > MAX_VALUE_LENGTH]
    if too_long:
        notices.append(f"Dropped {len(too_long)} '{param}' values longer than {MAX_VALUE_LENGTH} characters.")
    kept, unknown = [], []
    for item in items:
        if len(item) > MAX_VALUE_LENGTH:
            continue
        code = item.upper() if upper else item.lower()
        if code not in known:
            unknown.append(item)
        elif code not in kept:
            kept.append(code)
    if unknown:
        notices.append(f"Ignored unknown '{param}' values: {_list_for_notice(unknown)}.")
    return tuple(kept), notices


def _read_range(
    raw_from: list[str], raw_to: list[str]
) -> tuple[datetime.date | None, datetime.date | None, list[str]]:
    start, start_notices = _read_day(raw_from, "from")
    end, end_notices = _read_day(raw_to, "to")
    notices = start_notices + end_notices
    if start and end and start > end:
        notices.append(f"Ignored the date range: 'from' ({start.isoformat()}) is after 'to' ({end.isoformat()}).")
        return None, None, notices
    return start, end, notices


def _read_day(raw: list[str], param: str) -> tuple[datetime.date | None, list[str]]:
    values = [value.strip() for value in raw if value.strip()]
    if not values:
        return None, []
    notices = [f"Only the first '{param}' date was read."] if len(values) > 1 else []
    value = values[0]
    try:
        if len(value) > MAX_VALUE_LENGTH or not _ISO_DAY.match(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value), notices
    except ValueError:
        return None, [*notices, f"Ignored '{param}': {_shown(value)} is not a date of the form YYYY-MM-DD."]


def _list_for_notice(values: list[str]) -> str:
    distinct = list(dict.fromkeys(values))
    shown = ", ".join(_shown(value) for value in distinct[:SHOWN_IN_NOTICE])
    more = len(distinct) - SHOWN_IN_NOTICE
    return f"{shown} and {more} more" if more > 0 else shown


def _shown(value: str) -> str:
    """A dropped value made safe to echo in text, Markdown or HTML: at most 24 characters of [\\w -.:], quoted."""
    safe = "".join(ch if ch.isalnum() or ch in " -_.:" else "?" for ch in value[:24])
    return f"'{safe}…'" if len(value) > 24 else f"'{safe}'"
