"""The timeline page (/timeline): every event on a date axis, by country or product line, with its sources on click."""

import datetime

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.sidebar import filter_spec
from components.app.widgets import (
    EVENT_COLUMNS,
    SMALL_TABLE_ROWS,
    SOURCE_COLUMNS,
    chart_config,
    escape_markdown,
    notice_bad_param,
    render_chart_theme,
    render_downloads,
    render_filter_caption,
    render_row_cap_note,
    render_share,
    render_small_table,
    seed_choice_from_url,
    selected_id,
    write_choice_to_url,
)
from components.figures.timeline import timeline_rows
from components.figures.timeline_cells import timeline_aggregation
from components.pages.timeline.view import (
    build_event_table,
    build_figure,
    build_rivals,
    event_sources_table,
    events_spec,
    find_event,
)
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec
from components.queries.names import localised_country_names
from components.queries.timeline import TIMELINE_FIRST_ROWS, TIMELINE_MAX_POINTS

CHART_KEY = "timeline_chart"
PICKED_KEY = "_timeline_picked"
TABLE_KEY = "timeline_table"
TABLE_OPEN_KEY = "timeline_table_open"
ALL_ROWS_KEY = "timeline_all_rows"  # ?timeline_all_rows=true: every country row, not only the first ones


def on_timeline_select() -> None:
    """Remember the clicked event (None when deselected)."""
    st.session_state[PICKED_KEY] = selected_id(st.session_state.get(CHART_KEY))  # None when deselected


def render_event_sources(atlas: Atlas, match: object, locale: str | None) -> None:
    """The selected event and the sources it cites."""
    if match.empty:
        return
    row = match.iloc[0]
    country = localised_country_names(locale).get(str(row["country"]), str(row["country"]))
    st.subheader("Selected event")
    st.markdown(
        f"**{escape_markdown(row['date_label'])}** · {escape_markdown(country)} · {escape_markdown(row['status'])}"
    )
    st.text(str(row["summary"]))
    if str(row.get("date_note", "")):
        st.caption(escape_markdown(f"Date ({row['date_basis']}): {row['date_note']}"))
    sources = event_sources_table(atlas, row)
    if len(sources) <= SMALL_TABLE_ROWS:
        render_small_table(sources, f"The {len(sources)} sources of the selected event")
    else:
        st.dataframe(sources, hide_index=True, column_config=SOURCE_COLUMNS, key="timeline_event_sources")


def wants_all_rows() -> bool:
    """Whether the reader asked for every country row: the toggle's state, else the link's ?timeline_all_rows=."""
    value = st.session_state.get(ALL_ROWS_KEY)
    return bool(value) if value is not None else st.query_params.get(ALL_ROWS_KEY) == "true"


def render_all_rows_toggle(counts: tuple[int, int] | None, all_rows: bool) -> bool:
    """The switch between the first countries and all of them, when it changes the chart; whether it is shown."""
    if counts is None or not (counts[0] < counts[1] or (all_rows and counts[1] > TIMELINE_FIRST_ROWS)):
        return False
    shown, total = counts
    st.toggle(
        f"All {total} rows",
        key=ALL_ROWS_KEY,
        bind="query-params",
        help=f"Off, the chart draws the world and region rows and the {TIMELINE_FIRST_ROWS} countries whose first "
        "event came first, so it opens quickly; on, it draws every country (a taller chart). The table below lists "
        "the events of every row.",
    )
    if shown < total:
        st.caption(
            f"Showing {shown} of {total} rows: the world and region rows and the {TIMELINE_FIRST_ROWS} countries "
            "whose first event came first."
        )
    return True


ROWS = {"country": "By country", "product_line": "By product line"}
COLOURS = {"stage": "Entry stage", "event_type": "Event type"}


def render_choice(column: object, label: str, key: str, labels: dict[str, str]) -> str:
    """A segmented control that always has a selection, its id (not its label) in the URL as ?key=id."""
    default = next(iter(labels))
    seed_choice_from_url(key, labels, " or ".join(labels))
    seeded = key in st.session_state  # then the session state holds the value: no default (Streamlit warns)
    value = column.segmented_control(
        label, list(labels), key=key, default=None if seeded else default, required=True, format_func=labels.get
    )
    value = value or default
    write_choice_to_url(key, value, default)
    return value


def render_controls(atlas: Atlas) -> tuple[str, str, bool, dict[str, str]]:
    """The timeline's rows, colour and competitor toggle, each kept in the URL (the Share link: `render_timeline`)."""
    controls = st.columns(3)
    group_by = render_choice(controls[0], "Rows", "timeline_group", ROWS)
    colour_by = render_choice(controls[1], "Colour", "timeline_colour", COLOURS)
    rivals = cached_view(atlas, "timeline.rivals", build_rivals)
    notice_bad_param("timeline_competitors", ("true", "false"), "true or false")
    with_competitors = controls[2].toggle(
        "Show competitors' events",
        key="timeline_competitors",
        help=escape_markdown(f"Events of {', '.join(rivals.values())} in the same countries, as diamonds"),
        bind="query-params",
    )
    return group_by, colour_by, with_competitors, rivals


def render_table(table: object, n_events: int, counted: bool) -> bool:
    """The events table in an expander, drawn only once open (its state is in the URL); whether it is open."""
    notice_bad_param(TABLE_OPEN_KEY, ("true", "false"), "true or false")
    expander = st.expander(
        "All these events as a table (select a row for its sources)",
        expanded=counted,  # counted cells cannot be clicked: the table is then the way to an event
        key=TABLE_OPEN_KEY,
        bind="query-params",
    )
    if expander.open:
        with expander:
            render_row_cap_note(len(table), n_events, "events")
            st.dataframe(
                table,
                hide_index=True,
                column_config=EVENT_COLUMNS,
                key=TABLE_KEY,
                on_select="rerun",
                selection_mode="single-row",
            )
    return bool(expander.open)


def render_chart(
    atlas: Atlas, shown: FilterSpec, n_events: int, group_by: str, colour_by: str, locale: str | None
) -> dict[str, bool | None]:
    """The timeline chart, the selected event's sources and the events table (names in `locale`); returns the
    table's open state and the all-rows switch for the link (None: at its default).
    """
    today = datetime.date.today()
    notice_bad_param(ALL_ROWS_KEY, ("true", "false"), "true or false")
    all_rows = wants_all_rows()
    first = None if all_rows else TIMELINE_FIRST_ROWS
    figure = cached_view(atlas, "timeline.figure", build_figure, shown, group_by, colour_by, today, locale, first)
    bucket = timeline_aggregation(figure)
    switch = render_all_rows_toggle(timeline_rows(figure), all_rows)
    if bucket:
        st.info(
            f"{n_events:,} events are too many to draw one by one: each circle counts the events of one "
            f"row in one {bucket}; its area grows with the count and its colour is the most common "
            f"{'stage' if colour_by == 'stage' else 'event type'} (hover for the breakdown). Narrow the "
            f"filters to {TIMELINE_MAX_POINTS:,} events or fewer to see and click single "
            "events, or select one in the table below.",
            icon=":material/info:",
        )
    render_chart_theme(CHART_KEY)
    st.plotly_chart(
        figure,
        key=CHART_KEY,
        on_select=on_timeline_select,
        selection_mode="points",
        theme=None,  # drawn once: the page's CSS follows the theme (render_chart_theme)
        config=chart_config(f"xiaomi-atlas-timeline-{group_by.replace('_', '-')}"),
        alt=(
            f"Timeline of {n_events} events, one row per {group_by.replace('_', ' ')}"
            + (f", counted per {bucket}" if bucket else "")
            + "; the table below lists them."
        ),
    )
    # a click on a counted cell names no event (its customdata are counts); a table row always does
    event_id = None if bucket else st.session_state.get(PICKED_KEY) or selected_id(st.session_state.get(CHART_KEY))
    table = cached_view(atlas, "timeline.table", build_event_table, shown, locale)
    rows = (st.session_state.get(TABLE_KEY) or {}).get("selection", {}).get("rows", [])
    if rows and rows[0] < len(table):
        event_id = str(table["event_id"].iloc[rows[0]])
    if event_id:
        render_event_sources(atlas, find_event(atlas, shown, event_id), locale)
    table_open = render_table(table, n_events, bool(bucket))
    return {
        TABLE_OPEN_KEY: None if table_open == bool(bucket) else table_open,
        ALL_ROWS_KEY: True if all_rows and switch else None,
    }


@st.fragment
def render_timeline(atlas: Atlas, spec: FilterSpec, locale: str | None) -> None:
    """Everything below the title: its own toggles rerun only this part of the page, not the sidebar."""
    group_by, colour_by, with_competitors, rivals = render_controls(atlas)
    share_slot = st.container()  # filled last: the link also holds whether the table below is open
    shown = events_spec(spec, rivals, with_competitors)
    n_events = len(atlas.matching_rows(shown))
    render_filter_caption(spec, n_events, locale)
    if not n_events:
        st.info(
            "No events match these filters. Widen the date range, clear the country or product filters, "
            "or include more statuses in the sidebar."
        )
    chart_state = render_chart(atlas, shown, n_events, group_by, colour_by, locale) if n_events else {}
    state = {
        "timeline_group": None if group_by == "country" else group_by,
        "timeline_colour": None if colour_by == "stage" else colour_by,
        "timeline_competitors": True if with_competitors else None,
        **chart_state,
    }
    with share_slot:
        render_share(atlas, "timeline", "timeline", state)
    render_downloads(atlas, shown, n_events, key="timeline_download")


atlas = load_atlas()
spec = filter_spec()
st.title("Timeline")
st.caption(
    "Each point is a sourced event. Hollow markers are plans, announcements or rumours; a grey bar spans "
    "a date known only to the month, quarter or year. Click a point to see its sources."
)
render_timeline(atlas, spec, st.context.locale)  # the reader's locale, read once per run: country names
