"""The sources page (/sources): every source with the events it supports, corroboration per event, and conflicts."""

import dataclasses

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.sidebar import filter_spec
from components.app.widgets import (
    SMALL_TABLE_ROWS,
    SOURCE_COLUMNS,
    escape_markdown,
    notice_bad_param,
    render_downloads,
    render_filter_caption,
    render_row_cap_note,
    render_share,
    render_small_table,
)
from components.pages.sources.view import build_conflicts_table, build_sources_view
from components.queries.filters import FilterSpec
from components.queries.names import language_name
from components.queries.tables import citation_text

atlas = load_atlas()
spec = filter_spec()
st.title("Sources")
st.caption(
    "Every fact in the atlas cites its sources. Sources in the same cluster report the same news and count "
    "once: an event's independent sources are its distinct clusters."
)

notice_bad_param("sources_all", ("true", "false"), "true or false")
everything = st.toggle("Show every source in the atlas (ignore the filters)", key="sources_all", bind="query-params")
events_spec = FilterSpec(companies=()) if everything else dataclasses.replace(spec, companies=())
query = st.text_input(
    "Search the sources (outlet, title or URL)",
    key="sources_q",
    bind="query-params",
    max_chars=80,
    placeholder="e.g. reuters, gsmarena.com, launch",
)
render_share(
    atlas,
    "sources",
    "sources",
    {"sources_all": True if everything else None, "sources_q": query or None},
)
locale = st.context.locale  # country names in the reader's language where CLDR has them (English otherwise)
view = cached_view(atlas, "sources.view", build_sources_view, events_spec, everything, " ".join(query.split()), locale)
n_events = view["n_events"]
if not everything:
    render_filter_caption(events_spec, n_events, locale)

sources_tab, corroboration_tab, conflicts_tab = st.tabs(["Sources", "Corroboration", "Conflicts"])
with sources_tab:
    table = view["sources"]
    if languages := spec.languages:
        names = ", ".join(map(language_name, languages))
        st.caption(escape_markdown(f"Events are kept if they cite a source in: {names}"))
    if table.empty and query.strip():
        st.info("No source's outlet, title or URL contains every word of the search.")
    elif table.empty:
        st.info("No source supports an event matching these filters. Clear some filters in the sidebar.")
    else:
        shown = view["shown"]
        render_row_cap_note(len(table), view["n_sources"], "sources")
        # Titles are recorded for few sources: the link comes first, the title (when recorded) last.
        first = [c for c in ("source_id", "outlet", "url", "published", "events") if c in shown]
        if query.strip() and len(shown) <= SMALL_TABLE_ROWS:  # a few found: a real table (find, screen readers)
            render_small_table(shown.drop(columns=["events"]), f"{len(shown)} sources matching the search")
        else:
            st.dataframe(
                shown,
                hide_index=True,
                key="sources_table",
                column_order=[
                    *first,
                    *(c for c in shown.columns if c not in first and c != "title"),
                    *(["title"] if "title" in shown else []),
                ],
                column_config={
                    **SOURCE_COLUMNS,
                    "events": st.column_config.ListColumn("Events supported"),
                    "title": st.column_config.TextColumn("Title (when recorded)"),
                },
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
        render_row_cap_note(len(table), view["n_corroborated"], "events (fewest independent sources first)")
        st.dataframe(
            table,
            hide_index=True,
            key="corroboration_table",
            column_config={
                "date_label": "Date",
                "n_sources": "Sources",
                "n_independent": "Independent sources",
                "source_ids": st.column_config.ListColumn("Source ids"),
            },
        )
with conflicts_tab:
    conflicts, n_claims = cached_view(
        atlas, "sources.conflicts", build_conflicts_table, () if everything else spec.countries, locale
    )
    if conflicts.empty:
        st.info("No conflicting reports are recorded for these countries.")
    else:
        st.caption(
            "One row per claim; claims with the same conflict id disagree. The assessment says what other "
            "sources support, without a silent choice."
        )
        render_row_cap_note(len(conflicts), n_claims, "claims")
        st.dataframe(conflicts, hide_index=True, key="conflicts_table")

st.header("Download and cite")
render_downloads(atlas, events_spec, n_events, key="sources_download")
with st.popover("Cite this view", icon=":material/format_quote:", key="sources_cite"):  # drawn once opened
    st.code(citation_text(atlas.model, st.context.url or ""), language=None, wrap_lines=True)
