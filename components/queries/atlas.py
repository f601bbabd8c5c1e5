"""The Atlas: one loaded model and the tables derived from it, each worked out once per data version (memoised)."""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd

from components import paths
from components.model import Model
from components.model.vocabulary import SUBJECT
from components.queries.corroboration import CitationCodes, compute_citation_codes
from components.queries.coverage import read_country_regions
from components.queries.filters import FilterSpec, matching_rows, take_rows
from components.queries.names import language_name, lookup, read_centroids
from components.queries.stages import AS_OF_INPUT_COLUMNS, compute_stage_as_of, stage_effects
from components.queries.timeline import MarkerCodes, compute_marker_codes

MEMO_LIMITS = {"rows": 64, "stage_as_of": 256, "marker_codes": 4}  # entries kept per kind; others keep 8


class Atlas:
    """A loaded model and its derived tables, each computed on first use and then shared.

    Everything it returns is shared by every session: READ-ONLY, like the model (arrays are made non-writeable).
    A new data version means a new Atlas (the app's cache keys it by the folder's fingerprint).
    """

    def __init__(self, model: Model, version: str = "") -> None:
        self.model = model
        self.version = version
        self._memo: dict[str, OrderedDict] = {}
        self._lock = threading.Lock()

    def _memoised(self, kind: str, key: Hashable, build: Callable[[], object]) -> object:
        """build() once per (kind, key), keeping the most recent MEMO_LIMITS[kind] results of each kind."""
        with self._lock:
            table = self._memo.setdefault(kind, OrderedDict())
            if key in table:
                table.move_to_end(key)
                return table[key]
        value = build()
        with self._lock:
            table[key] = value
            while len(table) > MEMO_LIMITS.get(kind, 8):
                table.popitem(last=False)
        return value

    def labels(self, table: str) -> dict[str, str]:
        """Id -> label of a vocabulary table: products, stages, event_types, companies (names), regions."""
        columns = {"products": ("product_line_id", "label"), "stages": ("stage_id", "label"),
                   "event_types": ("event_type", "label"), "companies": ("company_id", "name"),
                   "regions": ("region_code", "name"), "stage_descriptions": ("stage_id", "description")}  # fmt: skip
        frame = self.model.stages if table == "stage_descriptions" else getattr(self.model, table)
        return self._memoised("labels", table, lambda: lookup(frame, *columns[table]))

    def centroids(self) -> pd.DataFrame:
        """Country centroids and areas (static/country_centroids.csv), for the map's markers of small countries."""
        return self._memoised("centroids", None, lambda: read_centroids(paths.STATIC_DIR / "country_centroids.csv"))

    def country_regions(self) -> pd.DataFrame:
        """Each country's UN M.49 continent and sub-region (static/country_regions.csv)."""
        return self._memoised("regions", None, lambda: read_country_regions(paths.STATIC_DIR / "country_regions.csv"))

    def covered_countries(self) -> tuple[str, ...]:
        """ISO3 countries that appear in any event (any company) or market-share row: the atlas covers them."""

        def build() -> tuple[str, ...]:
            codes = set(self.model.events["country"].astype(str)) | set(self.model.market_share["country"].astype(str))
            return tuple(sorted(code for code in codes if len(code) == 3 and code.isalpha()))

        return self._memoised("covered", None, build)

    def languages(self) -> tuple[str, ...]:
        """The languages of the sources, by their English names."""

        def build() -> tuple[str, ...]:
            return tuple(sorted(set(self.model.sources["language"].astype(str)) - {""}, key=language_name))

        return self._memoised("languages", None, build)

    def first_subject_year(self) -> int | None:
        """The year of Xiaomi's first dated event."""

        def build() -> int | None:
            events = self.model.events
            years = events.loc[events["company"].astype(str) == SUBJECT, "date"].dt.year.dropna()
            return int(years.min()) if not years.empty else None

        return self._memoised("first_year", None, build)

    def matching_rows(self, spec: FilterSpec) -> np.ndarray:
        """Positions of the events matching `spec` (a read-only array)."""

        def build() -> np.ndarray:
            rows = matching_rows(self.model.events, spec, self.model.sources)
            rows.setflags(write=False)
            return rows

        return self._memoised("rows", spec, build)

    def filtered_events(self, spec: FilterSpec, limit: int | None = None) -> pd.DataFrame:
        """The events matching `spec` (its first `limit` rows), as a new frame."""
        return take_rows(self.model.events, self.matching_rows(spec), limit)

    def stage_as_of(self, spec: FilterSpec, as_of: datetime.date) -> pd.DataFrame:
        """compute_stage_as_of over the events matching `spec`."""

        def build() -> pd.DataFrame:
            events = self.model.events[[c for c in AS_OF_INPUT_COLUMNS if c in self.model.events.columns]]
            return compute_stage_as_of(
                take_rows(events, self.matching_rows(spec)),
                self.model.stages,
                as_of,
                stage_effects(self.model.event_types),
            )

        return self._memoised("stage_as_of", (spec, as_of), build)

    def colour_order(self, colour_by: str) -> list[str]:
        """The order of the timeline's colour categories: stages by rank, or event types as listed."""
        if colour_by == "stage":
            return self.model.stages.sort_values("rank")["stage_id"].astype(str).tolist()
        return self.model.event_types["event_type"].astype(str).tolist()

    def marker_codes(self, group_by: str, colour_by: str) -> MarkerCodes:
        """The timeline's markers of every event as integer codes."""

        def build() -> MarkerCodes:
            colours = self.colour_order(colour_by)
            return compute_marker_codes(self.model.events, group_by=group_by, colour_by=colour_by, colour_order=colours)

        return self._memoised("marker_codes", (group_by, colour_by), build)

    def citation_codes(self) -> CitationCodes:
        """Every event's distinct cited sources and their clusters as integer codes."""
        return self._memoised("citations", None, lambda: compute_citation_codes(self.model.events, self.model.sources))
