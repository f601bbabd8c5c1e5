"""How many sources, and how many independent source clusters, back each event; which events each source backs."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd

from components.queries.timeline import select_pairs

CORROBORATION_COLUMNS = ("event_id", "n_sources", "n_independent", "source_ids")


@dataclasses.dataclass(frozen=True, eq=False)
class CitationCodes:
    """Every (event, distinct cited source) pair as integer arrays, in event order then citation order.

    event: the citing event's position in the events frame; source: index into `source_ids`; independence: per
    source index, a code shared by the sources of one cluster (a source without a cluster has its own); source_row:
    per source index, its row in the sources frame (-1 if absent). Build once per data version
    (compute_citation_codes); the arrays are read-only.
    """

    event: np.ndarray
    source: np.ndarray
    independence: np.ndarray
    source_ids: np.ndarray
    source_row: np.ndarray
    n_events: int


def compute_citation_codes(events: pd.DataFrame, sources: pd.DataFrame) -> CitationCodes:
    """The citations of `events` as CitationCodes; ids cited but absent from `sources` count as their own cluster."""
    distinct_of: dict[int, list] = {}  # equal list cells often share one object: each is deduplicated once
    cells = [
        distinct_of.setdefault(id(v), list(dict.fromkeys(v))) if isinstance(v, list) else []
        for v in events["source_ids"].tolist()
    ]
    event = np.repeat(np.arange(len(cells), dtype=np.int32), [len(c) for c in cells])
    codes, source_ids = pd.factorize(pd.Series([s for c in cells for s in c], dtype=object), sort=False)
    clusters = source_clusters(sources)
    keys = [clusters.get(str(s), ("source", str(s))) for s in source_ids]
    independence = pd.factorize(pd.Series(keys, dtype=object), sort=False)[0] if keys else np.zeros(0)
    arrays = {
        "event": event,
        "source": codes.astype(np.int32),
        "independence": np.asarray(independence, np.int32),
        "source_ids": np.asarray(source_ids, dtype=object),
        "source_row": pd.Index(sources["source_id"].astype(str)).get_indexer(source_ids).astype(np.int32),
    }
    for array in arrays.values():
        array.setflags(write=False)
    return CitationCodes(**arrays, n_events=len(cells))


def selected_citations(codes: CitationCodes, rows: np.ndarray | None = None) -> np.ndarray:
    """Which citation pairs belong to the events at `rows` (None: all), as a bool array over the pairs."""
    return select_pairs(codes.event, codes.n_events, rows)


def count_citations(codes: CitationCodes, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each event at `rows` (in that order): its distinct cited sources and its independent clusters."""
    rows = np.asarray(rows, dtype=np.int64)
    picked = selected_citations(codes, rows)
    event, source = codes.event[picked].astype(np.int64), codes.source[picked]
    n_sources = np.bincount(event, minlength=codes.n_events)
    width = int(codes.independence.max(initial=0)) + 1
    clusters = np.unique(event * width + codes.independence[source])  # distinct (event, cluster) pairs
    n_independent = np.bincount(clusters // width, minlength=codes.n_events)
    return n_sources[rows], n_independent[rows]


def cited_source_rows(codes: CitationCodes, rows: np.ndarray | None = None) -> np.ndarray:
    """The rows of the sources frame (ascending) cited by the events at `rows` (None: all)."""
    found = codes.source_row[np.unique(codes.source[selected_citations(codes, rows)])]
    return np.sort(found[found >= 0]).astype(np.int64)


def supporting_events(
    codes: CitationCodes, event_ids: np.ndarray, rows: np.ndarray | None, source_ids: list[str]
) -> dict[str, list[str]]:
    """For each of `source_ids`, the ids (in event order) of the events at `rows` citing it."""
    index = {source_id: i for i, source_id in enumerate(codes.source_ids.tolist())}
    wanted = np.zeros(len(codes.source_ids), dtype=bool)
    wanted[[index[s] for s in source_ids if s in index]] = True
    picked = selected_citations(codes, rows) & wanted[codes.source]
    found: dict[str, list[str]] = {source_id: [] for source_id in source_ids}
    for position, source in zip(codes.event[picked].tolist(), codes.source[picked].tolist(), strict=True):
        found[codes.source_ids[source]].append(str(event_ids[position]))
    return found


def compute_corroboration(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per event: distinct cited sources, and distinct clusters among them (a source with no cluster is its own)."""
    codes = compute_citation_codes(events, sources)
    rows = np.arange(len(events), dtype=np.int64)
    n_sources, n_independent = count_citations(codes, rows)
    bounds = np.concatenate([[0], np.cumsum(n_sources)]).tolist()
    ids = codes.source_ids[codes.source].tolist()
    return pd.DataFrame(
        {
            "event_id": events["event_id"].astype(str).to_numpy(dtype=object),
            "n_sources": n_sources.astype(int),
            "n_independent": n_independent.astype(int),
            "source_ids": [ids[bounds[i] : bounds[i + 1]] for i in range(len(events))],
        },
        columns=list(CORROBORATION_COLUMNS),
    )


def source_clusters(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Map each source id to its independence key: ('cluster', name), or ('source', id) when it has no cluster."""
    keys = {}
    for source_id, cluster in zip(sources["source_id"].astype(str), sources["cluster"], strict=True):
        name = "" if pd.isna(cluster) else str(cluster).strip()
        keys[source_id] = ("cluster", name) if name else ("source", source_id)
    return keys
