"""Figures of competition: the world by competition (choropleth) and, per country, share and rank over time next
to the rivals, and rivals' events on the same time axis as Xiaomi's stages.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.figures.map import small_countries
from components.figures.style import (
    FONT,
    MAP_HEIGHT,
    STAGE_COLOURS,
    VENDOR_COLOURS,
    _escape,
    category_axis,
    message_figure,
)
from components.model.vocabulary import SUBJECT

NO_FIGURE_COLOUR = "#e3e3e3"  # distinct from every colour scale's zero end
NO_FIGURE_LABEL = "No figure"
NOT_LISTED_COLOUR = "#9e9e9e"
OTHER_VENDOR_COLOURS = ["#bcbd22", "#9467bd", "#17becf", "#8c564b", "#2ca02c", "#e377c2", "#7f7f7f", "#000000"]
# vendors beyond the main five: none close to Samsung's blue or Xiaomi's orange
RANK_COLOURS = {1: "#009E73", 2: "#56B4E9", 3: "#0072B2", 4: "#E69F00", 5: "#D55E00"}  # 5 = fifth or lower
_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>Firm: %{customdata[3]} · %{customdata[4]}"
    "<br>Source: %{customdata[5]}<extra></extra>"
)
GEO = {
    "projection": {"type": "natural earth", "rotation": {"lon": 0}},
    "resolution": 50,
    "showcountries": True,
    "countrycolor": "#ffffff",
    "showland": True,
    "landcolor": NO_FIGURE_COLOUR,
    "showocean": False,
    "showlakes": False,
    "showframe": False,
    "showcoastlines": False,
    "lataxis": {"range": [-57, 84]},
}


def _other_colour(index: int) -> str:
    return OTHER_VENDOR_COLOURS[index % len(OTHER_VENDOR_COLOURS)]


def _pct(value: object) -> str:
    return "not listed" if value is None or pd.isna(value) else f"{float(value):g}%"


def _figure_text(row: pd.Series, vendor_names: Mapping[str, str], rival_name: str) -> str:
    leader = vendor_names.get(str(row["leader"]), str(row["leader"]))
    rank = "" if pd.isna(row["xiaomi_rank"]) else f" (rank {int(row['xiaomi_rank'])} of {int(row['n_vendors'])})"
    lines = [
        f"Xiaomi {_pct(row['xiaomi_value'])}{rank} · {rival_name} {_pct(row['rival_value'])}",
        f"Leader: {leader} {_pct(row['leader_value'])}",
    ]
    if not pd.isna(row["gap"]):
        lines.append(f"Xiaomi's lead over {rival_name}: {float(row['gap']):+g} points")
    return "<br>".join(_escape(line) for line in lines)


def _custom(rows: pd.DataFrame, names, vendor_names, rival_name, outlets) -> np.ndarray:
    data = np.empty((len(rows), 6), dtype=object)
    for index, (_, row) in enumerate(rows.iterrows()):
        code = str(row["country"])
        data[index, :] = [
            code,
            _escape(names.get(code, code)),
            _figure_text(row, vendor_names, rival_name),
            _escape(row["firm"] or "—"),
            _escape(row["period_label"]),
            _escape(outlets.get(str(row["source_id"]), str(row["source_id"]))),
        ]
    return data


def _flat(rows: pd.DataFrame, name: str, colour: str, custom: np.ndarray, rank: int) -> dict:
    return {
        "type": "choropleth", "locationmode": "ISO-3", "locations": rows["country"].to_numpy(dtype=object),
        "z": np.ones(len(rows)), "zmin": 0, "zmax": 1, "colorscale": [[0, colour], [1, colour]], "showscale": False,
        "customdata": custom, "hovertemplate": _HOVER, "name": _escape(name), "showlegend": True, "legendrank": rank,
        "marker": {"line": {"color": "#ffffff", "width": 0.5}},
    }  # fmt: skip


def _categories(standings: pd.DataFrame, colour: str, vendor_names: Mapping[str, str]) -> list[tuple]:
    """(label, colour, mask) per legend entry of a categorical colouring (leader or rank)."""
    if colour == "leader":
        leaders = standings["leader"].astype(str)
        order = leaders.value_counts().index.tolist()
        return [
            (vendor_names.get(v, v), VENDOR_COLOURS.get(v) or _other_colour(i),
             (leaders == v).to_numpy())
            for i, v in enumerate(order)
        ]  # fmt: skip
    rank = standings["xiaomi_rank"].astype(float).to_numpy()
    found = [(f"Rank {r}" if r < 5 else "Rank 5 or lower", RANK_COLOURS[r], (rank == r) if r < 5 else (rank >= 5))
             for r in RANK_COLOURS]  # fmt: skip
    return [*found, ("Xiaomi not listed", NOT_LISTED_COLOUR, np.isnan(rank))]


def _scale_traces(standings: pd.DataFrame, colour: str, custom: np.ndarray, rival_name: str) -> list[dict]:
    column = "xiaomi_value" if colour == "share" else "gap"
    values = standings[column].astype(float).to_numpy()
    known = ~np.isnan(values)
    if colour == "share":
        scale = {"colorscale": "YlOrBr", "zmin": 0, "zmax": max(float(np.nanmax(values, initial=0)), 1.0)}
        title = "Xiaomi's share (%)"
    else:
        limit = max(float(np.nanmax(np.abs(values), initial=0)), 1.0)
        scale = {"colorscale": "RdBu", "zmin": -limit, "zmax": limit, "zmid": 0}
        title = f"Xiaomi minus {rival_name} (points)"
    traces = [{
        "type": "choropleth", "locationmode": "ISO-3", "locations": standings["country"].to_numpy(dtype=object)[known],
        "z": values[known], "customdata": custom[known], "hovertemplate": _HOVER, "name": _escape(title),
        "colorbar": {"title": {"text": _escape(title)}, "len": 0.6}, "marker": {"line": {"color": "#ffffff",
        "width": 0.5}}, "showlegend": False, **scale,
    }]  # fmt: skip
    missing = standings[~known]
    label = "Xiaomi not listed" if colour == "share" else f"Xiaomi or {rival_name} not listed"
    traces.append(_flat(missing, label, NOT_LISTED_COLOUR, custom[~known], 1))
    return traces


def make_rivals_map_figure(
    standings: pd.DataFrame,
    *,
    colour: str,
    all_countries: Iterable[str],
    names: Mapping[str, str],
    vendor_names: Mapping[str, str],
    rival_name: str,
    outlets: Mapping[str, str],
    centroids: pd.DataFrame | None = None,
) -> go.Figure:
    """World choropleth of competition, one row of `standings` per country with a figure (compute_standings).

    `colour`: 'leader' (the leading vendor), 'share' (Xiaomi's share), 'rank' (Xiaomi's rank) or 'gap' (Xiaomi's
    lead over, or gap to, the rival in points). Countries without a figure form their own 'No figure' trace, in a
    grey no colour scale uses; countries whose table does not list Xiaomi (or the rival) are 'not listed', not zero.
    Every trace carries customdata[0] = ISO3; small countries also get a clickable marker at their centroid.
    """
    custom = _custom(standings, names, vendor_names, rival_name, outlets)
    no_figure = sorted(set(all_countries) - set(standings["country"].astype(str)))
    blank = np.array([[c, _escape(names.get(c, c)), "", "", "", ""] for c in no_figure], dtype=object).reshape(-1, 6)
    traces = [{
        **_flat(pd.DataFrame({"country": no_figure}), NO_FIGURE_LABEL, NO_FIGURE_COLOUR, blank, 1000),
        "hovertemplate": "<b>%{customdata[1]}</b><br>" + NO_FIGURE_LABEL + " for this metric and period<extra></extra>",
    }]  # fmt: skip
    if colour in ("leader", "rank"):
        for rank, (label, shade, mask) in enumerate(_categories(standings, colour, vendor_names)):
            if mask.any():
                traces.append(_flat(standings[mask], label, shade, custom[mask], rank))
    elif not standings.empty:
        traces += _scale_traces(standings, colour, custom, rival_name)
    traces.append(_small_markers(standings, custom, centroids))
    fig = go.Figure(data=traces)
    fig.update_layout(
        geo=GEO, height=MAP_HEIGHT, margin={"l": 0, "r": 0, "t": 10, "b": 10}, font=FONT,
        legend={"orientation": "v", "x": 0.01, "y": 0.02, "xanchor": "left", "yanchor": "bottom",
                "bgcolor": "rgba(255,255,255,0.8)", "title": {"text": "Colour"}},
    )  # fmt: skip
    return fig


def _small_markers(standings: pd.DataFrame, custom: np.ndarray, centroids: pd.DataFrame | None) -> dict:
    small = small_countries(centroids if centroids is not None else pd.DataFrame())
    mask = standings["country"].astype(str).isin(small).to_numpy()
    points = standings[mask].merge(centroids, left_on="country", right_on="iso3", how="left") if mask.any() else None
    return {
        "type": "scattergeo", "mode": "markers", "name": "Small countries", "showlegend": False,
        "lon": [] if points is None else points["lon"].astype(float).tolist(),
        "lat": [] if points is None else points["lat"].astype(float).tolist(),
        "customdata": custom[mask], "hovertemplate": _HOVER,
        "marker": {"size": 8, "color": "#555555", "line": {"color": "#ffffff", "width": 0.8}},
    }  # fmt: skip


def make_rival_share_figure(
    series: pd.DataFrame, *, metric_label: str, vendor_names: Mapping[str, str], x_range: list | None = None
) -> go.Figure:
    """For one metric in one country: each vendor's share over time (top) and Xiaomi's rank among the vendors each
    table lists (bottom), on one date axis (`x_range`, shared with the profile's other time figures).
    """
    if series.empty:
        return message_figure(f"No {metric_label} figures for this country.")
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.68, 0.32], vertical_spacing=0.08)
    for index, (vendor, part) in enumerate(series.groupby("vendor", sort=True)):
        part = part.sort_values("period")
        colour = VENDOR_COLOURS.get(vendor) or _other_colour(index)
        custom = [[_escape(p), _escape(f or "—"), int(r), int(n)] for p, f, r, n in
                  zip(part["period_label"], part["firm"], part["rank"], part["n_vendors"], strict=True)]  # fmt: skip
        fig.add_trace(go.Scatter(
            x=list(part["period"]), y=list(part["value"]), mode="lines+markers",
            name=_escape(vendor_names.get(vendor, vendor)),
            line={"color": colour, "width": 3 if vendor == SUBJECT else 1.5}, customdata=custom,
            hovertemplate="%{fullData.name} · %{customdata[0]}: %{y:.1f}% (rank %{customdata[2]} of "
                          "%{customdata[3]}, %{customdata[1]})<extra></extra>",
        ), row=1, col=1)  # fmt: skip
    mine = series[series["vendor"] == SUBJECT].sort_values("period")
    fig.add_trace(go.Scatter(
        x=list(mine["period"]), y=list(mine["rank"]), mode="lines+markers", name="Xiaomi's rank", showlegend=False,
        line={"color": VENDOR_COLOURS[SUBJECT], "dash": "dot"}, marker={"size": 9},
        customdata=[[_escape(p), int(n)] for p, n in zip(mine["period_label"], mine["n_vendors"], strict=True)],
        hovertemplate="Xiaomi · %{customdata[0]}: rank %{y} of %{customdata[1]}<extra></extra>",
    ), row=2, col=1)  # fmt: skip
    fig.update_layout(height=380, font=FONT, margin={"l": 10, "r": 10, "t": 30, "b": 10},
                      title={"text": _escape(metric_label), "font": {"size": 14}},
                      legend={"orientation": "h", "y": -0.12})  # fmt: skip
    fig.update_yaxes(title=None, ticksuffix="%", rangemode="tozero", automargin=True, row=1, col=1)
    lowest = int(mine["rank"].max()) if not mine.empty else 1
    fig.update_yaxes(title={"text": "Xiaomi's rank"}, range=[lowest + 0.5, 0.5], dtick=1, automargin=True, row=2, col=1)
    fig.update_xaxes(type="date", range=x_range, automargin=True)
    return fig


def make_rival_events_figure(
    history: pd.DataFrame,
    events: pd.DataFrame,
    *,
    stage_labels: Mapping[str, str],
    company_names: Mapping[str, str],
    x_range: list | None = None,
) -> go.Figure:
    """Xiaomi's stage changes (top lane) and rivals' events (one lane per company; worldwide and regional events
    hollow), on one date axis (`x_range`, shared with the share figures); customdata[0] = event id.
    """
    if history.empty and events.empty:
        return message_figure("No Xiaomi stage change and no rival event is recorded here.")
    lanes = ["Xiaomi's stage"] + [
        _escape(company_names.get(c, c)) for c in dict.fromkeys(events["company"].astype(str))
    ]
    fig = go.Figure()
    if not history.empty:
        fig.add_trace(go.Scatter(
            x=list(history["date"]), y=[lanes[0]] * len(history), mode="markers", name="Xiaomi's stage",
            marker={"size": 12, "color": [STAGE_COLOURS.get(str(s), "#999") for s in history["stage"]],
                    "line": {"color": "#333", "width": 1}},
            customdata=[[_escape(e), _escape(d), _escape(stage_labels.get(str(s), str(s)))]
                        for e, d, s in zip(history["event_id"], history["date_label"], history["stage"], strict=True)],
            hovertemplate="%{customdata[1]}: Xiaomi reaches %{customdata[2]}<extra></extra>",
        ))  # fmt: skip
    for scope_is_country, part in events.groupby(events["scope"].astype(str) == "country", sort=False):
        fig.add_trace(go.Scatter(
            x=list(part["date"]), y=[_escape(company_names.get(str(c), str(c))) for c in part["company"]],
            mode="markers",
            name="Rivals' events here" if scope_is_country else "Worldwide or regional events",
            marker={"symbol": "diamond" if scope_is_country else "diamond-open", "size": 11, "color": "#0072B2",
                    "line": {"width": 2, "color": "#0072B2"}},
            customdata=[[_escape(e), _escape(d), _escape(s), _escape(t)] for e, d, s, t in
                        zip(part["event_id"], part["date_label"], part["scope"], part["summary"], strict=True)],
            hovertemplate="%{customdata[1]} (%{customdata[2]}): %{customdata[3]}<extra></extra>",
        ))  # fmt: skip
    fig.update_layout(height=120 + 36 * len(lanes), font=FONT, margin={"l": 10, "r": 10, "t": 10, "b": 10},
                      xaxis={"type": "date", "range": x_range, "automargin": True}, yaxis=category_axis(lanes),
                      legend={"orientation": "h", "y": -0.25})  # fmt: skip
    return fig
