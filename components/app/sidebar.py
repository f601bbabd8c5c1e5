"""The global filters in the sidebar, kept in sync with the URL; filters.DIMENSIONS drives every widget."""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from components.model.vocabulary import STATUSES
from components.queries.atlas import Atlas
from components.queries.filters import DATE_RANGE, DIMENSIONS, FILTER_PARAMS, Dimension, FilterSpec
from components.queries.links import read_filters_from_query_params, to_query_params
from components.queries.names import country_names, language_name, localised_country_names

FILTER_SPEC_KEY = "_filter_spec"
FILTERS_WRITTEN_KEY = "_filters_written"
NOTICES_KEY = "_filter_notices"
PROFILE_PENDING_KEY = "_profile_pending"  # the filters a map click opens the country page with (set by widgets)
PROFILE_RETURN_KEY = "_profile_return"  # (the countries before that click, the URL filters of the profile it opened)
PROFILE_PAGE = "country"
DATES_OPEN_KEY = "_dates_open"  # the sidebar's date row: its pickers are drawn only while it is open


def _day_key(dimension: Dimension) -> str:
    """Where a date filter's value lives between runs: the date boxes are not drawn while their row is closed,
    and Streamlit forgets an undrawn widget's value.
    """
    return f"_day_{dimension.param}"


@functools.lru_cache(maxsize=16)
def _countries_by_name(locale: str | None) -> tuple[str, ...]:
    names = localised_country_names(locale)
    return tuple(sorted(country_names(), key=lambda code: names.get(code, code).casefold()))


def _filter_options(atlas: Atlas, locale: str | None = None) -> dict[str, list[str]]:
    """The known values of each codes dimension, by FilterSpec field (countries by their name in `locale`)."""
    return {
        "countries": list(_countries_by_name(locale)),
        "product_lines": list(atlas.model.products["product_line_id"].astype(str)),
        "statuses": list(STATUSES),
        "languages": list(atlas.languages()),
    }


def _formatters(atlas: Atlas, locale: str | None = None) -> dict[str, Callable[[str], str]]:
    products, names = atlas.labels("products"), localised_country_names(locale)
    return {"countries": lambda code: names.get(code, code), "product_lines": lambda p: products.get(p, p),
            "statuses": str.capitalize, "languages": language_name}  # fmt: skip


def _url_filter_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in FILTER_PARAMS if st.query_params.get_all(name)}


def _seed_filter_widgets(spec: FilterSpec) -> None:
    for dimension in DIMENSIONS:
        value = getattr(spec, dimension.field)
        st.session_state[dimension.param] = value if dimension.kind == "day" else list(value)
        if dimension.kind == "day":
            st.session_state[_day_key(dimension)] = value


def _spec_from_widgets() -> FilterSpec:
    fields = {}
    for dimension in DIMENSIONS:
        value = st.session_state.get(dimension.param)
        if dimension.kind == "day":
            value = st.session_state.get(_day_key(dimension))
        fields[dimension.field] = value or None if dimension.kind == "day" else tuple(value or ())
    if fields["start"] and fields["end"] and fields["start"] > fields["end"]:
        fields["start"], fields["end"] = fields["end"], fields["start"]
    return FilterSpec(**fields)


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def _store_day(dimension: Dimension) -> None:
    """A date box changed: keep its value where it outlives the box, and drop the link notices."""
    st.session_state[_day_key(dimension)] = st.session_state.get(dimension.param)
    _clear_notices()


def _render_widget(dimension: Dimension, options: list[str], format_func: Callable[[str], str]) -> None:
    if dimension.kind == "day":
        if dimension.param not in st.session_state:  # the box was not drawn last run: start from the kept value
            st.session_state[dimension.param] = st.session_state.get(_day_key(dimension))
        st.date_input(
            dimension.label,
            key=dimension.param,
            format="YYYY-MM-DD",
            on_change=_store_day,
            args=(dimension,),
            min_value=DATE_RANGE[0],
            max_value=DATE_RANGE[1],
        )
    else:
        st.multiselect(
            dimension.label,
            options,
            key=dimension.param,
            format_func=format_func,
            placeholder=dimension.placeholder,
            help=dimension.help or None,
            on_change=_clear_notices,
        )


def dates_label(start: object, end: object) -> str:
    """The closed date row's label: the range in force, so it reads without opening."""
    if not start and not end:
        return "Dates: any"
    return f"Dates: {start or '…'} to {end or '…'}"


def _render_dates(days: list[Dimension]) -> None:
    """The date range: a row that opens onto two date boxes (drawn only while open: they are slow to draw), open
    by default while a date is set.
    """
    start, end = (st.session_state.get(_day_key(day)) for day in days)
    row = st.expander(dates_label(start, end), expanded=bool(start or end), key=DATES_OPEN_KEY, on_change="rerun")
    if row.open:
        with row:
            for column, day in zip(st.columns(len(days)), days, strict=True):
                with column:
                    _render_widget(day, [], str)


def _seed_from_url(options: dict[str, list[str]]) -> None:
    spec, notices = read_filters_from_query_params(
        st.query_params,
        known_countries=options["countries"],
        known_product_lines=options["product_lines"],
        known_statuses=options["statuses"],
        known_languages=options["languages"],
    )
    _seed_filter_widgets(spec)
    st.session_state[NOTICES_KEY] = notices
    st.session_state.pop(PROFILE_RETURN_KEY, None)  # a link leads: nothing to return to


def _seed_filters(options: dict[str, list[str]], page: str) -> None:
    """Seed the widgets from a map click's pending profile, from the URL, or back to the countries before that click.

    A map click opens the country profile (widgets.open_country_profile), whose URL names the country. Streamlit's
    frontend applies a URL write made on a page switch to the history entry of the page being left (seen in
    Chromium), so the map's entry then reads ?country=XXX too. When a page other than the profile next runs with
    the profile's filters or none in its URL (Back, or the menu), the countries are put back as they were before
    the click and the URL is rewritten to match (in place, on Back), so the map is not left showing one country.
    """
    from_url = _url_filter_params()
    written = st.session_state.get(FILTERS_WRITTEN_KEY)
    pending = st.session_state.pop(PROFILE_PENDING_KEY, None)
    back = st.session_state.get(PROFILE_RETURN_KEY)
    if pending is not None:
        before = _spec_from_widgets().countries if written is not None else ()
        st.session_state[PROFILE_RETURN_KEY] = (before, to_query_params(pending))
        _seed_filter_widgets(pending)
        st.session_state[NOTICES_KEY] = []
    elif back is not None and page != PROFILE_PAGE and from_url in ({}, back[1]):
        st.session_state["country"] = list(st.session_state.pop(PROFILE_RETURN_KEY)[0])
    elif written is None or (from_url and from_url != written):
        _seed_from_url(options)


def render_sidebar_filters(atlas: Atlas, page: str = "", locale: str | None = None) -> FilterSpec:
    """Draw the global filters in the sidebar, in sync with the URL, and return the FilterSpec they describe.

    The URL seeds the widgets on a session's first run and whenever it changes from outside (a shared link, Back);
    after that the widgets lead and the URL is rewritten to match, so links always reproduce the view. `page` is
    the url_path of the page being shown; `locale` (st.context.locale) names and sorts the countries (URL values
    stay ISO3 codes).
    """
    options = _filter_options(atlas, locale)
    _seed_filters(options, page)
    formatters = _formatters(atlas, locale)
    with st.sidebar:
        st.header("Filters")
        days = [d for d in DIMENSIONS if d.kind == "day"]
        for dimension in DIMENSIONS:
            if dimension.kind == "day":
                if dimension is days[0]:
                    _render_dates(days)
                continue
            _render_widget(dimension, options[dimension.field], formatters[dimension.field])
    spec = _spec_from_widgets()
    _write_url(to_query_params(spec))
    st.session_state[FILTER_SPEC_KEY] = spec
    return spec


def current_url_params() -> dict[str, list[str]]:
    """Every query parameter of the URL (repeated ones as lists), in the URL's order."""
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _write_url(params: dict[str, list[str]]) -> None:
    """Set the filter parameters of the URL to `params`, keeping the others, in one write (one browser history
    entry), and only when they changed.
    """
    current = current_url_params()
    if {name: values for name, values in current.items() if name in FILTER_PARAMS} != params:
        others = {name: values for name, values in current.items() if name not in FILTER_PARAMS}
        st.query_params.from_dict({**others, **params})
    st.session_state[FILTERS_WRITTEN_KEY] = params


def filter_spec() -> FilterSpec:
    """The FilterSpec drawn by the sidebar on this run."""
    return st.session_state.get(FILTER_SPEC_KEY, FilterSpec())
