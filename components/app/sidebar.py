"""The global filters in the sidebar, kept in sync with the URL; filters.DIMENSIONS drives every widget."""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from components.model.vocabulary import STATUSES
from components.queries.atlas import Atlas
from components.queries.filters import DATE_RANGE, DIMENSIONS, FILTER_PARAMS, Dimension, FilterSpec
from components.queries.links import read_filters_from_query_params, to_query_params
from components.queries.names import country_name, country_names, language_name

FILTER_SPEC_KEY = "_filter_spec"
FILTERS_WRITTEN_KEY = "_filters_written"
NOTICES_KEY = "_filter_notices"


@functools.lru_cache(maxsize=1)
def _countries_by_name() -> tuple[str, ...]:
    return tuple(sorted(country_names(), key=country_name))


def _filter_options(atlas: Atlas) -> dict[str, list[str]]:
    """The known values of each codes dimension, by FilterSpec field."""
    return {
        "countries": list(_countries_by_name()),
        "product_lines": list(atlas.model.products["product_line_id"].astype(str)),
        "statuses": list(STATUSES),
        "languages": list(atlas.languages()),
    }


def _formatters(atlas: Atlas) -> dict[str, Callable[[str], str]]:
    products = atlas.labels("products")
    return {"countries": country_name, "product_lines": lambda p: products.get(p, p), "statuses": str.capitalize,
            "languages": language_name}  # fmt: skip


def _url_filter_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in FILTER_PARAMS if st.query_params.get_all(name)}


def _seed_filter_widgets(spec: FilterSpec) -> None:
    for dimension in DIMENSIONS:
        value = getattr(spec, dimension.field)
        st.session_state[dimension.param] = value if dimension.kind == "day" else list(value)


def _spec_from_widgets() -> FilterSpec:
    fields = {}
    for dimension in DIMENSIONS:
        value = st.session_state.get(dimension.param)
        fields[dimension.field] = value or None if dimension.kind == "day" else tuple(value or ())
    if fields["start"] and fields["end"] and fields["start"] > fields["end"]:
        fields["start"], fields["end"] = fields["end"], fields["start"]
    return FilterSpec(**fields)


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def _render_widget(dimension: Dimension, options: list[str], format_func: Callable[[str], str]) -> None:
    if dimension.kind == "day":
        st.date_input(
            dimension.label,
            key=dimension.param,
            format="YYYY-MM-DD",
            on_change=_clear_notices,
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


def render_sidebar_filters(atlas: Atlas) -> FilterSpec:
    """Draw the global filters in the sidebar, in sync with the URL, and return the FilterSpec they describe.

    The URL seeds the widgets on a session's first run and whenever it changes from outside (a shared link, a
    map click); after that the widgets lead and the URL is rewritten to match, so links always reproduce the view.
    """
    options = _filter_options(atlas)
    from_url = _url_filter_params()
    written = st.session_state.get(FILTERS_WRITTEN_KEY)
    if written is None or (from_url and from_url != written):
        spec, notices = read_filters_from_query_params(
            st.query_params,
            known_countries=options["countries"],
            known_product_lines=options["product_lines"],
            known_statuses=options["statuses"],
            known_languages=options["languages"],
        )
        _seed_filter_widgets(spec)
        st.session_state[NOTICES_KEY] = notices
    formatters = _formatters(atlas)
    with st.sidebar:
        st.header("Filters")
        days = [d for d in DIMENSIONS if d.kind == "day"]
        for dimension in DIMENSIONS:
            if dimension.kind == "day":
                if dimension is days[0]:
                    for column, day in zip(st.columns(len(days)), days, strict=True):
                        with column:
                            _render_widget(day, [], str)
                continue
            _render_widget(dimension, options[dimension.field], formatters[dimension.field])
    spec = _spec_from_widgets()
    _write_url(to_query_params(spec), from_url)
    st.session_state[FILTER_SPEC_KEY] = spec
    return spec


def _write_url(params: dict[str, list[str]], from_url: dict[str, list[str]]) -> None:
    """Rewrite the filter parameters of the URL to `params` (only when they changed)."""
    if params != from_url:
        for name in FILTER_PARAMS:
            if name in st.query_params:
                del st.query_params[name]
        for name, values in params.items():
            st.query_params[name] = values
    st.session_state[FILTERS_WRITTEN_KEY] = params


def filter_spec() -> FilterSpec:
    """The FilterSpec drawn by the sidebar on this run."""
    return st.session_state.get(FILTER_SPEC_KEY, FilterSpec())
