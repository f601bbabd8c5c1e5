"""The timeline page (/timeline): every event on a date axis, by country or product line, with its sources on click."""

import dataclasses

import numpy as np
import streamlit as st

from components import aggregate, charts, filters, ui
from components.competitors import main_competitors

CHART_KEY = "timeline_chart"
PICKED_KEY = "_timeline_picked"


def on_timeline_select() -> None:
    st.session_state[PICKED_KEY] = ui.selected_id(st.session_state.get(CHART_KEY))  # None when deselected


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
    st.dataframe(aggregate.without_empty_columns(ui.source_table(model, row["source_ids"])), hide_index=True,
                 column_config=ui.SOURCE_COLUMNS, key="timeline_event_sources")


def build_figure(model, spec: filters.FilterSpec, group_by: str, color_by: str):
    """The timeline figure of the events matching `spec` (cached per data version, spec and toggles by the page).

    Above aggregate.TIMELINE_MAX_POINTS markers it counts them per row and period from the cached marker codes,
    without taking the events out of the model."""
    rows = ui.matching_rows(model, spec)
    stage_labels = ui.lookup(model.stages, "stage_id", "label")
    type_labels = ui.lookup(model.event_types, "event_type", "label")
    products = ui.lookup(model.products, "product_line_id", "label")
    # Rows are countries, or UN M49 regions (e.g. 419) for region-wide events: name both.
    regions = {code: f"{name} (region)" for code, name in ui.lookup(model.regions, "region_code", "name").items()}
    group_labels = {**regions, **ui.country_names()} if group_by == "country" else products
    color_labels = stage_labels if color_by == "stage" else type_labels
    codes = ui.marker_codes(model, group_by, color_by)
    if aggregate.selected_markers(codes, rows).sum() > aggregate.TIMELINE_MAX_POINTS:
        cells = aggregate.compute_timeline_cells(codes, rows, group_labels=group_labels)
        return charts.make_timeline_cells_figure(cells, color_by=color_by, color_labels=color_labels)
    events = aggregate.take_rows(model.events, rows)
    cited = {s for ids in events["source_ids"] for s in ids}
    outlets = ui.lookup(model.sources[model.sources["source_id"].astype(str).isin(cited)], "source_id", "outlet")
    return charts.make_timeline_figure(
        events, group_by=group_by, color_by=color_by, group_labels=group_labels, color_labels=color_labels,
        color_order=ui.colour_order(model, color_by), company_names=ui.lookup(model.companies, "company_id", "name"),
        source_outlets=outlets,
    )


def build_event_table(model, spec: filters.FilterSpec):
    """The first TABLE_ROW_LIMIT events matching `spec` as a display table (cached per data version and spec)."""
    return ui.event_table(model, ui.filtered_events(model, spec, limit=ui.TABLE_ROW_LIMIT))


def render_event_sources_by_id(model, spec: filters.FilterSpec, event_id: str) -> None:
    """The sources of the clicked event, if it is among the events matching `spec`."""
    positions = np.flatnonzero((model.events["event_id"].astype(str) == event_id).to_numpy())
    positions = positions[np.isin(positions, ui.matching_rows(model, spec))]
    if len(positions):
        render_event_sources(model, model.events.iloc[positions[:1]], event_id)


@st.fragment
def render_timeline(model, spec: filters.FilterSpec) -> None:
    """Everything below the title: its own toggles rerun only this part of the page, not the sidebar."""
    controls = st.columns(3)
    group_by = controls[0].segmented_control(
        "Rows", ["country", "product_line"], key="timeline_group", default="country",
        format_func={"country": "By country", "product_line": "By product line"}.get,
    ) or "country"
    color_by = controls[1].segmented_control(
        "Colour", ["stage", "event_type"], key="timeline_colour", default="stage",
        format_func={"stage": "Entry stage", "event_type": "Event type"}.get,
    ) or "stage"
    rivals = ui.cached_view(model, "timeline.rivals", lambda m: main_competitors(m.companies))
    with_competitors = controls[2].toggle("Show competitors' events", key="timeline_competitors",
                                          help=f"Events of {', '.join(rivals.values())} in the same countries, "
                                               "as diamonds")

    companies = ("xiaomi", *rivals) if with_competitors else ("xiaomi",)
    events_spec = dataclasses.replace(spec, companies=companies)
    n_events = len(ui.matching_rows(model, events_spec))
    ui.render_filter_caption(spec, n_events)

    if not n_events:
        st.info("No events match these filters. Widen the date range, clear the country or product filters, "
                "or include more statuses in the sidebar.")
    else:
        figure = ui.cached_view(model, "timeline.figure", build_figure, events_spec, group_by, color_by)
        bucket = charts.timeline_aggregation(figure)
        if bucket:
            st.info(f"{n_events:,} events are too many to draw one by one: each circle counts the events of one "
                    f"row in one {bucket}; its area grows with the count and its colour is the most common "
                    f"{'stage' if color_by == 'stage' else 'event type'} (hover for the breakdown). Narrow the "
                    f"filters to {aggregate.TIMELINE_MAX_POINTS:,} events or fewer to see and click single "
                    "events.", icon=":material/info:")
        st.plotly_chart(
            figure, key=CHART_KEY, on_select=on_timeline_select, selection_mode="points", theme=None,
            config={"displaylogo": False},
            alt=(f"Timeline of {n_events} events, one row per {group_by.replace('_', ' ')}"
                 + (f", counted per {bucket}" if bucket else "") + "; the table below lists them."),
        )
        # a click on a counted cell names no event (its customdata are counts)
        event_id = None if bucket else st.session_state.get(PICKED_KEY) or ui.selected_id(
            st.session_state.get(CHART_KEY))
        if event_id:
            render_event_sources_by_id(model, events_spec, event_id)
        with st.expander("All these events as a table"):
            shown = ui.cached_view(model, "timeline.table", build_event_table, events_spec)
            ui.render_row_cap_note(len(shown), n_events, "events")
            st.dataframe(shown, hide_index=True, column_config=ui.EVENT_COLUMNS, key="timeline_table")
    ui.render_downloads(model, events_spec, n_events, key="timeline_download")


model = ui.load_atlas_model()
spec = ui.filter_spec()
st.title("Timeline")
st.caption("Each point is a sourced event. Hollow markers are plans, announcements or rumours; a grey bar spans "
           "a date known only to the month, quarter or year. Click a point to see its sources.")
render_timeline(model, spec)
