"""Country names in the reader's language on every page's views (de, fr, ja; English as the fallback), and the
country page's tables whose selected row shows an event's sources (AppTest).
"""

import datetime

import pandas as pd
import pytest
from apptest import start_dashboard

from components.app.cache import cached_atlas
from components.pages.country.view import build_event_sources, build_rivals, build_xiaomi_path, country_label
from components.pages.rivals.view import build_options, build_rivals_map
from components.pages.sources.view import build_conflicts_table, build_sources_view
from components.pages.timeline.view import build_event_table, build_figure
from components.queries.filters import FilterSpec
from components.queries.rivals import RivalsChoice

TODAY = datetime.date(2026, 12, 1)
NAMES = [  # locale, South Korea, France
    ("de", "Südkorea", "Frankreich"),
    ("fr", "Corée du Sud", "France"),
    ("ja", "韓国", "フランス"),
    ("en-US", "South Korea", "France"),
    (None, "South Korea", "France"),
    ("xx-unknown", "South Korea", "France"),  # an unknown locale: English
]


@pytest.fixture
def atlas(small_atlas):
    return cached_atlas(small_atlas)


@pytest.mark.parametrize(("locale", "korea", "france"), NAMES)
def test_the_timeline_names_countries_in_the_readers_language(atlas, locale, korea, france):
    table = build_event_table(atlas, FilterSpec(), locale)
    assert {korea, france} <= set(table["country"])
    assert list(table["event_id"])  # the rows keep their ids: a selection still names the event
    figure = build_figure(atlas, FilterSpec(), "country", "stage", TODAY, locale)
    rows = {str(y) for trace in figure.data for y in (trace.y if trace.y is not None else ())}
    assert {korea, france} <= rows, rows  # the row labels (and so the hover) use the reader's names


@pytest.mark.parametrize(("locale", "korea", "france"), NAMES)
def test_the_country_page_names_its_country_in_the_readers_language(atlas, locale, korea, france):
    assert country_label("KOR", locale) == korea
    path = build_xiaomi_path(atlas, FilterSpec(countries=("KOR",)), "KOR", TODAY, locale)
    assert "country" not in path.events.columns  # the same in every row: the page's title names it
    rivals = build_rivals(atlas, "KOR", TODAY, locale)
    assert set(rivals.events["country"]) == {korea}
    assert any(korea in sentence for sentence in rivals.sentences)
    event, sources = build_event_sources(atlas, "fr-rumour", locale)
    assert event["country"] == france and list(sources["source_id"]) == ["src-d"]


@pytest.mark.parametrize(("locale", "korea", "france"), NAMES)
def test_rivals_and_sources_name_countries_in_the_readers_language(atlas, locale, korea, france):
    options = build_options(atlas)
    choice = RivalsChoice("shipment_share", options.periods["shipment_share"][-1], "leader", "samsung")
    shown = build_rivals_map(atlas, choice, False, locale)
    assert list(shown.table["Country"]) == [korea] and list(shown.table["ISO3"]) == ["KOR"]
    view = build_sources_view(atlas, FilterSpec(), False, "", locale)
    assert {korea, france} <= set(view["corroboration"]["country"])
    conflicts, _ = build_conflicts_table(atlas, (), locale)
    assert set(conflicts["country"]) == {korea}


def test_an_unknown_event_has_no_sources(atlas):
    assert build_event_sources(atlas, "no-such-event", "de")[0] is None


EXPECTED_SOURCES = {"kr-eco": {"src-a", "src-b"}, "kr-launch": {"src-c"}, "kr-samsung": {"src-a"}}


@pytest.mark.parametrize(("key", "tab"), [("country_events", "Xiaomi"), ("competitor_events", "Rivals")])
def test_selecting_a_row_of_a_long_country_table_shows_the_events_sources(small_atlas, monkeypatch, key, tab):
    import components.app.widgets

    monkeypatch.setattr(components.app.widgets, "SMALL_TABLE_ROWS", 0)  # every table is long: a selectable grid
    at = start_dashboard({"country": "KOR", "country_tab": tab}, "components/pages/country/page.py")
    assert not any("Selected event" in m.value for m in at.markdown)  # no row selected: no event's sources yet
    table = at.dataframe(key=key).value
    assert "all sources" not in table.columns
    at.session_state[key] = {"selection": {"rows": [0], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, at.exception
    event_id = table["event_id"].iloc[0]
    assert any("Selected event" in m.value for m in at.markdown)
    grids = [set(d.value["source_id"]) for d in at.dataframe if "source_id" in d.value.columns]
    assert EXPECTED_SOURCES[event_id] in grids  # the selected event's sources, below the table


@pytest.mark.parametrize("tab", ["Xiaomi", "Rivals"])
def test_a_short_country_table_links_every_source_in_its_row(small_atlas, tab):
    at = start_dashboard({"country": "KOR", "country_tab": tab}, "components/pages/country/page.py")
    tables = [t.value for t in at.table if "sources" in t.value.columns and "event\\_id" in t.value.columns]
    assert len(tables) == 1 and not [d for d in at.dataframe if "event_id" in d.value.columns]  # HTML, no grid
    sources = pd.read_csv(small_atlas / "sources" / "small.csv", dtype=str)
    urls = dict(zip(sources["source_id"], sources["url"], strict=True))
    for event_id, cell in zip(tables[0]["event\\_id"], tables[0]["sources"], strict=True):
        wanted = EXPECTED_SOURCES[event_id.replace("\\-", "-")]
        assert cell.count("](") == len(wanted), cell  # one Markdown link per source, in the event's own row
        for source_id in wanted:
            assert urls[source_id].split("//")[1].removeprefix("www.").split("/")[0] in cell
