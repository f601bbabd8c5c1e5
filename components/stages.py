"""Entry stage of each country as of a date, and a country's stage history, by the rule in data/README.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import pandas as pd

XIAOMI = "xiaomi"
RAISING_STATUS = "happened"
PLAN_STATUSES = frozenset({"rumoured", "planned", "announced"})
EXITED, PLANNED, NONE = "exited", "planned", "none"
ENTRY_STAGES = ("ecosystem", "phones_partner", "phones_official", "own_store", "home")

AS_OF_COLUMNS = (
    "country", "stage", "stage_label", "first_entry_date", "first_entry_label", "last_event_date",
    "product_lines", "partners", "n_events", "n_sources",
)  # fmt: skip
HISTORY_COLUMNS = ("date", "date_label", "stage", "event_id")


def stage_dtype(stages: pd.DataFrame) -> pd.CategoricalDtype:
    """The ordered categorical of stage ids, lowest rank first."""
    return pd.CategoricalDtype(list(stages.sort_values("rank")["stage_id"].astype(str)), ordered=True)


def is_region(code: str) -> bool:
    """True for a UN M.49 region code (digits), which is kept as an event but is not a country on the map."""
    return str(code).isdigit()


def xiaomi_country_events(events: pd.DataFrame) -> pd.DataFrame:
    """Xiaomi's events in ISO3 countries (no regions), in date order (file order for the same start date)."""
    keep = (events["company"].astype(str) == XIAOMI) & ~events["country"].astype(str).map(is_region).astype(bool)
    return events[keep].sort_values("date", kind="stable")


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
    """One row per ISO3 country with any Xiaomi event: its stage as of `as_of` and what it rests on."""
    moment = pd.Timestamp(as_of)
    ranks = dict(zip(stages["stage_id"].astype(str), stages["rank"].astype(int), strict=True))
    labels = dict(zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=True))
    ordered = xiaomi_country_events(events)
    rows = [
        _country_row(str(country), group[group["date"] <= moment], ranks)
        for country, group in ordered.groupby(ordered["country"].astype(str), sort=True)
    ]
    result = pd.DataFrame(rows, columns=[c for c in AS_OF_COLUMNS if c != "stage_label"])
    result["stage"] = result["stage"].astype(stage_dtype(stages))
    result.insert(2, "stage_label", result["stage"].astype(str).map(labels))
    for column in ("first_entry_date", "last_event_date"):
        result[column] = pd.to_datetime(result[column]).astype("datetime64[ns]")
    return result


def _country_row(country: str, applied: pd.DataFrame, ranks: dict[str, int]) -> dict[str, object]:
    statuses, stage_ids = applied["status"].astype(str), applied["stage"].astype(str)
    steps = fold_stages(zip(statuses, stage_ids, strict=True), ranks)
    happened = applied[statuses == RAISING_STATUS]
    entries = happened[happened["stage"].astype(str).isin(ENTRY_STAGES)]
    return {
        "country": country,
        "stage": steps[-1] if steps else NONE,
        "first_entry_date": entries["date"].iloc[0] if len(entries) else pd.NaT,
        "first_entry_label": str(entries["date_label"].iloc[0]) if len(entries) else "",
        "last_event_date": applied["date"].max() if len(applied) else pd.NaT,
        "product_lines": _sorted_union(happened["product_lines"]),
        "partners": _sorted_union(happened["partners"]),
        "n_events": len(applied),
        "n_sources": len(_sorted_union(applied["source_ids"])),
    }


def _sorted_union(lists: pd.Series) -> list[str]:
    return sorted({item for items in lists if isinstance(items, list) for item in items})


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
