"""AppTest: the timeline, country, sources and about pages run, follow the filters and show their sources."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from components import paths

PAGES = ["components/pages/timeline.py", "components/pages/country.py", "components/pages/sources.py",
         "components/pages/about.py"]


def start(page, params=None):
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def chart_specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def marker_traces(spec):
    return [t for t in spec["data"] if t.get("mode") == "markers" and t.get("customdata")]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_real_data(page):
    at = start(page, {"country": "KOR"})
    assert at.title


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_small_data_without_filters(small_atlas, page):
    start(page)


def test_timeline_follows_the_filters_and_the_toggles(small_atlas):
    at = start(PAGES[0])
    ids = {row[0] for t in marker_traces(chart_specs(at)[0]) for row in t["customdata"]}
    assert ids == {"kr-eco", "kr-launch", "sg-launch", "fr-rumour"}
    at.toggle(key="timeline_competitors").set_value(True).run()
    ids = {row[0] for t in marker_traces(chart_specs(at)[0]) for row in t["customdata"]}
    assert "kr-samsung" in ids
    at.multiselect(key="country").set_value(["SGP"]).run()
    ids = {row[0] for t in marker_traces(chart_specs(at)[0]) for row in t["customdata"]}
    assert ids == {"sg-launch"}


def test_timeline_groups_by_product_line(small_atlas):
    at = start(PAGES[0])
    at.segmented_control(key="timeline_group").set_value("product_line").run()
    rows = {y for t in marker_traces(chart_specs(at)[0]) for y in t["y"]}
    assert {"Smartphones", "Wearables"} <= rows


def test_selecting_an_event_shows_its_sources(small_atlas):
    at = start(PAGES[0])
    at.session_state["timeline_chart"] = {
        "selection": {"points": [{"customdata": ["kr-eco"]}], "point_indices": [0], "box": [], "lasso": []}
    }
    at.run()
    assert not at.exception
    sources = at.dataframe[0].value
    assert set(sources["source_id"]) == {"src-a", "src-b"}
    assert "https://example.com/a" in set(sources["url"])


def test_timeline_empty_result_is_explained(small_atlas):
    at = start(PAGES[0], {"from": "2030-01-01"})
    assert not at.get("plotly_chart")
    assert any("No events match" in i.value for i in at.info)


def test_country_page_takes_its_country_from_the_url(small_atlas):
    at = start(PAGES[1], {"country": "KOR"})
    assert [t.value for t in at.title] == ["South Korea"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["First entry"] == "2016-03" and "Stage today" not in metrics  # a metric truncated the label
    assert "Stage today: Official phone launch" in [s.value for s in at.subheader]
    specs = chart_specs(at)
    share = next(s for s in specs if "Shipment share" in s["layout"].get("title", {}).get("text", ""))
    assert sorted(t["name"] for t in share["data"]) == ["Samsung", "Xiaomi"]
    assert any("conflict" in h.value.lower() for h in at.header)
    assert any("It was in August." == t.value for t in at.text)


def test_country_page_without_a_country_offers_a_picker(small_atlas):
    at = start(PAGES[1])
    at.selectbox(key="profile_pick").set_value("SGP").run()
    assert [t.value for t in at.title] == ["Singapore"]
    assert at.query_params["country"] in ("SGP", ["SGP"])


def test_country_data_text_is_not_rendered_as_html(small_atlas):
    at = start(PAGES[1], {"country": "KOR"})
    assert not at.get("html")
    assert all("<b>" not in m.value for m in at.markdown)


def test_sources_page_lists_sources_corroboration_and_conflicts(small_atlas):
    at = start(PAGES[2])
    tables = [d.value for d in at.dataframe]
    sources, corroboration, conflicts = tables[0], tables[1], tables[2]
    assert {"src-a", "src-b", "src-c", "src-d"} <= set(sources["source_id"])
    kr_eco = corroboration.set_index("event_id").loc["kr-eco"]
    assert (kr_eco["n_sources"], kr_eco["n_independent"]) == (2, 1)  # same cluster counts once
    assert set(conflicts["claim"]) == {"It was in July.", "It was in August."}


def test_sources_page_follows_the_language_filter(small_atlas):
    at = start(PAGES[2], {"lang": "fr"})
    assert set(at.dataframe[0].value["source_id"]) == {"src-d"}


def test_about_page_explains_the_stages_and_how_to_cite(small_atlas):
    at = start(PAGES[3])
    assert "Official phone launch" in set(at.dataframe[0].value["label"])
    assert "Xiaomi Market Atlas" in at.code[0].value
