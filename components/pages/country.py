"""The country page (/country?country=KOR): Xiaomi's path in one country, its competitors there, conflicting reports."""

import dataclasses
import datetime

import pandas as pd
import streamlit as st

from components import aggregate, charts, filters, stages, ui
from components.competitors import compute_competitor_context

METRIC_LABELS = {
    "web_usage_share": "Web usage share (StatCounter: share of mobile page views)",
    "shipment_share": "Shipment share (analyst sell-in shipments)",
    "survey_share": "Survey share (consumer surveys)",
    "installed_base_share": "Installed-base share",
}


def choose_profile_country(spec: filters.FilterSpec, covered: list[str]) -> str | None:
    """The country from the `country` filter; a picker when there are several or none."""
    if len(spec.countries) == 1:
        return spec.countries[0]
    if spec.countries:
        return st.selectbox("Country", spec.countries, key="profile_country", format_func=ui.country_name)

    def pick() -> None:
        if st.session_state.get("profile_pick"):
            st.session_state["country"] = [st.session_state["profile_pick"]]  # the global filter (and URL) follow

    st.info("Pick a country, or click one on the map. Its profile link is /country?country=ISO3, e.g. KOR.")
    return st.selectbox("Country", covered, index=None, key="profile_pick", format_func=ui.country_name,
                        on_change=pick, placeholder="Choose a country")


def render_xiaomi_path(model, events: pd.DataFrame, code: str) -> None:
    today = datetime.date.today()
    current = stages.compute_stage_as_of(events, model.stages, today)
    current = current[current["country"].astype(str) == code]
    xiaomi = events[events["company"].astype(str) == "xiaomi"]
    if current.empty or xiaomi.empty:
        st.info(f"No Xiaomi event in {ui.country_name(code)} matches these filters.")
        return
    row = current.iloc[0]
    product_labels = ui.lookup(model.products, "product_line_id", "label")
    stage_descriptions = ui.lookup(model.stages, "stage_id", "description")
    # The stage label is long ("Ecosystem products only"): a metric would truncate it, so it is a heading of its own.
    st.subheader(f"Stage today: {ui.escape_markdown(row['stage_label'])}", anchor=False,
                 help=ui.escape_markdown(stage_descriptions.get(str(row["stage"]), "")) or None)
    cols = st.columns(3)
    cols[0].metric("First entry", str(row["first_entry_label"]) if pd.notna(row["first_entry_label"]) else "—")
    cols[1].metric("Events", int(row["n_events"]))
    cols[2].metric("Sources", int(row["n_sources"]))
    left, right = st.columns([2, 1])
    with left:
        st.subheader("Stage over time")
        history = stages.compute_stage_history(events, model.stages, code)
        st.plotly_chart(charts.make_stage_history_figure(history, model.stages), key="stage_history", theme=None,
                        config={"displaylogo": False},
                        alt=f"Xiaomi's entry stage in {ui.country_name(code)} over time, as a step line.")
    with right:
        st.subheader("Product lines")
        st.text(", ".join(product_labels.get(p, p) for p in row["product_lines"]) or "None recorded")
        st.subheader("Partners")
        st.text(", ".join(row["partners"]) or "None recorded")
    st.subheader("Xiaomi's events")
    ui.render_row_cap_note(min(len(xiaomi), ui.TABLE_ROW_LIMIT), len(xiaomi), "events")
    st.dataframe(ui.event_table(model, xiaomi.head(ui.TABLE_ROW_LIMIT)), hide_index=True,
                 column_config=ui.EVENT_COLUMNS, key="country_events")
    source_ids = [s for ids in xiaomi["source_ids"] for s in ids]
    with st.expander(f"The {len(set(source_ids))} sources behind these events"):
        st.dataframe(aggregate.without_empty_columns(ui.source_table(model, source_ids)), hide_index=True,
                     column_config=ui.SOURCE_COLUMNS, key="country_sources")


def render_competitors(model, code: str) -> None:
    st.header("Competitors here")
    context = ui.cached_view(model, "country.competitors", compute_competitor_context, code)
    for sentence in context.comparisons:
        st.markdown(f"- {ui.escape_markdown(sentence)}")
    if not context.companies.empty:
        companies = context.companies.assign(
            home=context.companies["home_country"].astype(str).map(ui.country_name),
            local=context.companies["is_local"].map({True: "yes", False: "no"}),
        )[["name", "home", "local", "n_events"]]
        st.dataframe(companies, hide_index=True, key="competitor_companies",
                     column_config={"home": "Home market", "local": "Based here", "n_events": "Events here"})
    if not context.events.empty:
        st.subheader("Competitors' events")
        ui.render_row_cap_note(min(len(context.events), ui.TABLE_ROW_LIMIT), len(context.events), "events")
        st.dataframe(ui.event_table(model, context.events.head(ui.TABLE_ROW_LIMIT)), hide_index=True,
                     column_config=ui.EVENT_COLUMNS, key="competitor_events")
    share = context.market_share
    if share.empty:
        st.caption("No market-share figures are recorded for this country.")
        return
    st.subheader("Market share")
    st.caption("One chart per metric: metrics measure different things and are never mixed in one line.")
    vendors = ui.lookup(model.companies, "company_id", "name")
    for metric in [m for m in METRIC_LABELS if m in set(share["metric"].astype(str))]:
        rows = share[share["metric"].astype(str) == metric]
        st.plotly_chart(
            charts.make_market_share_figure(
                rows, metric=metric, metric_label=METRIC_LABELS[metric], vendor_names=vendors
            ),
            key=f"share_{metric}", theme=None, config={"displaylogo": False},
            alt=f"{METRIC_LABELS[metric]} in {ui.country_name(code)} by vendor over time.",
        )
        credits = rows[["outlet", "url", "licence"]].astype(str).drop_duplicates()
        st.dataframe(credits, hide_index=True, key=f"share_credits_{metric}",
                     column_config={"outlet": "Source", "url": ui.LINK("Link"), "licence": "Licence"})


def render_conflicts(model, code: str) -> None:
    conflicts = model.conflicts[model.conflicts["country"].astype(str) == code]
    if conflicts.empty:
        return
    st.header("Conflicting reports")
    st.caption("Where sources disagree, every claim is kept with its sources; no silent choice.")
    for conflict_id, claims in conflicts.groupby("conflict_id", sort=False):
        st.subheader(str(claims["topic"].iloc[0]))
        columns = st.columns(len(claims))
        for column, claim in zip(columns, claims.itertuples(index=False), strict=True):
            with column:
                st.text(str(claim.claim))
                st.dataframe(ui.source_table(model, claim.source_ids)[["outlet", "published", "url"]], hide_index=True,
                             column_config=ui.SOURCE_COLUMNS, key=f"conflict_{conflict_id}_{claim.claim_id}")
        st.caption(ui.escape_markdown(f"Assessment: {claims['assessment'].iloc[0]}"))


model = ui.load_atlas_model()
spec = ui.filter_spec()
code = choose_profile_country(spec, ui.covered_countries(model))
if code:
    st.title(ui.country_name(code))
    country_spec = dataclasses.replace(spec, countries=(code,))
    events = ui.filtered_events(model, country_spec)
    ui.render_filter_caption(country_spec, len(events))
    render_xiaomi_path(model, events, code)
    render_competitors(model, code)
    render_conflicts(model, code)
    ui.render_downloads(model, country_spec, len(events), key="country_download")
