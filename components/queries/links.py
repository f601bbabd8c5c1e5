"""Filters in the URL: reading a FilterSpec from query parameters (never raising, with notices) and writing one back."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from urllib.parse import unquote, urlsplit

from components.queries.filters import DATE_RANGE, DIMENSIONS, PARAM_NAMES, FilterSpec

MAX_VALUES = 300  # values read per query parameter; the rest are dropped with a notice


MAX_VALUE_LENGTH = 64  # longer single values are dropped with a notice


SHOWN_IN_NOTICE = 5  # dropped values named in one notice; the rest are counted


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


_WEB_ADDRESS = re.compile(r"https?://[^\s/?#]+[^\s]*", re.ASCII)  # as the data contract's url check: http(s) only


def is_web_address(text: str) -> bool:
    """True for an http:// or https:// address with a host and no white space (never javascript:, data:, file:)."""
    return bool(_WEB_ADDRESS.fullmatch(text)) and text.isprintable()


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

    The parameters are those of filters.DIMENSIONS: country (ISO alpha-3), product, status, lang (each repeatable,
    or comma-separated), from and to (YYYY-MM-DD, clamped into filters.DATE_RANGE). Codes are matched
    case-insensitively ('kor' is read as KOR). Unknown parameters are left to other readers and not reported.
    Notices echo dropped values only in a safe form (letters, digits, - _ . :).
    """
    known = {"countries": known_countries, "product_lines": known_product_lines, "statuses": known_statuses,
             "languages": known_languages}  # fmt: skip
    notices: list[str] = []
    fields: dict[str, object] = {}
    for dimension in DIMENSIONS:
        raw = _values(params, dimension.param)
        if dimension.kind == "day":
            fields[dimension.field], day_notices = _read_day(raw, dimension.param)
        else:
            allowed = {str(code).upper() if dimension.upper else str(code).lower() for code in known[dimension.field]}
            fields[dimension.field], day_notices = _read_codes(raw, dimension.param, allowed, dimension.upper)
        notices.extend(day_notices)
    start, end = fields["start"], fields["end"]
    if start and end and start > end:
        notices.append(f"Ignored the date range: 'from' ({start.isoformat()}) is after 'to' ({end.isoformat()}).")
        fields["start"] = fields["end"] = None
    return FilterSpec(**fields), notices


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


def _read_day(raw: list[str], param: str) -> tuple[datetime.date | None, list[str]]:
    values = [value.strip() for value in raw if value.strip()]
    if not values:
        return None, []
    notices = [f"Only the first '{param}' date was read."] if len(values) > 1 else []
    value = values[0]
    try:
        if len(value) > MAX_VALUE_LENGTH or not _ISO_DAY.match(value):
            raise ValueError(value)
        day = datetime.date.fromisoformat(value)
    except ValueError:
        return None, [*notices, f"Ignored '{param}': {_shown(value)} is not a date of the form YYYY-MM-DD."]
    return clamp_day(day, param, notices)


def clamp_day(day: datetime.date, param: str, notices: list[str]) -> tuple[datetime.date, list[str]]:
    """`day` moved into filters.DATE_RANGE, with a notice when it had to be."""
    first, last = DATE_RANGE
    if first <= day <= last:
        return day, notices
    bound = first if day < first else last
    return bound, [
        *notices,
        f"'{param}' {day.isoformat()} is outside {first.isoformat()} to {last.isoformat()}: "
        f"read as {bound.isoformat()}.",
    ]


def _list_for_notice(values: list[str]) -> str:
    distinct = list(dict.fromkeys(values))
    shown = ", ".join(_shown(value) for value in distinct[:SHOWN_IN_NOTICE])
    more = len(distinct) - SHOWN_IN_NOTICE
    return f"{shown} and {more} more" if more > 0 else shown


def _shown(value: str) -> str:
    """A dropped value made safe to echo in text, Markdown or HTML: at most 24 letters, digits or ' -_.:', quoted."""
    safe = "".join(ch if ch.isalnum() or ch in " -_.:" else "?" for ch in value[:24])
    return f"'{safe}…'" if len(value) > 24 else f"'{safe}'"


def unknown_page_notice(url: str, page_paths: Iterable[str], base_path: str = "") -> str:
    """A notice when the browser asked for a page the app does not have ('' otherwise).

    `url` is the browser's address (st.context.url: Streamlit trims a known page's path from it), `page_paths` the
    app's url paths and `base_path` the server's base URL path. The unknown path is echoed only in a safe form.
    """
    try:
        path = unquote(urlsplit(url).path).strip("/")
    except ValueError:
        return ""
    base = base_path.strip("/")
    if base and (path == base or path.startswith(base + "/")):
        path = path[len(base) :].strip("/")
    if not path or path in set(page_paths):
        return ""
    shown = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_./") else "?" for ch in path[:40])
    shown += "…" if len(path) > 40 else ""
    return f"Page not found: this atlas has no page /{shown}, so the map is shown instead."
