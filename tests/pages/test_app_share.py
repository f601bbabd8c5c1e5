"""AppTest: every page control is read from the URL (bad values get a notice) and the Share popover's link has it."""

import json

from apptest import start_dashboard

from components import paths


def start(params=None, page=None):
    return start_dashboard(params, page)


def codes(at):
    return [c.value for c in at.code]


def warnings(at):
    return " ".join(w.value for w in at.warning)


def test_map_controls_come_from_the_url(small_atlas):
    at = start({"map_year": "2015", "map_animate": "true", "map_tab": "Table"})
    assert at.slider(key="map_year").value == 2015
    assert at.toggle(key="map_animate").value is True
    assert len(at.dataframe) == 1  # the Table tab is the open one, the map is not drawn
    assert not at.get("plotly_chart")
    link = codes(at)[0]
    assert link.startswith("/?") and "map_year=2015" in link and "map_animate=true" in link and "map_tab=Table" in link


def test_map_link_has_the_filters_and_an_embed_snippet(small_atlas):
    at = start({"country": ["KOR"], "map_year": "2016"})
    link, embed, citation = codes(at)[:3]
    assert link == "/?country=KOR&map_year=2016"
    assert 'src="/?embed=true&country=KOR&map_year=2016"' in embed and embed.startswith("<iframe")
    assert "Xiaomi Market Atlas" in citation and link in citation


def test_bad_map_values_get_a_notice(small_atlas):
    at = start({"map_year": "1890", "map_animate": "maybe", "map_tab": "Globe"})
    text = warnings(at)
    assert "map_year" in text and "map_animate" in text and "map_tab" in text
    assert at.toggle(key="map_animate").value is False
    assert len(at.get("plotly_chart")) == 1


def test_timeline_controls_come_from_the_url(small_atlas):
    params = {"timeline_group": "product_line", "timeline_colour": "event_type", "timeline_competitors": "true"}
    at = start(params, page=paths.ROOT / "components/pages/timeline/page.py")
    assert at.segmented_control(key="timeline_group").value == "product_line"
    assert at.segmented_control(key="timeline_colour").value == "event_type"
    assert at.toggle(key="timeline_competitors").value is True
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    names = {t.get("name") for t in spec["data"]}
    assert "Competitor reaction" in names or len(names) > 1
    link = codes(at)[0]
    for name, value in params.items():
        assert f"{name}={value}" in link


def test_timeline_choice_is_written_to_the_url_and_is_required(small_atlas):
    at = start(page=str(paths.ROOT / "components/pages/timeline/page.py"))
    control = at.segmented_control(key="timeline_group")
    assert control.value == "country"
    assert control.proto.required  # a click on the selected option cannot leave it empty
    control.set_value("product_line").run()
    assert at.query_params["timeline_group"] in ("product_line", ["product_line"])
    at.segmented_control(key="timeline_group").set_value("country").run()
    assert "timeline_group" not in at.query_params


def test_bad_timeline_values_get_a_notice(small_atlas):
    at = start({"timeline_group": "<b>x</b>", "timeline_colour": "rainbow"}, page="components/pages/timeline/page.py")
    text = warnings(at)
    assert "timeline_group" in text and "timeline_colour" in text and "<b>" not in text
    assert at.segmented_control(key="timeline_group").value == "country"


def test_sources_toggle_comes_from_the_url(small_atlas):
    at = start({"sources_all": "true"}, page="components/pages/sources/page.py")
    assert at.toggle(key="sources_all").value is True
    assert "sources_all=true" in codes(at)[0]


def test_image_format_from_the_url_sets_the_export_config(small_atlas):
    at = start({"image_format": "svg", "map_year": "2019"})
    config = json.loads(at.get("plotly_chart")[0].proto.config)
    assert config["toImageButtonOptions"]["format"] == "svg"
    assert config["toImageButtonOptions"]["filename"] == "xiaomi-atlas-map-2019"
    assert config["topojsonURL"] == "app/static/"
