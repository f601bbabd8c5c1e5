"""The timeline's first rows: which countries' events it draws before the reader asks for all of them."""

import pandas as pd
import pytest

from components.queries.timeline import compute_first_rows


def events(*rows: tuple[str, str | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {"country": [c for c, _ in rows], "date": pd.to_datetime([d for _, d in rows]), "n": range(len(rows))}
    )


EVENTS = events(
    ("IND", "2014-07-15"),
    ("CHN", "2011-08-16"),
    ("IND", "2010-01-01"),  # India's first event is its earliest, not its first row
    ("ESP", "2017-11-08"),
    ("001", "2019-05-19"),  # a worldwide row
    ("FRA", None),  # undated only: last
    ("ITA", "2017-11-08"),  # a tie with ESP: by code
)


@pytest.mark.parametrize(
    ("limit", "always", "kept", "total"),
    [
        (None, (), {"IND", "CHN", "ESP", "001", "FRA", "ITA"}, 6),
        (10, (), {"IND", "CHN", "ESP", "001", "FRA", "ITA"}, 6),
        (6, (), {"IND", "CHN", "ESP", "001", "FRA", "ITA"}, 6),
        (1, (), {"IND"}, 6),
        (2, (), {"IND", "CHN"}, 6),
        (3, (), {"IND", "CHN", "ESP"}, 6),
        (4, (), {"IND", "CHN", "ESP", "ITA"}, 6),
        (5, (), {"IND", "CHN", "ESP", "ITA", "001"}, 6),
        (2, ("001",), {"IND", "CHN", "001"}, 6),  # a region row is always kept, beside the first countries
        (2, ("001", "419"), {"IND", "CHN", "001"}, 6),  # a region without events adds no row
        (5, ("001",), {"IND", "CHN", "ESP", "ITA", "001", "FRA"}, 6),  # 5 countries besides the region: all
    ],
)
def test_the_first_countries_by_first_event(limit, always, kept, total):
    rows, n_rows = compute_first_rows(EVENTS, limit, always)
    assert set(rows["country"]) == kept
    assert n_rows == total
    assert rows["n"].tolist() == sorted(rows["n"])  # the events keep their order and columns
    assert list(rows.columns) == list(EVENTS.columns)


def test_no_events_no_rows():
    rows, n_rows = compute_first_rows(events(), 30)
    assert rows.empty and n_rows == 0
