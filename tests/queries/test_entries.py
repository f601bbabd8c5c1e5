"""Tests for components.entries: the first Xiaomi entry per country and per product line."""

from __future__ import annotations

import frames
import pandas as pd
import pytest

from components.queries.entries import compute_first_entries

ROWS = (
    {"event_id": "kr-plan", "country": "KOR", "date": "2015", "status": "planned", "product_lines": "smartphones"},
    {"event_id": "kr-eco", "country": "KOR", "date": "2016-03", "stage": "ecosystem",
     "product_lines": "wearables;audio"},
    {"event_id": "kr-phone", "country": "KOR", "date": "2018-Q2", "stage": "phones_official",
     "product_lines": "smartphones;audio"},
    {"event_id": "kr-withdrawn", "country": "KOR", "date": "2014", "stage": "own_store", "status": "withdrawn",
     "product_lines": "tv"},
    {"event_id": "mx-late", "country": "MEX", "date": "2017-05-11", "stage": "phones_official"},
    {"event_id": "mx-early", "country": "MEX", "date": "2017-H1", "stage": "phones_partner",
     "product_lines": "smartphones"},
    {"event_id": "br-exit", "country": "BRA", "date": "2016", "stage": "exited"},
    {"event_id": "br-none", "country": "BRA", "date": "2015", "stage": "none"},
    {"event_id": "eu", "country": "150", "date": "2010", "stage": "phones_official", "product_lines": "smartphones"},
    {"event_id": "cn", "country": "CHN", "date": "2010-04-06", "stage": "home"},
    {"event_id": "sam", "company": "samsung", "country": "JPN", "date": "2010", "stage": "own_store"},
)  # fmt: skip


def test_first_entry_per_country() -> None:
    result = compute_first_entries(frames.events(*ROWS), by="country")
    assert list(result.columns) == ["country", "date", "date_label", "date_precision", "event_id"]
    assert list(zip(result["country"], result["event_id"], strict=True)) == [
        ("CHN", "cn"), ("KOR", "kr-eco"), ("MEX", "mx-early"),
    ]  # fmt: skip
    kor = result[result["country"] == "KOR"].iloc[0]
    assert (kor["date"], kor["date_label"], str(kor["date_precision"])) == (
        pd.Timestamp("2016-03-01"),
        "2016-03",
        "month",
    )


@pytest.mark.parametrize(
    ("country", "product_line", "expected"),
    [
        ("KOR", "wearables", "kr-eco"),
        ("KOR", "audio", "kr-eco"),
        ("KOR", "smartphones", "kr-phone"),  # the plan does not count, the happened phone launch does
        ("KOR", "tv", None),  # withdrawn
        ("MEX", "smartphones", "mx-early"),
        ("150", "smartphones", None),  # regions are not countries
    ],
)
def test_first_entry_per_product_line(country: str, product_line: str, expected: str | None) -> None:
    result = compute_first_entries(frames.events(*ROWS), by="product_line")
    found = result[(result["country"] == country) & (result["product_line"] == product_line)]
    assert (found["event_id"].iloc[0] if len(found) else None) == expected


def test_product_line_columns_and_order() -> None:
    result = compute_first_entries(frames.events(*ROWS), by="product_line")
    assert list(result.columns) == ["country", "product_line", "date", "date_label", "date_precision", "event_id"]
    keys = list(zip(result["country"], result["product_line"], strict=True))
    assert keys == sorted(keys)


def test_same_start_keeps_file_order() -> None:
    events = frames.events({"event_id": "a", "date": "2016"}, {"event_id": "b", "date": "2016-01-01"})
    assert compute_first_entries(events)["event_id"].tolist() == ["a"]


@pytest.mark.parametrize("by", ["country", "product_line"])
def test_empty_and_unchanged(by: str) -> None:
    events = frames.events(*ROWS)
    before = frames.snapshot(events)
    compute_first_entries(events, by=by)
    pd.testing.assert_frame_equal(events, before)
    assert compute_first_entries(frames.events(), by=by).empty


def test_unknown_grouping_is_an_error() -> None:
    with pytest.raises(ValueError, match="by must be"):
        compute_first_entries(frames.events(*ROWS), by="region")
