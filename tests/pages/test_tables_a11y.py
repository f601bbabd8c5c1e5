"""Tables: row selection opens a profile or an event's sources, small tables are HTML tables, the sources search."""

import pandas as pd
import pytest
from apptest import start_dashboard

from components.app.widgets import safe_link
from components.pages.sources.view import search_sources

SOURCES = pd.DataFrame(
    {
        "outlet": ["Reuters", "GSMArena", "Le Monde"],
        "title": ["Xiaomi launches in Spain", "", "Xiaomi arrive en France"],
        "url": ["https://www.reuters.com/a", "https://gsmarena.com/b", "https://lemonde.fr/c"],
    }
)


@pytest.mark.parametrize(
    ("query", "outlets"),
    [
        ("", ["Reuters", "GSMArena", "Le Monde"]),
        ("reuters", ["Reuters"]),
        ("XIAOMI", ["Reuters", "Le Monde"]),
        ("xiaomi france", ["Le Monde"]),
        ("gsmarena.com", ["GSMArena"]),
        ("nothing-like-this", []),
        ("(", []),  # not a regular expression
    ],
)
def test_search_sources(query, outlets):
    assert search_sources(SOURCES, query)["outlet"].tolist() == outlets


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://www.example.com/a(b)", "[example\\.com](https://www.example.com/a%28b%29)"),
        ("javascript:alert(1)", "javascript\\:alert\\(1\\)"),
        ("not a url", "not a url"),
    ],
)
def test_safe_link(url, expected):
    assert safe_link(url) == expected


def start(params=None, page=None):
    return start_dashboard(params, page)


def test_sources_search_gives_a_real_table(small_atlas):
    at = start({"sources_q": "example.fr", "sources_all": "true"}, page="components/pages/sources/page.py")
    assert at.text_input(key="sources_q").value == "example.fr"
    assert len(at.table) == 1
    html_table = at.table[0].value
    assert len(html_table) == 1 and "Le Journal" in html_table.iloc[0].tolist()
    assert "sources_q=example.fr" in at.code[0].value


def test_map_table_row_opens_the_country_profile(small_atlas):
    at = start({"map_tab": "Table"})
    codes = at.dataframe[0].value["ISO3"].tolist()
    at.session_state["map_table"] = {"selection": {"rows": [codes.index("FRA")], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert at.query_params.get("country") in ("FRA", ["FRA"])


def test_timeline_table_is_drawn_only_when_open(small_atlas):
    at = start(page="components/pages/timeline/page.py")
    assert not [d for d in at.dataframe if d.key == "timeline_table"]  # first paint: the chart alone
    at.session_state["timeline_table_open"] = True
    at.run()
    assert not at.exception
    assert len(at.dataframe(key="timeline_table").value) > 0
    assert "timeline_table_open=true" in at.code[0].value  # the Share link reopens it


def test_timeline_table_opens_from_the_link(small_atlas):
    at = start({"timeline_table_open": "true"}, page="components/pages/timeline/page.py")
    assert len(at.dataframe(key="timeline_table").value) > 0
    at = start({"timeline_table_open": "maybe"}, page="components/pages/timeline/page.py")
    assert any("timeline_table_open" in w.value for w in at.warning)  # a bad value: notice, table closed
    assert not [d for d in at.dataframe if d.key == "timeline_table"]


def test_timeline_table_row_shows_the_event_sources(small_atlas):
    at = start({"timeline_table_open": "true"}, page="components/pages/timeline/page.py")
    table = at.dataframe(key="timeline_table").value
    row = table["event_id"].tolist().index("kr-eco")
    at.session_state["timeline_table"] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception
    assert [h.value for h in at.subheader] == ["Selected event"]
    sources = at.table[0].value  # an HTML table: two sources
    assert len(sources) == 2
