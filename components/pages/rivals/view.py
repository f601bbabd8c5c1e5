"""The Rivals page's views: its choices from the URL, the world-by-competition map and its table (no Streamlit)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from components.figures.rivals import make_rivals_map_figure
from components.model.vocabulary import MARKET_SHARE_METRICS, METRIC_LABELS
from components.queries.atlas import Atlas
from components.queries.competitors import main_competitors
from components.queries.names import country_names, localised_country_names, lookup
from components.queries.rivals import (
    COLOUR_BY,
    RivalsChoice,
    choose_tables,
    compute_standings,
    compute_vendor_ranks,
    period_options,
    pick_period_rows,
    read_rivals_params,
)

TABLE_COLUMNS = {
    "country": "Country", "ISO3": "ISO3", "period_label": "Figure for", "leader": "Leader",
    "leader_value": "Leader's share (%)", "xiaomi_value": "Xiaomi's share (%)", "xiaomi_rank": "Xiaomi's rank",
    "n_vendors": "Vendors listed", "rival_value": "Rival's share (%)", "gap": "Xiaomi's lead (points)",
    "firm": "Firm", "outlet": "Source", "url": "Link", "licence": "Licence",
}  # fmt: skip


@dataclass(frozen=True)
class RivalsOptions:
    """What the page's controls offer: each metric's periods (oldest first) and the rivals by id."""

    periods: dict[str, list[str]]
    rivals: dict[str, str]

    @property
    def metrics(self) -> list[str]:
        """The metrics with at least one country figure, in vocabulary order."""
        return [m for m in MARKET_SHARE_METRICS if self.periods.get(m)]


def build_tables(atlas: Atlas) -> pd.DataFrame:
    """The ranked market-share tables, one source's table per country, metric and period (see choose_tables)."""
    return choose_tables(compute_vendor_ranks(atlas.model.market_share))


def build_options(atlas: Atlas) -> RivalsOptions:
    """Each metric's periods with country figures, and the main competitors."""
    tables = build_tables(atlas)
    periods = {metric: period_options(tables, metric) for metric in MARKET_SHARE_METRICS}
    return RivalsOptions({m: p for m, p in periods.items() if p}, main_competitors(atlas.model.companies))


def read_choice(params: Mapping[str, object], options: RivalsOptions) -> tuple[RivalsChoice, list[str]]:
    """The page's choice from URL parameters, with a notice per unusable value (see read_rivals_params)."""
    return read_rivals_params(params, periods=options.periods, rivals=options.rivals)


def metric_label(metric: str) -> str:
    """The metric's label (model/vocabulary.METRIC_LABELS)."""
    return METRIC_LABELS.get(metric, metric)


def colour_label(colour: str, rival_name: str) -> str:
    """What a colour choice shows, naming the rival for the lead or gap."""
    return COLOUR_BY.get(colour, colour).replace("lead or gap", f"lead or gap against {rival_name}")


@dataclass(frozen=True)
class RivalsMap:
    """The map of one choice, the same figures as a table, and how many countries have a figure."""

    figure: object
    table: pd.DataFrame
    n_countries: int


def build_rivals_map(atlas: Atlas, choice: RivalsChoice, exact: bool, locale: str | None = None) -> RivalsMap:
    """The world by competition for `choice`: each country's figure for the period (or its newest before); country
    names in the reader's `locale`.
    """
    names = localised_country_names(locale)
    rows = pick_period_rows(build_tables(atlas), choice.metric, choice.period, exact=exact)
    standings = compute_standings(rows, choice.rival)
    vendors = atlas.labels("companies")
    outlets = lookup(atlas.model.sources, "source_id", "outlet")
    figure = make_rivals_map_figure(
        standings,
        colour=choice.colour,
        all_countries=country_names(),
        names=names,
        vendor_names=vendors,
        rival_name=vendors.get(choice.rival, choice.rival),
        outlets=outlets,
        centroids=atlas.centroids(),
    )
    return RivalsMap(figure, standings_table(standings, vendors, atlas.model.sources, names), len(standings))


def standings_table(
    standings: pd.DataFrame,
    vendors: Mapping[str, str],
    sources: pd.DataFrame,
    names: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The map's figures as a display table, largest Xiaomi share first (country `names`, English by default)."""
    names = names or country_names()
    cited = sources[["source_id", "outlet", "url"]].astype(str)
    table = standings.merge(cited, on="source_id", how="left").assign(
        ISO3=standings["country"].astype(str),
        country=standings["country"].astype(str).map(lambda code: names.get(code, code)),
        leader=standings["leader"].astype(str).map(lambda v: vendors.get(v, v)),
    )
    table = table.sort_values(["xiaomi_value", "country"], ascending=[False, True], na_position="last")
    return table[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS).reset_index(drop=True)
