"""The About page's views: how much of Xiaomi's claimed footprint the atlas documents, from the Atlas (no Streamlit)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pandas as pd

from components.queries.atlas import Atlas
from components.queries.coverage import (
    compute_coverage_by_continent,
    compute_entered_countries,
    latest_footprint_claim,
)
from components.queries.filters import FilterSpec
from components.queries.tables import source_table


@dataclass(frozen=True)
class Coverage:
    """The atlas's coverage today: entered countries, per continent, and Xiaomi's own claim with its source."""

    n_entered: int
    by_continent: pd.DataFrame
    claim: str
    claim_date: str
    claim_sources: pd.DataFrame


def build_coverage(atlas: Atlas, today: datetime.date) -> Coverage:
    """Countries with an actual entry as of `today` (happened events only), by continent, and the footprint claim."""
    as_of = atlas.stage_as_of(FilterSpec(statuses=("happened",)), today)
    entered = compute_entered_countries(as_of)
    claim = latest_footprint_claim(atlas.model.events)
    sources = (
        source_table(atlas.model, claim["source_ids"])[["outlet", "published", "url"]]
        if claim is not None
        else pd.DataFrame(columns=["outlet", "published", "url"])
    )
    return Coverage(
        n_entered=len(entered),
        by_continent=compute_coverage_by_continent(entered, atlas.country_regions()),
        claim="" if claim is None else str(claim["summary"]),
        claim_date="" if claim is None else str(claim["date_label"]),
        claim_sources=sources,
    )
