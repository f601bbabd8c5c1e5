"""components/aggregate.py: matching rows equal apply_filters, timeline cells count events per row and period."""

import datetime

import numpy as np
import pandas as pd
import pytest

from components import aggregate, filters
from components.model import load_model


@pytest.fixture(scope="module")
def model():
    return load_model()


SPECS = [
    filters.FilterSpec(companies=()),
    filters.FilterSpec(),
    filters.FilterSpec(countries=("KOR", "IND"), companies=()),
    filters.FilterSpec(statuses=("happened",)),
    filters.FilterSpec(product_lines=("smartphones",), start=datetime.date(2015, 1, 1)),
    filters.FilterSpec(end=datetime.date(2014, 12, 31), companies=("xiaomi", "samsung")),
    filters.FilterSpec(languages=("en",)),
    filters.FilterSpec(countries=("ZZZ",)),
]


@pytest.mark.parametrize("spec", SPECS)
def test_matching_rows_are_exactly_apply_filters(model, spec):
    rows = aggregate.matching_rows(model.events, spec, model.sources)
    expected = filters.apply_filters(model.events, spec, model.sources)
    pd.testing.assert_frame_equal(aggregate.take_rows(model.events, rows), expected)
    assert rows.dtype == np.int64 and list(rows) == sorted(rows)


@pytest.mark.parametrize(
    ("spec", "unrestricted"),
    [(filters.FilterSpec(companies=()), True), (filters.FilterSpec(), False),
     (filters.FilterSpec(companies=(), statuses=("happened",)), False)],
)
def test_is_unrestricted(spec, unrestricted):
    assert aggregate.is_unrestricted(spec) is unrestricted


def test_take_rows_limits_and_leaves_the_frame_alone(model):
    before = model.events.copy()
    part = aggregate.take_rows(model.events, np.arange(len(model.events)), limit=3)
    assert len(part) == 3 and list(part.index) == [0, 1, 2]
    pd.testing.assert_frame_equal(model.events, before)


@pytest.mark.parametrize(
    ("source_ids", "expected"),
    [
        ([["a"], ["a", "b"], []], {"a": ["e0", "e1"], "b": ["e1"]}),
        ([[], []], {}),
        ([["x", "x"]], {"x": ["e0", "e0"]}),
    ],
)
def test_supported_events(source_ids, expected):
    events = pd.DataFrame({"event_id": [f"e{i}" for i in range(len(source_ids))], "source_ids": source_ids})
    assert aggregate.supported_events(events) == expected


@pytest.mark.parametrize(
    ("date", "bucket", "start"),
    [("2016-05-17", "month", "2016-05-01"), ("2016-05-17", "quarter", "2016-04-01"),
     ("2016-05-17", "year", "2016-01-01"), ("2016-12-31", "quarter", "2016-10-01")],
)
def test_period_start(date, bucket, start):
    assert aggregate.period_start(pd.Series([pd.Timestamp(date)]), bucket)[0] == pd.Timestamp(start)


def _frame(rows):
    return pd.DataFrame(rows, columns=["group", "date", "colour_key"]).assign(date=lambda f: pd.to_datetime(f["date"]))


@pytest.mark.parametrize(
    ("rows", "bucket", "expected"),
    [
        # two events of KOR in May 2016, one planned, one official: a tie, broken by the colour order
        ([("KOR", "2016-05-01", "planned"), ("KOR", "2016-05-20", "phones_official")], "month",
         [("KOR", "2016-05-01", 2, "planned", [("planned", 1), ("phones_official", 1)])]),
        # the most common colour wins whatever the order
        ([("KOR", "2016-05-01", "planned"), ("KOR", "2016-06-20", "ecosystem"), ("KOR", "2016-04-02", "ecosystem")],
         "quarter", [("KOR", "2016-04-01", 3, "ecosystem", [("ecosystem", 2), ("planned", 1)])]),
        # separate rows and years stay separate, sorted by row then period
        ([("SGP", "2014-02-21", "phones_official"), ("KOR", "2017-01-01", "planned"),
          ("KOR", "2016-01-01", "planned")], "year",
         [("KOR", "2016-01-01", 1, "planned", [("planned", 1)]), ("KOR", "2017-01-01", 1, "planned", [("planned", 1)]),
          ("SGP", "2014-01-01", 1, "phones_official", [("phones_official", 1)])]),
        # undated rows are left out
        ([("KOR", None, "planned")], "year", []),
    ],
)
def test_timeline_cells(rows, bucket, expected):
    cells = aggregate.timeline_cells(_frame(rows), bucket=bucket, colour_order=["planned", "ecosystem",
                                                                                 "phones_official"])
    got = [(r.group, str(r.period.date()), r.n, r.colour_key, r.breakdown) for r in cells.itertuples(index=False)]
    assert got == [(g, p, n, c, b) for g, p, n, c, b in expected]


@pytest.mark.parametrize(
    ("n_groups", "n_months", "max_cells", "bucket"),
    [(2, 12, 100, "month"), (10, 24, 100, "quarter"), (10, 120, 50, "year"), (100, 120, 10, "year")],
)
def test_choose_bucket_is_the_finest_that_fits(n_groups, n_months, max_cells, bucket):
    dates = pd.date_range("2010-01-01", periods=n_months, freq="MS")
    frame = pd.DataFrame([(f"g{g}", d) for g in range(n_groups) for d in dates], columns=["group", "date"])
    assert aggregate.choose_bucket(frame["group"], frame["date"], max_cells) == bucket


@pytest.mark.parametrize(
    "columns, expected",
    [
        ({"a": ["x", ""], "b": ["", " "]}, ["a"]),
        ({"a": ["", ""], "title": ["", "T"]}, ["title"]),
        ({"a": [" ", ""]}, []),
    ],
)
def test_without_empty_columns_drops_only_columns_blank_in_every_row(columns, expected):
    frame = pd.DataFrame(columns)
    assert list(aggregate.without_empty_columns(frame).columns) == expected
    assert list(frame.columns) == list(columns)  # the input is not changed
