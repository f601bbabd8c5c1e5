"""How many sources, and how many independent source clusters, back each event."""

from __future__ import annotations

import pandas as pd

CORROBORATION_COLUMNS = ("event_id", "n_sources", "n_independent", "source_ids")


def compute_corroboration(events: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Per event: distinct cited sources, and distinct clusters among them (a source with no cluster is its own)."""
    clusters = source_clusters(sources)
    rows = [
        _corroboration_row(str(event_id), source_ids, clusters)
        for event_id, source_ids in zip(events["event_id"], events["source_ids"], strict=True)
    ]
    return pd.DataFrame(rows, columns=list(CORROBORATION_COLUMNS)).astype({"n_sources": int, "n_independent": int})


def source_clusters(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """Map each source id to its independence key: ('cluster', name), or ('source', id) when it has no cluster."""
    keys = {}
    for source_id, cluster in zip(sources["source_id"].astype(str), sources["cluster"], strict=True):
        name = "" if pd.isna(cluster) else str(cluster).strip()
        keys[source_id] = ("cluster", name) if name else ("source", source_id)
    return keys


def _corroboration_row(event_id: str, source_ids: object, clusters: dict[str, tuple[str, str]]) -> dict[str, object]:
    distinct = list(dict.fromkeys(source_ids)) if isinstance(source_ids, list) else []
    independent = {clusters.get(source_id, ("source", source_id)) for source_id in distinct}
    return {"event_id": event_id, "n_sources": len(distinct), "n_independent": len(independent), "source_ids": distinct}
