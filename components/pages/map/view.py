"""The map page's views: key figures, the stage table and the stage map figure, from the Atlas (no Streamlit)."""

from __future__ import annotations

import datetime

import pandas as pd

from components.figures.map import make_stage_map_figure
from components.figures.style import add_credit
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec
from components.queries.names import country_names, localised_country_names
from components.queries.stages import compute_key_figures
from components.queries.tables import credit_lines, join_list


def as_of_date(year: int, today: datetime.date) -> datetime.date:
    """The map's date for `year`: its last day, or today for the current year."""
    return min(datetime.date(year, 12, 31), today)


def compute_year_range(atlas: Atlas, spec: FilterSpec, today: datetime.date) -> tuple[int, int]:
    """The year slider's range: Xiaomi's first year to this year (or the 'to' filter's year), at least two years."""
    first_year = atlas.first_subject_year() or 2010
    last_year = today.year if spec.end is None else max(first_year, min(spec.end.year, today.year))
    return min(first_year, last_year - 1), last_year


def build_summary(
    atlas: Atlas,
    map_spec: FilterSpec,
    countries: tuple[str, ...],
    year: int,
    as_of: datetime.date,
    locale: str | None = None,
) -> tuple[int, dict[str, object], pd.DataFrame]:
    """Countries shown, key figures and the stage table as of `as_of` (country names in the reader's `locale`)."""
    frame = country_frame(atlas, map_spec, countries, as_of)
    ranks = dict(zip(atlas.model.stages["label"].astype(str), atlas.model.stages["rank"].astype(int), strict=False))
    names = localised_country_names(locale)
    return len(frame), compute_key_figures(frame), stage_table(frame, atlas.labels("products"), ranks, names)


def stage_table(
    frame: pd.DataFrame,
    product_labels: dict[str, str],
    stage_ranks: dict[str, int],
    names: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per country: name, code, stage, first entry, product lines, partners, counts; highest stage first."""
    names = names or country_names()
    return pd.DataFrame(
        {
            "country": frame["country"].astype(str).map(lambda code: names.get(code, code)),
            "ISO3": frame["country"].astype(str),
            "stage": frame["stage_label"].astype(str),
            "first entry": frame["first_entry_label"].fillna("—").astype(str),
            "product lines": frame["product_lines"].map(lambda ids: ", ".join(product_labels.get(i, i) for i in ids)),
            "partners": frame["partners"].map(join_list),
            "events": frame["n_events"],
            "sources": frame["n_sources"],
        }
    ).sort_values(
        ["stage", "country"], key=lambda c: c if c.name != "stage" else c.map(stage_ranks), ascending=[False, True]
    )


def country_frame(atlas: Atlas, map_spec: FilterSpec, countries: tuple[str, ...], as_of: datetime.date) -> pd.DataFrame:
    """The stage of every country as of `as_of` (only `countries`, if any are chosen)."""
    frame = atlas.stage_as_of(map_spec, as_of)
    return frame[frame["country"].astype(str).isin(countries)] if countries else frame


def build_map_figure(
    atlas: Atlas,
    map_spec: FilterSpec,
    countries: tuple[str, ...],
    year: int,
    years: tuple[int, ...],
    today: datetime.date,
    locale: str | None = None,
) -> object:
    """The stage map as of `year` (animated over `years` when there are several); the current year reads to today."""
    covered = list(atlas.covered_countries())
    if countries:
        covered = [code for code in covered if code in countries]
    frames = {str(y): country_frame(atlas, map_spec, countries, as_of_date(y, today)) for y in (years or (year,))}
    figure = make_stage_map_figure(
        frames,
        atlas.model.stages,
        covered=covered,
        all_countries=country_names(),
        names=localised_country_names(locale),
        product_labels=atlas.labels("products"),
        centroids=atlas.centroids(),
        active=str(year),
    )
    when = f"year by year, {years[0]} to {years[-1]}" if years else f"as of {as_of_date(year, today).isoformat()}"
    title = f"Xiaomi's entry stage per country, {when}"
    return add_credit(figure, title, credit_lines(atlas.model, map_spec, today), where="top")
