"""Tests for the rivals' queries and figures: ranks, standings, the period a figure covers, the countries an event
covers, the Rivals page's URL parameters, the computed sentences and the figures' traces (table-driven)."""

from __future__ import annotations

import frames
import numpy as np
import pandas as pd
import pytest

from components.figures.rivals import (
    NO_FIGURE_LABEL,
    make_rival_events_figure,
    make_rival_share_figure,
    make_rivals_map_figure,
)
from components.queries.competitors import (
    METRIC_WORDS,
    missing_figure_sentences,
    passing_sentences,
    rival_event_sentences,
    standing_sentences,
)
from components.queries.rivals import (
    RivalsChoice,
    choose_tables,
    compute_share_series,
    compute_standings,
    compute_vendor_ranks,
    covering_codes,
    covering_events,
    event_countries,
    event_scope,
    is_country_code,
    period_options,
    pick_period_rows,
    read_rivals_params,
    rivals_query_params,
)

RIVALS = {"samsung": "Samsung", "huawei": "Huawei", "lg": "LG", "apple": "Apple"}
NAMES = {"xiaomi": "Xiaomi", **RIVALS, "oppo": "Oppo"}


def share(*rows):
    return frames.market_share(*({"firm": "Firm", **row} for row in rows))


def row(country, period, vendor, value, source="s1", **extra):
    return {"country": country, "period": period, "vendor": vendor, "value": str(value), "source_id": source, **extra}


INDIA = (
    row("IND", "2016-Q4", "xiaomi", 9, firm="Counterpoint"),
    row("IND", "2016-Q4", "samsung", 25, firm="Counterpoint"),
    row("IND", "2017-Q4", "xiaomi", 25, firm="Counterpoint"),
    row("IND", "2017-Q4", "samsung", 23, firm="Counterpoint"),
    row("IND", "2017-Q4", "oppo", 23, firm="Counterpoint"),
    row("IND", "2018", "xiaomi", 29.9, firm="Canalys"),
    row("IND", "2018", "samsung", 25.8, firm="Canalys"),
    row("KOR", "2017-Q4", "samsung", 60),
    row("KOR", "2017-Q4", "apple", 20),
    row("KOR", "2017-Q4", "xiaomi", 99, quality_flag="anomaly"),
    row("ESP", "2018-Q1", "xiaomi", 20, source="s2"),
    row("ESP", "2018-Q1", "samsung", 30, source="s2"),
    row("ESP", "2018-Q1", "samsung", 28, source="s1"),
    row("150", "2017-Q4", "xiaomi", 10),
)


@pytest.fixture
def tables():
    return choose_tables(compute_vendor_ranks(share(*INDIA)))


@pytest.mark.parametrize(("code", "expected"), [("KOR", True), ("001", False), ("150", False), ("KO", False)])
def test_is_country_code(code, expected):
    assert is_country_code(code) is expected


def test_ranks_share_ties_skip_anomalies_and_count_vendors():
    ranked = compute_vendor_ranks(share(*INDIA))
    q4 = ranked[(ranked["country"] == "IND") & (ranked["period_label"] == "2017-Q4")].set_index("vendor")
    assert q4["rank"].to_dict() == {"xiaomi": 1, "samsung": 2, "oppo": 2}
    assert set(q4["n_vendors"]) == {3}
    korea = ranked[ranked["country"] == "KOR"]
    assert "xiaomi" not in set(korea["vendor"])  # the anomaly is not a fact


def test_one_table_per_period_prefers_the_source_listing_xiaomi(tables):
    spain = tables[tables["country"] == "ESP"]
    assert set(spain["source_id"]) == {"s2"}
    assert len(tables[(tables["country"] == "IND")]) == 7


def test_period_options_are_the_metrics_country_periods_oldest_first(tables):
    assert period_options(tables, "shipment_share") == ["2016-Q4", "2017-Q4", "2018-Q1", "2018"]
    assert period_options(tables, "web_usage_share") == []


@pytest.mark.parametrize(
    ("period", "exact", "expected"),
    [
        ("2017-Q4", True, {"IND": "2017-Q4", "KOR": "2017-Q4"}),
        ("2017-Q4", False, {"IND": "2017-Q4", "KOR": "2017-Q4"}),
        ("2018-Q1", False, {"IND": "2018", "KOR": "2017-Q4", "ESP": "2018-Q1"}),  # the year overlaps the quarter
        ("2016-Q4", False, {"IND": "2016-Q4"}),  # nothing from after the period
        ("2018", True, {"IND": "2018"}),
        ("1999", False, {}),  # not a period of the metric
    ],
)
def test_the_figure_standing_for_a_period(tables, period, exact, expected):
    rows = pick_period_rows(tables, "shipment_share", period, exact=exact)
    assert dict(zip(rows["country"], rows["period_label"], strict=False)) == expected
    assert "150" not in set(rows["country"])  # regions are never countries on the map


def test_standings_give_leader_share_rank_and_gap_or_not_listed(tables):
    standings = compute_standings(pick_period_rows(tables, "shipment_share", "2017-Q4"), "samsung").set_index("country")
    india, korea = standings.loc["IND"], standings.loc["KOR"]
    assert (india["leader"], india["xiaomi_value"], india["xiaomi_rank"], india["gap"]) == ("xiaomi", 25, 1, 2)
    assert korea["leader"] == "samsung" and pd.isna(korea["xiaomi_value"]) and pd.isna(korea["gap"])
    assert compute_standings(tables.iloc[:0], "samsung").empty


def test_share_series_keeps_the_chosen_vendors_of_one_country(tables):
    series = compute_share_series(tables, "IND", ("xiaomi", "samsung"))
    assert set(series["vendor"]) == {"xiaomi", "samsung"} and set(series["country"]) == {"IND"}


REGIONS = pd.DataFrame(
    {
        "iso3": ["KOR", "CHN", "DEU", "FRA", "MEX", "BRA", "USA", "IND"],
        "continent": ["142", "142", "150", "150", "019", "019", "019", "142"],
        "un_region": ["Eastern Asia", "Eastern Asia", "Western Europe", "Western Europe", "Central America",
                      "South America", "Northern America", "Southern Asia"],
    }
)  # fmt: skip


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("KOR", ("KOR",)),
        ("ZZZ", ("ZZZ",)),  # an ISO3-shaped code covers itself
        ("001", ("BRA", "CHN", "DEU", "FRA", "IND", "KOR", "MEX", "USA")),
        ("150", ("DEU", "FRA")),
        ("142", ("CHN", "IND", "KOR")),
        ("030", ("CHN", "KOR")),
        ("419", ("BRA", "MEX")),
        ("021", ("USA",)),
        ("999", ()),
    ],
)
def test_the_countries_an_event_covers(code, expected):
    assert event_countries(code, REGIONS) == expected


@pytest.mark.parametrize(("code", "expected"), [("KOR", "country"), ("001", "worldwide"), ("150", "regional (Europe)")])
def test_event_scope(code, expected):
    assert event_scope(code, {"150": "Europe"}) == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [("MEX", ("MEX", "001", "019", "419")), ("DEU", ("DEU", "001", "150", "155")), ("ATA", ("ATA", "001"))],
)
def test_covering_codes_are_the_inverse_of_event_countries(country, expected):
    assert covering_codes(country, REGIONS) == expected
    for code in expected[1:] if country in set(REGIONS["iso3"]) else ():  # ATA: not in the regions table
        assert country in event_countries(code, REGIONS)


def test_covering_events_add_worldwide_and_regional_rival_events_marked_as_such():
    events = frames.events(
        {"event_id": "lg-ww", "company": "lg", "country": "001", "date": "2021-04-05", "stage": "none"},
        {"event_id": "hw-eu", "company": "huawei", "country": "150", "date": "2019", "stage": "none"},
        {"event_id": "sm-de", "company": "samsung", "country": "DEU", "date": "2018", "stage": "none"},
        {"event_id": "sm-kr", "company": "samsung", "country": "KOR", "date": "2018", "stage": "none"},
        {"event_id": "xm-de", "company": "xiaomi", "country": "DEU", "date": "2017"},
    )
    found = covering_events(events, "DEU", REGIONS, {"150": "Europe"})
    assert found[["event_id", "scope"]].values.tolist() == [
        ["sm-de", "country"], ["hw-eu", "regional (Europe)"], ["lg-ww", "worldwide"]
    ]  # fmt: skip


PERIODS = {"shipment_share": ["2021-Q1", "2021-Q2"], "web_usage_share": ["2023-10"], "sales_share": []}


@pytest.mark.parametrize(
    ("params", "expected", "n_notices"),
    [
        ({}, RivalsChoice("shipment_share", "2021-Q2", "leader", "samsung"), 0),
        ({"metric": "shipment_share", "period": "2021-Q1", "rival": "apple", "colour": "gap"},
         RivalsChoice("shipment_share", "2021-Q1", "gap", "apple"), 0),
        ({"metric": ["web_usage_share"]}, RivalsChoice("web_usage_share", "2023-10", "leader", "samsung"), 0),
        ({"metric": "toasters", "period": "2021-Q1"},
         RivalsChoice("shipment_share", "2021-Q1", "leader", "samsung"), 1),
        ({"metric": "sales_share"}, RivalsChoice("shipment_share", "2021-Q2", "leader", "samsung"), 1),  # no figures
        ({"period": "2030-Q9", "rival": "nokia", "colour": "<b>"},
         RivalsChoice("shipment_share", "2021-Q2", "leader", "samsung"), 3),
        ({"metric": "web_usage_share", "period": "2021-Q2"},
         RivalsChoice("web_usage_share", "2023-10", "leader", "samsung"), 1),  # a period of another metric
    ],
)  # fmt: skip
def test_reading_the_rivals_url_never_raises_and_says_what_it_dropped(params, expected, n_notices):
    choice, notices = read_rivals_params(params, periods=PERIODS, rivals=RIVALS)
    assert choice == expected
    assert len(notices) == n_notices
    again, none = read_rivals_params(rivals_query_params(choice), periods=PERIODS, rivals=RIVALS)
    assert (again, none) == (choice, [])  # the written URL reads back to the same view


def test_passing_sentences_name_the_period_and_the_firm(tables):
    sentences = passing_sentences(tables[tables["country"] == "IND"], "India", RIVALS)
    assert sentences == [
        "Xiaomi passed Samsung in India's shipments in 2017-Q4 (Counterpoint); the previous figure is 2016-Q4."
    ]


def test_standing_sentences_give_rank_and_lead_or_say_xiaomi_is_not_listed(tables):
    india = standing_sentences(tables[tables["country"] == "IND"], "India", NAMES)
    assert india == [
        "In India's shipments in 2018 (Canalys), Xiaomi ranked 1 of the 2 vendors listed with 29.9%, "
        "4.1 points ahead of Samsung."
    ]
    korea = standing_sentences(tables[tables["country"] == "KOR"], "South Korea", NAMES)
    assert korea == ["The newest table of South Korea's shipments, 2017-Q4 (Firm), does not list Xiaomi."]


@pytest.mark.parametrize(
    ("event", "scope", "expected"),
    [
        ({"company": "lg", "event_type": "exit", "product_lines": "smartphones", "date": "2021"}, "worldwide",
         ["LG left phones worldwide in 2021."]),
        ({"company": "apple", "event_type": "sale_halted", "date": "2022-03-01"}, "country",
         ["Apple halted sales in Russia on 2022-03-01."]),
        ({"company": "samsung", "event_type": "sale_halted", "products": "Galaxy Note 7", "date": "2016-10-11"},
         "worldwide", ["Samsung halted sales of Galaxy Note 7 worldwide on 2016-10-11."]),
        ({"company": "huawei", "event_type": "deal_collapsed", "partners": "AT&T", "date": "2018-01"}, "country",
         ["Huawei saw a deal with AT&T fall through in Russia in 2018-01."]),
        ({"company": "huawei", "event_type": "divestment", "date": "2020-11"}, "regional (Europe)",
         ["Huawei sold a business (regional (Europe)) in 2020-11."]),
        ({"company": "lg", "event_type": "exit", "status": "planned", "date": "2021"}, "country", []),
        ({"company": "apple", "event_type": "product_launch", "date": "2021"}, "country", []),
    ],
)  # fmt: skip
def test_rival_event_sentences_only_where_the_data_allows(event, scope, expected):
    events = frames.events({"event_id": "e", "country": "RUS", "stage": "none", **event}).assign(scope=scope)
    assert rival_event_sentences(events, NAMES, "Russia") == expected


@pytest.mark.parametrize(
    ("country", "expected"),
    [
        ("IND", ["India: no figure is recorded for web usage, sales, survey answers, installed base."]),
        ("KOR", ["Korea: no figure is recorded for web usage, sales, survey answers, installed base.",
                 "Korea, shipments: figures for other vendors, none for Xiaomi."]),
        ("MEX", ["Mexico: no figure is recorded for web usage, shipments, sales, survey answers, installed base."]),
    ],
)  # fmt: skip
def test_missing_figures_say_which(tables, country, expected):
    name = {"IND": "India", "KOR": "Korea", "MEX": "Mexico"}[country]
    assert missing_figure_sentences(tables, country, name, RIVALS, METRIC_WORDS) == expected


def test_missing_figures_notice_a_xiaomi_figure_without_a_rival():
    tables = choose_tables(compute_vendor_ranks(share(row("NGA", "2020", "xiaomi", 5), row("NGA", "2020", "oppo", 9))))
    sentences = missing_figure_sentences(tables, "NGA", "Nigeria", RIVALS, {"shipment_share": "shipments"})
    assert sentences == [
        "Nigeria, shipments: Xiaomi's figures have no Samsung, Huawei, LG and Apple figure for the same period."
    ]


def map_figure(tables, colour, period="2017-Q4"):
    standings = compute_standings(pick_period_rows(tables, "shipment_share", period), "samsung")
    return make_rivals_map_figure(
        standings, colour=colour, all_countries=["IND", "KOR", "ESP", "FRA"], names={"IND": "India"},
        vendor_names=NAMES, rival_name="Samsung", outlets={"s1": "Outlet <b>one</b>"},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("colour", "names"),
    [
        ("leader", {NO_FIGURE_LABEL, "Xiaomi", "Samsung"}),
        ("rank", {NO_FIGURE_LABEL, "Rank 1", "Xiaomi not listed"}),
        ("share", {NO_FIGURE_LABEL, "Xiaomi's share (%)", "Xiaomi not listed"}),
        ("gap", {NO_FIGURE_LABEL, "Xiaomi minus Samsung (points)", "Xiaomi or Samsung not listed"}),
    ],
)
def test_the_rivals_map_per_colouring(tables, colour, names):
    fig = map_figure(tables, colour)
    choropleths = [t for t in fig.data if t.type == "choropleth"]
    assert {t.name for t in choropleths} == names
    no_figure = next(t for t in choropleths if t.name == NO_FIGURE_LABEL)
    assert sorted(no_figure.locations) == ["ESP", "FRA"]  # no figure for the period: its own trace, not a zero
    for trace in choropleths:
        assert [row[0] for row in trace.customdata] == list(trace.locations)  # customdata[0] = ISO3 for clicks
    assert fig.layout.geo.resolution == 50
    india = next(t for t in choropleths if "IND" in t.locations)
    hover = india.customdata[list(india.locations).index("IND")]
    assert hover[3:].tolist() == ["Counterpoint", "2017-Q4", "Outlet &lt;b&gt;one&lt;/b&gt;"]  # firm, period, source


def test_the_share_map_keeps_zero_apart_from_no_figure(tables):
    zero = choose_tables(
        compute_vendor_ranks(share(row("FRA", "2017-Q4", "xiaomi", 0), row("FRA", "2017-Q4", "samsung", 30)))
    )
    standings = compute_standings(pick_period_rows(zero, "shipment_share", "2017-Q4"), "samsung")
    fig = make_rivals_map_figure(standings, colour="share", all_countries=["FRA", "ESP"], names={},
                                 vendor_names=NAMES, rival_name="Samsung", outlets={})  # fmt: skip
    scale = next(t for t in fig.data if t.name == "Xiaomi's share (%)")
    assert list(scale.locations) == ["FRA"] and list(scale.z) == [0]
    assert list(next(t for t in fig.data if t.name == NO_FIGURE_LABEL).locations) == ["ESP"]


def test_the_share_and_rank_figure_draws_shares_then_xiaomis_rank(tables):
    series = compute_share_series(tables, "IND", ("xiaomi", "samsung"))
    fig = make_rival_share_figure(series, metric_label="Shipments", vendor_names=NAMES, x_range=["2016", "2027"])
    assert [t.name for t in fig.data] == ["Samsung", "Xiaomi", "Xiaomi's rank"]
    assert list(fig.data[-1].y) == [2, 1, 1] and list(fig.layout.yaxis2.range) == [2.5, 0.5]  # rank 1 on top
    assert list(fig.layout.xaxis.range) == ["2016", "2027"]
    empty = make_rival_share_figure(series.iloc[:0], metric_label="Shipments", vendor_names=NAMES)
    assert "No Shipments figures" in empty.layout.annotations[0].text


def test_the_events_figure_puts_rivals_events_on_xiaomis_stage_axis():
    history = pd.DataFrame({"date": pd.to_datetime(["2016-03-01"]), "date_label": ["2016-03"],
                            "stage": ["ecosystem"], "event_id": ["kr-eco"]})  # fmt: skip
    events = frames.events(
        {"event_id": "lg-ww", "company": "lg", "country": "001", "date": "2021-04-05", "stage": "none"},
        {"event_id": "sm-kr", "company": "samsung", "country": "KOR", "date": "2018", "stage": "none"},
    ).assign(scope=["worldwide", "country"])
    fig = make_rival_events_figure(history, events, stage_labels={"ecosystem": "Ecosystem"}, company_names=NAMES,
                                   x_range=["2015-01-01", "2027-01-01"])  # fmt: skip
    assert [t.name for t in fig.data] == ["Xiaomi's stage", "Worldwide or regional events", "Rivals' events here"]
    assert np.array(fig.data[1].customdata)[:, 0].tolist() == ["lg-ww"]
    assert fig.data[1].marker.symbol == "diamond-open"
    assert list(fig.layout.yaxis.categoryarray) == ["Samsung", "LG", "Xiaomi's stage"]  # top lane: Xiaomi
    empty = make_rival_events_figure(history.iloc[:0], events.iloc[:0], stage_labels={}, company_names={})
    assert empty.layout.annotations
