"""Streamlit widgets shared by the pages: notices, captions, clicks, links to a profile, downloads, row caps."""

from __future__ import annotations

import re

import streamlit as st

from components.app.sidebar import NOTICES_KEY, PROFILE_PENDING_KEY, current_url_params, filter_spec
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec, describe_filters
from components.queries.names import country_names
from components.queries.tables import citation_text, dataset_zip_bytes, events_csv

GEO_CONFIG = {"topojsonURL": "app/static/", "scrollZoom": False, "displaylogo": False}


PAGE_FILES = {
    name: f"components/pages/{name}/page.py"
    for name in ("map", "timeline", "country", "rivals", "sources", "about", "add")
}


def render_notices() -> None:
    """Say which URL values were ignored (unknown country codes, malformed dates...)."""
    notices = st.session_state.get(NOTICES_KEY) or []
    if notices:
        st.warning("Some link parameters were ignored:\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices))


def render_filter_caption(spec: FilterSpec, n_events: int | None = None) -> None:
    """A caption naming the filters in force (and how many events match them)."""
    text = describe_filters(spec, country_names())
    prefix = f"{n_events} events · " if n_events is not None else ""
    st.caption(escape_markdown(f"{prefix}Filters: {text}"))


def selected_id(event: object) -> str | None:
    """The id of the first clicked point in a plotly selection (a dict or Streamlit's PlotlyState): its map location,
    else customdata[0] (every chart here puts the country code or event id there).
    """
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points if isinstance(points, list) else []:
        if not isinstance(point, dict):
            continue
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, list | tuple) and custom else None
        code = point.get("location") or first
        if isinstance(code, str) and code:  # counted timeline cells carry numbers (or a typed array), not an id
            return code
    return None


def open_country_profile(code: str) -> None:
    """Go to the country page for `code`, keeping the other filters (the URL becomes /country?country=XXX&...).

    The switch itself keeps the URL as it is and the profile's sidebar writes its filters; the sidebar also puts
    the countries back as they were when Back (or the menu) leaves the profile (see sidebar._seed_filters), so the
    map does not come back showing one country.
    """
    spec = filter_spec()
    st.session_state[PROFILE_PENDING_KEY] = FilterSpec(**{**spec.__dict__, "countries": (code,)})
    st.switch_page(PAGE_FILES["country"], query_params=current_url_params())


_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


_AUTOLINK_STARTS = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)  # where GFM would autolink


WORD_JOINER = "\u2060"  # invisible and zero-width: breaks a bare address so that it is not made a link


def escape_markdown(text: object) -> str:
    """Data text made inert in every Markdown sink (st.markdown, captions, headings, alerts, help tooltips, labels).

    Every Markdown or HTML special character is escaped, and a bare address (http://..., www...., a@b.c), which
    GitHub-flavoured Markdown turns into a link even when escaped, gets an invisible word joiner after ':', 'www'
    or '@', so that no link appears.
    """
    text = _AUTOLINK_STARTS.sub(WORD_JOINER, str(text))
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in text)


LINK = st.column_config.LinkColumn


SOURCE_COLUMNS = {
    "url": LINK("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
    "source_id": st.column_config.TextColumn("Source id"),
}


EVENT_COLUMNS = {"first source": LINK("First source", display_text=r"https?://(?:www\.)?([^/]+)")}


def render_downloads(atlas: Atlas, spec: FilterSpec, n_events: int, *, key: str) -> None:
    """Download buttons: the events matching `spec` (CSV) and the whole dataset (zip).

    Both files are built only when their button is clicked (a callable as `data`, run by Streamlit on click), not
    on every rerun; the callables use no Streamlit API (they may run outside the script thread).
    """
    model = atlas.model
    left, right = st.columns(2)
    left.download_button(
        f"Download these {n_events} events (CSV)",
        lambda: events_csv(model, atlas.filtered_events(spec)),
        "xiaomi-atlas-events.csv",
        "text/csv",
        key=f"{key}_csv",
        on_click="ignore",
        icon=":material/download:",
    )
    citation = citation_text(model, st.context.url or "")
    right.download_button(
        "Download the whole dataset (zip)",
        lambda: dataset_zip_bytes(model.data_dir, citation),
        "xiaomi-market-atlas.zip",
        "application/zip",
        key=f"{key}_zip",
        on_click="ignore",
        icon=":material/folder_zip:",
    )


def render_row_cap_note(shown: int, total: int, what: str = "rows") -> None:
    """Say that a table shows only its first rows (and where the rest are), when it does."""
    if shown < total:
        st.caption(
            f"Showing the first {shown:,} of {total:,} {what}, to keep the page light. "
            "The download buttons give them all."
        )
