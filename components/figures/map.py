"""The world map of entry stages: one choropleth per year (animated), markers for small countries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.style import (
    FONT,
    MAP_HEIGHT,
    NOT_COVERED_COLOUR,
    NOT_COVERED_LABEL,
    SMALL_AREA_KM2,
    STAGE_COLOURS,
    escape_plotly_text,
    join_labels,
    make_single_draw_figure,
)

# Off the map: below its latitude range (-57 to 84). Not drawn, since plotly projects every point of a shape before
# it clips it (docs/performance.md, "First paint in the fifth session").
OFF_MAP = frozenset({"ATA"})
_MAP_HOVER = (
    "<b>%{customdata[1]}</b><br>Stage: %{customdata[2]}<br>First entry: %{customdata[3]}"
    "<br>Product lines: %{customdata[4]}<br>Partners: %{customdata[5]}<br>Sources: %{customdata[6]}<extra></extra>"
)


def small_countries(centroids: pd.DataFrame, threshold_km2: float = SMALL_AREA_KM2) -> set[str]:
    """Countries too small to see or click on a world map: tiny area, or absent from the 110m geometry."""
    if centroids.empty:
        return set()
    small = (centroids["area_km2"].astype(float) < threshold_km2) | (centroids["in_110m"].astype(int) == 0)
    return set(centroids.loc[small, "iso3"].astype(str))


def _map_rows(
    stage_frame: pd.DataFrame,
    stages: pd.DataFrame,
    covered: Iterable[str],
    names: Mapping[str, str],
    product_labels: Mapping[str, str],
) -> pd.DataFrame:
    """One row per covered country with its stage (covered countries without a row are at stage 'none')."""
    labels = dict(zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=False))
    by_country = {str(row.country): row for row in stage_frame.itertuples(index=False)}
    rows = []
    for code in sorted(set(covered) | set(by_country)):
        row = by_country.get(code)
        stage = str(row.stage) if row is not None and pd.notna(row.stage) else "none"
        rows.append(
            {
                "country": code,
                "stage": stage,
                "custom": [
                    code,
                    escape_plotly_text(names.get(code, code)),
                    escape_plotly_text(labels.get(stage, stage)),
                    escape_plotly_text(row.first_entry_label)
                    if row is not None and _present(row.first_entry_label)
                    else "—",
                    join_labels(row.product_lines, product_labels) if row is not None else "—",
                    join_labels(row.partners) if row is not None else "—",
                    int(row.n_sources) if row is not None else 0,
                ],
            }
        )
    return pd.DataFrame(rows, columns=["country", "stage", "custom"])


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and str(value) not in ("", "NaT")


def _object_rows(rows: Iterable[list], width: int) -> np.ndarray:
    """A 2-D object array of `rows` (lists of `width` values): plotly checks it as one array, not cell by cell."""
    rows = list(rows)
    array = np.empty((len(rows), width), dtype=object)
    for index, row in enumerate(rows):
        array[index, :] = row
    return array


def _stage_map_traces(
    rows: pd.DataFrame,
    stages: pd.DataFrame,
    not_covered: list[str],
    names: Mapping[str, str],
    centroids: pd.DataFrame,
    small: set[str],
) -> list[dict]:
    """The map's traces as plain dicts of numpy arrays (go.Figure validates each array whole, which is much faster
    than building go.Choropleth objects from lists: docs/performance.md). Numbers go as lists: plotly.py sends a
    numeric array as a typed array, which plotly.js takes as changed on every redraw (make_single_draw_figure).
    """
    traces: list[dict] = [
        {
            "type": "choropleth",
            "locations": np.array(not_covered, dtype=object),
            "z": [0] * len(not_covered),  # numbers as lists (see the docstring)
            "customdata": _object_rows(
                ([c, escape_plotly_text(names.get(c, c))] for c in not_covered), 2
            ),  # code, name
            "colorscale": [[0, NOT_COVERED_COLOUR], [1, NOT_COVERED_COLOUR]],
            "zmin": 0,
            "zmax": 1,
            "showscale": False,
            "name": NOT_COVERED_LABEL,
            "legendrank": 1000,
            "marker": {"line": {"color": "#ffffff", "width": 0.4}},
            "hovertemplate": "<b>%{customdata[1]}</b><br>" + NOT_COVERED_LABEL + "<extra></extra>",
            "showlegend": True,
            "locationmode": "ISO-3",
        }
    ]
    for rank, stage in enumerate(stages.itertuples(index=False)):
        stage_id = str(stage.stage_id)
        part = rows[rows["stage"] == stage_id]
        colour = STAGE_COLOURS.get(stage_id, "#999999")
        traces.append(
            {
                "type": "choropleth",
                "locations": part["country"].to_numpy(dtype=object),
                "z": [1] * len(part),
                "customdata": _object_rows(part["custom"], 7),
                "colorscale": [[0, colour], [1, colour]],
                "zmin": 0,
                "zmax": 1,
                "showscale": False,
                "name": escape_plotly_text(stage.label),
                "legendrank": rank,
                "legendgroup": stage_id,
                "marker": {"line": {"color": "#ffffff", "width": 0.5}},
                "hovertemplate": _MAP_HOVER,
                "showlegend": True,
                "locationmode": "ISO-3",
            }
        )
    traces.append(_small_country_trace(rows, centroids, small))
    return traces


def _small_country_trace(rows: pd.DataFrame, centroids: pd.DataFrame, small: set[str]) -> dict:
    """Clickable markers at the centroids of small countries, in their stage colours."""
    points = rows[rows["country"].isin(small)].merge(
        centroids[["iso3", "lon", "lat"]], left_on="country", right_on="iso3", how="inner"
    )
    return {
        "type": "scattergeo",
        "lon": points["lon"].astype(float).tolist(),
        "lat": points["lat"].astype(float).tolist(),
        "customdata": _object_rows(points["custom"], 7),
        "mode": "markers",
        "name": "Small countries",
        "showlegend": False,
        "hovertemplate": _MAP_HOVER,
        "marker": {
            "size": 8,
            "color": np.array([STAGE_COLOURS.get(s, "#999999") for s in points["stage"]], dtype=object),
            "line": {"color": "#333333", "width": 0.8},
        },
    }


def make_stage_map_figure(
    stage_frames: pd.DataFrame | Mapping[str, pd.DataFrame],
    stages: pd.DataFrame,
    *,
    covered: Iterable[str],
    all_countries: Iterable[str],
    names: Mapping[str, str],
    product_labels: Mapping[str, str] | None = None,
    centroids: pd.DataFrame | None = None,
    active: str | None = None,
) -> go.Figure:
    """World choropleth of Xiaomi's entry stage per country, one trace per stage in rank order (legend = stages).

    `stage_frames` is one frame from compute_stage_as_of, or {label: frame} (e.g. per year) for an animated
    map with a slider and a play button; `active` names the frame shown first (default: the last).
    Covered countries with no recorded entry are grey; countries the atlas does not cover are near-white.
    Small countries (centroids with a tiny area, or absent from the 110m geometry) also get a clickable marker.
    Every trace carries customdata[0] = ISO3 code, so a click identifies the country.
    """
    if centroids is None:
        centroids = pd.DataFrame(columns=["iso3", "lon", "lat", "area_km2", "in_110m"])
    small = small_countries(centroids)
    covered = sorted(set(covered))
    not_covered = sorted(set(all_countries) - set(covered) - OFF_MAP)
    frames_in = stage_frames if isinstance(stage_frames, Mapping) else {"": stage_frames}
    labels = list(frames_in)
    active = active if active in frames_in else labels[-1]
    traces_by_label = {
        label: _stage_map_traces(
            _map_rows(frame, stages, covered, names, product_labels or {}),
            stages,
            not_covered,
            names,
            centroids,
            small,
        )
        for label, frame in frames_in.items()
    }
    fig = go.Figure(
        data=traces_by_label[active],
        layout=_map_layout(),
    )
    if len(labels) > 1:
        _animate(fig, traces_by_label, labels, active)
    return make_single_draw_figure(fig)


def _map_layout() -> dict:
    """The map's layout: natural-earth world without Antarctica, legend below, white paper (for exported images)."""
    return {
        "geo": {
            "projection": {"type": "natural earth", "rotation": {"lon": 0}},
            "resolution": 50,
            # No border layer: every country is a shape with its own outline. The land layer (no Antarctica in
            # the served file) only shows under the six Natural Earth units without an ISO code (docs/map_geometry.md).
            "showcountries": False,
            "showland": True,
            "landcolor": NOT_COVERED_COLOUR,
            "showocean": False,
            "showlakes": False,
            "showframe": False,
            "showcoastlines": False,
            "lataxis": {"range": [-57, 84]},
            "bgcolor": "rgba(0,0,0,0)",  # the theme's background (light or dark) shows through
        },
        # The desktop height; a narrow screen's comes from its width (the map page's CSS), and Streamlit passes it.
        "height": MAP_HEIGHT,
        "margin": {"l": 0, "r": 0, "t": 10, "b": 4},
        "font": FONT,
        "legend": {  # below the map, never over it (phones): wraps into as many rows as it needs
            "title": {"text": "Entry stage", "side": "top"},  # above the items: they get the whole width
            "orientation": "h",
            "x": 0,
            "y": 0,
            "xanchor": "left",
            "yanchor": "top",
            "bgcolor": "rgba(0,0,0,0)",
            "traceorder": "normal",
            "font": {"size": 12},
        },
    }


def _animate(fig: go.Figure, traces_by_label: Mapping[str, list], labels: list[str], active: str) -> None:
    """Add one frame per label and play/pause buttons to the map; no slider of its own (the page's year slider is
    the one year control: it picks the frame shown first). Each frame names its year in the legend's title.
    """
    # Frames replace only the stage traces and markers; the 'not covered' trace (index 0) never changes.
    moving = list(range(1, len(traces_by_label[active])))
    fig.frames = [
        go.Frame(
            name=label,
            data=traces_by_label[label][1:],
            traces=moving,
            layout={"legend": {"title": {"text": _legend_title(label)}}},
        )
        for label in labels
    ]
    fig.update_layout(legend_title_text=_legend_title(active), updatemenus=[_play_buttons()])


def _legend_title(label: str) -> str:
    return f"Entry stage, {escape_plotly_text(label)}" if label else "Entry stage"


def _play_buttons() -> dict:
    """Play (every year, first to last) and Pause, at the top left of the map."""
    step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
    play_args = {"frame": {"duration": 700, "redraw": True}, "fromcurrent": False, "transition": {"duration": 0}}
    return {
        "type": "buttons",
        "direction": "left",
        "showactive": False,
        "x": 0,
        "y": 1,
        "xanchor": "left",
        "yanchor": "top",  # over the North Pacific, inside the map: no extra height, clear of the legend
        "pad": {"l": 2, "t": 2},
        "font": {"size": 11},
        "buttons": [
            {"label": "▶", "name": "play", "method": "animate", "args": [None, play_args]},
            {"label": "❚❚", "name": "pause", "method": "animate", "args": [[None], step_args]},
        ],
    }
