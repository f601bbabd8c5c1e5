"""Competitor context for one country: rival companies, their events, market shares and sentences from the data."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from components.model.vocabulary import PHONE_STAGES, RAISING_STATUS, SUBJECT
from components.queries.entries import compute_first_entries
from components.queries.names import english_country_name
from components.queries.stages import xiaomi_country_events

COARSE_PRECISIONS = ("quarter", "half", "year")
COMPANY_COLUMNS = ("company_id", "name", "home_country", "role", "is_local", "n_events")


class Frames(Protocol):
    """What the context reads: a components.model.Model, or any object with these four frames."""

    events: pd.DataFrame
    companies: pd.DataFrame
    market_share: pd.DataFrame
    sources: pd.DataFrame


@dataclass(frozen=True)
class CompetitorContext:
    """Everything about Xiaomi's rivals in one country; frames are new, sentences come only from the data."""

    country: str
    companies: pd.DataFrame
    events: pd.DataFrame
    market_share: pd.DataFrame
    comparisons: list[str] = field(default_factory=list)


def main_competitors(companies: pd.DataFrame) -> dict[str, str]:
    """The companies data/companies.csv marks as Xiaomi's main competitors (role 'competitor'): id -> name."""
    main = companies[companies["role"].astype(str) == "competitor"]
    return dict(zip(main["company_id"].astype(str), main["name"].astype(str), strict=True))


def compute_competitor_context(model: Frames, country: str) -> CompetitorContext:
    """Competitor context for `country` (ISO alpha-3) from a Model (or any object with the same four frames)."""
    events = competitor_events(model.events, country)
    companies = competitor_companies(model.companies, model.events, country)
    share = country_market_share(model.market_share, model.sources, country)
    name = english_country_name(country)
    comparisons = [
        *entry_gap_sentences(model.events, country, name),
        *home_market_sentences(companies, name),
        *competitor_event_sentences(events, model.companies, name),
        *market_share_sentences(share, model.companies, name),
    ]
    return CompetitorContext(country, companies, events, share, comparisons)


def competitor_events(events: pd.DataFrame, country: str) -> pd.DataFrame:
    """Events of companies other than Xiaomi in `country`, in date order."""
    mask = (events["company"].astype(str) != SUBJECT) & (events["country"].astype(str) == country)
    return events[mask].sort_values("date", kind="stable", ignore_index=True)


def competitor_companies(companies: pd.DataFrame, events: pd.DataFrame, country: str) -> pd.DataFrame:
    """The main competitors, local vendors (home country = `country`) and companies named in events there."""
    here = events[events["country"].astype(str) == country]
    named = {item for items in here["competitors"] if isinstance(items, list) for item in items}
    acting = set(here["company"].astype(str))
    ids = companies["company_id"].astype(str)
    local = companies["home_country"].astype(str) == country
    keep = (ids != SUBJECT) & ((companies["role"].astype(str) == "competitor") | local | ids.isin(named | acting))
    counts = here["company"].astype(str).value_counts()
    chosen = companies[keep].assign(is_local=local[keep], n_events=lambda f: f["company_id"].map(counts).fillna(0))
    chosen = chosen.astype({"n_events": int})
    return chosen[list(COMPANY_COLUMNS)].sort_values(
        ["is_local", "company_id"], ascending=[False, True], ignore_index=True
    )


def country_market_share(market_share: pd.DataFrame, sources: pd.DataFrame, country: str) -> pd.DataFrame:
    """Market-share rows for `country` (all metrics), with the source's outlet and url joined."""
    rows = market_share[market_share["country"].astype(str) == country]
    cited = sources[["source_id", "outlet", "url"]].astype({"source_id": str})
    joined = rows.astype({"source_id": str}).merge(cited, on="source_id", how="left")
    return joined.sort_values(["metric", "vendor", "period"], ignore_index=True, key=_as_text)


def _as_text(column: pd.Series) -> pd.Series:
    return column if column.dtype.kind == "M" else column.astype(str)


def entry_gap_sentences(events: pd.DataFrame, country: str, name: str) -> list[str]:
    """'Xiaomi's first phone launch in X came N years after its first ecosystem sales', when both are recorded."""
    mine = xiaomi_country_events(events)
    mine = mine[(mine["country"].astype(str) == country) & (mine["status"].astype(str) == RAISING_STATUS)]
    first_entry = compute_first_entries(mine, by="country")
    phones = mine[mine["stage"].astype(str).isin(PHONE_STAGES)]
    if first_entry.empty or phones.empty:
        return []
    entry, phone = first_entry.iloc[0], phones.iloc[0]
    if phone["event_id"] == entry["event_id"]:
        return [f"Xiaomi entered {name} with phones ({phone['date_label']}), not with ecosystem products first."]
    months = (phone["date"].year - entry["date"].year) * 12 + phone["date"].month - entry["date"].month
    if months <= 0:
        return []
    coarse = bool({str(phone["date_precision"]), str(entry["date_precision"])} & set(COARSE_PRECISIONS))
    return [
        f"Xiaomi's first phone launch in {name} ({phone['date_label']}) came {_span(months, coarse)} after its "
        f"first ecosystem sales ({entry['date_label']})."
    ]


def _span(months: int, coarse: bool) -> str:
    """'2 years', '8 months', '2.5 years'; 'about ...' in whole years (or months under a year) if a date is coarse."""
    if coarse:
        return "about " + (_span(round(months / 12) * 12, False) if months >= 12 else _span(months, False))
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    if months < 24:
        return f"{months} month{'s' if months != 1 else ''}"
    return f"{months / 12:.1f} years"


def home_market_sentences(companies: pd.DataFrame, name: str) -> list[str]:
    """'Samsung and LG are based in South Korea: Xiaomi entered their home market.' for local competitors."""
    local = companies[companies["is_local"] & (companies["role"].astype(str) == "competitor")]["name"].tolist()
    if not local:
        return []
    verb, whose = ("is", "its") if len(local) == 1 else ("are", "their")
    return [f"{_join(local)} {verb} based in {name}: Xiaomi entered {whose} home market."]


def competitor_event_sentences(events: pd.DataFrame, companies: pd.DataFrame, name: str) -> list[str]:
    """How many competitor events are recorded in the country, and the first one."""
    if events.empty:
        return []
    first = events.iloc[0]
    who = _company_name(companies, str(first["company"]))
    count = f"{len(events)} competitor event{'s are' if len(events) != 1 else ' is'}"
    return [f"{count} recorded in {name}; the first is {who}'s ({first['date_label']})."]


def market_share_sentences(share: pd.DataFrame, companies: pd.DataFrame, name: str) -> list[str]:
    """Per metric, Xiaomi's share against the leader in the latest period that has a Xiaomi figure."""
    sentences = []
    usable = share[share["quality_flag"].astype(str) != "anomaly"]
    for metric, rows in usable.groupby(usable["metric"].astype(str), sort=True):
        mine = rows[rows["vendor"].astype(str) == SUBJECT]
        if mine.empty:
            continue
        latest = mine.sort_values("period").iloc[-1]
        same = rows[(rows["period"] == latest["period"]) & (rows["period_precision"].astype(str) ==
                                                            str(latest["period_precision"]))]  # fmt: skip
        leader = same.sort_values("value", ascending=False, kind="stable").iloc[0]
        head = f"In {name}, {latest['period_label']} ({metric.replace('_', ' ')}): Xiaomi {latest['value']:g}%"
        if str(leader["vendor"]) == SUBJECT:
            sentences.append(f"{head}, the highest recorded.")
        else:
            leader_name = _company_name(companies, str(leader["vendor"]))
            sentences.append(f"{head} against {leader_name} {leader['value']:g}%, the highest recorded.")
    return sentences


def _company_name(companies: pd.DataFrame, company_id: str) -> str:
    found = companies.loc[companies["company_id"].astype(str) == company_id, "name"]
    return str(found.iloc[0]) if len(found) else company_id


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


# --- the profile's Rivals section: sentences from the ranked tables (queries/rivals.py) and covering events -------

METRIC_WORDS = {
    "web_usage_share": "web usage",
    "shipment_share": "shipments",
    "sales_share": "sales",
    "survey_share": "survey answers",
    "installed_base_share": "installed base",
}  # "Xiaomi passed Samsung in India's shipments"
EVENT_VERBS = {
    "exit": "left {what}{where}",
    "sale_halted": "halted sales{of}{where}",
    "divestment": "sold a business{where}",
    "deal_collapsed": "saw a deal{partners} fall through{where}",
}  # the competitor event types that change a market, and how a sentence says so


def passing_sentences(tables: pd.DataFrame, name: str, rivals: dict[str, str]) -> list[str]:
    """'Xiaomi passed Samsung in India's shipments in 2017-Q4 (Counterpoint)': Xiaomi's share goes from below a
    rival's to above it (or back) between two consecutive tables of one metric at one precision; per metric and
    rival the first and the latest such change.
    """
    sentences = []
    for (metric, _), rows in tables.groupby(["metric", "period_precision"], sort=True):
        pivot = rows.pivot_table(index="period", columns="vendor", values="value", aggfunc="first").sort_index()
        if SUBJECT not in pivot:
            continue
        meta = rows.drop_duplicates("period").set_index("period")
        for rival, rival_name in rivals.items():
            if rival not in pivot:
                continue
            lead = (pivot[SUBJECT] - pivot[rival]).dropna()
            pairs = [(b, a) for b, a in zip(lead.index[:-1], lead.index[1:], strict=True) if lead[b] * lead[a] < 0]
            for before, after in list(dict.fromkeys(pairs[:1] + pairs[-1:])):
                verb = "passed" if lead[after] > 0 else "fell behind"
                firm, previous = str(meta.at[after, "firm"]), str(meta.at[before, "firm"])
                sentences.append(
                    f"Xiaomi {verb} {rival_name} in {name}'s {METRIC_WORDS.get(metric, metric)} in "
                    f"{meta.at[after, 'period_label']}{f' ({firm})' if firm else ''}; the previous figure is "
                    f"{meta.at[before, 'period_label']}{f' ({previous})' if previous and previous != firm else ''}."
                )
    return sentences


def standing_sentences(tables: pd.DataFrame, name: str, companies: dict[str, str]) -> list[str]:
    """Per metric, Xiaomi's rank in the newest table, and its lead over (or gap to) the next vendor."""
    sentences = []
    for metric, rows in tables.groupby("metric", sort=True):
        newest = rows[rows["period"] == rows["period"].max()]
        mine = newest[newest["vendor"] == SUBJECT]
        what = f"{name}'s {METRIC_WORDS.get(metric, metric)}"
        period, firm = newest["period_label"].iloc[0], newest["firm"].iloc[0]
        source = f" ({firm})" if str(firm) else ""
        if mine.empty:
            sentences.append(f"The newest table of {what}, {period}{source}, does not list Xiaomi.")
            continue
        rank, value, n = int(mine["rank"].iloc[0]), float(mine["value"].iloc[0]), int(newest["n_vendors"].iloc[0])
        others = newest[newest["vendor"] != SUBJECT].sort_values("rank")
        head = f"In {what} in {period}{source}, Xiaomi ranked {rank} of the {n} vendors listed with {value:g}%"
        if others.empty:
            sentences.append(head + ".")
            continue
        best = others.iloc[0]
        other = companies.get(str(best["vendor"]), str(best["vendor"]))
        gap = value - float(best["value"])
        relation = f"{gap:.1f} points ahead of {other}" if gap > 0 else f"{-gap:.1f} points behind {other}"
        sentences.append(f"{head}, {relation if gap else 'level with ' + other}.")
    return sentences


def rival_event_sentences(events: pd.DataFrame, companies: dict[str, str], name: str) -> list[str]:
    """'LG left phones worldwide in 2021': one sentence per happened competitor event of a market-changing type."""
    sentences = []
    for row in events.itertuples(index=False):
        verb = EVENT_VERBS.get(str(row.event_type))
        if verb is None or str(row.status) != RAISING_STATUS:
            continue
        lines = row.product_lines if isinstance(row.product_lines, list) else []
        scope = str(getattr(row, "scope", "country"))
        where = " worldwide" if scope == "worldwide" else f" in {name}" if scope == "country" else f" ({scope})"
        what = "phones" if "smartphones" in lines else "the market"
        when = f"on {row.date_label}" if str(row.date_precision) == "day" else f"in {row.date_label}"
        who = companies.get(str(row.company), str(row.company))
        of = f" of {_join(list(row.products))}" if isinstance(row.products, list) and row.products else ""
        partners = f" with {_join(list(row.partners))}" if isinstance(row.partners, list) and row.partners else ""
        sentences.append(f"{who} {verb.format(what=what, where=where, of=of, partners=partners)} {when}.")
    return sentences


def missing_figure_sentences(
    tables: pd.DataFrame, country: str, name: str, rivals: dict[str, str], metric_words: dict[str, str]
) -> list[str]:
    """Which figures the atlas lacks for `country`, per metric: none at all, none for Xiaomi, or no rival figure
    for the periods Xiaomi has one; nothing for a metric where Xiaomi and a rival share a period.
    """
    here = tables[tables["country"] == country]
    missing, partial = [], []
    for metric, words in metric_words.items():
        rows = here[here["metric"] == metric]
        if rows.empty:
            missing.append(words)
            continue
        periods = rows.groupby("period")["vendor"].agg(set)
        if not any(SUBJECT in v for v in periods):
            partial.append(f"{words}: figures for other vendors, none for Xiaomi")
        elif not any(SUBJECT in v and v & set(rivals) for v in periods):
            partial.append(
                f"{words}: Xiaomi's figures have no {_join(list(rivals.values()))} figure for the same period"
            )
    sentences = [f"{name}: no figure is recorded for {', '.join(missing)}."] if missing else []
    return sentences + [f"{name}, {text}." for text in partial]
