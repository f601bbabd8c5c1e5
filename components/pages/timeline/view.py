"""The timeline page's views: the figure (points, or counted cells above the point limit), the events table and
one event's sources, from the Atlas (no Streamlit).
"""

from __future__ import annotations

import dataclasses
import datetime

import numpy as np
import pandas as pd

from components.figures.style import add_credit, make_single_draw_figure
from components.figures.timeline import make_timeline_cells_figure, make_timeline_figure, timeline_rows
from components.model.vocabulary import SUBJECT
from components.queries.atlas import Atlas
from components.queries.competitors import main_competitors
from components.queries.filters import FilterSpec
from components.queries.names import localised_country_names, lookup
from components.queries.tables import TABLE_ROW_LIMIT, credit_lines, event_table, source_table, without_empty_columns
from components.queries.timeline import (
    TIMELINE_MAX_POINTS,
    compute_first_rows,
    compute_timeline_cells,
    selected_markers,
)


def build_rivals(atlas: Atlas) -> dict[str, str]:
    """The companies (id -> name) the timeline can add: the main competitors, then every other company with an
    event (worldwide and regional events included; their rows are labelled as regions).
    """
    model = atlas.model
    acting = set(model.events["company"].astype(str)) - {SUBJECT}
    names = atlas.labels("companies")
    others = {c: names.get(c, c) for c in sorted(acting, key=lambda c: names.get(c, c))}
    return {**main_competitors(model.companies), **others}


def events_spec(spec: FilterSpec, rivals: dict[str, str], with_competitors: bool) -> FilterSpec:
    """The filters with the companies shown: Xiaomi, and the main competitors when asked for."""
    return dataclasses.replace(spec, companies=(SUBJECT, *rivals) if with_competitors else (SUBJECT,))


def build_figure(
    atlas: Atlas,
    spec: FilterSpec,
    group_by: str,
    colour_by: str,
    today: datetime.date | None = None,
    locale: str | None = None,
    max_rows: int | None = None,
) -> object:
    """The timeline figure of the events matching `spec`, titled and credited (for exported images); country rows
    named in the reader's `locale`; by country, only the first `max_rows` countries (None: all).

    Above TIMELINE_MAX_POINTS markers it counts them per row and period from the memoised marker codes, without
    taking the events out of the model.
    """
    model = atlas.model
    rows = atlas.matching_rows(spec)
    # Rows are countries, or UN M49 regions (e.g. 419) for region-wide events: name both.
    regions = {code: f"{name} (region)" for code, name in atlas.labels("regions").items()}
    group_labels = {**regions, **localised_country_names(locale)} if group_by == "country" else atlas.labels("products")
    colour_labels = atlas.labels("stages") if colour_by == "stage" else atlas.labels("event_types")
    codes = atlas.marker_codes(group_by, colour_by)
    if selected_markers(codes, rows).sum() > TIMELINE_MAX_POINTS:
        cells = compute_timeline_cells(codes, rows, group_labels=group_labels)
        figure = make_timeline_cells_figure(cells, colour_by=colour_by, colour_labels=colour_labels)
        return credited(atlas, figure, spec, group_by, today)
    events, n_rows = atlas.filtered_events(spec), None
    if group_by == "country":
        events, n_rows = compute_first_rows(events, max_rows, regions)
    cited = {s for ids in events["source_ids"] for s in ids}
    outlets = lookup(model.sources[model.sources["source_id"].astype(str).isin(cited)], "source_id", "outlet")
    figure = make_timeline_figure(
        events,
        group_by=group_by,
        colour_by=colour_by,
        group_labels=group_labels,
        colour_labels=colour_labels,
        colour_order=atlas.colour_order(colour_by),
        company_names=atlas.labels("companies"),
        source_outlets=outlets,
        rows_total=n_rows,
    )
    return credited(atlas, figure, spec, group_by, today)


def credited(atlas: Atlas, figure: object, spec: FilterSpec, group_by: str, today: datetime.date | None) -> object:
    """The figure with its title, filters, data date and credit drawn below it, made to be drawn once."""
    rows = "country" if group_by == "country" else "product line"
    companies = "Xiaomi and its main competitors" if len(spec.companies) > 1 else "Xiaomi"
    title = f"Events of {companies}, by {rows}"
    counts = timeline_rows(figure)
    if counts and counts[0] < counts[1]:
        title += f" ({counts[0]} of {counts[1]} rows: the regions and the countries whose first event came first)"
    credited_figure = add_credit(figure, title, credit_lines(atlas.model, spec, today or datetime.date.today()))
    return make_single_draw_figure(credited_figure)  # the page draws it with theme=None (render_chart_theme)


def build_event_table(atlas: Atlas, spec: FilterSpec, locale: str | None = None) -> pd.DataFrame:
    """The first TABLE_ROW_LIMIT events matching `spec` as a display table (country names in `locale`)."""
    events = atlas.filtered_events(spec, limit=TABLE_ROW_LIMIT)
    return event_table(atlas.model, events, atlas.labels("companies"), localised_country_names(locale))


def find_event(atlas: Atlas, spec: FilterSpec, event_id: str) -> pd.DataFrame:
    """The event `event_id` as a one-row frame, if it is among the events matching `spec` (else empty)."""
    events = atlas.model.events
    positions = np.flatnonzero((events["event_id"].astype(str) == event_id).to_numpy())
    positions = positions[np.isin(positions, atlas.matching_rows(spec))]
    return events.iloc[positions[:1]]


def event_sources_table(atlas: Atlas, event: pd.Series) -> pd.DataFrame:
    """The sources one event cites, as a display table without blank columns."""
    return without_empty_columns(source_table(atlas.model, event["source_ids"]))
