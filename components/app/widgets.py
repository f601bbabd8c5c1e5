"""Streamlit widgets shared by the pages: notices, captions, clicks, links to a profile, downloads, row caps."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from urllib.parse import quote, urlencode, urlsplit

import streamlit as st

from components.app.sidebar import NOTICES_KEY, PROFILE_PENDING_KEY, current_url_params, filter_spec
from components.queries.atlas import Atlas
from components.queries.filters import FILTER_PARAMS, FilterSpec, describe_filters
from components.queries.links import to_query_params
from components.queries.names import localised_country_names
from components.queries.tables import citation_text, dataset_zip_bytes, events_csv

GEO_CONFIG = {"topojsonURL": "app/static/", "scrollZoom": False, "displaylogo": False}
COUNTRY_TAB_KEY = "country_tab"  # ?country_tab=Rivals: the country profile's open tab (its label)
IMAGE_FORMAT_KEY = "image_format"  # ?image_format=svg: the camera button of every chart saves SVG instead of PNG
IMAGE_FORMATS = ("png", "svg")


PAGE_FILES = {
    name: f"components/pages/{name}/page.py"
    for name in ("map", "timeline", "country", "rivals", "sources", "about", "add")
}


def render_notices() -> None:
    """Say which URL values were ignored (unknown country codes, malformed dates...)."""
    notices = st.session_state.get(NOTICES_KEY) or []
    if notices:
        st.warning("Some link parameters were ignored:\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices))


def render_filter_caption(spec: FilterSpec, n_events: int | None = None, locale: str | None = None) -> None:
    """A caption naming the filters in force (and how many events match them); countries named in `locale`."""
    text = describe_filters(spec, localised_country_names(locale))
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


def open_country_profile(code: str, tab: str | None = None) -> None:
    """Go to the country page for `code` (on its `tab`, e.g. "Rivals"; default the first), keeping the other filters
    (the URL becomes /country?country=XXX&...).

    The switch itself keeps the URL as it is and the profile's sidebar writes its filters; the sidebar also puts
    the countries back as they were when Back (or the menu) leaves the profile (see sidebar._seed_filters), so the
    map does not come back showing one country.
    """
    spec = filter_spec()
    st.session_state[PROFILE_PENDING_KEY] = FilterSpec(**{**spec.__dict__, "countries": (code,)})
    filters = {name: values for name, values in current_url_params().items() if name in FILTER_PARAMS}
    if tab:
        filters[COUNTRY_TAB_KEY] = [tab]
    st.switch_page(PAGE_FILES["country"], query_params=filters)  # the map's own (widget-bound) parameters stay behind


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


# --- the view in the link: page controls, the Share popover, chart export -------------------------------------------


def notice_bad_param(key: str, valid: Collection[str], what: str) -> None:
    """Warn when ?key= holds a value the control cannot take (a bound widget drops it silently from the URL)."""
    raw = st.query_params.get_all(key)
    if raw and raw[-1] not in valid:
        shown = "".join(ch if ch.isalnum() or ch in " -_.:" else "?" for ch in raw[-1][:24])
        st.warning(f"Ignored the link parameter '{key}': '{shown}' is not {what}.", icon=":material/link_off:")


def seed_choice_from_url(key: str, choices: Collection[str], what: str) -> None:
    """For a control read from ?key= by hand (its URL value is an id, not its label): seed st.session_state[key]
    from the URL on the control's first run, with a notice for a value that is not one of `choices`.
    """
    if key in st.session_state:
        return
    raw = st.query_params.get_all(key)
    if raw and raw[-1] in choices:
        st.session_state[key] = raw[-1]
    elif raw:
        notice_bad_param(key, choices, what)


def write_choice_to_url(key: str, value: str, default: str) -> None:
    """Keep ?key= equal to a hand-read control's value (absent at its default, like a bound widget)."""
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value


def share_params(state: Mapping[str, object]) -> dict[str, list[str]]:
    """The link's query parameters: the sidebar filters, then this page's controls (None = at its default)."""
    params = to_query_params(filter_spec())
    for key, value in state.items():
        if value is None:
            continue
        params[key] = [("true" if value else "false") if isinstance(value, bool) else str(value)]
    return params


def app_address() -> str:
    """The app's address without the page path (st.context.url keeps the page's /timeline etc.); '' if unknown."""
    base = (st.context.url or "").rstrip("/")
    head, _, last = base.rpartition("/")
    return head if last in PAGE_FILES and "//" in head else base


def share_link(path: str, params: Mapping[str, list[str]], *, embed: bool = False) -> str:
    """The absolute link (when the app knows its address) to page `path` with `params` (and ?embed=true)."""
    base = app_address()
    query = urlencode({**({"embed": ["true"]} if embed else {}), **params}, doseq=True)
    return f"{base}/{path}" + (f"?{query}" if query else "")


def render_share(atlas: Atlas, path: str, title: str, state: Mapping[str, object] | None = None) -> None:
    """A Share popover: the link to this exact view, an embed snippet and a citation of the view."""
    params = share_params(state or {})
    link = share_link(path, params)
    with st.popover("Share", icon=":material/share:", key=f"share_{path or 'map'}"):
        st.caption("Link to this view (filters and controls included)")
        st.code(link, language=None, wrap_lines=True)
        st.caption("Embed it in a web page")
        embed = share_link(path, params, embed=True)
        st.code(
            f'<iframe src="{embed}" title="Xiaomi Market Atlas: {title}" width="100%" height="720" '
            'style="border:0" loading="lazy"></iframe>',
            language="html",
            wrap_lines=True,
        )
        st.caption("Cite it")
        st.code(citation_text(atlas.model, link), language=None, wrap_lines=True)
        render_image_format_control()


def image_format() -> str:
    """The chart export format of this view: ?image_format=svg, else png."""
    value = st.session_state.get(IMAGE_FORMAT_KEY) or st.query_params.get(IMAGE_FORMAT_KEY) or "png"
    return value if value in IMAGE_FORMATS else "png"


def render_image_format_control() -> None:
    """PNG or SVG for the charts' camera (download) button; in the URL as ?image_format=svg."""
    notice_bad_param(IMAGE_FORMAT_KEY, IMAGE_FORMATS, "png or svg")
    st.segmented_control(
        "Chart image", IMAGE_FORMATS, key=IMAGE_FORMAT_KEY, default="png", required=True, bind="query-params",
        format_func=str.upper, help="The format the camera button in each chart's toolbar saves",
    )  # fmt: skip


# A chart drawn with theme=None (make_single_draw_figure) follows the reader's theme with this CSS, scoped to its
# element by its key: its text takes the theme's text colour, its grid lines a faint one, and its white paper (for
# exported images) is not shown on screen. Our own CSS, with no data in it.
CHART_THEME_CSS = """<style>
.st-key-{key} .main-svg {{ background: transparent !important; }}
.st-key-{key} :is(.legendtext, .legendtitletext, .annotation-text, .slider-container text, .xtick text,
  .ytick text, .g-xtitle text, .g-ytitle text, .gtitle) {{ fill: currentColor !important; }}
.st-key-{key} :is(.gridlayer path, .zerolinelayer path) {{
  stroke: color-mix(in srgb, currentColor 18%, transparent) !important;
}}
</style>"""


def render_chart_theme(key: str) -> None:
    """The CSS that lets the chart with this key (drawn with theme=None) follow the reader's theme."""
    st.html(CHART_THEME_CSS.format(key=re.sub(r"[^A-Za-z0-9_-]", "", key)))


def chart_config(filename: str, base: Mapping[str, object] | None = None) -> dict:
    """Plotly config for a chart: the camera button saves `filename`.png (or .svg) at twice the screen scale."""
    return {
        "displaylogo": False,
        "autosizable": True,  # plotly measures the container on the first draw, not its default 700 px
        **(base or {}),
        "toImageButtonOptions": {"format": image_format(), "filename": filename, "scale": 2},
    }


SMALL_TABLE_ROWS = 25  # up to this many rows a table is a real HTML table (st.table): the browser's find and screen
# readers see every cell; longer ones stay st.dataframe (a canvas with its own search)


def safe_link(url: object) -> str:
    """A Markdown link to an http(s) address, its host as the text; anything else as escaped text."""
    text = str(url)
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return escape_markdown(text)
    host = parts.netloc.removeprefix("www.")
    return f"[{escape_markdown(host)}]({quote(text, safe=':/?#&=%+@,;~')})"


def render_small_table(frame: object, alt: str, link_columns: Collection[str] = ("url",)) -> None:
    """A small frame as a real HTML table; every cell is data text made inert (st.table renders Markdown). A cell of
    a link column is an address, or a tuple of addresses (one link each).
    """
    shown = frame.copy()  # a display copy: the shared frame is never written to
    for column in shown.columns:
        convert = link_cell if column in link_columns else escape_markdown
        shown[column] = [convert(value if isinstance(value, tuple) else str(value)) for value in shown[column]]
    shown.columns = [escape_markdown(c) for c in shown.columns]
    st.table(shown, hide_index=True, alt=alt)


def link_cell(value: str | tuple[str, ...]) -> str:
    """One address as a safe link, or several joined by ' · '."""
    return " · ".join(safe_link(url) for url in value) if isinstance(value, tuple) else safe_link(value)
