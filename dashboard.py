"""Xiaomi Market Atlas: the Streamlit entry point, read as a table of contents (`streamlit run dashboard.py`)."""

import streamlit as st
from starlette.middleware import Middleware

from components import paths
from components.app.cache import load_atlas
from components.app.not_found import NOT_FOUND_PARAM, NotFoundRedirect
from components.app.sidebar import render_sidebar_filters
from components.app.widgets import PAGE_FILES, escape_markdown, render_notices
from components.queries.links import unknown_page_notice

FILTERED_PAGES = ("map", "timeline", "country", "sources")  # the pages the sidebar filters act on


def make_pages() -> list:
    """The app's pages, in the order of the navigation."""
    return [
        st.Page(PAGE_FILES["map"], title="Map", icon=":material/map:", url_path="map", default=True),
        st.Page(PAGE_FILES["timeline"], title="Timeline", icon=":material/timeline:", url_path="timeline"),
        st.Page(PAGE_FILES["country"], title="Country", icon=":material/flag:", url_path="country"),
        st.Page(PAGE_FILES["rivals"], title="Rivals", icon=":material/leaderboard:", url_path="rivals"),
        st.Page(PAGE_FILES["sources"], title="Sources", icon=":material/menu_book:", url_path="sources"),
        st.Page(PAGE_FILES["about"], title="About and method", icon=":material/info:", url_path="about"),
        st.Page(PAGE_FILES["add"], title="Add an article", icon=":material/post_add:", url_path="add"),
    ]


def render_app() -> None:
    """One run of the app: page setup, navigation, a notice for an unknown path, the global filters, the page."""
    st.set_page_config(
        page_title="Xiaomi Market Atlas",
        page_icon=str(paths.STATIC_DIR / "favicon.png"),  # a local file: a :material: icon is fetched from a CDN
        layout="wide",
        menu_items={"About": "Where, when, how and against whom Xiaomi entered markets: a sourced atlas."},
    )
    pages = make_pages()
    page = st.navigation(pages)
    # Streamlit runs the default page for an unknown single-segment path; NotFoundRedirect sends a multi-segment
    # one to the root with ?not_found=<path>. Either way, say so on the page.
    asked = st.query_params.get(NOT_FOUND_PARAM)
    url = f"/{asked}" if asked else st.context.url or ""
    not_found = unknown_page_notice(url, [p.url_path for p in pages], st.get_option("server.baseUrlPath"))
    if not_found:
        st.warning(escape_markdown(not_found), icon=":material/search_off:")
    atlas = load_atlas()
    if page.url_path in FILTERED_PAGES or page.url_path == "":
        render_sidebar_filters(atlas, page.url_path, st.context.locale)  # country names in the reader's language
    render_notices()
    page.run()


if __name__ == "__main__":  # Streamlit (and AppTest) run this file as `__main__` on every rerun
    render_app()
else:  # `streamlit run dashboard.py` imports it as a module to serve this ASGI app (see docs/production.md)
    app = st.App(__file__, middleware=[Middleware(NotFoundRedirect)])
