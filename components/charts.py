"""Plotly figure factories: each takes DataFrames (and lookups) and returns a go.Figure; no Streamlit, no I/O."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components import aggregate

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
    "xiaomi": "#E69F00",
    "samsung": "#0072B2",
    "lg": "#CC79A7",
    "huawei": "#D55E00",
    "apple": "#555555",
}
CATEGORY_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
                    "#7f7f7f", "#8c564b", "#17becf", "#bcbd22", "#9467bd", "#1f77b4", "#ff7f0e", "#2ca02c"]
PLAN_STATUSES = ("rumoured", "planned", "announced")
SMALL_AREA_KM2 = 25_000  # countries below this area get a marker at their centroid so they can be seen and clicked
MAP_HEIGHT = 560
FONT = {"family": "Source Sans Pro, sans-serif"}


def _escape(value: object) -> str:
    """Data text made safe for plotly hover labels (which render a little HTML)."""
    return html.escape(str(value), quote=False)


def _join(items: object, labels: Mapping[str, str] | None = None) -> str:
    if not isinstance(items, list | tuple) or not items:
        return "—"
    return ", ".join(_escape((labels or {}).get(item, item)) for item in items)


def date_axis(dates: Iterable[object], **extra: object) -> dict:
    """A date x axis whose tick labels fit; when every point has the same date (one period), pad half a year each
    side and label years, so plotly does not zoom into milliseconds around a single instant."""
    stamps = pd.to_datetime(pd.Series([d for d in dates if d is not None]), errors="coerce").dropna()
    axis: dict = {"type": "date", "title": None, "automargin": True, **extra}
    if not stamps.empty and stamps.min() == stamps.max():
        day = stamps.min()
        axis.update(range=[day - pd.DateOffset(months=6), day + pd.DateOffset(months=6)], tickformat="%Y",
                    dtick="M12")
    return axis


def category_axis(order: list[str], **extra: object) -> dict:
    """A categorical y axis in the given order (top to bottom) whose labels are never clipped (automargin)."""
    return {"type": "category", "categoryorder": "array", "categoryarray": order[::-1], "title": None,
            "automargin": True, **extra}


def message_figure(message: str, height: int = 240) -> go.Figure:
    """An empty figure that says why it is empty (never bare axes)."""
    fig = go.Figure()
    fig.add_annotation(text=_escape(message), x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 15})
    fig.update_layout(height=height, xaxis={"visible": False}, yaxis={"visible": False}, font=FONT,
                      margin={"l": 10, "r": 10, "t": 10, "b": 10})
    return fig


# --- the stage map -------------------------------------------------------------------------------------------------

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
                    _escape(names.get(code, code)),
                    _escape(labels.get(stage, stage)),
                    _escape(row.first_entry_label) if row is not None and _present(row.first_entry_label) else "—",
                    _join(row.product_lines, product_labels) if row is not None else "—",
                    _join(row.partners) if row is not None else "—",
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
    """The map's traces as plain dicts of numpy arrays (go.Figure validates each array whole: ~10x faster than
    building go.Choropleth objects from lists)."""
    traces: list[dict] = [
        {
            "type": "choropleth", "locations": np.array(not_covered, dtype=object), "z": np.zeros(len(not_covered)),
            "customdata": _object_rows(([c, _escape(names.get(c, c))] for c in not_covered), 2),  # code, name
            "colorscale": [[0, NOT_COVERED_COLOUR], [1, NOT_COVERED_COLOUR]],
            "zmin": 0, "zmax": 1, "showscale": False, "name": NOT_COVERED_LABEL, "legendrank": 1000,
            "marker": {"line": {"color": "#ffffff", "width": 0.4}},
            "hovertemplate": "<b>%{customdata[1]}</b><br>" + NOT_COVERED_LABEL + "<extra></extra>",
            "showlegend": True, "locationmode": "ISO-3",
        }
    ]
    for rank, stage in enumerate(stages.itertuples(index=False)):
        stage_id = str(stage.stage_id)
        part = rows[rows["stage"] == stage_id]
        colour = STAGE_COLOURS.get(stage_id, "#999999")
        traces.append({
            "type": "choropleth", "locations": part["country"].to_numpy(dtype=object), "z": np.ones(len(part)),
            "customdata": _object_rows(part["custom"], 7), "colorscale": [[0, colour], [1, colour]],
            "zmin": 0, "zmax": 1, "showscale": False, "name": str(stage.label), "legendrank": rank,
            "legendgroup": stage_id, "marker": {"line": {"color": "#ffffff", "width": 0.5}},
            "hovertemplate": _MAP_HOVER, "showlegend": True, "locationmode": "ISO-3",
        })
    points = rows[rows["country"].isin(small)].merge(
        centroids[["iso3", "lon", "lat"]], left_on="country", right_on="iso3", how="inner"
    )
    traces.append({
        "type": "scattergeo", "lon": points["lon"].to_numpy(dtype=float), "lat": points["lat"].to_numpy(dtype=float),
        "customdata": _object_rows(points["custom"], 7), "mode": "markers", "name": "Small countries",
        "showlegend": False, "hovertemplate": _MAP_HOVER,
        "marker": {"size": 8, "color": np.array([STAGE_COLOURS.get(s, "#999999") for s in points["stage"]],
                                                dtype=object),
                   "line": {"color": "#333333", "width": 0.8}},
    })
    return traces


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

    `stage_frames` is one frame from stages.compute_stage_as_of, or {label: frame} (e.g. per year) for an animated
    map with a slider and a play button; `active` names the frame shown first (default: the last).
    Covered countries with no recorded entry are grey; countries the atlas does not cover are near-white.
    Small countries (centroids with a tiny area, or absent from the 110m geometry) also get a clickable marker.
    Every trace carries customdata[0] = ISO3 code, so a click identifies the country.
    """
    if centroids is None:
        centroids = pd.DataFrame(columns=["iso3", "lon", "lat", "area_km2", "in_110m"])
    small = small_countries(centroids)
    covered = sorted(set(covered))
    not_covered = sorted(set(all_countries) - set(covered))
    frames_in = stage_frames if isinstance(stage_frames, Mapping) else {"": stage_frames}
    labels = list(frames_in)
    active = active if active in frames_in else labels[-1]
    traces_by_label = {
        label: _stage_map_traces(
            _map_rows(frame, stages, covered, names, product_labels or {}),
            stages, not_covered, names, centroids, small,
        )
        for label, frame in frames_in.items()
    }
    fig = go.Figure(data=traces_by_label[active], layout={
        "geo": {"projection": {"type": "natural earth", "rotation": {"lon": 0}}, "resolution": 50,
                "showcountries": True, "countrycolor": "#ffffff", "showland": True, "landcolor": NOT_COVERED_COLOUR,
                "showocean": False, "showlakes": False, "showframe": False, "showcoastlines": False,
                "lataxis": {"range": [-57, 84]}},
        "height": MAP_HEIGHT, "margin": {"l": 0, "r": 0, "t": 10, "b": 10}, "font": FONT,
        "legend": {"title": {"text": "Entry stage"}, "orientation": "v", "x": 0.01, "y": 0.02, "xanchor": "left",
                   "yanchor": "bottom", "bgcolor": "rgba(255,255,255,0.8)", "traceorder": "normal"},
    })
    if len(labels) > 1:
        # Frames replace only the stage traces and markers; the 'not covered' trace (index 0) never changes.
        moving = list(range(1, len(traces_by_label[active])))
        fig.frames = [go.Frame(name=label, data=traces_by_label[label][1:], traces=moving) for label in labels]
        step_args = {"mode": "immediate", "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0}}
        fig.update_layout(
            sliders=[{
                "active": labels.index(active), "currentvalue": {"prefix": "As of "}, "pad": {"t": 30},
                "steps": [{"label": label, "method": "animate", "args": [[label], step_args]} for label in labels],
            }],
            updatemenus=[{
                "type": "buttons", "showactive": False, "x": 0, "y": 0, "xanchor": "right", "yanchor": "top",
                "pad": {"t": 30, "r": 10},
                "buttons": [
                    {"label": "▶ Play", "method": "animate",
                     "args": [None, {"frame": {"duration": 700, "redraw": True}, "fromcurrent": True,
                                     "transition": {"duration": 0}}]},
                    {"label": "❚❚ Pause", "method": "animate", "args": [[None], step_args]},
                ],
            }],
            height=MAP_HEIGHT + 80,
        )
    return fig


# --- the timeline --------------------------------------------------------------------------------------------------


TIMELINE_ROW_PX = 30  # every row label readable: the chart grows with the number of rows


def timeline_height(n_rows: int) -> int:
    return max(320, TIMELINE_ROW_PX * n_rows + 120)


def _marker_symbol(status: str, company: str) -> str:
    base = "circle" if company == "xiaomi" else "diamond"
    if status == "withdrawn":
        return "x-thin-open" if company == "xiaomi" else "diamond-x-open"
    return f"{base}-open" if status in PLAN_STATUSES else base


def make_timeline_figure(
    events: pd.DataFrame,
    *,
    group_by: str = "country",
    color_by: str = "stage",
    group_labels: Mapping[str, str] | None = None,
    color_labels: Mapping[str, str] | None = None,
    color_order: Iterable[str] | None = None,
    company_names: Mapping[str, str] | None = None,
    source_outlets: Mapping[str, str] | None = None,
    max_points: int | None = aggregate.TIMELINE_MAX_POINTS,
) -> go.Figure:
    """Events as points on a date axis, one row per country (or product line), one trace per colour category.

    Filled markers: happened; hollow: planned, announced or rumoured; crosses: withdrawn; diamonds: competitors.
    An imprecise date (month, quarter, half, year) also gets a line spanning its period [date, date_end].
    customdata[0] is the event_id, so a click identifies the event.

    With more than `max_points` markers (None: never) the events are counted per row and month, quarter or year
    instead (make_timeline_cells_figure); `timeline_aggregation(fig)` then names the period.
    """
    if events.empty:
        return message_figure("No events match these filters. Widen the date range or clear some filters.")
    group_labels = group_labels or {}
    color_labels = color_labels or {}
    company_names = company_names or {}
    source_outlets = source_outlets or {}
    columns = [c for c in ("event_id", "date", "date_end", "date_label", "date_precision", "status", "company",
                           "summary", "source_ids", "country", "product_lines", color_by) if c in events.columns]
    frame = events[list(dict.fromkeys(columns))]
    if group_by == "product_line":
        frame = frame.assign(
            group=frame["product_lines"].map(lambda items: list(items) if items else ["(unspecified)"])
        ).explode("group")
    else:
        frame = frame.assign(group=frame["country"].astype(str))
    groups = frame["group"].astype(str)
    frame = frame.assign(group_label=groups.map(group_labels).fillna(groups).astype(str) if group_labels else groups,
                         colour_key=frame[color_by].astype(str))
    if max_points is not None and len(frame) > max_points:
        codes = aggregate.compute_marker_codes(events, group_by=group_by, color_by=color_by,
                                               colour_order=color_order if color_order is not None else ())
        cells = aggregate.compute_timeline_cells(codes, group_labels=group_labels)
        return make_timeline_cells_figure(cells, color_by=color_by, color_labels=color_labels)
    frame["symbol"] = [_marker_symbol(str(s), str(c)) for s, c in zip(frame["status"], frame["company"], strict=True)]
    frame["custom"] = [
        [
            str(row.event_id),
            _escape(row.date_label),
            _escape(str(row.status)),
            _escape(company_names.get(str(row.company), str(row.company))),
            _escape(row.summary),
            _escape(", ".join(source_outlets.get(s, s) for s in row.source_ids) or "—"),
            _escape(color_labels.get(str(getattr(row, color_by)), str(getattr(row, color_by)))),
        ]
        for row in frame.itertuples(index=False)
    ]
    order = frame.sort_values("date").drop_duplicates("group_label")["group_label"].tolist()
    fig = go.Figure()
    imprecise = frame[frame["date_precision"].astype(str) != "day"]
    if not imprecise.empty:
        xs: list = []
        ys: list = []
        for row in imprecise.itertuples(index=False):  # ISO text, not Timestamps: cheap for plotly to copy per rerun
            xs += [_iso_day(row.date), _iso_day(row.date_end), None]
            ys += [row.group_label, row.group_label, None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", name="Date known to the month, quarter or year",
                                 line={"color": "rgba(90,90,90,0.45)", "width": 5}, hoverinfo="skip",
                                 legendrank=2000))
    keys = [str(k) for k in (color_order if color_order is not None else [])]
    keys = [k for k in keys if k in set(frame["colour_key"])] + sorted(set(frame["colour_key"]) - set(keys))
    for index, key in enumerate(keys):
        part = frame[frame["colour_key"] == key]
        colour = STAGE_COLOURS.get(key) if color_by == "stage" else None
        colour = colour or CATEGORY_COLOURS[index % len(CATEGORY_COLOURS)]
        fig.add_trace(
            go.Scatter(
                x=part["date"].to_numpy(dtype="datetime64[ns]"), y=part["group_label"].to_numpy(dtype=object),
                mode="markers", name=color_labels.get(key, key), customdata=_object_rows(part["custom"], 7),
                legendrank=index, legendgroup=f"colour-{key}", showlegend=False,
                marker={"symbol": part["symbol"].to_numpy(dtype=object), "size": 11, "color": colour,
                        "line": {"width": 2, "color": colour}},
                hovertemplate=(
                    "<b>%{customdata[1]}</b> · %{customdata[3]} · %{customdata[2]}<br>%{customdata[4]}"
                    "<br>%{customdata[6]}<br>Sources: %{customdata[5]}<extra></extra>"
                ),
            )
        )
        # The legend draws a trace's first marker: a plain filled circle says "this colour", whatever that
        # first event's status (a cross or a hollow ring would read as a withdrawal or a plan).
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=color_labels.get(key, key),
                                 legendgroup=f"colour-{key}", legendrank=index, hoverinfo="skip",
                                 marker={"symbol": "circle", "size": 10, "color": colour}))
    for name, symbol in (("Happened", "circle"), ("Planned, announced or rumoured", "circle-open"),
                         ("Withdrawn", "x-thin-open"), ("Competitor event", "diamond")):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name, legendgroup="symbols",
                                 legendrank=3000, marker={"symbol": symbol, "size": 10, "color": "#555555",
                                                          "line": {"width": 2, "color": "#555555"}}))
    dates = [*frame["date"], *imprecise["date_end"]] if not imprecise.empty else list(frame["date"])
    fig.update_layout(
        height=timeline_height(len(order)), font=FONT, margin={"l": 10, "r": 10, "t": 10, "b": 10},
        # Tall charts: the date axis and the legend sit on top, where the reader starts.
        xaxis=date_axis(dates, showgrid=True, side="top"),
        yaxis=category_axis(order, range=[-0.6, len(order) - 0.4]),  # no blank rows above and below
        legend={"orientation": "h", "x": 0, "y": 1 + 40 / timeline_height(len(order)), "yanchor": "bottom"},
        hovermode="closest",
    )
    return fig


def _iso_day(value: object) -> str | None:
    return None if pd.isna(value) else pd.Timestamp(value).strftime("%Y-%m-%d")


def timeline_aggregation(fig: go.Figure) -> str | None:
    """'month', 'quarter' or 'year' when the timeline counts events per period instead of drawing each one."""
    meta = fig.layout.meta
    return meta.get("aggregated") if isinstance(meta, dict) else None


def _marker_sizes(counts: pd.Series, largest: int) -> np.ndarray:
    """Marker diameters in px: the area grows with the count, 6 px for one event, 26 px for the largest cell."""
    scale = (counts.to_numpy(dtype=float) / max(largest, 1)) ** 0.5
    return np.round(6 + 20 * scale, 1)


HOVER_PERIOD_FORMATS = {"month": "%Y-%m", "quarter": "%Y-Q%q", "year": "%Y"}  # plotly's d3 date formats


def make_timeline_cells_figure(
    cells: aggregate.TimelineCells, *, color_by: str = "stage", color_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Too many events to draw one by one: one circle per row and period (aggregate.compute_timeline_cells), sized
    by its number of events and coloured by its most common category; the hover gives the count of every category.

    Per cell the figure holds only numbers and the (escaped) row label: x is the period's first day, customdata
    [n, count per category in cells.colours order] (no event id: a click on a cell selects no single event), and
    one hover template per trace names the categories. Numeric arrays travel as binary, so a cell costs about
    55 bytes (0.27 MB for 5,000 cells) and Streamlit copies and serialises the figure quickly on every rerun."""
    color_labels = color_labels or {}
    table = cells.table
    breakdown = "".join(f"<br>%{{customdata[{j + 1}]:,}} {_escape(color_labels.get(key, key))}"
                        for j, key in enumerate(cells.colours))
    template = (f"<b>%{{y}}</b> · %{{x|{HOVER_PERIOD_FORMATS[cells.bucket]}}} · events: %{{customdata[0]:,}}"
                f"{breakdown}<extra></extra>")
    largest = int(table["n"].max()) if not table.empty else 1
    sizes = _marker_sizes(table["n"], largest)
    x = table["period"].to_numpy(dtype="datetime64[ns]")
    escaped = {group: _escape(group) for group in set(table["group"].tolist())}
    y = np.array([escaped[group] for group in table["group"].tolist()], dtype=object)
    customdata = np.column_stack([table["n"].to_numpy(dtype=np.int64), cells.counts])
    traces = []
    for index, key in enumerate(cells.colours):
        part = (table["colour_key"] == key).to_numpy()
        if not part.any():
            continue
        colour = (STAGE_COLOURS.get(key) if color_by == "stage" else None) or CATEGORY_COLOURS[
            index % len(CATEGORY_COLOURS)]
        # numpy arrays and one Figure() call: plotly validates each array as a whole and copies the traces once
        traces.append({
            "type": "scatter", "mode": "markers", "name": f"Mostly {color_labels.get(key, key)}", "legendrank": index,
            "x": x[part], "y": y[part], "customdata": customdata[part], "hovertemplate": template,
            "marker": {"size": sizes[part], "color": colour, "opacity": 0.8, "line": {"width": 1, "color": "#333333"}},
        })
    order = [_escape(row) for row in cells.rows]
    height = timeline_height(len(order))
    return go.Figure(data=traces, layout={
        "height": height, "font": FONT, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
        "meta": {"aggregated": cells.bucket},
        "xaxis": date_axis([table["period"].min(), table["period"].max()] if not table.empty else [],
                           showgrid=True, side="top"),
        "yaxis": category_axis(order, range=[-0.6, len(order) - 0.4]),
        "legend": {"orientation": "h", "x": 0, "y": 1 + 40 / height, "yanchor": "bottom"}, "hovermode": "closest",
    })


# --- country profile -----------------------------------------------------------------------------------------------


def make_stage_history_figure(
    history: pd.DataFrame, stages: pd.DataFrame, *, until: pd.Timestamp | None = None
) -> go.Figure:
    """A step line of Xiaomi's entry stage in one country over time (stages in rank order on the y axis)."""
    if history.empty:
        return message_figure("No stage change is recorded for this country.")
    order = [s for s in stages["stage_id"].astype(str)]
    labels = dict(zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=False))
    frame = history.sort_values("date")
    x = list(frame["date"])
    y = [labels.get(str(s), str(s)) for s in frame["stage"]]
    end = until if until is not None else pd.Timestamp.today().normalize()
    fig = go.Figure(
        go.Scatter(x=[*x, max(end, x[-1])], y=[*y, y[-1]], mode="lines", line={"shape": "hv", "color": "#888888"},
                   hoverinfo="skip", showlegend=False)
    )
    fig.add_trace(
        go.Scatter(
            x=x, y=y, mode="markers", showlegend=False,
            marker={"size": 12, "color": [STAGE_COLOURS.get(str(s), "#999999") for s in frame["stage"]],
                    "line": {"color": "#333333", "width": 1}},
            customdata=[[_escape(d), _escape(e)] for d, e in zip(frame["date_label"], frame["event_id"], strict=True)],
            hovertemplate="%{customdata[0]}: %{y}<br>event %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        height=300, font=FONT, margin={"l": 10, "r": 10, "t": 10, "b": 10}, xaxis=date_axis([*x, end]),
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
                x=list(part["period"]), y=list(part["value"]), mode="lines+markers",
                name=vendor_names.get(vendor, vendor), line={"color": colour, "width": 3 if vendor == "xiaomi" else 2},
                customdata=[_escape(p) for p in part["period_label"]],
                hovertemplate="%{fullData.name} · %{customdata}: %{y:.1f}%<extra></extra>",
            )
        )
    flagged = rows[anomaly]
    if not flagged.empty:
        fig.add_trace(
            go.Scatter(
                x=list(flagged["period"]), y=list(flagged["value"]), mode="markers", name="Flagged as anomaly",
                marker={"symbol": "x-thin-open", "size": 10, "color": "#777777", "line": {"width": 2}},
                customdata=[_escape(vendor_names.get(str(v), str(v))) for v in flagged["vendor"]],
                hovertemplate="%{customdata}: %{y:.1f}% (flagged as anomaly in the source)<extra></extra>",
            )
        )
    fig.update_layout(
        height=320, font=FONT, margin={"l": 10, "r": 10, "t": 30, "b": 10},
        title={"text": _escape(metric_label or metric), "font": {"size": 14}},
        yaxis={"title": None, "ticksuffix": "%", "rangemode": "tozero", "automargin": True},
        xaxis=date_axis(rows["period"]), legend={"orientation": "h", "y": -0.15},
    )
    return fig
