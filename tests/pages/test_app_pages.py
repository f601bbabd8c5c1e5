"""AppTest: the timeline, country, sources and about pages run, follow the filters and show their sources."""

import base64
import json

import numpy as np
import pandas as pd
import pytest
from apptest import start_dashboard

from components import paths
from components.app.cache import cached_atlas, keep_out_of_garbage_collection
from components.app.widgets import selected_id
from components.queries.filters import FilterSpec, matching_rows, take_rows
from components.queries.tables import events_csv

PAGES = [
    "components/pages/timeline/page.py",
    "components/pages/country/page.py",
    "components/pages/sources/page.py",
    "components/pages/about/page.py",
]


def start(page, params=None):
    return start_dashboard(params, page)


def chart_specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def decode_array(spec):
    """A plotly typed-array spec ({'dtype', 'bdata', 'shape'}), as plotly.js decodes it, or a plain list."""
    if not isinstance(spec, dict):
        return np.asarray(spec)
    values = np.frombuffer(base64.b64decode(spec["bdata"]), dtype=np.dtype(spec["dtype"]))
    return values.reshape([int(n) for n in str(spec.get("shape", len(values))).split(",")])


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
    sources = at.table[0].value  # a small table: real HTML (st.table), cells escaped as Markdown text
    assert set(sources["source\\_id"]) == {"src\\-a", "src\\-b"}
    assert any("(https://example.com/a)" in link for link in sources["url"])


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
    at = start(PAGES[1], {"country": "KOR", "country_tab": "Rivals"})
    share = next(s for s in chart_specs(at) if "Shipment share" in s["layout"].get("title", {}).get("text", ""))
    assert sorted(t["name"] for t in share["data"]) == ["Samsung", "Xiaomi", "Xiaomi's rank"]  # shares, then rank
    at = start(PAGES[1], {"country": "KOR", "country_tab": "Conflicts"})
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


# --- large data: shared read-only model, aggregated timeline, capped tables, deferred downloads ------------------

ALL_PAGES = ["components/pages/map/page.py", *PAGES]


@pytest.fixture(scope="module")
def synth_atlas(tmp_path_factory):
    from benchmarks import synth

    return synth.generate(3_000, tmp_path_factory.mktemp("synth-3000"))


FRAMES = ("events", "sources", "products", "companies", "market_share", "conflicts", "stages", "event_types", "regions")


def frames_snapshot(model):
    """A deep copy of every frame, list cells included (a pickle round trip)."""
    import pickle

    return {name: pickle.loads(pickle.dumps(getattr(model, name))) for name in FRAMES}


def test_page_runs_share_the_cached_model_and_never_modify_it(synth_atlas, monkeypatch):

    monkeypatch.setenv(paths.DATA_DIR_ENV, str(synth_atlas))
    model = cached_atlas(synth_atlas).model
    before = frames_snapshot(model)
    for page in ALL_PAGES:
        at = start(page, {"status": "happened"} if page.endswith("map.py") else None)
        at.run()  # a warm rerun too
        assert not at.exception, at.exception
    at = start(PAGES[0])
    at.toggle(key="timeline_competitors").set_value(True).run()
    at.segmented_control(key="timeline_group").set_value("product_line").run()
    at = start(PAGES[2])
    at.toggle(key="sources_all").set_value(True).run()
    assert cached_atlas(synth_atlas).model is model, "the model was reloaded (or copied) although no file changed"
    for name in FRAMES:  # same values, dtypes, index and list cells: no page modified the shared model
        pd.testing.assert_frame_equal(getattr(model, name), before[name], obj=f"model.{name}")


def test_editing_a_data_file_reloads_the_model(small_atlas):

    model = cached_atlas(small_atlas).model
    assert cached_atlas(small_atlas).model is model
    events = next((small_atlas / "events").glob("*.csv"))
    events.write_text(
        events.read_text(encoding="utf-8").replace("Xiaomi launches in Singapore.", "Xiaomi launched in Singapore."),
        encoding="utf-8",
    )
    reloaded = cached_atlas(small_atlas).model
    assert reloaded is not model and "Xiaomi launched in Singapore." in set(reloaded.events["summary"])


def test_a_large_timeline_is_aggregated_and_says_so(synth_atlas, monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(synth_atlas))
    at = start(PAGES[0])
    assert any("too many to draw one by one" in i.value for i in at.info)
    spec = chart_specs(at)[0]
    assert json.loads(spec["layout"]["meta"])["aggregated"] in ("month", "quarter", "year")  # a string: one draw
    # no event ids to click: the cells' customdata are counts per category, sent as a binary integer array
    cells = marker_traces(spec)
    assert cells and all(t["customdata"]["dtype"][0] in "iu" for t in cells)
    counts = [decode_array(t["customdata"]) for t in cells]
    assert all(c.ndim == 2 and c.shape[0] == len(t["x"]) and c.sum() > 0 for c, t in zip(counts, cells, strict=True))
    assert len(at.get("plotly_chart")[0].proto.spec) < 2_000_000
    table = at.dataframe[0].value
    assert len(table) == 500
    assert any("Showing the first 500 of" in c.value for c in at.caption)
    at.multiselect(key="country").set_value(["KOR"]).run()  # few events: one marker each, clickable
    assert not any("too many" in i.value for i in at.info) and marker_traces(chart_specs(at)[0])


def test_large_source_tables_are_capped_with_a_note(synth_atlas, monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(synth_atlas))
    at = start(PAGES[2])
    at.toggle(key="sources_all").set_value(True).run()
    assert all(len(d.value) <= 500 for d in at.dataframe)
    assert any("Showing the first 500 of 600 sources" in c.value for c in at.caption)


def test_downloads_are_built_on_click_with_every_matching_event(small_atlas):
    import io

    model = cached_atlas(small_atlas).model
    at = start(PAGES[0])
    assert next(b.label for b in at.download_button) == "Download these 4 events (CSV)"
    spec = FilterSpec()
    csv = events_csv(model, take_rows(model.events, matching_rows(model.events, spec, model.sources)))
    assert pd.read_csv(io.BytesIO(csv))["event_id"].tolist() == ["kr-eco", "kr-launch", "sg-launch", "fr-rumour"]


def test_a_frozen_model_is_freed_when_dropped_and_cycles_at_the_next_load(small_atlas):
    """ui keeps a loaded model out of the cyclic collector (gc.freeze). Dropped, it is freed by reference counting;
    held only by a reference cycle, it goes at the next load, which unfreezes and collects first."""
    import gc
    import weakref

    from components.model import load_model

    try:
        model = load_model(small_atlas)
        keep_out_of_garbage_collection()
        assert gc.get_freeze_count() > 0
        events = weakref.ref(model.events)
        del model
        assert events() is None
        model = load_model(small_atlas)
        cycle = [model]
        cycle.append(cycle)
        keep_out_of_garbage_collection()
        events = weakref.ref(model.events)
        del model, cycle
        gc.collect()
        assert events() is not None  # frozen: the cycle is out of the collector's reach...
        keep_out_of_garbage_collection()  # ...until the next load
        assert events() is None
    finally:
        gc.unfreeze()


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        ({"selection": {"points": [{"location": "KOR"}]}}, "KOR"),
        ({"selection": {"points": [{"customdata": ["kor-2016-launch", "2016-07"]}]}}, "kor-2016-launch"),
        ({"selection": {"points": [{"customdata": [12, 3, 9]}]}}, None),  # a counted cell: numbers
        ({"selection": {"points": [{"customdata": {"0": 12, "1": 3}}]}}, None),  # ... as a typed array arrives
        ({"selection": {"points": [{"customdata": []}, {"location": "IND"}]}}, "IND"),
        ({"selection": {"points": []}}, None),
        ({"selection": {"points": None}}, None),
        ({"selection": {"points": ["odd"]}}, None),
        ({"selection": {}}, None),
        (None, None),
    ],
)
def test_selected_id_reads_only_an_id_from_a_click(event, expected):

    assert selected_id(event) == expected
