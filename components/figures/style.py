"""Plotly figure factories: each takes DataFrames (and lookups) and returns a go.Figure; no Streamlit, no I/O."""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Mapping

import pandas as pd
import plotly.graph_objects as go
import plotly.io

from components.model.vocabulary import SUBJECT

# Okabe-Ito (colour-blind safe), one colour per entry stage, in stage order; greys for "none" and "not covered".
STAGE_COLOURS = {
    "none": "#bdbdbd",
    "planned": "#F0E442",
    "ecosystem": "#E69F00",
    "phones_partner": "#56B4E9",
    "phones_official": "#0072B2",
    "own_store": "#009E73",
    "exited": "#D55E00",
    "home": "#CC79A7",
}
NOT_COVERED_COLOUR = "#f0f0f0"
NOT_COVERED_LABEL = "Not covered by the atlas"
VENDOR_COLOURS = {
    SUBJECT: "#E69F00",
    "samsung": "#0072B2",
    "lg": "#CC79A7",
    "huawei": "#D55E00",
    "apple": "#555555",
}
CATEGORY_COLOURS = [
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#000000",
    "#7f7f7f",
    "#8c564b",
    "#17becf",
    "#bcbd22",
    "#9467bd",
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
]
SMALL_AREA_KM2 = 25_000  # countries below this area get a marker at their centroid so they can be seen and clicked
MAP_HEIGHT = 500
FONT = {"family": '"Source Sans", sans-serif'}  # Streamlit's own font, served by the app (no third-party request)


def escape_plotly_text(value: object) -> str:
    """Data text made inert in plotly text (hover labels, legend names, axis tick labels and titles render a little
    HTML: <b>, <br>, <a href>...): every <, > and & becomes an entity, shown literally. Use it for every
    data-derived string a figure shows.
    """
    return html.escape(str(value), quote=False)


_escape = escape_plotly_text  # the former private name, for code that still imports it


def join_labels(items: object, labels: Mapping[str, str] | None = None) -> str:
    """A list cell's items (by their label when known) joined by ', ', each escaped for plotly; '—' when empty."""
    if not isinstance(items, list | tuple) or not items:
        return "—"
    return ", ".join(escape_plotly_text((labels or {}).get(item, item)) for item in items)


def date_axis(dates: Iterable[object], **extra: object) -> dict:
    """A date x axis whose tick labels fit; when every point has the same date (one period), pad half a year each
    side and label years, so plotly does not zoom into milliseconds around a single instant.
    """
    stamps = pd.to_datetime(pd.Series([d for d in dates if d is not None]), errors="coerce").dropna()
    axis: dict = {"type": "date", "title": None, "automargin": True, **extra}
    if not stamps.empty and stamps.min() == stamps.max():
        day = stamps.min()
        axis.update(range=[day - pd.DateOffset(months=6), day + pd.DateOffset(months=6)], tickformat="%Y", dtick="M12")
    return axis


def iso_day(value: object) -> str | None:
    """A date as YYYY-MM-DD (None for a missing one)."""
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def category_axis(order: list[str], **extra: object) -> dict:
    """A categorical y axis in the given order (top to bottom) whose labels are never clipped (automargin)."""
    return {
        "type": "category",
        "categoryorder": "array",
        "categoryarray": order[::-1],
        "title": None,
        "automargin": True,
        **extra,
    }


def message_figure(message: str, height: int = 240) -> go.Figure:
    """An empty figure that says why it is empty (never bare axes)."""
    fig = go.Figure()
    fig.add_annotation(
        text=escape_plotly_text(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, font={"size": 15}
    )
    fig.update_layout(
        height=height,
        xaxis={"visible": False},
        yaxis={"visible": False},
        font=FONT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
    )
    return fig


CREDIT_LINE_PX = 15
STATCOUNTER_CREDIT = "StatCounter Global Stats, CC BY-SA 3.0"


def add_credit(fig: go.Figure, title: str, lines: Iterable[str], *, where: str = "bottom") -> go.Figure:
    """Draw the title and credit lines (filters, data date, sources) on `fig` itself, above or below the plot, so
    that an exported PNG or SVG carries them; the margin grows to fit. Returns `fig` (call it on a new figure).
    """
    lines = [f"<b>{_escape(title)}</b>", *(_escape(line) for line in lines)]
    extra = CREDIT_LINE_PX * len(lines) + 12
    margin = fig.layout.margin
    top, bottom = (margin.t or 0), (margin.b or 0)
    fig.update_layout(margin={"t": top + extra} if where == "top" else {"b": bottom + extra})
    if fig.layout.height:
        fig.update_layout(height=fig.layout.height + extra)
    fig.add_annotation(
        text="<br>".join(lines), xref="paper", yref="paper", x=0, xanchor="left", align="left", showarrow=False,
        y=1 if where == "top" else 0, yanchor="bottom" if where == "top" else "top",
        yshift=6 if where == "top" else -8, font={"size": 11}, name="credit",
    )  # fmt: skip
    return fig


def with_credit(fig: go.Figure, title: str, lines: Iterable[str], *, where: str = "bottom") -> go.Figure:
    """A copy of `fig` (a shared, read-only figure stays untouched) with its title and credit lines drawn on it
    (on top: between the figure's own title, which stays, and the plot).
    """
    copy = go.Figure(fig)
    if where == "top" and copy.layout.title.text:  # the figure's title to the very top, the credit under it
        copy.update_layout(title={"y": 1, "yref": "container", "yanchor": "top", "pad": {"t": 8}})
        copy.update_layout(margin={"t": max(copy.layout.margin.t or 0, 40)})
    return add_credit(copy, title, lines, where=where)


def licence_credits(licences: Iterable[str]) -> list[str]:
    """The credit lines a chart's licences require: StatCounter's CC BY-SA attribution when any figure is theirs."""
    return [STATCOUNTER_CREDIT] if any("cc by-sa" in str(lic).lower() for lic in licences) else []


def read_meta(fig: go.Figure) -> dict:
    """The figure's `layout.meta`, a JSON object written as a string ({} when there is none)."""
    meta = fig.layout.meta
    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            return {}
    return meta if isinstance(meta, dict) else {}


def make_single_draw_figure(fig: go.Figure) -> go.Figure:
    """Let the browser draw `fig` once, not twice (docs/performance.md, "First paint in the sixth session").

    Streamlit hands a chart to plotly.js a second time right after the first draw (a re-themed copy); plotly.js
    redraws all of it unless nothing changed. So: no template (an object plotly.js always takes as changed; the page
    draws the chart with theme=None and follows the reader's theme with CSS), a `datarevision` that stands for the
    data arrays (a hash: new data gets a new one), and the selection settings Streamlit would add, set here. Numbers
    must be lists and `layout.meta` a string (plotly.js takes typed arrays and objects as changed). White paper for
    exported images, a transparent plot area and legend. Returns `fig` (call it on a new figure).
    """
    fig.layout.template = None
    data = [trace.to_plotly_json() for trace in fig.data]
    fig.update_layout(
        datarevision=hashlib.sha1(plotly.io.json.to_json_plotly(data).encode()).hexdigest()[:16],
        clickmode=fig.layout.clickmode or "event+select",
        hovermode=fig.layout.hovermode or "closest",
        dragmode=fig.layout.dragmode or "pan",
        paper_bgcolor="#ffffff",
        plot_bgcolor="rgba(0,0,0,0)",
        legend_bgcolor=fig.layout.legend.bgcolor or "rgba(0,0,0,0)",  # plotly's own default is white
        modebar={"bgcolor": "rgba(0,0,0,0)", "color": "#8c8c8c", "activecolor": "#FF6900"},  # read on both themes
    )
    return fig


# --- the stage map -------------------------------------------------------------------------------------------------


# --- the timeline --------------------------------------------------------------------------------------------------


# --- country profile -----------------------------------------------------------------------------------------------
TIMELINE_ROW_PX = 30  # every row label readable: the chart grows with the number of rows


def timeline_height(n_rows: int) -> int:  # noqa: D103
    return max(320, TIMELINE_ROW_PX * n_rows + 120)
