"""Sections drawn only when open (first paint): the sidebar's date row, the timeline's table, the country tabs."""

import datetime
import json

import pytest

from components.app.sidebar import DATES_OPEN_KEY, dates_label
from tests.apptest import start_dashboard

COUNTRY_PAGE = "components/pages/country/page.py"
TIMELINE_PAGE = "components/pages/timeline/page.py"


@pytest.mark.parametrize(
    ("start", "end", "label"),
    [
        (None, None, "Dates: any"),
        (datetime.date(2015, 1, 1), None, "Dates: 2015-01-01 to …"),
        (None, datetime.date(2018, 12, 31), "Dates: … to 2018-12-31"),
        (datetime.date(2015, 1, 1), datetime.date(2018, 12, 31), "Dates: 2015-01-01 to 2018-12-31"),
    ],
)
def test_the_closed_date_row_names_the_range(start, end, label):
    assert dates_label(start, end) == label


def date_boxes(at) -> dict[str, object]:
    return {box.key: box.value for box in at.date_input}


def test_no_date_filter_draws_no_date_box(small_atlas):
    at = start_dashboard()
    assert not at.date_input
    assert [e.label for e in at.sidebar.expander] == ["Dates: any"]
    at.session_state[DATES_OPEN_KEY] = True
    at.run()
    assert date_boxes(at) == {"from": None, "to": None}


def test_a_date_in_the_link_opens_the_row_and_survives_closing_it(small_atlas):
    at = start_dashboard({"from": "2015-01-01"})
    assert date_boxes(at) == {"from": datetime.date(2015, 1, 1), "to": None}
    assert [e.label for e in at.sidebar.expander] == ["Dates: 2015-01-01 to …"]
    at.session_state[DATES_OPEN_KEY] = False
    at.run()
    assert not at.date_input  # closed: not drawn ...
    at.run()
    assert at.query_params["from"] in ("2015-01-01", ["2015-01-01"])  # ... and the filter holds, run after run
    at.session_state[DATES_OPEN_KEY] = True
    at.run()
    assert date_boxes(at)["from"] == datetime.date(2015, 1, 1)


def test_a_date_typed_in_the_row_filters_and_is_kept(small_atlas):
    at = start_dashboard()
    at.session_state[DATES_OPEN_KEY] = True
    at.run()
    at.date_input(key="to").set_value(datetime.date(2016, 6, 30)).run()
    assert at.query_params["to"] in ("2016-06-30", ["2016-06-30"])
    at.session_state[DATES_OPEN_KEY] = False
    at.run()
    at.run()
    assert at.query_params["to"] in ("2016-06-30", ["2016-06-30"])
    assert [e.label for e in at.sidebar.expander] == ["Dates: … to 2016-06-30"]


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "") for c in at.get("plotly_chart")]


def test_the_country_profile_runs_only_its_open_tab(small_atlas):
    at = start_dashboard({"country": "KOR"}, COUNTRY_PAGE)
    assert [t.label for t in at.tabs] == ["Xiaomi", "Rivals", "Conflicts"]
    assert "Stage today: Official phone launch" in [s.value for s in at.subheader]
    assert not any("Shipment share" in title for title in chart_titles(at))  # the Rivals tab did not run
    assert not any("It was in August." == t.value for t in at.text)  # nor the Conflicts tab


@pytest.mark.parametrize(
    ("tab", "expected"),
    [
        ("Rivals", lambda at: any("Shipment share" in title for title in chart_titles(at))),
        ("Conflicts", lambda at: any("It was in August." == t.value for t in at.text)),
    ],
)
def test_a_country_tab_opens_from_the_link_and_is_in_the_share_link(small_atlas, tab, expected):
    at = start_dashboard({"country": "KOR", "country_tab": tab}, COUNTRY_PAGE)
    assert expected(at)
    assert "Stage today: Official phone launch" not in [s.value for s in at.subheader]
    assert f"country_tab={tab}" in at.code[0].value


def test_a_bad_country_tab_gets_a_notice(small_atlas):
    at = start_dashboard({"country": "SGP", "country_tab": "Conflicts"}, COUNTRY_PAGE)  # no conflict about SGP
    assert [t.label for t in at.tabs] == ["Xiaomi", "Rivals"]
    assert any("country_tab" in w.value for w in at.warning)
    assert any(s.value.startswith("Stage today") for s in at.subheader)


def test_the_profile_sources_open_from_the_link_and_are_in_the_share_link(small_atlas):
    at = start_dashboard({"country": "KOR"}, COUNTRY_PAGE)
    closed = len(at.table) + len(at.dataframe)
    at = start_dashboard({"country": "KOR", "country_sources_open": "true"}, COUNTRY_PAGE)
    assert len(at.table) + len(at.dataframe) == closed + 1  # the sources table, drawn once open
    assert "country_sources_open=true" in at.code[0].value
    at = start_dashboard({"country": "KOR", "country_sources_open": "wide"}, COUNTRY_PAGE)
    assert any("country_sources_open" in w.value for w in at.warning)
