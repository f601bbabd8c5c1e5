"""The Rivals page (/rivals?metric=shipment_share&period=2021-Q2&rival=samsung): the world by competition."""

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.widgets import GEO_CONFIG, LINK, escape_markdown, open_country_profile, selected_id
from components.pages.rivals.view import (
    build_options,
    build_rivals_map,
    colour_label,
    metric_label,
    read_choice,
)
from components.queries.rivals import COLOUR_BY, RivalsChoice, rivals_query_params

MAP_KEY = "rivals_map"
PICKED_KEY = "_rivals_picked"
WRITTEN_KEY = "_rivals_written"
NOTICES_KEY = "_rivals_notices"
PARAMS = ("metric", "period", "colour", "rival")
WIDGETS = {"metric": "rivals_metric", "period": "rivals_period", "colour": "rivals_colour", "rival": "rivals_rival"}


def on_map_select() -> None:
    """Keep the clicked country (the figure may change before the selection is read)."""
    code = selected_id(st.session_state.get(MAP_KEY))
    if code:
        st.session_state[PICKED_KEY] = code


def seed_from_url(options: object) -> None:
    """On a session's first run, or when the URL changed from outside, the URL seeds the controls (with notices)."""
    from_url = {name: st.query_params.get(name) for name in PARAMS if st.query_params.get(name)}
    written = st.session_state.get(WRITTEN_KEY)
    if written is not None and (not from_url or from_url == written):
        return
    choice, notices = read_choice(from_url, options)
    for name, key in WIDGETS.items():
        st.session_state[key] = getattr(choice, name)
    st.session_state[NOTICES_KEY] = notices


def on_metric_change(options: object) -> None:
    """A new metric keeps the period if that metric has it, else moves to the metric's newest period."""
    periods = options.periods.get(st.session_state["rivals_metric"], [])
    if st.session_state.get("rivals_period") not in periods:
        st.session_state["rivals_period"] = periods[-1] if periods else None
    st.session_state[NOTICES_KEY] = []


def render_controls(options: object) -> tuple[RivalsChoice, bool]:
    """Metric, rival, exact-period toggle, colour and period slider; returns the choice they describe."""
    top = st.columns([5, 4, 3])
    metric = top[0].selectbox(
        "Metric", options.metrics, key="rivals_metric", format_func=metric_label,
        on_change=on_metric_change, args=(options,),
    )  # fmt: skip
    rival = top[1].selectbox("Rival", list(options.rivals), key="rivals_rival", format_func=options.rivals.get)
    exact = top[2].toggle(
        "Exact period only",
        key="rivals_exact",
        help="Off: a country without a figure for this period shows its newest earlier one.",
    )
    colour = st.segmented_control(
        "Colour by", list(COLOUR_BY), key="rivals_colour",
        format_func=lambda c: colour_label(c, options.rivals.get(rival, rival)),
    ) or "leader"  # fmt: skip
    periods = options.periods[metric]
    if st.session_state.get("rivals_period") not in periods:
        st.session_state["rivals_period"] = periods[-1]
    if len(periods) > 1:
        period = st.select_slider("Period", periods, key="rivals_period")
    else:
        period = periods[0]
        st.caption(f"The only period with {metric_label(metric)} figures: {period}")
    return RivalsChoice(metric, period, colour, rival), exact


def write_url(choice: RivalsChoice) -> None:
    """Write the choice into the URL (only the values that changed), so a copied link reproduces the view."""
    params = rivals_query_params(choice)
    for name, value in params.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value
    st.session_state[WRITTEN_KEY] = params


atlas = load_atlas()
options = cached_view(atlas, "rivals.options", build_options)
st.title("Rivals: the world by competition")
st.caption(
    "Xiaomi against Samsung, Huawei, LG and Apple, market by market, for one metric at a time (metrics measure "
    "different things and are never mixed). Click a country to open its profile."
)
seed_from_url(options)
notices = st.session_state.get(NOTICES_KEY) or []
if notices:
    st.warning("Some link parameters were ignored:\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices))
choice, exact = render_controls(options)
write_url(choice)
locale = st.context.locale  # country names in the reader's language where CLDR has them (English otherwise)
shown = cached_view(atlas, "rivals.map", build_rivals_map, choice, exact, locale)
rival_name = options.rivals.get(choice.rival, choice.rival)
st.caption(
    escape_markdown(
        f"{shown.n_countries} countries with a {metric_label(choice.metric)} figure for {choice.period}"
        + ("" if exact else " or, failing that, their newest earlier one (hover or the table say which period)")
        + ". Grey: no figure. 'Not listed': the source's table does not name Xiaomi (or the rival); not a zero."
    )
)
map_tab, table_tab = st.tabs(["Map", "Table"])
with map_tab:
    st.plotly_chart(
        shown.figure, key=MAP_KEY, on_select=on_map_select, selection_mode="points", config=GEO_CONFIG, theme=None,
        alt=(f"World map of {colour_label(choice.colour, rival_name)} in {metric_label(choice.metric)}, "
             f"{choice.period}: {shown.n_countries} countries with a figure. The Table tab lists the same figures."),
    )  # fmt: skip
with table_tab:
    st.dataframe(shown.table, hide_index=True, key="rivals_table",
                 column_config={"Link": LINK("Link", display_text=r"https?://(?:www\.)?([^/]+)")})  # fmt: skip
    st.caption(
        "Analyst figures are proprietary numbers cited with attribution to the firm and the page reporting them; "
        "StatCounter figures are CC BY-SA 3.0 (StatCounter Global Stats). The Licence column says which."
    )

code = st.session_state.pop(PICKED_KEY, None) or selected_id(st.session_state.get(MAP_KEY))
if code:
    open_country_profile(code, tab="Rivals")  # from the rivals map to the profile's Rivals tab
