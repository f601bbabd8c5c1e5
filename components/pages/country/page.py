"""The country page (/country?country=KOR): Xiaomi's path in one country, its rivals there, conflicting reports."""

import dataclasses
import datetime

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.sidebar import filter_spec
from components.app.widgets import (
    COUNTRY_TAB_KEY,
    EVENT_COLUMNS,
    LINK,
    SMALL_TABLE_ROWS,
    SOURCE_COLUMNS,
    chart_config,
    escape_markdown,
    notice_bad_param,
    render_downloads,
    render_filter_caption,
    render_row_cap_note,
    render_share,
    render_small_table,
)
from components.figures.style import licence_credits, with_credit
from components.pages.country.view import (
    build_conflicts,
    build_event_sources,
    build_rivals,
    build_xiaomi_path,
    country_label,
)
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec


def choose_profile_country(spec: FilterSpec, covered: list[str], locale: str | None) -> str | None:
    """The country from the `country` filter; a picker when there are several or none (names in `locale`)."""
    if len(spec.countries) == 1:
        return spec.countries[0]

    def name(code: str) -> str:
        return country_label(code, locale)

    if spec.countries:
        return st.selectbox("Country", spec.countries, key="profile_country", format_func=name)

    def pick() -> None:
        if st.session_state.get("profile_pick"):
            st.session_state["country"] = [st.session_state["profile_pick"]]  # the global filter (and URL) follow

    st.info("Pick a country, or click one on the map. Its profile link is /country?country=ISO3, e.g. KOR.")
    return st.selectbox(
        "Country",
        sorted(covered, key=name),
        index=None,
        key="profile_pick",
        format_func=name,
        on_change=pick,
        placeholder="Choose a country",
    )


SMALL_EVENT_DROPPED = ("precision", "sources", "first source")  # the links column says it all
SOURCES_OPEN_KEY = "country_sources_open"  # ?country_sources_open=true: the sources under Xiaomi's events
CREDIT_COLUMNS = {"periods": "Figures for", "firm": "Firm", "outlet": "Source", "url": LINK("Link"),
                  "licence": "Licence"}  # fmt: skip


def render_table(frame: object, alt: str, key: str, column_config: dict) -> None:
    """A small table as real HTML (find and screen readers see it, and it draws fast); a long one as a grid."""
    if len(frame) <= SMALL_TABLE_ROWS:
        labels = {
            column: config if isinstance(config, str) else config["label"] for column, config in column_config.items()
        }
        render_small_table(frame.rename(columns=labels), alt, link_columns=(labels.get("url", "url"),))
    else:
        st.dataframe(frame, hide_index=True, column_config=column_config, key=key)


def render_selected_event(atlas: Atlas, table: object, picked: object, locale: str | None, key: str) -> None:
    """The sources of the event selected in `table` (a row selection), as on the timeline."""
    rows = (picked or {}).get("selection", {}).get("rows", [])
    if not rows or rows[0] >= len(table):
        return
    event, sources = cached_view(
        atlas, "country.event_sources", build_event_sources, str(table["event_id"].iloc[rows[0]]), locale
    )
    if event is None:
        return
    st.markdown(
        f"**Selected event: {escape_markdown(event['date_label'])}** · {escape_markdown(event['country'])} · "
        f"{escape_markdown(event['status'])}"
    )
    st.text(event["summary"])
    render_table(sources, f"The {len(sources)} sources of the selected event", f"{key}_sources", SOURCE_COLUMNS)


def render_event_table(atlas: Atlas, table: object, locale: str | None, key: str) -> None:
    """An events table: up to SMALL_TABLE_ROWS rows a real HTML table with every source's link in its row (find,
    screen readers and the keyboard reach them; it draws fast), else a grid whose selected row shows its sources.
    """
    if len(table) <= SMALL_TABLE_ROWS:
        shown = table.drop(columns=[c for c in SMALL_EVENT_DROPPED if c in table.columns])
        render_small_table(shown.rename(columns={"all sources": "sources"}), f"{len(table)} events", ("sources",))
        return
    st.caption("Select a row for the event's sources.")
    st.dataframe(
        table.drop(columns=["all sources"], errors="ignore"),
        hide_index=True,
        column_config=EVENT_COLUMNS,
        key=key,
        on_select="rerun",
        selection_mode="single-row",
    )
    render_selected_event(atlas, table, st.session_state.get(key), locale, key)


def render_xiaomi_path(atlas: Atlas, spec: FilterSpec, code: str, locale: str | None) -> None:
    """Xiaomi's stage today, its history, product lines, partners, events and sources here."""
    path = cached_view(atlas, "country.path", build_xiaomi_path, spec, code, datetime.date.today(), locale)
    name = country_label(code, locale)
    if path.current is None:
        st.info(f"No Xiaomi event in {escape_markdown(name)} matches these filters.")
        return
    row = path.current
    if path.weak_only:
        st.warning(
            "Every source behind Xiaomi's events here is marked weak (a blog, a copy or an aggregator): "
            "read this profile as unconfirmed.",
            icon=":material/warning:",
        )
    # The stage label is long ("Ecosystem products only"): a metric would truncate it, so it is a heading of its own.
    st.subheader(
        f"Stage today: {escape_markdown(row['stage_label'])}",
        anchor=False,
        help=escape_markdown(path.stage_help) or None,
    )
    cols = st.columns(3)
    cols[0].metric("First entry", str(row["first_entry_label"]) if row["first_entry_label"] else "—")
    cols[1].metric("Events", int(row["n_events"]))
    cols[2].metric("Sources", int(row["n_sources"]))
    left, right = st.columns([2, 1])
    with left:
        st.subheader("Stage over time")
        st.plotly_chart(
            path.history_figure,
            key="stage_history",
            theme="streamlit",
            config=chart_config(f"xiaomi-atlas-{code.lower()}-stage-history"),
            alt=f"Xiaomi's entry stage in {name} over time, as a step line.",
        )
    with right:
        st.subheader("Product lines")
        st.text(path.product_lines)
        st.subheader("Partners")
        st.text(path.partners)
    st.subheader("Xiaomi's events")
    render_row_cap_note(len(path.events), path.n_events, "events")
    render_event_table(atlas, path.events, locale, "country_events")
    notice_bad_param(SOURCES_OPEN_KEY, ("true", "false"), "true or false")
    sources = st.expander(
        f"The {len(path.sources)} sources behind these events", key=SOURCES_OPEN_KEY, bind="query-params"
    )
    if sources.open:  # drawn once opened: the first view is the chart and the events
        with sources:
            render_table(
                path.sources, f"The {len(path.sources)} sources behind these events", "country_sources", SOURCE_COLUMNS
            )


def render_rivals(atlas: Atlas, code: str, locale: str | None) -> None:
    """The Rivals tab: sentences, missing figures, rivals' events, share and rank per metric with credits."""
    st.caption(
        "Xiaomi next to Samsung, Huawei, LG and Apple here, from every recorded figure and event (the sidebar "
        "filters do not apply). The Rivals page compares all markets at once."
    )
    rivals = cached_view(atlas, "country.rivals", build_rivals, code, datetime.date.today(), locale)
    name = country_label(code, locale)
    for sentence in rivals.sentences:
        st.markdown(f"- {escape_markdown(sentence)}")
    for sentence in rivals.missing:
        st.caption(escape_markdown(sentence))
    st.subheader("Rivals' events and Xiaomi's stages")
    st.plotly_chart(
        rivals.events_figure, key="rival_events_chart", theme=None, config={"displaylogo": False},
        alt=f"Xiaomi's stage changes and rivals' events in {name} on one time axis.",
    )  # fmt: skip
    if rivals.n_events:
        st.caption("Scope 'worldwide' or 'regional': an event about the world or a region that covers this country.")
        render_row_cap_note(len(rivals.events), rivals.n_events, "events")
        render_event_table(atlas, rivals.events, locale, "competitor_events")
    if not rivals.charts:
        return
    st.subheader("Share and rank by metric")
    st.caption("One chart per metric: metrics measure different things and are never mixed in one line.")
    for metric, label, figure, credits in rivals.charts:
        credit = [f"Figures from: {', '.join(sorted(set(credits['outlet'])))[:300]}"]  # export: credited image
        figure = with_credit(figure, name, credit + licence_credits(credits["licence"]), where="top")
        st.plotly_chart(
            figure,
            key=f"share_{metric}",
            theme="streamlit",
            config=chart_config(f"xiaomi-atlas-{code.lower()}-{metric.replace('_', '-')}"),
            alt=f"{label} in {name}: Xiaomi's share and rank over time next to its main rivals.",
        )
        render_table(credits, f"The sources of the {label} figures", f"share_credits_{metric}", CREDIT_COLUMNS)


def render_conflicts(conflicts: list) -> None:
    """Every conflict about this country, its claims side by side with their sources."""
    st.caption("Where sources disagree, every claim is kept with its sources; no silent choice.")
    for conflict_id, topic, claims, assessment in conflicts:
        st.subheader(escape_markdown(topic), anchor=False)
        for column, (claim_id, claim, sources) in zip(st.columns(len(claims)), claims, strict=True):
            with column:
                st.text(claim)
                render_table(sources, "The sources of this claim", f"conflict_{conflict_id}_{claim_id}", SOURCE_COLUMNS)
        st.caption(escape_markdown(f"Assessment: {assessment}"))


TABS = ("Xiaomi", "Rivals", "Conflicts")  # the tab's label is its value in the URL: ?country_tab=Rivals


def render_profile(atlas: Atlas, spec: FilterSpec, code: str, locale: str | None) -> None:
    """The profile of `code`: title, Share, then one tab at a time (only the open one runs and is drawn)."""
    name = country_label(code, locale)
    st.title(escape_markdown(name))
    share_slot = st.container()  # filled once the open tab is known: the link holds it
    country_spec = dataclasses.replace(spec, countries=(code,))
    n_events = len(atlas.matching_rows(country_spec))
    render_filter_caption(country_spec, n_events, locale)
    conflicts = cached_view(atlas, "country.conflicts", build_conflicts, code)
    labels = TABS if conflicts else TABS[:2]
    notice_bad_param(COUNTRY_TAB_KEY, labels, " or ".join(labels))
    tabs = dict(zip(labels, st.tabs(labels, key=COUNTRY_TAB_KEY, bind="query-params"), strict=True))
    if tabs["Xiaomi"].open:
        with tabs["Xiaomi"]:
            render_xiaomi_path(atlas, country_spec, code, locale)
    if tabs["Rivals"].open:
        with tabs["Rivals"]:
            render_rivals(atlas, code, locale)
    if conflicts and tabs["Conflicts"].open:
        with tabs["Conflicts"]:
            render_conflicts(conflicts)
    with share_slot:
        tab = next((label for label, tab in tabs.items() if tab.open), TABS[0])
        sources_open = tab == TABS[0] and st.session_state.get(SOURCES_OPEN_KEY)
        state = {COUNTRY_TAB_KEY: None if tab == TABS[0] else tab, SOURCES_OPEN_KEY: True if sources_open else None}
        render_share(atlas, "country", name, state)
    render_downloads(atlas, country_spec, n_events, key="country_download")


atlas = load_atlas()
spec = filter_spec()
locale = st.context.locale  # country names in the reader's language where CLDR has them (English otherwise)
code = choose_profile_country(spec, list(atlas.covered_countries()), locale)
if code:
    render_profile(atlas, spec, code, locale)
