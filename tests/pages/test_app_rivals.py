"""AppTest: the Rivals page (URL seeding, metric, period and colour changes on the figure spec, bad values, a click
that opens a profile), the profile's Rivals section, and worldwide rival events on the timeline."""

import json
import re

import pandas as pd
import pytest
from apptest import start_dashboard

RIVALS_PAGE = "components/pages/rivals/page.py"
COUNTRY_PAGE = "components/pages/country/page.py"
TIMELINE_PAGE = "components/pages/timeline/page.py"


def start(page, params=None):
    return start_dashboard(params, page)


def map_spec(at):
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def drawn(spec):
    """Trace name -> countries, for the choropleths that draw a figure (not the 'No figure' one)."""
    return {t["name"]: list(t["locations"]) for t in spec["data"] if t["type"] == "choropleth"}


def with_figure(spec):
    return {code for name, codes in drawn(spec).items() if name != "No figure" for code in codes}


def unescaped(frame):
    """A small HTML table's cells and headers without their Markdown escapes (render_small_table adds them)."""
    plain = frame.map(lambda cell: re.sub(r"\\(.)", r"\1", str(cell)))
    return plain.rename(columns=lambda c: re.sub(r"\\(.)", r"\1", str(c)))


def table_with(at, column):
    """The first table (a grid, or a small HTML table) with `column` (AppTest does not find dataframes by key)."""
    return next(
        frame for frame in [*(d.value for d in at.dataframe), *(unescaped(t.value) for t in at.table)]
        if column in frame.columns
    )  # fmt: skip


def notices(at):
    return " ".join(w.value for w in at.warning)


def test_the_url_seeds_the_rivals_page():
    at = start(RIVALS_PAGE, {"metric": "shipment_share", "period": "2021-Q2", "rival": "samsung", "colour": "gap"})
    assert at.selectbox(key="rivals_metric").value == "shipment_share"
    assert at.select_slider(key="rivals_period").value == "2021-Q2"
    assert at.selectbox(key="rivals_rival").value == "samsung"
    spec = map_spec(at)
    assert "Xiaomi minus Samsung (points)" in drawn(spec)
    assert {"IND", "DEU", "ESP"} <= with_figure(spec)
    assert not notices(at)
    assert at.query_params["period"] in ("2021-Q2", ["2021-Q2"])
    assert spec["layout"]["geo"]["resolution"] == 50
    assert all(row[0] == code for t in spec["data"] if t["type"] == "choropleth"
               for row, code in zip(t["customdata"], t["locations"], strict=True))  # fmt: skip


def test_defaults_draw_at_least_25_countries_with_a_figure():
    at = start(RIVALS_PAGE)
    assert at.selectbox(key="rivals_metric").value == "shipment_share"
    assert len(with_figure(map_spec(at))) >= 25
    assert at.query_params["metric"] in ("shipment_share", ["shipment_share"])


def test_metric_period_and_colour_changes_change_the_figure():
    at = start(RIVALS_PAGE, {"metric": "shipment_share", "period": "2021-Q2"})
    before = with_figure(map_spec(at))
    at.select_slider(key="rivals_period").set_value("2017-Q4").run()
    earlier = with_figure(map_spec(at))
    assert earlier != before and "IND" in earlier and "PRT" not in earlier  # Portugal's figures start in 2022
    at.toggle(key="rivals_exact").set_value(True).run()
    assert with_figure(map_spec(at)) < earlier
    at.segmented_control(key="rivals_colour").set_value("rank").run()
    assert any(name.startswith("Rank") for name in drawn(map_spec(at)))
    at.toggle(key="rivals_exact").set_value(False).run()
    at.selectbox(key="rivals_metric").set_value("web_usage_share").run()
    assert not at.exception
    assert at.select_slider(key="rivals_period").value == "2025-10"  # moved to the new metric's newest period
    assert len(with_figure(map_spec(at))) >= 5
    at.selectbox(key="rivals_rival").set_value("apple").run()
    at.segmented_control(key="rivals_colour").set_value("gap").run()
    assert "Xiaomi minus Apple (points)" in drawn(map_spec(at))


@pytest.mark.parametrize(
    ("params", "shown"),
    [
        ({"metric": "toasters"}, "metric: 'toasters'"),
        ({"metric": "shipment_share", "period": "2031-Q7"}, "period: '2031-Q7'"),
        ({"rival": "nokia"}, "rival: 'nokia'"),
        ({"colour": "rainbow"}, "colour: 'rainbow'"),
    ],
)
def test_bad_url_values_give_a_notice_and_the_page_still_draws(params, shown):
    at = start(RIVALS_PAGE, params)
    assert shown in notices(at).replace("\\", "")
    assert with_figure(map_spec(at))


def test_the_table_tab_lists_the_same_countries_with_their_sources():
    at = start(RIVALS_PAGE, {"metric": "shipment_share", "period": "2021-Q2"})
    table = table_with(at, "ISO3")
    assert set(table["ISO3"]) == with_figure(map_spec(at))
    assert table["Firm"].astype(bool).all() and table["Licence"].astype(bool).all()


def test_a_click_on_the_rivals_map_opens_the_profile():
    at = start(RIVALS_PAGE)
    point = {"location": "IND", "customdata": ["IND"]}
    at.session_state["rivals_map"] = {"selection": {"points": [point], "point_indices": [0], "box": [], "lasso": []}}
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["India"]
    assert any("Shipment share" in json.loads(c.proto.spec)["layout"].get("title", {}).get("text", "")
               for c in at.get("plotly_chart"))  # fmt: skip  # it opens on the profile's Rivals tab


def test_the_profile_rivals_section_on_the_real_data():
    at = start(COUNTRY_PAGE, {"country": "IND", "country_tab": "Rivals"})
    assert "Rivals" in [t.label for t in at.tabs]
    assert "Competitors here" not in [h.value for h in at.header]
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Xiaomi passed Samsung in India's shipments in 2017-Q4 (Counterpoint)" in text
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    share = next(s for s in specs if "Shipment share" in s["layout"].get("title", {}).get("text", ""))
    assert {"Xiaomi", "Samsung", "Xiaomi's rank"} <= {t["name"] for t in share["data"]}
    events = table_with(at, "scope")
    assert "worldwide" in set(events["scope"])  # e.g. Google cutting Huawei off Android, shown on India's profile
    # one credits table per metric, small ones as real HTML tables (st.table) with Markdown links to http(s) pages
    credits = pd.concat([t.value for t in [*at.table, *at.dataframe] if "Licence" in t.value.columns])
    assert {"Counterpoint", "IDC", "StatCounter"} <= set(credits["Firm"])
    assert credits["Link"].str.contains(r"\]\(https?://", regex=True).all()
    assert credits["Licence"].astype(bool).all()


def test_a_profile_without_figures_says_which_are_missing():
    at = start(COUNTRY_PAGE, {"country": "BRA", "country_tab": "Rivals"})
    captions = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Brazil: no figure is recorded for shipments, sales, survey answers, installed base." in captions
    events = table_with(at, "scope")
    assert "ww-2021-04-05-lg-phone-exit-decision" in set(events["event_id"])  # LG's worldwide exit is here too


def test_the_rivals_section_on_the_small_data(small_atlas):
    at = start(COUNTRY_PAGE, {"country": "KOR", "country_tab": "Rivals"})
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "Xiaomi ranked 2 of the 2 vendors listed with 1.5%, 56.5 points behind Samsung" in text
    assert next(t.value for t in at.table if "Licence" in t.value.columns)["Firm"].tolist() == ["Analyst Firm"]


def test_the_rivals_page_on_the_small_data(small_atlas):
    at = start(RIVALS_PAGE)
    assert at.select_slider(key="rivals_period").value == "2016-Q2"
    assert drawn(map_spec(at))["Samsung"] == ["KOR"]


def test_the_competitors_toggle_shows_worldwide_rival_events_on_the_timeline():
    at = start(TIMELINE_PAGE)
    at.toggle(key="timeline_competitors").set_value(True).run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    ids = {
        row[0] for t in spec["data"] if t.get("mode") == "markers" and t.get("customdata") for row in t["customdata"]
    }
    assert {"ww-2021-04-05-lg-phone-exit-decision", "ww-2019-05-19-google-suspends-huawei-android"} <= ids
    assert "tr-2021-05-24-tecno-pendik-production" in ids  # rivals beyond the four main ones too
    rows = {y for t in spec["data"] for y in t.get("y") or [] if isinstance(y, str)}
    assert "World (region)" in rows
