"""Tests for components.filters: applying a FilterSpec, captions, and reading untrusted URL parameters."""

from __future__ import annotations

import datetime

import frames
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.queries.filters import FilterSpec, apply_filters, describe_filters
from components.queries.links import MAX_VALUES, read_filters_from_query_params, to_query_params

D = datetime.date


def sample_events() -> pd.DataFrame:
    return frames.events(
        {"event_id": "kor-day", "country": "KOR", "date": "2016-03-29", "product_lines": "wearables;audio",
         "source_ids": "en1"},
        {"event_id": "kor-month", "country": "KOR", "date": "2017-05", "product_lines": "smartphones",
         "status": "announced", "source_ids": "ko1"},
        {"event_id": "mex-quarter", "country": "MEX", "date": "2017-Q2", "product_lines": "smartphones;tv",
         "source_ids": "de1;en1"},
        {"event_id": "bra-half", "country": "BRA", "date": "2015-H2", "status": "withdrawn", "source_ids": "ko1"},
        {"event_id": "ind-year", "country": "IND", "date": "2014", "status": "planned", "source_ids": "de1"},
        {"event_id": "sam-kor", "company": "samsung", "country": "KOR", "date": "2016-04", "source_ids": "en1"},
    )  # fmt: skip


def sample_sources() -> pd.DataFrame:
    return frames.sources(
        {"source_id": "en1", "language": "en"},
        {"source_id": "ko1", "language": "ko"},
        {"source_id": "de1", "language": "de"},
    )


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FilterSpec(), ["kor-day", "kor-month", "mex-quarter", "bra-half", "ind-year"]),
        (FilterSpec(countries=("KOR",)), ["kor-day", "kor-month"]),
        (FilterSpec(countries=("KOR", "MEX")), ["kor-day", "kor-month", "mex-quarter"]),
        (FilterSpec(countries=("JPN",)), []),
        (FilterSpec(product_lines=("smartphones",)), ["kor-month", "mex-quarter"]),
        (FilterSpec(product_lines=("tv", "audio")), ["kor-day", "mex-quarter"]),
        (FilterSpec(statuses=("happened",)), ["kor-day", "mex-quarter"]),
        (FilterSpec(statuses=("withdrawn", "planned")), ["bra-half", "ind-year"]),
        (FilterSpec(companies=("samsung",)), ["sam-kor"]),
        (FilterSpec(companies=()), ["kor-day", "kor-month", "mex-quarter", "bra-half", "ind-year", "sam-kor"]),
        (FilterSpec(countries=("KOR",), companies=()), ["kor-day", "kor-month", "sam-kor"]),
        (FilterSpec(languages=("ko",)), ["kor-month", "bra-half"]),
        (FilterSpec(languages=("de",)), ["mex-quarter", "ind-year"]),
        (FilterSpec(languages=("en", "ko")), ["kor-day", "kor-month", "mex-quarter", "bra-half"]),
        (FilterSpec(languages=("ja",)), []),
        (FilterSpec(countries=("KOR",), statuses=("happened",), product_lines=("audio",)), ["kor-day"]),
    ],
)
def test_apply_filters_by_dimension(spec: FilterSpec, expected: list[str]) -> None:
    result = apply_filters(sample_events(), spec, sample_sources())
    assert list(result["event_id"]) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # day precision: 2016-03-29 only
        (D(2016, 3, 29), D(2016, 3, 29), ["kor-day"]),
        (D(2016, 3, 30), D(2016, 12, 31), []),
        (D(2016, 1, 1), D(2016, 3, 28), []),
        # month precision: the whole of May 2017 overlaps a range touching its last day
        (D(2017, 5, 31), D(2017, 5, 31), ["kor-month", "mex-quarter"]),
        (D(2017, 6, 1), D(2017, 6, 30), ["mex-quarter"]),
        # quarter precision: Q2 2017 = April to June
        (D(2017, 4, 1), D(2017, 4, 1), ["mex-quarter"]),
        (D(2017, 7, 1), None, []),
        # half precision: H2 2015 = July to December
        (D(2015, 12, 31), D(2015, 12, 31), ["bra-half"]),
        (None, D(2015, 6, 30), ["ind-year"]),
        # year precision: 2014 overlaps any range touching 2014
        (D(2014, 12, 31), D(2015, 1, 1), ["ind-year"]),
        (D(2015, 1, 1), D(2015, 7, 1), ["bra-half"]),
        (None, None, ["kor-day", "kor-month", "mex-quarter", "bra-half", "ind-year"]),
    ],
)
def test_apply_filters_date_overlap_at_each_precision(start, end, expected) -> None:
    result = apply_filters(sample_events(), FilterSpec(start=start, end=end))
    assert list(result["event_id"]) == expected


def test_apply_filters_returns_new_frame_and_leaves_input_unchanged() -> None:
    events = sample_events()
    before = frames.snapshot(events)
    result = apply_filters(events, FilterSpec(countries=("KOR",), product_lines=("audio",)), sample_sources())
    pd.testing.assert_frame_equal(events, before)
    assert result is not events
    assert list(result.index) == list(range(len(result)))
    assert list(result.columns) == list(events.columns)


@pytest.mark.parametrize(
    ("values", "wanted"),
    [
        (("KOR",), ("KOR",)),
        (("KOR", "MEX", "JPN"), ("KOR", "MEX")),
        (("JPN",), ()),
        (("nan",), ()),
    ],
)
def test_categorical_columns_filter_exactly_like_text(values, wanted) -> None:
    events = sample_events()
    as_text = events.assign(country=events["country"].astype(str))
    as_category = events.assign(country=events["country"].astype(str).astype("category"))
    by_text = apply_filters(as_text, FilterSpec(countries=values))
    by_category = apply_filters(as_category, FilterSpec(countries=values))
    assert list(by_text["event_id"]) == list(by_category["event_id"])
    assert set(by_category["country"].astype(str)) == set(wanted)


@pytest.mark.parametrize("values", [("nan",), ("KOR",), ("nan", "MEX")])
def test_a_missing_category_matches_as_astype_str_reads_it(values) -> None:
    column = pd.Series(pd.Categorical(["KOR", None, "MEX"]))
    events = sample_events().iloc[:3]
    expected = column.astype(str).isin(values).tolist()
    got = apply_filters(events.assign(country=column), FilterSpec(countries=values))
    assert list(got["event_id"]) == [e for e, keep in zip(events["event_id"], expected, strict=True) if keep]


def test_apply_filters_on_empty_events() -> None:
    empty = frames.events()
    assert apply_filters(empty, FilterSpec(countries=("KOR",), start=D(2016, 1, 1))).empty


def test_language_filter_without_sources_is_an_error() -> None:
    with pytest.raises(ValueError, match="sources"):
        apply_filters(sample_events(), FilterSpec(languages=("en",)))


@pytest.mark.parametrize(
    ("spec", "names", "expected"),
    [
        (
            FilterSpec(("KOR", "MEX"), ("smartphones",), D(2016, 1, 1), D(2018, 12, 31), ("happened",)),
            {"KOR": "South Korea", "MEX": "Mexico"},
            "South Korea, Mexico · smartphones · 2016-01-01 to 2018-12-31 · happened",
        ),
        (FilterSpec(), None, "All countries · all product lines · all dates · all statuses"),
        (FilterSpec(countries=("KOR",)), None, "KOR · all product lines · all dates · all statuses"),
        (FilterSpec(start=D(2016, 1, 1)), None, "All countries · all product lines · from 2016-01-01 · all statuses"),
        (FilterSpec(end=D(2016, 1, 1)), None, "All countries · all product lines · until 2016-01-01 · all statuses"),
        (
            FilterSpec(languages=("ko",), companies=("samsung",)),
            None,
            "All countries · all product lines · all dates · all statuses · sources in ko · companies: samsung",
        ),
        (FilterSpec(companies=()), {}, "All countries · all product lines · all dates · all statuses · companies: all"),
    ],
)
def test_describe_filters(spec: FilterSpec, names, expected: str) -> None:
    assert describe_filters(spec, names) == expected


KNOWN = {
    "known_countries": ["KOR", "MEX", "BRA", "IND"],
    "known_product_lines": ["smartphones", "tv"],
    "known_statuses": ["happened", "planned", "withdrawn"],
    "known_languages": ["en", "ko"],
}


def read(params):
    return read_filters_from_query_params(params, **KNOWN)


@pytest.mark.parametrize(
    ("params", "expected", "notice_words"),
    [
        ({}, FilterSpec(), []),
        ({"country": "KOR"}, FilterSpec(countries=("KOR",)), []),
        # Decision: codes are case-insensitive, 'kor' is read as KOR, without a notice.
        ({"country": ["kor", " Mex "]}, FilterSpec(countries=("KOR", "MEX")), []),
        ({"country": "KOR,MEX"}, FilterSpec(countries=("KOR", "MEX")), []),
        ({"country": ["KOR", "ZZZ", "KR"]}, FilterSpec(countries=("KOR",)), ["country", "ZZZ", "KR"]),
        ({"country": ["KOR"] * 10_000}, FilterSpec(countries=("KOR",)), ["first 300", "country"]),
        ({"country": "K" * 5000}, FilterSpec(), ["longer than", "country"]),
        ({"country": "<script>alert(1)</script>"}, FilterSpec(), ["country", "script"]),
        ({"product": ["SmartPhones", "phones"]}, FilterSpec(product_lines=("smartphones",)), ["product", "phones"]),
        ({"status": ["HAPPENED", "rumoured"]}, FilterSpec(statuses=("happened",)), ["status", "rumoured"]),
        ({"lang": ["EN", "xx"]}, FilterSpec(languages=("en",)), ["lang", "xx"]),
        ({"from": "2016-01-01", "to": "2018-12-31"}, FilterSpec(start=D(2016, 1, 1), end=D(2018, 12, 31)), []),
        ({"from": "2016-13-01"}, FilterSpec(), ["from", "2016-13-01"]),
        ({"from": "yesterday"}, FilterSpec(), ["from", "yesterday"]),
        ({"to": "20160101"}, FilterSpec(), ["to", "20160101"]),
        ({"to": "2016-W01-1"}, FilterSpec(), ["to"]),
        ({"from": "2019-01-01", "to": "2018-01-01"}, FilterSpec(), ["after", "2019-01-01", "2018-01-01"]),
        ({"from": ["2016-01-01", "2017-01-01"]}, FilterSpec(start=D(2016, 1, 1)), ["first 'from'"]),
        ({"from": "2016-01-01", "to": "garbage"}, FilterSpec(start=D(2016, 1, 1)), ["to", "garbage"]),
        ({"tab": "map", "page": "2"}, FilterSpec(), []),
        ({"country": ""}, FilterSpec(), []),
        ({"country": None}, FilterSpec(), []),
        ({"country": ["KOR", 7]}, FilterSpec(countries=("KOR",)), ["country", "7"]),
    ],
)
def test_read_filters_from_odd_query_params(params, expected: FilterSpec, notice_words: list[str]) -> None:
    spec, notices = read(params)
    assert spec == expected
    text = " ".join(notices)
    assert all(word in text for word in notice_words), notices
    assert bool(notices) == bool(notice_words)


@pytest.mark.parametrize(
    "hostile",
    ["<script>alert(1)</script>", "[x](javascript:alert(1))", "'; DROP TABLE events; --", "**bold**", "\x00\n\r"],
)
def test_notices_echo_dropped_values_safely(hostile: str) -> None:
    _, notices = read({"country": hostile, "from": hostile})
    text = " ".join(notices)
    assert notices
    for dangerous in ("<", ">", "[", "(", ";", "*", "\x00", "\n"):
        assert dangerous not in text


def test_too_many_unknown_values_are_summarised_in_one_notice() -> None:
    _, notices = read({"country": [f"Q{i:02d}" for i in range(50)]})
    assert len(notices) == 1
    assert "and 45 more" in notices[0]


def test_values_beyond_the_cap_are_not_read() -> None:
    values = ["ZZZ"] * MAX_VALUES + ["KOR"]
    spec, notices = read({"country": values})
    assert spec.countries == ()
    assert any("1 dropped" in notice for notice in notices)


class StreamlitLikeParams(dict):
    """Mimics st.query_params: item access gives the last value, get_all gives every value."""

    def __init__(self, multi: dict[str, list[str]]):
        super().__init__({key: values[-1] for key, values in multi.items()})
        self.multi = multi

    def get_all(self, key: str) -> list[str]:
        return self.multi.get(key, [])


def test_reads_every_value_through_get_all() -> None:
    spec, _ = read(StreamlitLikeParams({"country": ["KOR", "MEX"]}))
    assert spec.countries == ("KOR", "MEX")


def test_input_params_are_not_mutated() -> None:
    params = {"country": ["kor", "ZZZ"], "from": "2016-01-01"}
    read(params)
    assert params == {"country": ["kor", "ZZZ"], "from": "2016-01-01"}


@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(),
        FilterSpec(countries=("KOR", "MEX"), product_lines=("tv",), statuses=("happened",), languages=("ko",)),
        FilterSpec(start=D(2016, 1, 1)),
        FilterSpec(start=D(2016, 1, 1), end=D(2016, 1, 1)),
        FilterSpec(end=D(2020, 2, 29)),
    ],
)
def test_query_params_round_trip(spec: FilterSpec) -> None:
    params = to_query_params(spec)
    assert all(isinstance(values, list) and values for values in params.values())
    assert read(params) == (spec, [])


params_strategy = st.dictionaries(
    st.sampled_from(["country", "product", "status", "lang", "from", "to"]) | st.text(max_size=8),
    st.text(max_size=30) | st.lists(st.text(max_size=12), max_size=8),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(params_strategy)
def test_read_filters_never_raises_and_keeps_only_known_values(params) -> None:
    spec, notices = read(params)
    assert set(spec.countries) <= set(KNOWN["known_countries"])
    assert set(spec.product_lines) <= set(KNOWN["known_product_lines"])
    assert set(spec.statuses) <= set(KNOWN["known_statuses"])
    assert set(spec.languages) <= set(KNOWN["known_languages"])
    assert spec.companies == ("xiaomi",)
    assert spec.start is None or spec.end is None or spec.start <= spec.end
    assert all(isinstance(notice, str) for notice in notices)
