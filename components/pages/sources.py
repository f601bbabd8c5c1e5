"""The sources page (/sources): every source with the events it supports, corroboration per event, and conflicts."""

import dataclasses

import pandas as pd
import streamlit as st

from components import aggregate, corroboration, filters, ui


def build_sources_view(model, events_spec: filters.FilterSpec, everything: bool) -> dict:
    """The page's tables for the events matching `events_spec` (every source when `everything`), each capped at
    ui.TABLE_ROW_LIMIT rows with its full count; cached per (data version, spec, toggle) by the page. Counts come
    from the citation codes cached per data version, so only the shown rows are taken out of the model."""
    rows = ui.matching_rows(model, events_spec)
    codes = ui.citation_codes(model)
    event_ids = model.events["event_id"].astype(str).to_numpy(dtype=object)
    table = ui.source_table(model, rows=None if everything else corroboration.cited_source_rows(codes, rows))
    n_sources = len(table)
    table = table.head(ui.TABLE_ROW_LIMIT)
    supported = corroboration.supporting_events(codes, event_ids, rows, table["source_id"].tolist())
    table = table.assign(events=table["source_id"].map(supported))
    view = {"n_events": len(rows), "sources": table, "n_sources": n_sources,
            "shown": aggregate.without_empty_columns(table)}  # what the table shows (blank columns dropped)
    if len(rows):
        n_cited, n_independent = corroboration.count_citations(codes, rows)
        order = pd.DataFrame({
            "date_label": model.events["date_label"].iloc[rows].astype(str).to_numpy(dtype=object),
            "n_independent": n_independent.astype(int), "position": rows, "n_sources": n_cited.astype(int),
        }).sort_values(["n_independent", "date_label"]).head(ui.TABLE_ROW_LIMIT)
        shown = model.events.iloc[order["position"].to_numpy()]
        view["corroboration"] = pd.DataFrame({
            "event_id": shown["event_id"].astype(str).to_numpy(),
            "date_label": order["date_label"].to_numpy(),
            "country": shown["country"].astype(str).map(ui.country_name).to_numpy(),
            "summary": shown["summary"].astype(str).to_numpy(),
            "n_sources": order["n_sources"].to_numpy(),
            "n_independent": order["n_independent"].to_numpy(),
            "source_ids": [list(dict.fromkeys(ids)) if isinstance(ids, list) else [] for ids in shown["source_ids"]],
        })
        view["n_corroborated"], view["n_single"] = len(rows), int((n_independent <= 1).sum())
    return view


model = ui.load_atlas_model()
spec = ui.filter_spec()
st.title("Sources")
st.caption("Every fact in the atlas cites its sources. Sources in the same cluster report the same news and count "
           "once: an event's independent sources are its distinct clusters.")

everything = st.toggle("Show every source in the atlas (ignore the filters)", key="sources_all")
events_spec = filters.FilterSpec(companies=()) if everything else dataclasses.replace(spec, companies=())
view = ui.cached_view(model, "sources.view", build_sources_view, events_spec, everything)
n_events = view["n_events"]
if not everything:
    ui.render_filter_caption(events_spec, n_events)

sources_tab, corroboration_tab, conflicts_tab = st.tabs(["Sources", "Corroboration", "Conflicts"])
with sources_tab:
    table = view["sources"]
    if languages := spec.languages:
        names = ", ".join(map(ui.language_name, languages))
        st.caption(ui.escape_markdown(f"Events are kept if they cite a source in: {names}"))
    if table.empty:
        st.info("No source supports an event matching these filters. Clear some filters in the sidebar.")
    else:
        shown = view["shown"]
        ui.render_row_cap_note(len(table), view["n_sources"], "sources")
        # Titles are recorded for few sources: the link comes first, the title (when recorded) last.
        first = [c for c in ("source_id", "outlet", "url", "published", "events") if c in shown]
        st.dataframe(
            shown, hide_index=True, key="sources_table",
            column_order=[*first, *(c for c in shown.columns if c not in first and c != "title"),
                          *(["title"] if "title" in shown else [])],
            column_config={**ui.SOURCE_COLUMNS, "events": st.column_config.ListColumn("Events supported"),
                           "title": st.column_config.TextColumn("Title (when recorded)")},
        )
with corroboration_tab:
    if not n_events:
        st.info("No events match these filters.")
    else:
        table = view["corroboration"]
        cols = st.columns(3)
        cols[0].metric("Events", view["n_corroborated"])
        cols[1].metric("With 2+ independent sources", view["n_corroborated"] - view["n_single"])
        cols[2].metric("Resting on one source cluster", view["n_single"])
        ui.render_row_cap_note(len(table), view["n_corroborated"], "events (fewest independent sources first)")
        st.dataframe(
            table, hide_index=True, key="corroboration_table",
            column_config={"date_label": "Date", "n_sources": "Sources", "n_independent": "Independent sources",
                           "source_ids": st.column_config.ListColumn("Source ids")},
        )
with conflicts_tab:
    conflicts = model.conflicts
    if spec.countries and not everything:
        conflicts = conflicts[conflicts["country"].astype(str).isin(spec.countries)]
    if conflicts.empty:
        st.info("No conflicting reports are recorded for these countries.")
    else:
        n_claims = len(conflicts)
        conflicts = conflicts.head(ui.TABLE_ROW_LIMIT)
        cited = {s for ids in conflicts["source_ids"] for s in ids}
        outlets = ui.lookup(model.sources[model.sources["source_id"].astype(str).isin(cited)], "source_id", "outlet")
        st.caption("One row per claim; claims with the same conflict id disagree. The assessment says what other "
                   "sources support, without a silent choice.")
        ui.render_row_cap_note(len(conflicts), n_claims, "claims")
        st.dataframe(
            pd.DataFrame({
                "conflict": conflicts["conflict_id"].astype(str),
                "topic": conflicts["topic"].astype(str),
                "country": conflicts["country"].astype(str).map(ui.country_name),
                "claim": conflicts["claim"].astype(str),
                "sources": conflicts["source_ids"].map(lambda ids: ", ".join(outlets.get(i, i) for i in ids)),
                "assessment": conflicts["assessment"].astype(str),
            }),
            hide_index=True, key="conflicts_table",
        )

st.header("Download and cite")
ui.render_downloads(model, events_spec, n_events, key="sources_download")
st.code(ui.citation_text(model), language=None, wrap_lines=True)
