"""Tests for components.corroboration: sources reporting the same news cluster count once."""

from __future__ import annotations

import frames
import pandas as pd
import pytest

from components.queries.corroboration import (
    cited_source_rows,
    compute_citation_codes,
    compute_corroboration,
    count_citations,
    supporting_events,
)

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


# --- citation codes: what the sources page counts per filter --------------------------------------------------------

CITING = (
    {"event_id": "e1", "source_ids": "a1;a2"},  # one cluster
    {"event_id": "e2", "source_ids": "a1;b1;solo1"},  # three independent
    {"event_id": "e3", "source_ids": "solo1;solo1"},  # a repeated id counts once
    {"event_id": "e4", "source_ids": "b1"},
)


@pytest.mark.parametrize(
    ("rows", "n_sources", "n_independent", "cited", "supporting"),
    [
        (
            [0, 1, 2, 3],
            [2, 3, 1, 1],
            [1, 3, 1, 1],
            ["a1", "a2", "b1", "solo1"],
            {"a1": ["e1", "e2"], "b1": ["e2", "e4"], "solo1": ["e2", "e3"], "solo2": []},
        ),
        (
            [1, 3],
            [3, 1],
            [3, 1],
            ["a1", "b1", "solo1"],
            {"a1": ["e2"], "b1": ["e2", "e4"], "solo1": ["e2"], "solo2": []},
        ),
        ([2], [1], [1], ["solo1"], {"a1": [], "b1": [], "solo1": ["e3"], "solo2": []}),
        ([], [], [], [], {"a1": [], "b1": [], "solo1": [], "solo2": []}),
    ],
)
def test_citation_codes_count_what_the_chosen_events_cite(rows, n_sources, n_independent, cited, supporting) -> None:
    import numpy as np

    events, sources = frames.events(*CITING), frames.sources(*SOURCES)
    codes = compute_citation_codes(events, sources)
    chosen = np.array(rows, dtype=np.int64)
    got_sources, got_independent = count_citations(codes, chosen)
    assert (got_sources.tolist(), got_independent.tolist()) == (n_sources, n_independent)
    positions = cited_source_rows(codes, chosen)
    assert sources["source_id"].iloc[positions].tolist() == cited  # in the sources' order
    ids = events["event_id"].to_numpy(dtype=object)
    assert supporting_events(codes, ids, chosen, ["a1", "b1", "solo1", "solo2"]) == supporting
    assert not codes.event.flags.writeable and not codes.source.flags.writeable


def test_corroboration_of_the_real_data_matches_counting_event_by_event() -> None:
    from components.model import load_model
    from components.queries.corroboration import source_clusters

    model = load_model()
    clusters = source_clusters(model.sources)
    result = compute_corroboration(model.events, model.sources)
    for source_ids, row in zip(model.events["source_ids"], result.itertuples(index=False), strict=True):
        distinct = list(dict.fromkeys(source_ids))
        assert row.source_ids == distinct and row.n_sources == len(distinct)
        assert row.n_independent == len({clusters.get(s, ("source", s)) for s in distinct})
