"""The sources page's views: sources with the events they support, corroboration per event, conflicts (no Streamlit)."""

from __future__ import annotations

import pandas as pd

from components.queries.atlas import Atlas
from components.queries.corroboration import cited_source_rows, count_citations, supporting_events
from components.queries.filters import FilterSpec
from components.queries.names import localised_country_names, lookup
from components.queries.tables import TABLE_ROW_LIMIT, source_table, without_empty_columns


def search_sources(table: pd.DataFrame, query: str) -> pd.DataFrame:
    """The sources whose outlet, title or URL contain every word of `query` (case-insensitive; all when blank)."""
    words = str(query).casefold().split()
    if not words:
        return table
    haystack = table["outlet"].astype(str) + " " + table["title"].astype(str) + " " + table["url"].astype(str)
    haystack = haystack.str.casefold()
    keep = pd.Series(True, index=table.index)
    for word in words:
        keep &= haystack.str.contains(word, regex=False)
    return table[keep]


def build_sources_view(
    atlas: Atlas, events_spec: FilterSpec, everything: bool, query: str = "", locale: str | None = None
) -> dict:
    """The page's tables for the events matching `events_spec` (every source when `everything`; only those
    matching the text `query`), each capped at TABLE_ROW_LIMIT rows with its full count. Counts come from the
    Atlas's citation codes, so only the shown rows are taken out of the model. Country names in `locale`.
    """
    names = localised_country_names(locale)
    model = atlas.model
    rows = atlas.matching_rows(events_spec)
    codes = atlas.citation_codes()
    event_ids = model.events["event_id"].astype(str).to_numpy(dtype=object)
    table = search_sources(source_table(model, rows=None if everything else cited_source_rows(codes, rows)), query)
    n_sources = len(table)
    table = table.head(TABLE_ROW_LIMIT)
    supported = supporting_events(codes, event_ids, rows, table["source_id"].tolist())
    table = table.assign(events=table["source_id"].map(supported))
    view = {
        "n_events": len(rows),
        "sources": table,
        "n_sources": n_sources,
        "shown": without_empty_columns(table),
    }  # what the table shows (blank columns dropped)
    if len(rows):
        n_cited, n_independent = count_citations(codes, rows)
        order = (
            pd.DataFrame(
                {
                    "date_label": model.events["date_label"].iloc[rows].astype(str).to_numpy(dtype=object),
                    "n_independent": n_independent.astype(int),
                    "position": rows,
                    "n_sources": n_cited.astype(int),
                }
            )
            .sort_values(["n_independent", "date_label"])
            .head(TABLE_ROW_LIMIT)
        )
        shown = model.events.iloc[order["position"].to_numpy()]
        view["corroboration"] = pd.DataFrame(
            {
                "event_id": shown["event_id"].astype(str).to_numpy(),
                "date_label": order["date_label"].to_numpy(),
                "country": shown["country"].astype(str).map(lambda c: names.get(c, c)).to_numpy(),
                "summary": shown["summary"].astype(str).to_numpy(),
                "n_sources": order["n_sources"].to_numpy(),
                "n_independent": order["n_independent"].to_numpy(),
                "source_ids": [
                    list(dict.fromkeys(ids)) if isinstance(ids, list) else [] for ids in shown["source_ids"]
                ],
            }
        )
        view["n_corroborated"], view["n_single"] = len(rows), int((n_independent <= 1).sum())
    return view


def build_conflicts_table(
    atlas: Atlas, countries: tuple[str, ...], locale: str | None = None
) -> tuple[pd.DataFrame, int]:
    """The conflicting claims about `countries` (all when empty), one row per claim, and how many there are
    (country names in `locale`).
    """
    names = localised_country_names(locale)
    model = atlas.model
    conflicts = model.conflicts
    if countries:
        conflicts = conflicts[conflicts["country"].astype(str).isin(countries)]
    n_claims = len(conflicts)
    conflicts = conflicts.head(TABLE_ROW_LIMIT)
    cited = {s for ids in conflicts["source_ids"] for s in ids}
    outlets = lookup(model.sources[model.sources["source_id"].astype(str).isin(cited)], "source_id", "outlet")
    table = pd.DataFrame(
        {
            "conflict": conflicts["conflict_id"].astype(str),
            "topic": conflicts["topic"].astype(str),
            "country": conflicts["country"].astype(str).map(lambda c: names.get(c, c)),
            "claim": conflicts["claim"].astype(str),
            "sources": conflicts["source_ids"].map(lambda ids: ", ".join(outlets.get(i, i) for i in ids)),
            "assessment": conflicts["assessment"].astype(str),
        }
    )
    return table, n_claims
