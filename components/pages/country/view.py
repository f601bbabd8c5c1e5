"""The country page's views: Xiaomi's path, competitor context and conflicting reports of one country (no Streamlit)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from components.figures.country import make_stage_history_figure
from components.figures.rivals import make_rival_events_figure, make_rival_share_figure
from components.model.vocabulary import METRIC_LABELS, SUBJECT
from components.queries.atlas import Atlas
from components.queries.competitors import (
    METRIC_WORDS,
    compute_competitor_context,
    entry_gap_sentences,
    home_market_sentences,
    main_competitors,
    missing_figure_sentences,
    passing_sentences,
    rival_event_sentences,
    standing_sentences,
)
from components.queries.coverage import weak_only_countries
from components.queries.filters import FilterSpec
from components.queries.names import localised_country_names
from components.queries.rivals import choose_tables, compute_share_series, compute_vendor_ranks, covering_events
from components.queries.stages import compute_stage_as_of, compute_stage_history, stage_effects
from components.queries.tables import (
    TABLE_ROW_LIMIT,
    event_table,
    source_links,
    source_table,
    without_empty_columns,
)


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
    weak_only: bool = False  # every source behind Xiaomi's events here is weak (blogs, copies, aggregators)


def build_xiaomi_path(
    atlas: Atlas, spec: FilterSpec, code: str, today: datetime.date, locale: str | None = None
) -> XiaomiPath:
    """Xiaomi's stage today, its history, product lines, partners, events and sources in `code` (country names in
    the reader's `locale`).
    """
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
        events=with_source_links(
            model, xiaomi.sort_values("date", kind="stable").head(TABLE_ROW_LIMIT), localised_country_names(locale)
        ).drop(columns=["company", "country"]),  # Xiaomi, here: the same in every row
        n_events=len(xiaomi),
        sources=without_empty_columns(source_table(model, source_ids)),
        weak_only=code in weak_only_countries(xiaomi, model.sources),
    )


@dataclass(frozen=True)
class Rivals:
    """The profile's Rivals section: sentences, missing figures, rivals' events on Xiaomi's time axis, and per
    metric Xiaomi's share and rank next to the main rivals, with who measured it, the source and the licence.
    """

    sentences: list[str]
    missing: list[str]
    events: pd.DataFrame
    n_events: int
    events_figure: object
    charts: list[tuple[str, str, object, pd.DataFrame]]  # (metric, label, figure, credits)


def build_rivals(atlas: Atlas, code: str, today: datetime.date, locale: str | None = None) -> Rivals:
    """The Rivals section of `code`'s profile, from all of the atlas's figures and events (not the filters); the
    country named in the reader's `locale`.
    """
    model, name = atlas.model, country_label(code, locale)
    rivals, vendors = main_competitors(model.companies), atlas.labels("companies")
    tables = choose_tables(compute_vendor_ranks(model.market_share))
    series = compute_share_series(tables, code, (SUBJECT, *rivals))
    here = tables[tables["country"] == code]
    events = covering_events(model.events, code, atlas.country_regions(), atlas.labels("regions"))
    history = compute_stage_history(model.events, model.stages, code, stage_effects(model.event_types))
    context = compute_competitor_context(model, code)
    sentences = [
        *entry_gap_sentences(model.events, code, name),
        *home_market_sentences(context.companies, name),
        *standing_sentences(here, name, vendors),
        *passing_sentences(here, name, rivals),
        *rival_event_sentences(events, vendors, name),
    ]
    x_range = time_range([history["date"], events["date"], series["period"], series["period_end"]], today)
    charts = []
    for metric in [m for m in METRIC_LABELS if m in set(series["metric"])]:
        rows = series[series["metric"] == metric]
        figure = make_rival_share_figure(
            rows, metric_label=METRIC_LABELS[metric], vendor_names=vendors, x_range=x_range
        )
        charts.append((metric, METRIC_LABELS[metric], figure, share_credits(rows, model.sources)))
    figure = make_rival_events_figure(history, events, stage_labels=atlas.labels("stages"), company_names=vendors,
                                      x_range=x_range)  # fmt: skip
    shown = events.head(TABLE_ROW_LIMIT)
    regions = atlas.labels("regions")
    table = with_source_links(model, shown, localised_country_names(locale)).assign(scope=shown["scope"].to_numpy())
    table["country"] = [regions.get(c, name) for c in shown["country"].astype(str)]  # 'World', 'Europe'...
    missing = missing_figure_sentences(tables, code, name, rivals, METRIC_WORDS)
    return Rivals(sentences, missing, table, len(events), figure, charts)


def with_source_links(model: object, events: pd.DataFrame, country_labels: dict[str, str]) -> pd.DataFrame:
    """The events' display table with an 'all sources' column: each event's source addresses (a tuple)."""
    table = event_table(model, events, country_labels=country_labels)
    return table.assign(**{"all sources": pd.Series(source_links(model, events), index=table.index, dtype=object)})


def time_range(columns: list[pd.Series], today: datetime.date) -> list[str]:
    """One date range for every time figure of the section: its first date (less three months) to today."""
    dates = pd.concat([pd.to_datetime(c) for c in columns if len(c)], ignore_index=True).dropna()
    start = dates.min() if not dates.empty else pd.Timestamp(today) - pd.DateOffset(years=5)
    end = max(pd.Timestamp(today), dates.max() if not dates.empty else pd.Timestamp(today))
    return [(start - pd.DateOffset(months=3)).date().isoformat(), (end + pd.DateOffset(months=3)).date().isoformat()]


def share_credits(rows: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Each figure's firm, the page that reports it (outlet, link) and its licence, once per source and firm."""
    cited = sources[["source_id", "outlet", "url"]].astype(str)
    credits = rows[["firm", "source_id", "licence", "period_label"]].merge(cited, on="source_id", how="left")
    periods = credits.groupby(["firm", "source_id"], sort=False)["period_label"].agg(
        lambda p: ", ".join(dict.fromkeys(p))
    )
    credits = credits.drop_duplicates(["firm", "source_id"]).drop(columns="period_label")
    credits = credits.merge(periods.rename("periods").reset_index(), on=["firm", "source_id"], how="left")
    return credits[["periods", "firm", "outlet", "url", "licence"]].reset_index(drop=True)


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


def country_label(code: str, locale: str | None = None) -> str:
    """The country's name in the reader's `locale` (CLDR via Babel), English when unknown; the code if unnamed."""
    return localised_country_names(locale).get(str(code), str(code))


def build_event_sources(atlas: Atlas, event_id: str, locale: str | None = None) -> tuple[dict | None, pd.DataFrame]:
    """One event (date, country name in `locale`, status, summary) and the sources it cites; (None, empty) when
    the id is unknown.
    """
    events = atlas.model.events
    match = events[events["event_id"].astype(str) == str(event_id)]
    if match.empty:
        return None, pd.DataFrame()
    row = match.iloc[0]
    event = {
        "date_label": str(row["date_label"]),
        "country": country_label(row["country"], locale),
        "status": str(row["status"]),
        "summary": str(row["summary"]),
    }
    return event, without_empty_columns(source_table(atlas.model, row["source_ids"]))
