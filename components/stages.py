"""Entry stage of each country as of a date, and a country's stage history, by the rule in data/README.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import numpy as np
import pandas as pd

XIAOMI = "xiaomi"
RAISING_STATUS = "happened"
PLAN_STATUSES = frozenset({"rumoured", "planned", "announced"})
EXITED, PLANNED, NONE = "exited", "planned", "none"
ENTRY_STAGES = ("ecosystem", "phones_partner", "phones_official", "own_store", "home")
PHONE_STAGES = ("phones_partner", "phones_official", "own_store")

AS_OF_COLUMNS = (
    "country", "stage", "stage_label", "first_entry_date", "first_entry_label", "last_event_date",
    "product_lines", "partners", "n_events", "n_sources",
)  # fmt: skip
HISTORY_COLUMNS = ("date", "date_label", "stage", "event_id")
AS_OF_INPUT_COLUMNS = (
    "company", "country", "date", "date_label", "status", "stage", "product_lines", "partners", "source_ids",
)  # what compute_stage_as_of reads


def stage_dtype(stages: pd.DataFrame) -> pd.CategoricalDtype:
    """The ordered categorical of stage ids, lowest rank first."""
    return pd.CategoricalDtype(list(stages.sort_values("rank")["stage_id"].astype(str)), ordered=True)


def is_region(code: str) -> bool:
    """True for a UN M.49 region code (digits), which is kept as an event but is not a country on the map."""
    return str(code).isdigit()


def xiaomi_country_events(events: pd.DataFrame) -> pd.DataFrame:
    """Xiaomi's events in ISO3 countries (no regions), in date order (file order for the same start date)."""
    keep = _text_matches(events["company"], lambda company: company == XIAOMI)
    keep &= ~_text_matches(events["country"], is_region)
    return events[keep].sort_values("date", kind="stable")


def _text_matches(column: pd.Series, test) -> np.ndarray:  # noqa: ANN001
    """test(str(value)) for every value, as a bool array; a categorical column is tested once per category."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        per_category = np.array([bool(test(str(c))) for c in column.cat.categories] + [bool(test(str(np.nan)))])
        return per_category[column.cat.codes.to_numpy()]  # code -1 (missing) takes the last entry
    return np.array([bool(test(str(value))) for value in column.tolist()], dtype=bool)


def fold_stages(rows: Iterable[tuple[str, str]], ranks: dict[str, int]) -> list[str]:
    """The stage after each (status, stage) step, taken in date order, by the entry-stage rule."""
    reached, has_plan, result = None, False, []
    for status, stage in rows:
        if status == RAISING_STATUS:
            reached = _raise(reached, stage, ranks)
        elif status in PLAN_STATUSES:
            has_plan = True
        result.append(reached if reached is not None else (PLANNED if has_plan else NONE))
    return result


def _raise(reached: str | None, stage: str, ranks: dict[str, int]) -> str | None:
    if stage == EXITED:
        return EXITED
    base = None if reached in (None, EXITED) else reached
    floor = ranks[NONE] if base is None else ranks[base]
    if ranks[stage] > floor:
        return stage
    return reached


def compute_stage_as_of(events: pd.DataFrame, stages: pd.DataFrame, as_of: datetime.date | pd.Timestamp) -> pd.DataFrame:
    """One row per ISO3 country with any Xiaomi event: its stage as of `as_of` and what it rests on.

    One pass over plain column arrays (per-group pandas indexing cost ~10 ms a country).
    """
    moment = pd.Timestamp(as_of)
    ranks = dict(zip(stages["stage_id"].astype(str), stages["rank"].astype(int), strict=True))
    labels = dict(zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=True))
    ordered = xiaomi_country_events(events)
    countries = _texts(ordered["country"])
    applies = (ordered["date"] <= moment).to_numpy().tolist()
    states = {country: _CountryState() for country in sorted(set(countries))}
    columns = zip(
        countries, applies, _texts(ordered["status"]), _texts(ordered["stage"]), ordered["date"].to_numpy(),
        _texts(ordered["date_label"]), ordered["product_lines"].tolist(), ordered["partners"].tolist(),
        ordered["source_ids"].tolist(), strict=True,
    )  # fmt: skip
    for country, applied, status, stage, date, label, product_lines, partners, source_ids in columns:
        if applied:
            states[country].add(status, stage, date, label, product_lines, partners, source_ids, ranks)
    result = pd.DataFrame(
        [state.to_row(country) for country, state in states.items()],
        columns=[c for c in AS_OF_COLUMNS if c != "stage_label"],
    )
    result["stage"] = result["stage"].astype(stage_dtype(stages))
    result.insert(2, "stage_label", result["stage"].astype(str).map(labels))
    for column in ("first_entry_date", "last_event_date"):
        result[column] = pd.to_datetime(result[column]).astype("datetime64[ns]")
    return result


def _texts(column: pd.Series) -> list[str]:
    """str(value) of every value, as a plain list (iterating an Arrow-backed column value by value is slow)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = [str(c) for c in column.cat.categories] + [str(np.nan)]
        return [names[code] for code in column.cat.codes.tolist()]
    return [str(value) for value in column.tolist()]


class _CountryState:
    """What one country's events up to the as-of date add up to, folded one event at a time."""

    def __init__(self) -> None:
        self.reached: str | None = None
        self.has_plan = False
        self.first_entry: tuple[object, str] = (pd.NaT, "")
        self.last_date = pd.NaT
        self.product_lines: set[str] = set()
        self.partners: set[str] = set()
        self.sources: set[str] = set()
        self.n_events = 0

    def add(self, status, stage, date, label, product_lines, partners, source_ids, ranks) -> None:
        self.n_events += 1
        self.last_date = date if pd.isna(self.last_date) or date > self.last_date else self.last_date
        self.sources.update(source_ids if isinstance(source_ids, list) else ())
        if status == RAISING_STATUS:
            self.reached = _raise(self.reached, stage, ranks)
            self.product_lines.update(product_lines if isinstance(product_lines, list) else ())
            self.partners.update(partners if isinstance(partners, list) else ())
            if stage in ENTRY_STAGES and pd.isna(self.first_entry[0]):
                self.first_entry = (date, label)
        elif status in PLAN_STATUSES:
            self.has_plan = True

    def to_row(self, country: str) -> dict[str, object]:
        stage = self.reached if self.reached is not None else (PLANNED if self.has_plan else NONE)
        return {
            "country": country,
            "stage": stage,
            "first_entry_date": self.first_entry[0],
            "first_entry_label": self.first_entry[1],
            "last_event_date": self.last_date,
            "product_lines": sorted(self.product_lines),
            "partners": sorted(self.partners),
            "n_events": self.n_events,
            "n_sources": len(self.sources),
        }


def compute_key_figures(as_of: pd.DataFrame) -> dict[str, object]:
    """Headline numbers of a compute_stage_as_of table: countries with phones (partner, official or own stores),
    with ecosystem products only, with plans only, and the newest first entry as (country, date label) or None."""
    stage = as_of["stage"].astype(str)
    entered = as_of.dropna(subset=["first_entry_date"]).sort_values("first_entry_date", kind="stable")
    newest = entered.iloc[-1] if not entered.empty else None
    return {
        "phones": int(stage.isin(PHONE_STAGES).sum()),
        "ecosystem": int((stage == "ecosystem").sum()),
        "planned": int((stage == PLANNED).sum()),
        "newest": None if newest is None else (str(newest["country"]), str(newest["first_entry_label"])),
    }


def compute_stage_history(events: pd.DataFrame, stages: pd.DataFrame, country: str) -> pd.DataFrame:
    """Every change of `country`'s stage, in order: date, date_label, new stage, and the event that caused it."""
    ranks = dict(zip(stages["stage_id"].astype(str), stages["rank"].astype(int), strict=True))
    ordered = xiaomi_country_events(events)
    mine = ordered[ordered["country"].astype(str) == country]
    steps = fold_stages(zip(mine["status"].astype(str), mine["stage"].astype(str), strict=True), ranks)
    changes, previous = [], NONE
    for (_, event), stage in zip(mine.iterrows(), steps, strict=True):
        if stage != previous:
            changes.append({"date": event["date"], "date_label": event["date_label"], "stage": stage,
                            "event_id": event["event_id"]})  # fmt: skip
        previous = stage
    history = pd.DataFrame(changes, columns=list(HISTORY_COLUMNS))
    history["date"] = pd.to_datetime(history["date"]).astype("datetime64[ns]")
    history["stage"] = history["stage"].astype(stage_dtype(stages))
    return history
