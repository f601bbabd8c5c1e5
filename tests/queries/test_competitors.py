"""Tests for components.competitors: the competitor context of one country."""

from __future__ import annotations

import types

import frames
import pandas as pd
import pytest

from components.queries.competitors import CompetitorContext, compute_competitor_context, main_competitors
from components.queries.names import english_country_name

KOREA = (
    {"event_id": "kr-eco", "country": "KOR", "date": "2016-03", "stage": "ecosystem", "competitors": "samsung;lg"},
    {"event_id": "kr-phone", "country": "KOR", "date": "2018-03-15", "stage": "phones_official"},
    {"event_id": "sam-react", "company": "samsung", "country": "KOR", "date": "2016-04", "stage": "none",
     "event_type": "competitor_reaction"},
    {"event_id": "oppo-kor", "company": "oppo", "country": "KOR", "date": "2015", "stage": "none"},
    {"event_id": "apple-jpn", "company": "apple", "country": "JPN", "date": "2015", "stage": "none"},
    {"event_id": "mx-phone", "country": "MEX", "date": "2017-05-11", "stage": "phones_official"},
)  # fmt: skip
SHARE = (
    {"observation_id": "x20", "period": "2020", "vendor": "xiaomi", "value": "1.5", "source_id": "s1"},
    {"observation_id": "s20", "period": "2020", "vendor": "samsung", "value": "60", "source_id": "s2"},
    {"observation_id": "s19", "period": "2019", "vendor": "samsung", "value": "62", "source_id": "s2"},
    {"observation_id": "w20", "period": "2020-03", "metric": "web_usage_share", "vendor": "xiaomi", "value": "3",
     "source_id": "s1", "licence": "CC BY-SA 3.0"},
    {"observation_id": "bad", "period": "2020-03", "metric": "web_usage_share", "vendor": "apple", "value": "99",
     "quality_flag": "anomaly", "source_id": "s1"},
    {"observation_id": "mx", "country": "MEX", "vendor": "xiaomi", "value": "20", "source_id": "s1"},
)  # fmt: skip


def make_model(events=KOREA, share=SHARE):
    return types.SimpleNamespace(
        events=frames.events(*events),
        companies=frames.companies(),
        market_share=frames.market_share(*share),
        sources=frames.sources({"source_id": "s1", "outlet": "StatCounter"}, {"source_id": "s2", "outlet": "IDC",
                                                                              "url": "https://idc.example/kr"}),
    )  # fmt: skip


def test_context_for_korea() -> None:
    context = compute_competitor_context(make_model(), "KOR")
    assert isinstance(context, CompetitorContext)
    assert context.country == "KOR"
    assert context.events["event_id"].tolist() == ["oppo-kor", "sam-react"]
    companies = context.companies.set_index("company_id")
    assert set(companies.index) == {"samsung", "lg", "huawei", "apple", "pantech", "oppo"}
    assert companies.loc["samsung", ["is_local", "n_events"]].tolist() == [True, 1]
    assert companies.loc["apple", ["is_local", "n_events"]].tolist() == [False, 0]
    assert "xiaomi" not in companies.index
    assert set(context.market_share["observation_id"]) == {"x20", "s20", "s19", "w20", "bad"}
    joined = context.market_share.set_index("observation_id")
    assert joined.loc["s20", ["outlet", "url", "licence"]].tolist() == ["IDC", "https://idc.example/kr",
                                                                        "proprietary, cited"]  # fmt: skip
    assert joined.loc["w20", "licence"] == "CC BY-SA 3.0"


@pytest.mark.parametrize(
    "sentence",
    [
        "Xiaomi's first phone launch in South Korea (2018-03-15) came 2 years after its first ecosystem sales "
        "(2016-03).",
        "LG and Samsung are based in South Korea: Xiaomi entered their home market.",
        "2 competitor events are recorded in South Korea; the first is Oppo's (2015).",
        "In South Korea, 2020 (shipment share): Xiaomi 1.5% against Samsung 60%, the highest recorded.",
        "In South Korea, 2020-03 (web usage share): Xiaomi 3%, the highest recorded.",  # the anomaly is not used
    ],
)
def test_korea_comparisons(sentence: str) -> None:
    assert sentence in compute_competitor_context(make_model(), "KOR").comparisons


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([{"date": "2016-03", "stage": "ecosystem"}, {"date": "2016-11", "stage": "phones_partner"}],
         "came 8 months after"),
        ([{"date": "2016", "stage": "ecosystem"}, {"date": "2018-Q3", "stage": "phones_partner"}],
         "came about 2 years after"),
        ([{"date": "2016-03", "stage": "phones_official"}, {"date": "2017", "stage": "ecosystem"}],
         "entered South Korea with phones (2016-03), not with ecosystem products first"),
    ],
)  # fmt: skip
def test_entry_gap_wording(events, expected: str) -> None:
    comparisons = compute_competitor_context(make_model(events=events, share=()), "KOR").comparisons
    assert any(expected in sentence for sentence in comparisons), comparisons


def test_no_sentences_where_the_data_does_not_allow() -> None:
    context = compute_competitor_context(make_model(events=[{"country": "MEX", "status": "planned"}], share=()), "FRA")
    assert context.comparisons == []
    assert context.events.empty and context.market_share.empty
    assert not context.companies["is_local"].any()


def test_inputs_unchanged() -> None:
    model = make_model()
    before = {name: frames.snapshot(getattr(model, name)) for name in vars(model)}
    compute_competitor_context(model, "KOR")
    for name, frame in before.items():
        pd.testing.assert_frame_equal(getattr(model, name), frame)


@pytest.mark.parametrize(("code", "name"), [("KOR", "South Korea"), ("USA", "United States"), ("150", "150")])
def test_english_country_name(code: str, name: str) -> None:
    assert english_country_name(code) == name


def test_main_competitors_are_the_companies_marked_competitor_in_the_data():
    companies = pd.DataFrame(
        {
            "company_id": ["xiaomi", "samsung", "oppo", "apple"],
            "name": ["Xiaomi", "Samsung", "Oppo", "Apple"],
            "role": ["subject", "competitor", "vendor", "competitor"],
        }
    )
    assert main_competitors(companies) == {"samsung": "Samsung", "apple": "Apple"}
