"""The timeline page (/timeline): every event on a date axis, by country or product line, with its sources on click."""

import dataclasses

import pandas as pd
import streamlit as st

from components import charts, filters, ui

CHART_KEY = "timeline_chart"
PICKED_KEY = "_timeline_picked"
COMPETITORS = ("samsung", "lg", "huawei", "apple")


def picked_event(event: object) -> str | None:
    """The event_id of the first clicked point (customdata[0]) in a plotly selection event."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points or []:
        custom = point.get("customdata") or []
        if custom:
            return str(custom[0])
    return None


def on_timeline_select() -> None:
    st.session_state[PICKED_KEY] = picked_event(st.session_state.get(CHART_KEY))  # None when deselected


def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns that are blank in every shown row (most sources have no recorded title); never fill them in."""
    return frame.loc[:, [frame[c].astype(str).str.strip().ne("").any() for c in frame.columns]]


def render_event_sources(model, events, event_id: str) -> None:
    match = events[events["event_id"].astype(str) == event_id]
    if match.empty:
        return
    row = match.iloc[0]
    st.subheader("Selected event")
    st.markdown(
        f"**{ui.escape_markdown(row['date_label'])}** · {ui.escape_markdown(ui.country_name(row['country']))} · "
        f"{ui.escape_markdown(row['status'])}"
    )
    st.text(str(row["summary"]))
    if str(row.get("date_note", "")):
        st.caption(ui.escape_markdown(f"Date ({row['date_basis']}): {row['date_note']}"))
    st.dataframe(without_empty_columns(ui.source_table(model, row["source_ids"])), hide_index=True,
                 column_config=ui.SOURCE_COLUMNS, key="timeline_event_sources")


model = ui.load_atlas_model()
spec = ui.filter_spec()
st.title("Timeline")
st.caption("Each point is a sourced event. Hollow markers are plans, announcements or rumours; a grey bar spans "
           "a date known only to the month, quarter or year. Click a point to see its sources.")

controls = st.columns(3)
group_by = controls[0].segmented_control(
    "Rows", ["country", "product_line"], key="timeline_group", default="country",
    format_func={"country": "By country", "product_line": "By product line"}.get,
) or "country"
color_by = controls[1].segmented_control(
    "Colour", ["stage", "event_type"], key="timeline_colour", default="stage",
    format_func={"stage": "Entry stage", "event_type": "Event type"}.get,
) or "stage"
with_competitors = controls[2].toggle("Show competitors' events", key="timeline_competitors",
                                      help="Samsung, LG, Huawei and Apple events in the same countries, as diamonds")

companies = ("xiaomi", *COMPETITORS) if with_competitors else ("xiaomi",)
events = filters.apply_filters(model.events, dataclasses.replace(spec, companies=companies), model.sources)
ui.render_filter_caption(spec, len(events))

if events.empty:
    st.info("No events match these filters. Widen the date range, clear the country or product filters, "
            "or include more statuses in the sidebar.")
else:
    stage_labels = ui.lookup(model.stages, "stage_id", "label")
    type_labels = ui.lookup(model.event_types, "event_type", "label")
    products = ui.lookup(model.products, "product_line_id", "label")
    # Rows are countries, or UN M49 regions (e.g. 419) for region-wide events: name both.
    regions = {code: f"{name} (region)" for code, name in ui.lookup(model.regions, "region_code", "name").items()}
    group_labels = {**regions, **ui.country_names()} if group_by == "country" else products
    figure = charts.make_timeline_figure(
        events, group_by=group_by, color_by=color_by, group_labels=group_labels,
        color_labels=stage_labels if color_by == "stage" else type_labels,
        color_order=model.stages["stage_id"] if color_by == "stage" else model.event_types["event_type"],
        company_names=ui.lookup(model.companies, "company_id", "name"),
        source_outlets=ui.lookup(model.sources, "source_id", "outlet"),
    )
    st.plotly_chart(
        figure, key=CHART_KEY, on_select=on_timeline_select, selection_mode="points", theme=None,
        config={"displaylogo": False},
        alt=f"Timeline of {len(events)} events, one row per {group_by.replace('_', ' ')}; the table below lists them.",
    )
    event_id = st.session_state.get(PICKED_KEY) or picked_event(st.session_state.get(CHART_KEY))
    if event_id:
        render_event_sources(model, events, event_id)
    with st.expander("All these events as a table"):
        st.dataframe(ui.event_table(model, events), hide_index=True, column_config=ui.EVENT_COLUMNS,
                     key="timeline_table")
ui.render_downloads(model, events, key="timeline_download")
