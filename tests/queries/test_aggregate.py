"""components/aggregate.py: matching rows equal apply_filters, timeline cells count events per row and period."""

import datetime

import numpy as np
import pandas as pd
import pytest

from components.model.load import load_model
from components.queries.filters import FilterSpec, apply_filters, is_unrestricted, matching_rows, take_rows
from components.queries.tables import without_empty_columns
from components.queries.timeline import (
    BUCKETS,
    UNSPECIFIED,
    compute_marker_codes,
    compute_timeline_cells,
    marker_codes,
    selected_markers,
    timeline_cells,
)


@pytest.fixture(scope="module")
def model():
    return load_model()


SPECS = [
    FilterSpec(companies=()),
    FilterSpec(),
    FilterSpec(countries=("KOR", "IND"), companies=()),
    FilterSpec(statuses=("happened",)),
    FilterSpec(product_lines=("smartphones",), start=datetime.date(2015, 1, 1)),
    FilterSpec(end=datetime.date(2014, 12, 31), companies=("xiaomi", "samsung")),
    FilterSpec(languages=("en",)),
    FilterSpec(countries=("ZZZ",)),
]


@pytest.mark.parametrize("spec", SPECS)
def test_matching_rows_are_exactly_apply_filters(model, spec):
    rows = matching_rows(model.events, spec, model.sources)
    expected = apply_filters(model.events, spec, model.sources)
    pd.testing.assert_frame_equal(take_rows(model.events, rows), expected)
    assert rows.dtype == np.int64 and list(rows) == sorted(rows)


@pytest.mark.parametrize(
    ("spec", "unrestricted"),
    [
        (FilterSpec(companies=()), True),
        (FilterSpec(), False),
        (FilterSpec(companies=(), statuses=("happened",)), False),
    ],
)
def test_is_unrestricted(spec, unrestricted):
    assert is_unrestricted(spec) is unrestricted


def test_take_rows_limits_and_leaves_the_frame_alone(model):
    before = model.events.copy()
    part = take_rows(model.events, np.arange(len(model.events)), limit=3)
    assert len(part) == 3 and list(part.index) == [0, 1, 2]
    pd.testing.assert_frame_equal(model.events, before)


def _frame(rows):
    return pd.DataFrame(rows, columns=["group", "date", "colour_key"]).assign(date=lambda f: pd.to_datetime(f["date"]))


@pytest.mark.parametrize(
    ("rows", "bucket", "expected"),
    [
        # two events of KOR in May 2016, one planned, one official: a tie, broken by the colour order
        (
            [("KOR", "2016-05-01", "planned"), ("KOR", "2016-05-20", "phones_official")],
            "month",
            [("KOR", "2016-05-01", 2, "planned", [("planned", 1), ("phones_official", 1)])],
        ),
        # the most common colour wins whatever the order
        (
            [("KOR", "2016-05-01", "planned"), ("KOR", "2016-06-20", "ecosystem"), ("KOR", "2016-04-02", "ecosystem")],
            "quarter",
            [("KOR", "2016-04-01", 3, "ecosystem", [("ecosystem", 2), ("planned", 1)])],
        ),
        # separate rows and years stay separate, sorted by row then period
        (
            [
                ("SGP", "2014-02-21", "phones_official"),
                ("KOR", "2017-01-01", "planned"),
                ("KOR", "2016-01-01", "planned"),
            ],
            "year",
            [
                ("KOR", "2016-01-01", 1, "planned", [("planned", 1)]),
                ("KOR", "2017-01-01", 1, "planned", [("planned", 1)]),
                ("SGP", "2014-01-01", 1, "phones_official", [("phones_official", 1)]),
            ],
        ),
        # undated rows are left out
        ([("KOR", None, "planned")], "year", []),
    ],
)
def test_timeline_cells(rows, bucket, expected):
    cells = timeline_cells(_frame(rows), bucket=bucket, colour_order=["planned", "ecosystem", "phones_official"])
    got = [(r.group, str(r.period.date()), r.n, r.colour_key, r.breakdown) for r in cells.itertuples(index=False)]
    assert got == [(g, p, n, c, b) for g, p, n, c, b in expected]


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
    assert list(without_empty_columns(frame).columns) == expected
    assert list(frame.columns) == list(columns)  # the input is not changed


# --- timeline cells from marker codes, checked against a plain pandas count ------------------------------------------


def _pandas_cells(events, rows, group_by, colour_order, labels, bucket):
    """The oracle: explode, drop undated, count per (label, period, colour) with groupby; rows by first date."""
    part = events.iloc[rows].reset_index(drop=True)
    if group_by == "product_line":
        part = part.assign(group=part["product_lines"].map(lambda v: list(v) or [UNSPECIFIED])).explode("group")
    else:
        part = part.assign(group=part["country"].astype(str))
    part = part.assign(group=part["group"].map(lambda g: labels.get(g, g)))
    dated = part[part["date"].notna()]
    period = dated["date"].dt.to_period({"month": "M", "quarter": "Q", "year": "Y"}[bucket]).dt.start_time
    counts = dated.assign(period=period).groupby(["group", "period", "stage"], observed=True).size()
    order = dated.sort_values("date", kind="stable").drop_duplicates("group")["group"].tolist()
    ranks = {k: i for i, k in enumerate(colour_order)}
    cells = {}
    for (group, when, colour), n in counts.items():
        cells.setdefault((group, when), {})[str(colour)] = int(n)
    expected = {
        key: (sum(by.values()), min(by, key=lambda c: (-by[c], ranks.get(c, len(ranks)), c)), by)
        for key, by in cells.items()
    }
    return expected, order


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("group_by", ["country", "product_line"])
def test_timeline_cells_match_a_plain_pandas_count(model, seed, group_by):
    rng = np.random.default_rng(seed)
    events = model.events
    rows = np.sort(rng.choice(len(events), size=int(rng.integers(1, len(events))), replace=False))
    colour_order = ["planned", "ecosystem", "home"]  # a partial order: the other stages sort alphabetically
    labels = {"KOR": "South Korea", "IND": "India", "smartphones": "Phones"}
    codes = compute_marker_codes(events, group_by=group_by, colour_by="stage", colour_order=colour_order)
    for bucket in BUCKETS:
        cells = compute_timeline_cells(codes, rows, group_labels=labels, bucket=bucket)
        expected, order = _pandas_cells(events, rows, group_by, colour_order, labels, bucket)
        got = {
            (row.group, row.period): (
                row.n,
                row.colour_key,
                {c: int(n) for c, n in zip(cells.colours, cells.counts[i], strict=True) if n},
            )
            for i, row in enumerate(cells.table.itertuples(index=False))
        }
        assert got == expected
        assert list(cells.table["group"]) == sorted(cells.table["group"])  # sorted by row, then period
        assert list(cells.rows) == order


@pytest.mark.parametrize(
    ("n_cells_month", "max_cells", "bucket"),
    [(24, 24, "month"), (24, 23, "quarter"), (24, 7, "year"), (24, 1, "year")],
)
def test_compute_timeline_cells_picks_the_finest_bucket_that_fits(n_cells_month, max_cells, bucket):
    # two rows × 12 months of 2016 = 24 month cells, 8 quarter cells, 2 year cells
    dates = pd.Series(pd.date_range("2016-01-01", periods=12, freq="MS").tolist() * 2)
    codes = marker_codes(np.arange(24), ["a"] * 12 + ["b"] * 12, dates, ["x"] * 24)
    cells = compute_timeline_cells(codes, max_cells=max_cells)
    assert cells.bucket == bucket
    assert cells.counts.sum() == n_cells_month and cells.rows == ("a", "b")


def test_marker_codes_are_read_only_and_rows_select_markers(model):
    codes = compute_marker_codes(model.events, group_by="product_line")
    assert not codes.event.flags.writeable and not codes.month.flags.writeable
    assert codes.n_events == len(model.events) and len(codes.event) >= len(model.events)
    picked = selected_markers(codes, np.array([0, 2]))
    assert set(codes.event[picked]) == {0, 2}
    empty = compute_timeline_cells(codes, np.array([], dtype=np.int64))
    assert empty.table.empty and empty.rows == () and empty.counts.shape[0] == 0
