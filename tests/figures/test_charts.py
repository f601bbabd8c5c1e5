"""Chart factories are tested by structure (trace types, names, locations, symbols), never by pixels."""

import datetime
import json

import pandas as pd
import pytest

from components.figures.country import make_market_share_figure, make_stage_history_figure
from components.figures.map import make_stage_map_figure, small_countries
from components.figures.style import MAP_HEIGHT, NOT_COVERED_LABEL, STAGE_COLOURS
from components.figures.timeline import make_timeline_figure
from components.figures.timeline_cells import timeline_aggregation
from components.model.load import load_model
from components.queries.filters import FilterSpec, apply_filters
from components.queries.stages import compute_stage_as_of, compute_stage_history

NAMES = {"KOR": "South Korea", "SGP": "Singapore", "FRA": "France", "USA": "United States", "DEU": "Germany"}
CENTROIDS = pd.DataFrame(
    {
        "iso3": ["KOR", "SGP", "FRA"],
        "name": ["", "", ""],
        "lon": [127.8, 103.8, 2.5],
        "lat": [36.4, 1.4, 46.6],
        "area_km2": [100_000, 509, 550_000],
        "in_110m": [1, 0, 1],
    }
)


@pytest.fixture
def model(small_atlas):
    return load_model()


def stage_map(model, as_of=datetime.date(2020, 1, 1), **kwargs):
    frame = compute_stage_as_of(model.events, model.stages, as_of)
    return make_stage_map_figure(
        kwargs.pop("frames", frame),
        model.stages,
        covered=["KOR", "SGP", "FRA", "DEU"],
        all_countries=NAMES,
        names=NAMES,
        centroids=CENTROIDS,
        **kwargs,
    )


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)


def test_map_has_one_trace_per_stage_in_rank_order_after_not_covered(model):
    fig = stage_map(model)
    names = [t.name for t in fig.data if t.type == "choropleth"]
    assert names == [NOT_COVERED_LABEL, *model.stages["label"]]
    assert all(t.locationmode == "ISO-3" for t in fig.data if t.type == "choropleth")
    assert fig.layout.geo.projection.type == "natural earth" and fig.layout.geo.projection.rotation.lon == 0


def test_map_puts_each_country_in_its_stage_and_separates_none_from_not_covered(model):
    fig = stage_map(model)
    assert list(trace(fig, "Official phone launch").locations) == ["KOR", "SGP"]
    assert list(trace(fig, "Plans or rumours").locations) == ["FRA"]
    assert list(trace(fig, "No recorded entry").locations) == ["DEU"]  # covered, no Xiaomi event
    assert list(trace(fig, NOT_COVERED_LABEL).locations) == ["USA"]
    colours = [trace(fig, name).colorscale[0][1] for name in ("No recorded entry", NOT_COVERED_LABEL)]
    assert colours[0] != colours[1]


def test_map_leaves_antarctica_off_and_draws_no_border_layer(model):
    """Antarctica is below the map's latitude range (plotly would still project it); each shape has its outline."""
    frame = compute_stage_as_of(model.events, model.stages, datetime.date(2020, 1, 1))
    fig = make_stage_map_figure(
        frame, model.stages, covered=["FRA"], all_countries={**NAMES, "ATA": "Antarctica"}, names=NAMES
    )
    assert all("ATA" not in t.locations for t in fig.data if t.type == "choropleth")
    assert list(trace(fig, NOT_COVERED_LABEL).locations) == ["DEU", "KOR", "SGP", "USA"]
    assert fig.layout.geo.showcountries is False and fig.layout.geo.showland is True
    assert all(t.marker.line.width > 0 for t in fig.data if t.type == "choropleth")


def test_map_stage_depends_on_the_date(model):
    fig = stage_map(model, as_of=datetime.date(2015, 1, 1))
    assert list(trace(fig, "Official phone launch").locations) == ["SGP"]
    assert "KOR" in trace(fig, "No recorded entry").locations


def test_stage_colours_are_distinct():
    assert len(set(STAGE_COLOURS.values())) == len(STAGE_COLOURS)


def test_small_countries_get_a_clickable_marker_with_their_code(model):
    fig = stage_map(model)
    markers = trace(fig, "Small countries")
    assert markers.type == "scattergeo"
    assert [row[0] for row in markers.customdata] == ["SGP"]


def test_every_map_trace_carries_the_country_code_first(model):
    for t in stage_map(model).data:
        assert all(len(row[0]) == 3 for row in (t.customdata if t.customdata is not None else []))


def test_map_hover_escapes_data_text(model):
    events = model.events.copy()
    events.loc[events["event_id"] == "kr-launch", "partners"] = pd.Series([["<script>x</script>"]], index=[1])
    frame = compute_stage_as_of(events, model.stages, datetime.date(2020, 1, 1))
    fig = stage_map(model, frames=frame)
    partners = [row[5] for row in trace(fig, "Official phone launch").customdata]
    assert any("&lt;script&gt;" in p for p in partners) and not any("<script>" in p for p in partners)


def test_animated_map_has_one_frame_per_year_and_a_play_button(model):
    frames = {
        str(y): compute_stage_as_of(model.events, model.stages, datetime.date(y, 12, 31)) for y in (2014, 2015, 2016)
    }
    fig = stage_map(model, frames=frames, active="2015")
    assert [f.name for f in fig.frames] == ["2014", "2015", "2016"]
    assert not fig.layout.sliders  # one year control only: the page's slider picks the frame shown first
    assert fig.layout.legend.title.text == "Entry stage, 2015"
    assert [f.layout.legend.title.text for f in fig.frames] == [f"Entry stage, {y}" for y in (2014, 2015, 2016)]
    assert fig.layout.updatemenus[0].buttons[0].method == "animate"
    assert fig.layout.height == MAP_HEIGHT  # the desktop height; the page's CSS sizes it from a phone's width
    assert list(trace(fig, "Official phone launch").locations) == ["SGP"]  # the active frame is drawn first


@pytest.mark.parametrize(
    ("frames", "label"),
    [
        (None, "one year"),
        ({str(y): None for y in (2014, 2015)}, "animated"),
    ],
)
def test_map_is_built_to_be_drawn_once(model, frames, label):
    """What lets Streamlit's second hand-over of the map to plotly.js change nothing (docs/performance.md, sixth
    session): no template, numbers as JSON lists (not base64 typed arrays), a datarevision, Streamlit's selection
    settings already in the layout.
    """
    kwargs = {}
    if frames is not None:
        kwargs["frames"] = {
            y: compute_stage_as_of(model.events, model.stages, datetime.date(int(y), 12, 31)) for y in frames
        }
    spec = json.loads(stage_map(model, **kwargs).to_json())
    assert "template" not in spec["layout"], label
    assert "bdata" not in json.dumps(spec["data"]), label
    assert spec["layout"]["datarevision"], label
    assert (spec["layout"]["clickmode"], spec["layout"]["hovermode"], spec["layout"]["dragmode"]) == (
        "event+select",
        "closest",
        "pan",
    )


def test_map_datarevision_changes_with_the_data_and_only_with_it(model):
    early = compute_stage_as_of(model.events, model.stages, datetime.date(2012, 1, 1))
    late = compute_stage_as_of(model.events, model.stages, datetime.date(2024, 1, 1))
    revision = [stage_map(model, frames=frame).layout.datarevision for frame in (early, early, late)]
    assert revision[0] == revision[1] != revision[2]


def test_timeline_points_with_hollow_plans_and_period_bars(model):
    fig = make_timeline_figure(model.events, colour_by="stage")
    planned = trace(fig, "planned")
    assert planned.mode == "markers" and list(planned.marker.symbol) == ["circle-open"]
    assert "diamond" in trace(fig, "none").marker.symbol  # Samsung's event
    bars = fig.data[0]
    assert bars.mode == "lines"
    spans = [pd.Timestamp(x) for x in bars.x if x is not None]
    assert pd.Timestamp("2017-04-01") in spans and pd.Timestamp("2017-06-30") in spans  # 2017-Q2


def test_timeline_groups_by_product_line(model):
    fig = make_timeline_figure(model.events, group_by="product_line", group_labels={"smartphones": "Phones"})
    ys = {y for t in fig.data if t.mode == "markers" for y in t.y if y is not None}
    assert {"Phones", "wearables", "(unspecified)"} <= ys


def test_timeline_customdata_starts_with_event_id(model):
    fig = make_timeline_figure(model.events)
    ids = {row[0] for t in fig.data if t.customdata is not None for row in t.customdata}
    assert ids == set(model.events["event_id"])


def test_empty_timeline_says_so():
    empty = pd.DataFrame(columns=["event_id"])
    fig = make_timeline_figure(empty)
    assert not fig.data and "No events" in fig.layout.annotations[0].text


def test_stage_history_is_a_step_line(model):
    history = compute_stage_history(model.events, model.stages, "KOR")
    fig = make_stage_history_figure(history, model.stages)
    assert fig.data[0].line.shape == "hv"
    assert list(fig.data[1].y) == ["Ecosystem products only", "Official phone launch"]


def test_market_share_one_line_per_vendor_for_one_metric(model):
    share = pd.concat([model.market_share, model.market_share.assign(metric="web_usage_share", value=99.0)])
    fig = make_market_share_figure(share, metric="shipment_share", vendor_names={"samsung": "Samsung"})
    assert sorted(t.name for t in fig.data) == ["Samsung", "xiaomi"]
    assert max(v for t in fig.data for v in t.y) < 99


def test_market_share_anomalies_are_not_joined(model):
    share = model.market_share.copy()
    share["quality_flag"] = ["anomaly", "", "", ""]
    fig = make_market_share_figure(share, metric="shipment_share")
    flagged = trace(fig, "Flagged as anomaly")
    assert flagged.mode == "markers" and len(flagged.y) == 1


def test_small_countries_rule():
    assert small_countries(CENTROIDS) == {"SGP"}


def test_filters_feed_the_map(model):
    events = apply_filters(model.events, FilterSpec(statuses=("happened",)))
    frame = compute_stage_as_of(events, model.stages, datetime.date(2020, 1, 1))
    assert "FRA" not in set(frame["country"])


def cartesian_figures(model):
    history = compute_stage_history(model.events, model.stages, "KOR")
    return {
        "timeline": make_timeline_figure(model.events),
        "stage history": make_stage_history_figure(history, model.stages),
        "market share": make_market_share_figure(model.market_share, metric="shipment_share"),
    }


def test_axis_tick_labels_are_never_clipped(model):
    """Screenshots showed country and stage names cut to 2-3 letters: a fixed 10px left margin. Axes must grow
    the margin to fit their labels (automargin)."""
    for name, fig in cartesian_figures(model).items():
        assert fig.layout.yaxis.automargin is True, name
        assert fig.layout.xaxis.automargin is True, name


def test_market_share_ticks_are_percentages(model):
    fig = make_market_share_figure(model.market_share, metric="shipment_share")
    assert fig.layout.yaxis.ticksuffix == "%" and fig.layout.title.text == "shipment_share"


def test_a_single_period_gets_a_year_axis_not_milliseconds(model):
    """All rows of one metric on one date (South Korea's 2013 installed base) zoomed plotly into milliseconds."""
    share = model.market_share.copy()
    one = share[share["period"] == share["period"].min()].assign(metric="installed_base_share")
    fig = make_market_share_figure(one, metric="installed_base_share")
    axis = fig.layout.xaxis
    assert axis.type == "date" and axis.tickformat == "%Y"
    low, high = (pd.Timestamp(v) for v in axis.range)
    day = one["period"].iloc[0]
    assert low < day < high and (high - low).days >= 365


def test_several_dates_keep_plotly_automatic_range(model):
    fig = make_market_share_figure(model.market_share, metric="shipment_share")
    assert fig.layout.xaxis.range is None and fig.layout.xaxis.tickformat is None


def test_a_single_event_timeline_gets_a_year_axis(model):
    fig = make_timeline_figure(model.events[model.events["event_id"] == "kr-launch"])
    assert fig.layout.xaxis.tickformat == "%Y" and fig.layout.xaxis.range is not None


def test_timeline_height_grows_with_its_rows(model):
    events = pd.concat(
        [model.events.assign(country=f"C{i:02d}", event_id=model.events["event_id"] + str(i)) for i in range(45)]
    )
    fig = make_timeline_figure(events)
    assert len(fig.layout.yaxis.categoryarray) == 45
    assert fig.layout.height >= 45 * 24  # at least ~24px per row: every label readable
    small = make_timeline_figure(model.events)
    assert small.layout.height < fig.layout.height


def test_timeline_legend_shows_each_colour_as_a_plain_circle(model):
    """The legend drew each colour trace's first marker: 'Phones via partners' appeared as a withdrawal cross."""
    fig = make_timeline_figure(model.events, colour_by="stage")
    shown = [t for t in fig.data if t.showlegend is not False and t.legendgroup != "symbols" and t.mode == "markers"]
    assert shown and all(t.marker.symbol == "circle" for t in shown)
    for t in shown:  # the legend entry toggles its points too
        points = [p for p in fig.data if p.legendgroup == t.legendgroup and p.customdata is not None]
        assert len(points) == 1 and points[0].showlegend is False and points[0].name == t.name


def many_events(model, copies):
    return pd.concat(
        [model.events.assign(event_id=model.events["event_id"] + f"-{i}") for i in range(copies)], ignore_index=True
    )


def test_timeline_counts_events_per_row_and_period_above_the_threshold(model):
    events = many_events(model, 10)  # 50 events
    assert timeline_aggregation(make_timeline_figure(events, max_points=100)) is None
    fig = make_timeline_figure(events, max_points=20, colour_labels={"phones_official": "Official"})
    assert timeline_aggregation(fig) == "month"  # few cells: the finest period
    # customdata holds [n, count per category] (no event id to click); the template names the categories once
    assert all(t.customdata.dtype.kind == "i" for t in fig.data)
    kor = [
        (pd.Timestamp(x), list(counts), t.hovertemplate)
        for t in fig.data
        for x, y, counts in zip(t.x, t.y, t.customdata, strict=True)
        if y == "KOR"
    ]
    counts, template = next((c, tpl) for x, c, tpl in kor if x == pd.Timestamp("2016-07-01"))
    head, *lines = template.removesuffix("<extra></extra>").split("<br>")
    assert head == "<b>%{y}</b> · %{x|%Y-%m} · events: %{customdata[0]:,}" and counts[0] == 10
    assert [line.split(" ", 1)[0] for line in lines] == [f"%{{customdata[{j + 1}]:,}}" for j in range(len(lines))]
    by_category = {line.split(" ", 1)[1]: count for line, count in zip(lines, counts[1:], strict=True)}
    assert by_category["Official"] == 10 and sum(counts[1:]) == 10
    assert {t.name for t in fig.data} >= {"Mostly Official", "Mostly planned"}
    sizes = [s for t in fig.data for s in t.marker.size]
    assert min(sizes) >= 6 and max(sizes) <= 26


def test_aggregated_timeline_hover_escapes_data_text(model):
    events = many_events(model, 10).assign(country="<b>X</b>")
    fig = make_timeline_figure(events, max_points=20)
    # the row label is escaped where it is shown: the hover (%{y}) and the axis
    assert all(y == "&lt;b&gt;X&lt;/b&gt;" for t in fig.data for y in t.y)
    assert list(fig.layout.yaxis.categoryarray) == ["&lt;b&gt;X&lt;/b&gt;"]
    hostile = many_events(model, 10)
    fig = make_timeline_figure(hostile, max_points=20, colour_labels={"planned": "<img src=x onerror=alert(1)>"})
    assert all(
        "&lt;img src=x onerror=alert(1)&gt;" in t.hovertemplate and "<img" not in t.hovertemplate for t in fig.data
    )


def test_aggregated_timeline_stays_small_at_100k_events(model):
    rng = pd.Series(range(100_000))
    events = pd.DataFrame(
        {
            "event_id": "e" + rng.astype(str),
            "company": "xiaomi",
            "country": "C" + (rng % 250).astype(str),
            "date": pd.Timestamp("2006-01-01") + pd.to_timedelta((rng * 7919) % 7300, unit="D"),
            "date_precision": "day",
            "date_label": "",
            "status": "happened",
            "stage": "ecosystem",
            "summary": "",
            "product_lines": [[] for _ in range(100_000)],
            "source_ids": [[] for _ in range(100_000)],
        }
    ).assign(date_end=lambda f: f["date"])
    fig = make_timeline_figure(events)
    assert timeline_aggregation(fig) == "year"
    assert sum(len(t.x) for t in fig.data) <= 250 * 20
    assert len(fig.to_json()) < 500_000  # about 55 bytes a cell: numbers, not text
