"""Figures of the country page: the stage over time and market share by vendor."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import plotly.graph_objects as go

from components.figures.style import (
    CATEGORY_COLOURS,
    FONT,
    STAGE_COLOURS,
    VENDOR_COLOURS,
    category_axis,
    date_axis,
    escape_plotly_text,
    message_figure,
)
from components.model.vocabulary import SUBJECT


def make_stage_history_figure(
    history: pd.DataFrame, stages: pd.DataFrame, *, until: pd.Timestamp | None = None
) -> go.Figure:
    """A step line of Xiaomi's entry stage in one country over time (stages in rank order on the y axis)."""
    if history.empty:
        return message_figure("No stage change is recorded for this country.")
    order = list(stages["stage_id"].astype(str))
    labels = {
        stage: escape_plotly_text(label)
        for stage, label in zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=False)
    }
    frame = history.sort_values("date")
    x = list(frame["date"])
    y = [labels.get(str(s), escape_plotly_text(s)) for s in frame["stage"]]
    end = until if until is not None else pd.Timestamp.today().normalize()
    fig = go.Figure(
        go.Scatter(
            x=[*x, max(end, x[-1])],
            y=[*y, y[-1]],
            mode="lines",
            line={"shape": "hv", "color": "#888888"},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="markers",
            showlegend=False,
            marker={
                "size": 12,
                "color": [STAGE_COLOURS.get(str(s), "#999999") for s in frame["stage"]],
                "line": {"color": "#333333", "width": 1},
            },
            customdata=[
                [escape_plotly_text(d), escape_plotly_text(e)]
                for d, e in zip(frame["date_label"], frame["event_id"], strict=True)
            ],
            hovertemplate="%{customdata[0]}: %{y}<br>event %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        height=300,
        font=FONT,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        xaxis=date_axis([*x, end]),
        yaxis=category_axis([labels[s] for s in order][::-1]),
    )
    return fig


def make_market_share_figure(
    share: pd.DataFrame,
    *,
    metric: str,
    metric_label: str | None = None,
    vendor_names: Mapping[str, str] | None = None,
) -> go.Figure:
    """One line per vendor for ONE metric (never mixed); rows flagged 'anomaly' are shown as crosses, not joined."""
    rows = share[share["metric"].astype(str) == metric].sort_values("period")
    if rows.empty:
        return message_figure(f"No {metric_label or metric} figures for this country.")
    vendor_names = vendor_names or {}
    fig = go.Figure()
    flags = rows["quality_flag"] if "quality_flag" in rows else pd.Series("", index=rows.index)
    anomaly = flags.astype(str) == "anomaly"
    plotted = rows[~anomaly]
    for index, (vendor, part) in enumerate(plotted.groupby(plotted["vendor"].astype(str), sort=True, observed=True)):
        colour = VENDOR_COLOURS.get(vendor, CATEGORY_COLOURS[(index + 8) % len(CATEGORY_COLOURS)])
        fig.add_trace(
            go.Scatter(
                x=list(part["period"]),
                y=list(part["value"]),
                mode="lines+markers",
                name=escape_plotly_text(vendor_names.get(vendor, vendor)),
                line={"color": colour, "width": 3 if vendor == SUBJECT else 2},
                customdata=[escape_plotly_text(p) for p in part["period_label"]],
                hovertemplate="%{fullData.name} · %{customdata}: %{y:.1f}%<extra></extra>",
            )
        )
    flagged = rows[anomaly]
    if not flagged.empty:
        fig.add_trace(
            go.Scatter(
                x=list(flagged["period"]),
                y=list(flagged["value"]),
                mode="markers",
                name="Flagged as anomaly",
                marker={"symbol": "x-thin-open", "size": 10, "color": "#777777", "line": {"width": 2}},
                customdata=[escape_plotly_text(vendor_names.get(str(v), str(v))) for v in flagged["vendor"]],
                hovertemplate="%{customdata}: %{y:.1f}% (flagged as anomaly in the source)<extra></extra>",
            )
        )
    fig.update_layout(
        height=320,
        font=FONT,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": escape_plotly_text(metric_label or metric), "font": {"size": 14}},
        yaxis={"title": None, "ticksuffix": "%", "rangemode": "tozero", "automargin": True},
        xaxis=date_axis(rows["period"]),
        legend={"orientation": "h", "y": -0.15},
    )
    return fig
