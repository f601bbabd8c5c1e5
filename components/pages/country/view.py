"""The country page's views: Xiaomi's path, competitor context and conflicting reports of one country (no Streamlit)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from components.figures.country import make_market_share_figure, make_stage_history_figure
from components.model.vocabulary import METRIC_LABELS, SUBJECT
from components.queries.atlas import Atlas
from components.queries.competitors import compute_competitor_context
from components.queries.filters import FilterSpec
from components.queries.names import country_name
from components.queries.stages import compute_stage_as_of, compute_stage_history, stage_effects
from components.queries.tables import TABLE_ROW_LIMIT, event_table, source_table, without_empty_columns


@dataclass(frozen=True)
class XiaomiPath:
    """What the 'Xiaomi here' part of a profile shows; `current` is None when no Xiaomi event matches."""

    current: dict | None
    stage_help: str
    history_figure: object
    product_lines: str
    partners: str
    events: pd.DataFrame
    n_events: int
    sources: pd.DataFrame


def build_xiaomi_path(atlas: Atlas, spec: FilterSpec, code: str, today: datetime.date) -> XiaomiPath:
    """Xiaomi's stage today, its history, product lines, partners, events and sources in `code`."""
    model = atlas.model
    events = atlas.filtered_events(spec)
    effects = stage_effects(model.event_types)
    current = compute_stage_as_of(events, model.stages, today, effects)
    current = current[current["country"].astype(str) == code]
    xiaomi = events[events["company"].astype(str) == SUBJECT]
    if current.empty or xiaomi.empty:
        return XiaomiPath(None, "", None, "", "", xiaomi.iloc[:0], 0, pd.DataFrame())
    row = current.iloc[0].to_dict()
    products = atlas.labels("products")
    history = compute_stage_history(events, model.stages, code, effects)
    source_ids = [s for ids in xiaomi["source_ids"] for s in ids]
    return XiaomiPath(
        current=row,
        stage_help=atlas.labels("stage_descriptions").get(str(row["stage"]), ""),
        history_figure=make_stage_history_figure(history, model.stages),
        product_lines=", ".join(products.get(p, p) for p in row["product_lines"]) or "None recorded",
        partners=", ".join(row["partners"]) or "None recorded",
        events=event_table(model, xiaomi.head(TABLE_ROW_LIMIT)),
        n_events=len(xiaomi),
        sources=without_empty_columns(source_table(model, source_ids)),
    )


@dataclass(frozen=True)
class Rivals:
    """The competitor part of a profile: sentences, companies, their events, and one chart per metric."""

    comparisons: list[str]
    companies: pd.DataFrame
    events: pd.DataFrame
    n_events: int
    charts: list[tuple[str, str, object, pd.DataFrame]]  # (metric, label, figure, credits)


def build_rivals(atlas: Atlas, code: str) -> Rivals:
    """Competitor context of `code`: computed sentences, rival companies, their events and market shares."""
    model = atlas.model
    context = compute_competitor_context(model, code)
    companies = context.companies.assign(
        home=context.companies["home_country"].astype(str).map(country_name),
        local=context.companies["is_local"].map({True: "yes", False: "no"}),
    )[["name", "home", "local", "n_events"]]
    share, vendors = context.market_share, atlas.labels("companies")
    charts = []
    for metric in [m for m in METRIC_LABELS if m in set(share["metric"].astype(str))]:
        rows = share[share["metric"].astype(str) == metric]
        figure = make_market_share_figure(rows, metric=metric, metric_label=METRIC_LABELS[metric], vendor_names=vendors)
        charts.append(
            (metric, METRIC_LABELS[metric], figure, rows[["outlet", "url", "licence"]].astype(str).drop_duplicates())
        )
    return Rivals(
        context.comparisons,
        companies,
        event_table(model, context.events.head(TABLE_ROW_LIMIT)),
        len(context.events),
        charts,
    )


def build_conflicts(atlas: Atlas, code: str) -> list[tuple[str, str, list[tuple[str, str, pd.DataFrame]], str]]:
    """The conflicts about `code`: (conflict id, topic, [(claim id, claim, its sources)], assessment)."""
    model = atlas.model
    conflicts = model.conflicts[model.conflicts["country"].astype(str) == code]
    result = []
    for conflict_id, claims in conflicts.groupby("conflict_id", sort=False):
        shown = [
            (str(c.claim_id), str(c.claim), source_table(model, c.source_ids)[["outlet", "published", "url"]])
            for c in claims.itertuples(index=False)
        ]
        result.append((str(conflict_id), str(claims["topic"].iloc[0]), shown, str(claims["assessment"].iloc[0])))
    return result
