"""How much of Xiaomi's footprint the atlas documents: entered countries by continent, the footprint claim, and
countries that rest on weak sources only.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from components.model.vocabulary import ENTRY_STAGES, RAISING_STATUS, SUBJECT, WEAK, WORLD

CONTINENTS = {"150": "Europe", "002": "Africa", "019": "Americas", "142": "Asia", "009": "Oceania"}  # UN M.49


def read_country_regions(file: Path) -> pd.DataFrame:
    """Each ISO3 country's UN M.49 continent code and sub-region (static/country_regions.csv); empty if absent."""
    if not file.exists():
        return pd.DataFrame(columns=["iso3", "continent", "un_region"])
    return pd.read_csv(file, dtype=str, keep_default_na=False)


def compute_entered_countries(as_of: pd.DataFrame) -> list[str]:
    """The countries of a compute_stage_as_of table whose stage is an actual entry (ecosystem products or more)."""
    return sorted(as_of.loc[as_of["stage"].astype(str).isin(ENTRY_STAGES), "country"].astype(str))


def compute_coverage_by_continent(countries: list[str], regions: pd.DataFrame) -> pd.DataFrame:
    """How many of `countries` lie in each continent (UN M.49), every continent listed, in CONTINENTS order."""
    continent = dict(zip(regions["iso3"], regions["continent"], strict=True))
    counts = pd.Series([continent.get(code, "") for code in countries], dtype=str).value_counts()
    return pd.DataFrame({"continent": list(CONTINENTS.values()),
                         "countries": [int(counts.get(code, 0)) for code in CONTINENTS]})  # fmt: skip


def latest_footprint_claim(events: pd.DataFrame) -> pd.Series | None:
    """Xiaomi's newest worldwide market claim (a happened `market_claim` event for the world), or None."""
    claims = events[(events["company"].astype(str) == SUBJECT) & (events["country"].astype(str) == WORLD)
                    & (events["event_type"].astype(str) == "market_claim")
                    & (events["status"].astype(str) == RAISING_STATUS)]  # fmt: skip
    return None if claims.empty else claims.sort_values("date", kind="stable").iloc[-1]


def weak_only_countries(events: pd.DataFrame, sources: pd.DataFrame) -> set[str]:
    """Countries whose Xiaomi events all cite weak sources only."""
    weak = set(sources.loc[sources["reliability"].astype(str) == WEAK, "source_id"].astype(str))
    xiaomi = events[events["company"].astype(str) == SUBJECT]
    strong_somewhere: dict[str, bool] = {}
    for country, ids in zip(xiaomi["country"].astype(str), xiaomi["source_ids"], strict=True):
        strong = any(source_id not in weak for source_id in ids or ())
        strong_somewhere[country] = strong_somewhere.get(country, False) or strong
    return {country for country, strong in strong_somewhere.items() if not strong}
