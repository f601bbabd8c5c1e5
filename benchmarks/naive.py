"""The naive baseline the dashboard is compared with: the map and timeline pages written the obvious way.

No caching: every call re-reads and re-validates the data folder (`load_model`), applies the filters to the raw
events, and draws one plotly-express marker per raw event with its hover text. The figure is serialised to JSON,
as `st.plotly_chart` does, so the time includes what a page would have to send. Plain functions, no Streamlit.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pandas as pd
import plotly.express as px

from components.model.load import load_model
from components.queries.filters import FilterSpec, apply_filters


def _filtered_events(data_dir: str | Path, spec: FilterSpec) -> pd.DataFrame:
    model = load_model(data_dir)  # re-read on every filter change
    return apply_filters(model.events, spec, model.sources)


def _hover_frame(events: pd.DataFrame) -> pd.DataFrame:
    frame = events.assign(
        stage=events["stage"].astype(str),
        status=events["status"].astype(str),
        country=events["country"].astype(str),
        sources=events["source_ids"].map(", ".join),
        products=events["product_lines"].map(", ".join),
    )
    return frame[["event_id", "country", "date", "date_label", "stage", "status", "summary", "sources", "products"]]


def naive_map(data_dir: str | Path, spec: FilterSpec, as_of: datetime.date) -> str:
    """The map page: every event up to `as_of` as its own marker on a world map, coloured by stage; figure JSON."""
    events = _filtered_events(data_dir, spec)
    events = events[events["date"] <= pd.Timestamp(as_of)]
    frame = _hover_frame(events)
    figure = px.scatter_geo(
        frame,
        locations="country",
        locationmode="ISO-3",
        color="stage",
        symbol="status",
        hover_name="country",
        hover_data=["date_label", "summary", "sources", "products", "event_id"],
        projection="natural earth",
    )
    return figure.to_json()


def naive_timeline(data_dir: str | Path, spec: FilterSpec) -> str:
    """The timeline page: every event as a point on a date axis, one row per country; figure JSON."""
    frame = _hover_frame(_filtered_events(data_dir, spec))
    figure = px.scatter(
        frame,
        x="date",
        y="country",
        color="stage",
        symbol="status",
        hover_data=["date_label", "summary", "sources", "products", "event_id"],
    )
    return figure.to_json()
