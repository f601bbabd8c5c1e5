"""Competition per market: vendor ranks, Xiaomi's share, rank and lead or gap, the period a figure covers, the
countries an event covers, and the Rivals page's URL parameters (pure functions over model frames).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.model.vocabulary import ANOMALY, MARKET_SHARE_METRICS, SUBJECT, WORLD

CONTINENT_CODES = ("002", "019", "142", "150", "009")  # UN M.49 codes in static/country_regions.csv 'continent'
SUB_REGIONS = {
    "030": ("Eastern Asia",),
    "035": ("South-eastern Asia",),
    "034": ("Southern Asia",),
    "145": ("Western Asia",),
    "151": ("Eastern Europe",),
    "154": ("Northern Europe",),
    "155": ("Western Europe",),
    "039": ("Southern Europe",),
    "021": ("Northern America",),
    "419": ("Caribbean", "Central America", "South America"),
}  # M.49 sub-region code -> the un_region names of static/country_regions.csv it spans
GROUP = ["country", "metric", "period", "period_precision", "source_id"]  # one table of one source
COLOUR_BY = {
    "leader": "Leading vendor",
    "share": "Xiaomi's share",
    "rank": "Xiaomi's rank",
    "gap": "Xiaomi's lead or gap",
}
STANDING_COLUMNS = [
    "country", "period", "period_end", "period_label", "firm", "source_id", "licence", "n_vendors",
    "leader", "leader_value", "xiaomi_value", "xiaomi_rank", "rival_value", "gap",
]  # fmt: skip


def is_country_code(code: object) -> bool:
    """An ISO 3166-1 alpha-3 code (not an M.49 region such as 001 or 150)."""
    text = str(code)
    return len(text) == 3 and text.isalpha()


def compute_vendor_ranks(share: pd.DataFrame) -> pd.DataFrame:
    """Usable rows (not flagged 'anomaly') with each vendor's rank in its table (country, metric, period, source):
    rank 1 = largest share, ties share the better rank; n_vendors = how many vendors that table lists.
    """
    rows = share[share["quality_flag"].astype(str) != ANOMALY]
    rows = rows.astype(dict.fromkeys(("country", "metric", "vendor", "source_id", "period_precision"), str))
    if "firm" not in rows:
        rows = rows.assign(firm="")
    grouped = rows.groupby(GROUP, sort=False)["value"]
    ranked = rows.assign(
        rank=grouped.rank(method="min", ascending=False).astype(int), n_vendors=grouped.transform("size")
    )
    return ranked.sort_values([*GROUP, "rank"], ignore_index=True)


def choose_tables(ranked: pd.DataFrame) -> pd.DataFrame:
    """One source's table per (country, metric, period): the one listing Xiaomi, then the most vendors, then the
    first source id (other sources' tables for the same period are conflicts, kept in the data, not drawn).
    """
    if ranked.empty:
        return ranked
    keys = ranked.groupby(GROUP, sort=False).agg(
        has_subject=("vendor", lambda v: SUBJECT in set(v)), n=("vendor", "size")
    )
    keys = keys.reset_index().sort_values(["has_subject", "n", "source_id"], ascending=[False, False, True])
    best = keys.drop_duplicates(GROUP[:-1])[GROUP]
    return ranked.merge(best, on=GROUP, how="inner").sort_values([*GROUP, "rank"], ignore_index=True)


def period_options(ranked: pd.DataFrame, metric: str) -> list[str]:
    """The period labels of `metric`'s country figures, oldest first (by period end, then start)."""
    rows = ranked[(ranked["metric"] == metric) & ranked["country"].map(is_country_code)]
    periods = rows.drop_duplicates("period_label").sort_values(["period_end", "period"], kind="stable")
    return periods["period_label"].astype(str).tolist()


def pick_period_rows(tables: pd.DataFrame, metric: str, period_label: str, exact: bool = False) -> pd.DataFrame:
    """For each country, the table of `metric` that stands for `period_label`: the same period if recorded, else
    the narrowest one overlapping it, else the newest one before it (none after it); `exact` keeps only the first.
    """
    rows = tables[(tables["metric"] == metric) & tables["country"].map(is_country_code)]
    chosen = rows[rows["period_label"] == period_label]
    if chosen.empty:
        return rows.iloc[:0]
    start, end = chosen["period"].iloc[0], chosen["period_end"].iloc[0]
    if exact:
        return rows[rows["period_label"] == period_label]
    rows = rows[rows["period"] <= end]
    overlaps = rows["period_end"] >= start
    score = rows.assign(
        _exact=rows["period_label"] == period_label,
        _overlaps=overlaps,
        _narrow=np.where(overlaps, -(rows["period_end"] - rows["period"]).dt.days, 0),
    ).sort_values(["_exact", "_overlaps", "_narrow", "period_end"], ascending=False, kind="stable")
    best = score.drop_duplicates("country")[["country", "period_label"]]
    return rows.merge(best, on=["country", "period_label"], how="inner")


def compute_standings(rows: pd.DataFrame, rival: str) -> pd.DataFrame:
    """One row per country of ranked figures (one table each): the leader, Xiaomi's share and rank, the rival's
    share and Xiaomi's lead (+) or gap (-) in points; NaN where the table does not list Xiaomi or the rival.
    """
    if rows.empty:
        return pd.DataFrame(columns=STANDING_COLUMNS)
    leader = rows.sort_values(["rank", "vendor"]).drop_duplicates("country").set_index("country")
    mine = rows[rows["vendor"] == SUBJECT].set_index("country")
    theirs = rows[rows["vendor"] == rival].set_index("country")
    out = leader[["period", "period_end", "period_label", "firm", "source_id", "licence", "n_vendors"]].assign(
        leader=leader["vendor"],
        leader_value=leader["value"],
        xiaomi_value=mine["value"].reindex(leader.index),
        xiaomi_rank=mine["rank"].reindex(leader.index).astype("Float64"),
        rival_value=theirs["value"].reindex(leader.index),
    )
    out["gap"] = (out["xiaomi_value"] - out["rival_value"]).round(2)
    return out.reset_index()[STANDING_COLUMNS].sort_values("country", ignore_index=True)


def compute_share_series(tables: pd.DataFrame, country: str, vendors: Iterable[str]) -> pd.DataFrame:
    """The drawn tables of one country for `vendors` (all metrics), with each vendor's rank, oldest first."""
    rows = tables[(tables["country"] == country) & tables["vendor"].isin(list(vendors))]
    return rows.sort_values(["metric", "period", "vendor"], ignore_index=True)


def event_countries(code: str, regions: pd.DataFrame) -> tuple[str, ...]:
    """The ISO3 countries an event in `code` covers: the country itself; every country for `001`; a continent's or
    a sub-region's countries (static/country_regions.csv); nothing for an unknown code.
    """
    code = str(code)
    if is_country_code(code):
        return (code,)
    if code == WORLD:
        chosen = regions["iso3"]
    elif code in CONTINENT_CODES:
        chosen = regions.loc[regions["continent"].astype(str) == code, "iso3"]
    elif code in SUB_REGIONS:
        chosen = regions.loc[regions["un_region"].astype(str).isin(SUB_REGIONS[code]), "iso3"]
    else:
        return ()
    return tuple(sorted(set(chosen.astype(str))))


def event_scope(code: str, region_names: Mapping[str, str]) -> str:
    """How far an event reaches: 'country', 'worldwide', or 'regional (Europe)'."""
    code = str(code)
    if is_country_code(code):
        return "country"
    if code == WORLD:
        return "worldwide"
    return f"regional ({region_names.get(code, code)})"


def covering_codes(country: str, regions: pd.DataFrame) -> tuple[str, ...]:
    """The codes whose events cover `country`: itself, `001`, its continent and the sub-regions spanning it."""
    found = regions[regions["iso3"].astype(str) == country]
    codes = [country, WORLD]
    if not found.empty:
        continent, sub_region = str(found["continent"].iloc[0]), str(found["un_region"].iloc[0])
        codes.append(continent)
        codes += [code for code, names in SUB_REGIONS.items() if sub_region in names]
    return tuple(codes)


def covering_events(events: pd.DataFrame, country: str, regions: pd.DataFrame, region_names: Mapping[str, str]):
    """Competitor (non-Xiaomi) events that cover `country`, its own and worldwide or regional ones, each with its
    `scope`, in date order.
    """
    codes = covering_codes(country, regions)
    mask = (events["company"].astype(str) != SUBJECT) & events["country"].astype(str).isin(codes)
    found = events[mask].sort_values("date", kind="stable", ignore_index=True)
    return found.assign(scope=[event_scope(code, region_names) for code in found["country"].astype(str)])


@dataclass(frozen=True)
class RivalsChoice:
    """What the Rivals page shows: a metric, one of its periods, what colours the map, and the rival."""

    metric: str
    period: str
    colour: str
    rival: str


def read_rivals_params(
    params: Mapping[str, object],
    *,
    periods: Mapping[str, list[str]],
    rivals: Iterable[str],
    default_metric: str = "shipment_share",
    default_rival: str = "samsung",
) -> tuple[RivalsChoice, list[str]]:
    """The Rivals page's choice from URL parameters (metric, period, colour, rival), never raising: an unknown or
    unusable value falls back to the default (the metric's latest period) with a notice naming it.
    """
    notices: list[str] = []
    metrics = [m for m in MARKET_SHARE_METRICS if periods.get(m)]
    rivals = list(rivals)

    def read(name: str, allowed: list[str], default: str, what: str) -> str:
        raw = params.get(name)
        value = raw[0] if isinstance(raw, list | tuple) and raw else raw
        if value in (None, "", []):
            return default
        text = str(value).strip()[:64]
        if text in allowed:
            return text
        notices.append(f"{name}: '{text}' is not {what}; showing {default or 'nothing'} instead.")
        return default

    metric = read("metric", metrics, default_metric if default_metric in metrics else (metrics or [""])[0],
                  "a metric with figures")  # fmt: skip
    options = periods.get(metric, [])
    period = read("period", options, options[-1] if options else "", f"a period with {metric} figures")
    colour = read("colour", list(COLOUR_BY), "leader", "a colour choice (" + ", ".join(COLOUR_BY) + ")")
    rival = read("rival", rivals, default_rival if default_rival in rivals else (rivals or [""])[0], "a rival")
    return RivalsChoice(metric, period, colour, rival), notices


def rivals_query_params(choice: RivalsChoice) -> dict[str, str]:
    """The URL parameters of a choice (read_rivals_params reads them back)."""
    return {"metric": choice.metric, "period": choice.period, "colour": choice.colour, "rival": choice.rival}
