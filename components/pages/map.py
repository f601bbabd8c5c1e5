"""The map page (/): Xiaomi's entry stage per country as of a chosen year, key figures, the same data as a table."""

import dataclasses
import datetime

import pandas as pd
import streamlit as st

from components import charts, filters, stages, ui

MAP_KEY = "stage_map"
PICKED_KEY = "_map_picked"


def on_map_select() -> None:
    code = ui.selected_id(st.session_state.get(MAP_KEY))
    if code:
        st.session_state[PICKED_KEY] = code


def as_of_date(year: int) -> datetime.date:
    return min(datetime.date(year, 12, 31), datetime.date.today())


def render_key_figures(figures: dict[str, object], year: int) -> None:
    newest = figures["newest"]
    columns = st.columns(4)
    columns[0].metric("Countries with Xiaomi phones", figures["phones"],
                      help="Phones via partners, official launch or own stores")
    columns[1].metric("Ecosystem products only", figures["ecosystem"],
                      help="Accessories, wearables, TVs... but no phones")
    columns[2].metric("Plans or rumours only", figures["planned"])
    columns[3].metric(
        f"Newest entry by {year}",
        ui.country_name(newest[0]) if newest is not None else "—",
        help=None if newest is None else f"First entry {newest[1]}",
    )


def build_summary(model, map_spec: filters.FilterSpec, countries: tuple[str, ...], year: int,
                  as_of: datetime.date) -> tuple[int, dict[str, object], pd.DataFrame]:
    """Countries shown, key figures and the stage table as of `as_of` (cached by the page per these arguments)."""
    frame = country_frame(model, map_spec, countries, year)
    product_labels = ui.lookup(model.products, "product_line_id", "label")
    ranks = dict(zip(model.stages["label"].astype(str), model.stages["rank"].astype(int), strict=False))
    return len(frame), stages.compute_key_figures(frame), stage_table(frame, product_labels, ranks)


def stage_table(frame: pd.DataFrame, product_labels: dict[str, str], stage_ranks: dict[str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "country": frame["country"].astype(str).map(ui.country_name),
            "ISO3": frame["country"].astype(str),
            "stage": frame["stage_label"].astype(str),
            "first entry": frame["first_entry_label"].fillna("—").astype(str),
            "product lines": frame["product_lines"].map(lambda ids: ", ".join(product_labels.get(i, i) for i in ids)),
            "partners": frame["partners"].map(ui.join_list),
            "events": frame["n_events"],
            "sources": frame["n_sources"],
        }
    ).sort_values(
        ["stage", "country"], key=lambda c: c if c.name != "stage" else c.map(stage_ranks), ascending=[False, True]
    )


def first_xiaomi_year(model) -> int | None:
    years = model.events.loc[model.events["company"].astype(str) == "xiaomi", "date"].dt.year.dropna()
    return int(years.min()) if not years.empty else None


def country_frame(model, map_spec: filters.FilterSpec, countries: tuple[str, ...], year: int) -> pd.DataFrame:
    frame = ui.stage_as_of(model, map_spec, as_of_date(year))
    return frame[frame["country"].astype(str).isin(countries)] if countries else frame


def build_map_figure(model, map_spec: filters.FilterSpec, countries: tuple[str, ...], year: int,
                     years: tuple[int, ...], today: datetime.date):
    """The stage map as of `year` (animated over `years` when there are several); cached by the page per
    (spec, year, years, today): the current year's map reads up to today."""
    covered = ui.covered_countries(model)
    if countries:
        covered = [code for code in covered if code in countries]
    frames = {str(y): country_frame(model, map_spec, countries, y) for y in (years or (year,))}
    return charts.make_stage_map_figure(
        frames, model.stages, covered=covered, all_countries=ui.country_names(), names=ui.country_names(),
        product_labels=ui.lookup(model.products, "product_line_id", "label"), centroids=ui.read_centroids(),
        active=str(year),
    )


model = ui.load_atlas_model()
spec = ui.filter_spec()

st.title("Where Xiaomi sells")
st.caption(
    "Xiaomi's entry stage in each country, derived from sourced events by the rule on the About page. "
    "Click a country to open its profile."
)
# The stage is cumulative, so the map reads every event up to the chosen year; 'to' caps the year slider.
map_spec = dataclasses.replace(spec, start=None, end=None)
n_events = len(ui.matching_rows(model, map_spec))
ui.render_filter_caption(spec, n_events)

first_year = ui.cached_view(model, "map.first_year", first_xiaomi_year) or 2010
this_year = datetime.date.today().year
last_year = this_year if spec.end is None else max(first_year, min(spec.end.year, this_year))
if first_year >= last_year:
    first_year = last_year - 1
if st.session_state.get("map_year") is not None and not first_year <= st.session_state["map_year"] <= last_year:
    st.session_state["map_year"] = last_year
controls = st.columns([3, 1])
year = controls[0].slider("As of the end of", first_year, last_year, value=last_year, key="map_year")
animate = controls[1].toggle("Animate over the years", key="map_animate",
                             help="Adds a play button and a year slider to the map")

n_countries, key_figures, table = ui.cached_view(model, "map.summary", build_summary, map_spec, spec.countries, year,
                                                 as_of_date(year))
render_key_figures(key_figures, year)
map_tab, table_tab = st.tabs(["Map", "Table"])
with map_tab:
    if not n_events:
        st.info("No Xiaomi events match these filters, so every covered country shows 'no recorded entry'. "
                "Clear some filters in the sidebar to see more.")
    years = tuple(range(first_year, last_year + 1)) if animate else ()
    with st.spinner("Working out every year's map…" if animate else "Drawing the map…"):
        figure = ui.cached_view(model, "map.figure", build_map_figure, map_spec, spec.countries, year, years,
                                 datetime.date.today())
    st.plotly_chart(
        figure, key=MAP_KEY, on_select=on_map_select, selection_mode="points", config=ui.GEO_CONFIG, theme=None,
        alt=(f"World map of Xiaomi's entry stage per country as of {as_of_date(year).isoformat()}: "
             f"{n_countries} countries with recorded events. The Table tab lists the same data."),
    )
with table_tab:
    if not n_countries:
        st.info("No country has a recorded Xiaomi event with these filters.")
    else:
        st.dataframe(table, hide_index=True, key="map_table")
    ui.render_downloads(model, spec, len(ui.matching_rows(model, spec)), key="map_download")

code = st.session_state.pop(PICKED_KEY, None) or ui.selected_id(st.session_state.get(MAP_KEY))
if code:
    ui.open_country_profile(code)
