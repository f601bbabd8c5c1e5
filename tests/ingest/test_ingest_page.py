"""The "Add an article" page: extracts candidates from pasted text and never renders article text as HTML."""

from streamlit.testing.v1 import AppTest

from components import paths

PAGE = paths.ROOT / "components" / "pages" / "add" / "page.py"


def test_page_shows_candidates_and_keeps_html_as_text():
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    assert not app.exception
    text = "Xiaomi ha aperto un negozio in Spagna il 7 novembre 2017. <img src=x onerror=alert(1)>"
    app.text_area(key="ingest_text").input(text).run()
    assert not app.exception
    assert [e.label.split(":")[1].strip().split(" ")[0] for e in app.expander] == ["ESP"]
    assert all("<img" not in m.value for m in app.markdown)
    assert any("<img" in c.value for c in app.code)  # shown verbatim as code, not interpreted
    assert "unsafe_allow_html" not in PAGE.read_text(encoding="utf-8")
