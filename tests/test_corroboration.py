"""Tests for components.corroboration: sources reporting the same news cluster count once."""

from __future__ import annotations

import frames
import pandas as pd
import pytest

from components.corroboration import compute_corroboration

SOURCES = (
    {"source_id": "a1", "cluster": "korea-2016-03"},
    {"source_id": "a2", "cluster": "korea-2016-03"},
    {"source_id": "a3", "cluster": " korea-2016-03 "},
    {"source_id": "b1", "cluster": "mexico"},
    {"source_id": "solo1"},
    {"source_id": "solo2"},
    {"source_id": "mexico"},  # a source whose id equals another source's cluster name is still independent
)


@pytest.mark.parametrize(
    ("source_ids", "n_sources", "n_independent"),
    [
        ("a1", 1, 1),
        ("a1;a2", 2, 1),
        ("a1;a2;a3", 3, 1),
        ("a1;b1", 2, 2),
        ("solo1;solo2", 2, 2),
        ("a1;a2;solo1", 3, 2),
        ("a1;a2;b1;solo1;solo2", 5, 4),
        ("a1;a1", 1, 1),
        ("b1;mexico", 2, 2),
    ],
)
def test_clusters_count_once(source_ids: str, n_sources: int, n_independent: int) -> None:
    result = compute_corroboration(frames.events({"source_ids": source_ids}), frames.sources(*SOURCES))
    row = result.iloc[0]
    assert (row["n_sources"], row["n_independent"]) == (n_sources, n_independent)
    assert row["source_ids"] == list(dict.fromkeys(source_ids.split(";")))


def test_one_row_per_event_in_order_and_inputs_unchanged() -> None:
    events = frames.events({"event_id": "x", "source_ids": "a1;a2"}, {"event_id": "y", "source_ids": "solo1"})
    sources = frames.sources(*SOURCES)
    before_events, before_sources = frames.snapshot(events), frames.snapshot(sources)
    result = compute_corroboration(events, sources)
    assert list(result.columns) == ["event_id", "n_sources", "n_independent", "source_ids"]
    assert result["event_id"].tolist() == ["x", "y"]
    assert result["n_independent"].tolist() == [1, 1]
    pd.testing.assert_frame_equal(events, before_events)
    pd.testing.assert_frame_equal(sources, before_sources)


def test_empty_events() -> None:
    result = compute_corroboration(frames.events(), frames.sources(*SOURCES))
    assert result.empty
    assert list(result.columns) == ["event_id", "n_sources", "n_independent", "source_ids"]
