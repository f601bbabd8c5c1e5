"""The about page (/about): method (the entry-stage rule, dates, conflicts, corroboration), how to cite, licences."""

import datetime

import streamlit as st

from components.app.cache import cached_view, load_atlas
from components.app.widgets import SOURCE_COLUMNS, escape_markdown, render_downloads
from components.pages.about.view import build_coverage
from components.queries.filters import FilterSpec
from components.queries.tables import citation_text

atlas = load_atlas()
model = atlas.model
st.title("About the atlas and its method")
st.markdown(
    "The Xiaomi Market Atlas records **where, when, how and against whom Xiaomi entered markets** around the world. "
    "Every fact is an *event* restated in our own words, with the articles, pages or datasets it comes from. "
    "The data are plain CSV files; the full description is in `data/README.md`."
)

st.header("Entry stages: the rule")
st.markdown(
    "The stage of a country **as of a date D** is derived from Xiaomi's events in that country dated on or before D "
    "(the start of their period), taken in date order:\n"
    "1. Only events that **happened** raise the stage; each raises it to the event's stage if that ranks higher.\n"
    "2. An **exit** sets the stage to *Exited*; later events (a return) raise it again from nothing.\n"
    "3. When **own retail ends** (an *Own retail closed* event: the country's branded stores close), the stage falls "
    "to the highest other stage still in force (phones via partners, say); a later store opening raises it again.\n"
    "4. If nothing has happened but a rumoured, planned or announced event applies, the stage is *Plans or rumours*.\n"
    "5. **Withdrawn** events never raise the stage (they are on the timeline, not on the map).\n"
    "6. Otherwise the country has *no recorded entry*.\n\n"
    "Hong Kong, Macau and Taiwan are separate markets because they have their own ISO 3166-1 codes and launches: "
    "a market distinction, not a political position. Region-level claims (such as Europe) are kept as events but "
    "not drawn on the map. A country is *covered* when any event or market-share figure names it; other countries "
    "are shown paler on the map."
)
st.dataframe(
    model.stages[["rank", "label", "description"]].astype(str),
    hide_index=True,
    key="about_stages",
    column_config={"rank": "Rank", "label": "Stage", "description": "Meaning"},
)

st.header("How much of Xiaomi's footprint the atlas documents")
coverage = cached_view(atlas, "about.coverage", build_coverage, datetime.date.today())
claim = f" Xiaomi's own latest claim ({coverage.claim_date}): {coverage.claim}" if coverage.claim else ""
st.markdown(
    escape_markdown(
        f"The atlas documents an actual entry (ecosystem products or more, from events that happened) in "
        f"{coverage.n_entered} countries and territories.{claim}"
    )
)
st.dataframe(
    coverage.by_continent,
    hide_index=True,
    key="about_coverage",
    column_config={"continent": "Continent (UN M.49)", "countries": "Countries with an entry"},
)
if not coverage.claim_sources.empty:
    st.caption("Source of the claim:")
    st.dataframe(coverage.claim_sources, hide_index=True, column_config=SOURCE_COLUMNS, key="about_claim_sources")

st.header("Dates are written at their precision")
st.markdown(
    "A date is written as precisely as the sources allow: a day (`2016-03-29`), a month (`2016-03`), a quarter "
    "(`2016-Q1`), a half (`2016-H2`) or a year (`2016`). Each is shown as written; on the timeline a grey bar spans "
    "the whole period. For *as of* questions an event counts from the first day of its period. A date is *stated* "
    "when a source gives it, or *inferred* (worked out, with a note saying how)."
)

st.header("Conflicts and corroboration")
st.markdown(
    "When sources disagree, every claim is kept with its own sources and an assessment of what other sources say; "
    "we make no silent choice. Sources that report the same news (copies, translations, syndicated stories) share a "
    "*cluster* and count once: an event's **independent sources** are its distinct clusters. Blogs, aggregators and "
    "spun copies are marked *weak*. See the Sources page."
)

st.header("Market share")
st.markdown(
    "Market-share figures keep their metric: web usage (StatCounter, share of mobile page views), analyst sell-in "
    "shipments, sell-through sales, consumer surveys and installed base measure different things and are "
    "**never mixed in one line**. "
    "Values that look wrong in the source are flagged and shown as crosses, not as fact."
)

st.header("Sharing links")
st.markdown(
    "The filters live in the address, so a link reproduces the view: `country` (ISO alpha-3, repeatable), `product`, "
    "`status` and `lang` (repeatable), `from` and `to` (YYYY-MM-DD). For example `/timeline?country=KOR&country=JPN"
    "&status=happened` or `/country?country=KOR`. Each page's own controls are in the address too (the map's year, "
    "animation and tab, the timeline's rows, colour, competitors and table, the country profile's tab, the sources "
    "search): the Share button on each page gives the link, an embed snippet and a citation. Unknown values are "
    "ignored with a notice. Add `embed=true` to embed the dashboard in another page."
)

st.header("How to cite")
st.code(citation_text(model, st.context.url or ""), language=None, wrap_lines=True)

st.header("Licences")
st.markdown(
    "Code: MIT. Facts are restated in our own words with their sources; quote the original sources for their "
    "content. StatCounter figures are CC BY-SA 3.0 (credit *StatCounter Global Stats* with a link). Analyst shipment "
    "figures are proprietary numbers, cited with attribution to the firm and to the page reporting them. The "
    "`licence` column of each market-share row says which applies. Map outlines are served by the app itself "
    "from `static/`; see the notes there for their licence."
)
render_downloads(atlas, FilterSpec(companies=()), len(model.events), key="about_download")
