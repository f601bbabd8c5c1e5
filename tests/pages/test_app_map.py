"""AppTest: the map page, the global URL filters and the map click that opens a country profile."""

import json

import pytest
from apptest import start_dashboard


def start(params=None, page=None):
    return start_dashboard(params, page)


def map_spec(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def locations(spec, name):
    return next(t.get("locations", []) for t in spec["data"] if t.get("name") == name)


def test_map_runs_on_the_real_data():
    at = start()
    spec = map_spec(at)
    assert {t["type"] for t in spec["data"]} == {"choropleth", "scattergeo"}
    assert spec["layout"]["geo"]["projection"]["type"] == "natural earth"
    assert len(at.metric) == 4


def test_map_is_handed_over_to_be_drawn_once(small_atlas):
    """The settings that let plotly.js draw the map once (docs/performance.md, sixth session): no theme object,
    plotly's own measure of the width for the first draw; new data, new revision (the browser test checks the draw).
    """
    at = start()
    chart = at.get("plotly_chart")[0].proto
    spec = json.loads(chart.spec)
    assert chart.theme == "" and "template" not in spec["layout"]  # theme=None: the page's CSS follows the theme
    assert json.loads(chart.config)["autosizable"] is True
    revision = spec["layout"]["datarevision"]
    at.slider(key="map_year").set_value(2015).run()
    assert map_spec(at)["layout"]["datarevision"] != revision


def test_map_shows_stages_of_the_small_data(small_atlas):
    spec = map_spec(start())
    assert locations(spec, "Official phone launch") == ["KOR", "SGP"]
    assert locations(spec, "Plans or rumours") == ["FRA"]
    assert at_metric_values(start())[:3] == ["2", "0", "1"]


def at_metric_values(at):
    return [m.value for m in at.metric]


def test_year_slider_changes_the_map(small_atlas):
    at = start()
    at.slider(key="map_year").set_value(2015).run()
    assert locations(map_spec(at), "Official phone launch") == ["SGP"]


def test_url_seeds_the_filters(small_atlas):
    at = start({"country": ["KOR", "FRA"], "status": "happened", "from": "2015-01-01"})
    assert at.multiselect(key="country").value == ["KOR", "FRA"]
    assert at.multiselect(key="status").value == ["happened"]
    assert str(at.date_input(key="from").value) == "2015-01-01"
    spec = map_spec(at)
    assert locations(spec, "Official phone launch") == ["KOR"]
    assert locations(spec, "Plans or rumours") == []  # FRA only has a rumour


def test_a_filter_change_changes_the_figure_and_the_url(small_atlas):
    at = start()
    assert locations(map_spec(at), "Plans or rumours") == ["FRA"]
    at.multiselect(key="status").set_value(["happened"]).run()
    assert locations(map_spec(at), "Plans or rumours") == []
    assert at.query_params["status"] in ("happened", ["happened"])
    at.multiselect(key="country").set_value(["KOR", "SGP"]).run()
    assert at.query_params["country"] == ["KOR", "SGP"]


def test_bad_url_values_give_a_notice_not_an_error(small_atlas):
    at = start({"country": ["KOR", "ZZZ"], "from": "2020-13-45", "product": "toasters", "lang": "xx"})
    assert at.multiselect(key="country").value == ["KOR"]
    notice = " ".join(w.value for w in at.warning)
    for dropped in ("ZZZ", "from", "toasters", "xx"):
        assert dropped in notice


@pytest.mark.parametrize("point", [{"location": "KOR"}, {"customdata": ["KOR", "South Korea"]}])
def test_a_map_click_opens_the_country_profile(small_atlas, point):
    at = start()
    at.session_state["stage_map"] = {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["South Korea"]
    assert at.multiselect(key="country").value == ["KOR"]


def test_animation_adds_a_frame_per_year(small_atlas):
    at = start()
    at.toggle(key="map_animate").set_value(True).run()
    spec = map_spec(at)
    years = [frame["name"] for frame in spec["frames"]]
    assert years[0] == "2014" and len(years) >= 10  # 2014 (first event) to this year


def test_the_animated_map_has_one_year_control(small_atlas):
    at = start({"map_animate": "true", "map_year": "2016"})
    assert [s.key for s in at.slider] == ["map_year"] and at.slider(key="map_year").value == 2016
    spec = map_spec(at)
    assert not spec["layout"].get("sliders")  # plotly's own slider is gone; Play and Pause stay
    assert [b["method"] for b in spec["layout"]["updatemenus"][0]["buttons"]] == ["animate", "animate"]
    assert spec["layout"]["legend"]["title"]["text"] == "Entry stage, 2016"  # the frame shown first
    assert any("plays the years" in c.value for c in at.caption)
    at.slider(key="map_year").set_value(2015).run()
    assert map_spec(at)["layout"]["legend"]["title"]["text"] == "Entry stage, 2015"


def test_empty_filters_explain_themselves(small_atlas):
    at = start({"product": "tv"})
    assert any("No Xiaomi events match" in i.value for i in at.info)


def test_table_view_and_downloads(small_atlas):
    at = start({"map_tab": "Table"})  # tabs bound to the URL run only the open one
    table = at.dataframe[0].value
    assert set(table["ISO3"]) == {"KOR", "SGP", "FRA"}
    labels = [b.label for b in at.download_button]
    assert any("CSV" in label for label in labels) and any("zip" in label for label in labels)
