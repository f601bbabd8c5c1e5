"""Xiaomi Market Atlas: the Streamlit entry point. Run with `streamlit run dashboard.py`.

This file is the table of contents: page setup, the pages and their URL paths, the global filters.
Each page lives in components/pages/; shared Streamlit helpers in components/ui.py; figures in components/charts.py.
"""

import streamlit as st

from components import paths, ui

st.set_page_config(
    page_title="Xiaomi Market Atlas",
    page_icon=str(paths.STATIC_DIR / "favicon.png"),  # a local file: a :material: page icon is fetched from a CDN
    layout="wide",
    menu_items={"About": "Where, when, how and against whom Xiaomi entered markets: a sourced atlas."},
)

PAGES = [
    st.Page(ui.PAGE_FILES["map"], title="Map", icon=":material/map:", url_path="map", default=True),
    st.Page(ui.PAGE_FILES["timeline"], title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page(ui.PAGE_FILES["country"], title="Country", icon=":material/flag:", url_path="country"),
    st.Page(ui.PAGE_FILES["sources"], title="Sources", icon=":material/menu_book:", url_path="sources"),
    st.Page(ui.PAGE_FILES["about"], title="About and method", icon=":material/info:", url_path="about"),
    st.Page(ui.PAGE_FILES["add"], title="Add an article", icon=":material/post_add:", url_path="add"),
]

page = st.navigation(PAGES)
model = ui.load_atlas_model()
ui.render_sidebar_filters(model)
ui.render_notices()
page.run()
