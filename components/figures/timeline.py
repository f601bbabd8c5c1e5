"""The timeline: one marker per event (plans hollow, periods as bars), or counted cells above the point limit."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go

from components.figures.map import _object_rows
from components.figures.style import (
    CATEGORY_COLOURS,
    FONT,
    STAGE_COLOURS,
    category_axis,
    date_axis,
    escape_plotly_text,
    iso_day,
    message_figure,
    read_meta,
    timeline_height,
)
from components.figures.timeline_cells import make_timeline_cells_figure
from components.model.vocabulary import PLAN_STATUSES, SUBJECT
from components.queries.timeline import TIMELINE_MAX_POINTS, compute_marker_codes, compute_timeline_cells


def _marker_symbol(status: str, company: str) -> str:
    base = "circle" if company == SUBJECT else "diamond"
    if status == "withdrawn":
        return "x-thin-open" if company == SUBJECT else "diamond-x-open"
    return f"{base}-open" if status in PLAN_STATUSES else base


def make_timeline_figure(
    events: pd.DataFrame,
    *,
    group_by: str = "country",
    colour_by: str = "stage",
    group_labels: Mapping[str, str] | None = None,
    colour_labels: Mapping[str, str] | None = None,
    colour_order: Iterable[str] | None = None,
    company_names: Mapping[str, str] | None = None,
    source_outlets: Mapping[str, str] | None = None,
    max_points: int | None = TIMELINE_MAX_POINTS,
    rows_total: int | None = None,
) -> go.Figure:
    """Events as points on a date axis, one row per country (or product line), one trace per colour category.

    Filled markers: happened; hollow: planned, announced or rumoured; crosses: withdrawn; diamonds: competitors.
    An imprecise date (month, quarter, half, year) also gets a line spanning its period [date, date_end].
    customdata[0] is the event_id, so a click identifies the event.

    With more than `max_points` markers (None: never) the events are counted per row and month, quarter or year
    instead (make_timeline_cells_figure); `timeline_aggregation(fig)` then names the period. `rows_total`: how many
    rows there are when `events` holds only the first of them (`timeline_rows(fig)` reads both counts).
    """
    if events.empty:
        return message_figure("No events match these filters. Widen the date range or clear some filters.")
    colour_labels = colour_labels or {}
    frame = _point_rows(events, group_by, colour_by, group_labels or {})
    if max_points is not None and len(frame) > max_points:
        codes = compute_marker_codes(
            events,
            group_by=group_by,
            colour_by=colour_by,
            colour_order=colour_order if colour_order is not None else (),
        )
        cells = compute_timeline_cells(codes, group_labels=group_labels)
        return make_timeline_cells_figure(cells, colour_by=colour_by, colour_labels=colour_labels)
    frame["symbol"] = [_marker_symbol(str(s), str(c)) for s, c in zip(frame["status"], frame["company"], strict=True)]
    frame["custom"] = _hover_rows(frame, colour_by, colour_labels, company_names or {}, source_outlets or {})
    order = frame.sort_values("date").drop_duplicates("group_label")["group_label"].tolist()
    imprecise = frame[frame["date_precision"].astype(str) != "day"]
    fig = go.Figure()
    if not imprecise.empty:
        fig.add_trace(_period_trace(imprecise))
    keys = [str(k) for k in (colour_order if colour_order is not None else [])]
    keys = [k for k in keys if k in set(frame["colour_key"])] + sorted(set(frame["colour_key"]) - set(keys))
    for index, key in enumerate(keys):
        colour = STAGE_COLOURS.get(key) if colour_by == "stage" else None
        colour = colour or CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
        fig.add_traces(_colour_traces(frame[frame["colour_key"] == key], key, index, colour, colour_labels))
    fig.add_traces(_symbol_legend_traces())
    dates = [*frame["date"], *imprecise["date_end"]] if not imprecise.empty else list(frame["date"])
    fig.update_layout(
        height=timeline_height(len(order)),
        font=FONT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Tall charts: the date axis and the legend sit on top, where the reader starts.
        xaxis=date_axis(dates, showgrid=True, side="top"),
        yaxis=category_axis(order, range=[-0.6, len(order) - 0.4]),  # no blank rows above and below
        legend={"orientation": "h", "x": 0, "y": 1 + 40 / timeline_height(len(order)), "yanchor": "bottom"},
        hovermode="closest",
        # a string, not an object: plotly.js compares a string by value (make_single_draw_figure)
        meta=json.dumps({"rows_shown": len(order), "rows_total": max(rows_total or 0, len(order))}),
    )
    return fig


def timeline_rows(fig: go.Figure) -> tuple[int, int] | None:
    """(rows drawn, rows there are) of a timeline of single events; None for counted cells or a message."""
    meta = read_meta(fig)
    if "rows_total" not in meta:
        return None
    return int(meta["rows_shown"]), int(meta["rows_total"])


def _point_rows(events: pd.DataFrame, group_by: str, colour_by: str, group_labels: Mapping[str, str]) -> pd.DataFrame:
    """One row per marker: the event's columns, its row (`group`, `group_label`) and its colour key."""
    columns = [
        c
        for c in (
            "event_id",
            "date",
            "date_end",
            "date_label",
            "date_precision",
            "status",
            "company",
            "summary",
            "source_ids",
            "country",
            "product_lines",
            colour_by,
        )
        if c in events.columns
    ]
    frame = events[list(dict.fromkeys(columns))]
    if group_by == "product_line":
        frame = frame.assign(
            group=frame["product_lines"].map(lambda items: list(items) if items else ["(unspecified)"])
        ).explode("group")
    else:
        frame = frame.assign(group=frame["country"].astype(str))
    groups = frame["group"].astype(str)
    return frame.assign(
        group_label=(groups.map(group_labels).fillna(groups).astype(str) if group_labels else groups).map(
            escape_plotly_text
        ),
        colour_key=frame[colour_by].astype(str),
    )


def _hover_rows(
    frame: pd.DataFrame,
    colour_by: str,
    colour_labels: Mapping[str, str],
    company_names: Mapping[str, str],
    source_outlets: Mapping[str, str],
) -> list[list[str]]:
    """Each marker's customdata: event id, then escaped date, status, company, summary, outlets and colour label."""
    return [
        [
            str(row.event_id),
            escape_plotly_text(row.date_label),
            escape_plotly_text(str(row.status)),
            escape_plotly_text(company_names.get(str(row.company), str(row.company))),
            escape_plotly_text(row.summary),
            escape_plotly_text(", ".join(source_outlets.get(s, s) for s in row.source_ids) or "—"),
            escape_plotly_text(colour_labels.get(str(getattr(row, colour_by)), str(getattr(row, colour_by)))),
        ]
        for row in frame.itertuples(index=False)
    ]


def _period_trace(imprecise: pd.DataFrame) -> go.Scatter:
    """Grey bars spanning the period of each date known only to the month, quarter, half or year."""
    xs: list = []
    ys: list = []
    for row in imprecise.itertuples(index=False):  # ISO text, not Timestamps: cheap for plotly to copy per rerun
        xs += [iso_day(row.date), iso_day(row.date_end), None]
        ys += [row.group_label, row.group_label, None]
    return go.Scatter(
        x=xs,
        y=ys,
        mode="lines",
        name="Date known to the month, quarter or year",
        line={"color": "rgba(90,90,90,0.45)", "width": 5},
        hoverinfo="skip",
        legendrank=2000,
    )


def _colour_traces(
    part: pd.DataFrame, key: str, index: int, colour: str, colour_labels: Mapping[str, str]
) -> list[go.Scatter]:
    """The markers of one colour category, and its legend entry."""
    markers = go.Scatter(
        x=part["date"].to_numpy(dtype="datetime64[ns]"),
        y=part["group_label"].to_numpy(dtype=object),
        mode="markers",
        name=escape_plotly_text(colour_labels.get(key, key)),
        customdata=_object_rows(part["custom"], 7),
        legendrank=index,
        legendgroup=f"colour-{key}",
        showlegend=False,
        marker={
            "symbol": part["symbol"].to_numpy(dtype=object),
            "size": 11,
            "color": colour,
            "line": {"width": 2, "color": colour},
        },
        hovertemplate=(
            "<b>%{customdata[1]}</b> · %{customdata[3]} · %{customdata[2]}<br>%{customdata[4]}"
            "<br>%{customdata[6]}<br>Sources: %{customdata[5]}<extra></extra>"
        ),
    )
    # The legend draws a trace's first marker: a plain filled circle says "this colour", whatever that
    # first event's status (a cross or a hollow ring would read as a withdrawal or a plan).
    legend = go.Scatter(
        x=[None],
        y=[None],
        mode="markers",
        name=escape_plotly_text(colour_labels.get(key, key)),
        legendgroup=f"colour-{key}",
        legendrank=index,
        hoverinfo="skip",
        marker={"symbol": "circle", "size": 10, "color": colour},
    )
    return [markers, legend]


def _symbol_legend_traces() -> list[go.Scatter]:
    """Legend entries saying what each marker shape means."""
    return [
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=name,
            legendgroup="symbols",
            legendrank=3000,
            marker={"symbol": symbol, "size": 10, "color": "#555555", "line": {"width": 2, "color": "#555555"}},
        )
        for name, symbol in (
            ("Happened", "circle"),
            ("Planned, announced or rumoured", "circle-open"),
            ("Withdrawn", "x-thin-open"),
            ("Competitor event", "diamond"),
        )
    ]
