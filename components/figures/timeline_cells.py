"""The counted timeline: above the point limit, one circle per row and period, sized by its count of events."""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.style import (
    CATEGORY_COLOURS,
    FONT,
    STAGE_COLOURS,
    category_axis,
    date_axis,
    escape_plotly_text,
    read_meta,
    timeline_height,
)
from components.queries.timeline import TimelineCells


def timeline_aggregation(fig: go.Figure) -> str | None:
    """'month', 'quarter' or 'year' when the timeline counts events per period instead of drawing each one."""
    return read_meta(fig).get("aggregated")


def _marker_sizes(counts: pd.Series, largest: int) -> np.ndarray:
    """Marker diameters in px: the area grows with the count, 6 px for one event, 26 px for the largest cell."""
    return np.round(6 + 20 * (counts.to_numpy(dtype=float) / max(largest, 1)) ** 0.5, 1)


HOVER_PERIOD_FORMATS = {"month": "%Y-%m", "quarter": "%Y-Q%q", "year": "%Y"}  # plotly's d3 date formats


def make_timeline_cells_figure(
    cells: TimelineCells,
    *,
    colour_by: str = "stage",
    colour_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Too many events to draw one by one: one circle per row and period (compute_timeline_cells), sized
    by its number of events and coloured by its most common category; the hover gives the count of every category.

    Per cell the figure holds only numbers and the (escaped) row label: x is the period's first day, customdata
    [n, count per category in cells.colours order] (no event id: a click on a cell selects no single event), and
    one hover template per trace names the categories. Numeric arrays travel as binary, so a cell costs a few
    dozen bytes (docs/performance.md) and Streamlit copies and serialises the figure quickly on every rerun.
    """
    colour_labels = colour_labels or {}
    table = cells.table
    breakdown = "".join(
        f"<br>%{{customdata[{j + 1}]:,}} {escape_plotly_text(colour_labels.get(key, key))}"
        for j, key in enumerate(cells.colours)
    )
    template = (
        f"<b>%{{y}}</b> · %{{x|{HOVER_PERIOD_FORMATS[cells.bucket]}}} · events: %{{customdata[0]:,}}"
        f"{breakdown}<extra></extra>"
    )
    largest = int(table["n"].max()) if not table.empty else 1
    sizes = _marker_sizes(table["n"], largest)
    x = table["period"].to_numpy(dtype="datetime64[ns]")
    escaped = {group: escape_plotly_text(group) for group in set(table["group"].tolist())}
    y = np.array([escaped[group] for group in table["group"].tolist()], dtype=object)
    customdata = np.column_stack([table["n"].to_numpy(dtype=np.int64), cells.counts])
    traces = []
    for index, key in enumerate(cells.colours):
        part = (table["colour_key"] == key).to_numpy()
        if not part.any():
            continue
        colour = (STAGE_COLOURS.get(key) if colour_by == "stage" else None) or CATEGORY_COLOURS[
            index % len(CATEGORY_COLOURS)
        ]
        # numpy arrays and one Figure() call: plotly validates each array as a whole and copies the traces once
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": f"Mostly {escape_plotly_text(colour_labels.get(key, key))}",
                "legendrank": index,
                "x": x[part],
                "y": y[part],
                "customdata": customdata[part],
                "hovertemplate": template,
                "marker": {
                    "size": sizes[part],
                    "color": colour,
                    "opacity": 0.8,
                    "line": {"width": 1, "color": "#333333"},
                },
            }
        )
    return go.Figure(data=traces, layout=_cells_layout(cells, table))


def _cells_layout(cells: TimelineCells, table: pd.DataFrame) -> dict:
    """The counted timeline's layout: one row per group, dates and legend on top."""
    order = [escape_plotly_text(row) for row in cells.rows]
    height = timeline_height(len(order))
    return {
        "height": height,
        "font": FONT,
        "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "meta": json.dumps({"aggregated": cells.bucket}),  # a string: see make_timeline_figure
        "xaxis": date_axis(
            [table["period"].min(), table["period"].max()] if not table.empty else [], showgrid=True, side="top"
        ),
        "yaxis": category_axis(order, range=[-0.6, len(order) - 0.4]),
        "legend": {"orientation": "h", "x": 0, "y": 1 + 40 / height, "yanchor": "bottom"},
        "hovermode": "closest",
    }
