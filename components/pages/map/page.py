"""The map page (/): Xiaomi's entry stage per country as of a chosen year, key figures, the same data as a table."""

import dataclasses
import datetime

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.sidebar import filter_spec
from components.app.widgets import (
    GEO_CONFIG,
    chart_config,
    escape_markdown,
    notice_bad_param,
    open_country_profile,
    render_chart_theme,
    render_downloads,
    render_filter_caption,
    render_share,
    selected_id,
)
from components.pages.map.view import as_of_date, build_map_figure, build_summary, compute_year_range
from components.queries.names import country_name, localised_country_names

MAP_KEY = "stage_map"
PICKED_KEY = "_map_picked"
TABLE_KEY = "map_table"
TABS = ("Map", "Table")
# The page's own CSS for the map (no data in it). On a narrow screen the map's height follows its width (no empty
# band above and below the world): the natural-earth world is about 2.2:1, plus room for the credit lines above it and
# the legend below; this sets the chart's height. On a wider one the chart keeps the figure's
# own height, so that Streamlit draws the map once (docs/performance.md, "First paint in the sixth session"); for
# that reason too it is drawn with theme=None and follows the theme with render_chart_theme's CSS.
MAP_CSS = f"""<style>
.st-key-map_box {{ container-type: inline-size; }}
@media (max-width: 1000px) {{
  .st-key-map_box .st-key-{MAP_KEY} {{
    flex-basis: calc(46cqw + 165px) !important;
    height: calc(46cqw + 165px) !important;
  }}
}}
</style>"""


def on_map_select() -> None:
    """A click on a country opens its profile (after this run)."""
    code = selected_id(st.session_state.get(MAP_KEY))
    if code:
        st.session_state[PICKED_KEY] = code


def render_key_figures(figures: dict[str, object], year: int, locale: str | None) -> None:
    """The four key figures of the map as of `year`."""
    newest = figures["newest"]
    grid = st.grid(4, min_column_width=150, gap="small")  # four across; two by two on a phone
    columns = [grid] * 4  # each metric is a cell
    columns[0].metric(
        "Countries with Xiaomi phones", figures["phones"], help="Phones via partners, official launch or own stores"
    )
    columns[1].metric(
        "Ecosystem products only", figures["ecosystem"], help="Accessories, wearables, TVs... but no phones"
    )
    columns[2].metric("Plans or rumours only", figures["planned"])
    columns[3].metric(
        f"Newest entry by {year}",
        localised_country_names(locale).get(newest[0], country_name(newest[0])) if newest is not None else "—",
        help=None if newest is None else escape_markdown(f"First entry {newest[1]}"),
    )


atlas = load_atlas()
spec = filter_spec()

st.title("Where Xiaomi sells")
st.caption("Xiaomi's entry stage per country, from sourced events (rule: About page). Click a country for its profile.")
# The stage is cumulative, so the map reads every event up to the chosen year; 'to' caps the year slider.
map_spec = dataclasses.replace(spec, start=None, end=None)
n_events = len(atlas.matching_rows(map_spec))

today = datetime.date.today()
locale = st.context.locale  # country names in the reader's language where CLDR has them (English otherwise)
first_year, last_year = compute_year_range(atlas, spec, today)
if st.session_state.get("map_year") is not None and not first_year <= st.session_state["map_year"] <= last_year:
    st.session_state["map_year"] = last_year
notice_bad_param(
    "map_year", [str(y) for y in range(first_year, last_year + 1)], f"a year from {first_year} to {last_year}"
)
notice_bad_param("map_animate", ("true", "false"), "true or false")
notice_bad_param("map_tab", TABS, "Map or Table")
year = st.slider("As of the end of", first_year, last_year, value=last_year, key="map_year", bind="query-params")
controls = st.container(horizontal=True, vertical_alignment="center")  # one row, on a phone too
animate = controls.toggle(
    "Animate over the years",
    key="map_animate",
    help="Adds a play button to the map; the year slider above picks the year it shows first",
    bind="query-params",
)
share_slot = controls.container(width="content")

n_countries, key_figures, table = cached_view(
    atlas, "map.summary", build_summary, map_spec, spec.countries, year, as_of_date(year, today), locale
)
map_tab, table_tab = st.tabs(TABS, key="map_tab", bind="query-params")  # the map first: on a phone's first screen
if map_tab.open:
    with map_tab:
        if not n_events:
            st.info(
                "No Xiaomi events match these filters, so every covered country shows 'no recorded entry'. "
                "Clear some filters in the sidebar to see more."
            )
        years = tuple(range(first_year, last_year + 1)) if animate else ()
        if animate:  # one year control: the page's slider (in the URL); the map has only Play and Pause
            st.caption(
                f"▶ on the map plays the years {first_year} to {last_year} (❚❚ pauses); "
                "the legend names the year shown."
            )
        with st.spinner("Working out every year's map…" if animate else "Drawing the map…"):
            figure = cached_view(
                atlas, "map.figure", build_map_figure, map_spec, spec.countries, year, years, today, locale
            )
        st.html(MAP_CSS)
        render_chart_theme(MAP_KEY)
        frame = st.container(key="map_box")
        frame.plotly_chart(
            figure,
            key=MAP_KEY,
            height=int(figure.layout.height),  # as drawn: see MAP_CSS
            on_select=on_map_select,
            selection_mode="points",
            config=chart_config(f"xiaomi-atlas-map-{year}", GEO_CONFIG),
            theme=None,  # drawn once: the page's CSS follows the theme (render_chart_theme)
            alt=(
                f"World map of Xiaomi's entry stage per country as of {as_of_date(year, today).isoformat()}: "
                f"{n_countries} countries with recorded events. The Table tab lists the same data."
            ),
        )
if table_tab.open:
    with table_tab:
        if not n_countries:
            st.info("No country has a recorded Xiaomi event with these filters.")
        else:
            st.caption("Select a row to open that country's profile.")
            picked = st.dataframe(table, hide_index=True, key=TABLE_KEY, on_select="rerun", selection_mode="single-row")
            rows = picked["selection"]["rows"] if picked else []
            if rows and rows[0] < len(table):  # a keyboard user's way to a profile (the map needs a pointer)
                st.session_state[PICKED_KEY] = str(table["ISO3"].iloc[rows[0]])
        render_downloads(atlas, spec, len(atlas.matching_rows(spec)), key="map_download")

render_filter_caption(spec, n_events, locale)
render_key_figures(key_figures, year, locale)

with share_slot:
    state = {"map_year": year if year != last_year else None, "map_animate": True if animate else None}
    render_share(atlas, "", "map", {**state, "map_tab": "Table" if table_tab.open else None})

code = st.session_state.pop(PICKED_KEY, None) or selected_id(st.session_state.get(MAP_KEY))
if code:
    open_country_profile(code)
