"""Entry stage of each country as of a date, and a country's stage history, by the rule in data/README.md."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

import numpy as np
import pandas as pd

from components.model.vocabulary import (
    CLOSES_OWN_STORES,
    ECOSYSTEM,
    ENTRY_STAGES,
    EXITED,
    EXITS,
    NO_STAGE,
    OWN_STORE,
    PHONE_STAGES,
    PLAN_STATUSES,
    PLANNED,
    RAISES,
    RAISING_STATUS,
    SUBJECT,
)

AS_OF_COLUMNS = (
    "country", "stage", "stage_label", "first_entry_date", "first_entry_label", "last_event_date",
    "product_lines", "partners", "n_events", "n_sources",
)  # fmt: skip
HISTORY_COLUMNS = ("date", "date_label", "stage", "event_id")
AS_OF_INPUT_COLUMNS = (
    "company",
    "country",
    "date",
    "date_label",
    "event_type",
    "status",
    "stage",
    "product_lines",
    "partners",
    "source_ids",
)  # what compute_stage_as_of reads


def stage_dtype(stages: pd.DataFrame) -> pd.CategoricalDtype:
    """The ordered categorical of stage ids, lowest rank first."""
    return pd.CategoricalDtype(list(stages.sort_values("rank")["stage_id"].astype(str)), ordered=True)


def is_region(code: str) -> bool:
    """True for a UN M.49 region code (digits), which is kept as an event but is not a country on the map."""
    return str(code).isdigit()


def xiaomi_country_events(events: pd.DataFrame) -> pd.DataFrame:
    """Xiaomi's events in ISO3 countries (no regions), in date order (file order for the same start date)."""
    keep = _text_matches(events["company"], lambda company: company == SUBJECT)
    keep &= ~_text_matches(events["country"], is_region)
    return events[keep].sort_values("date", kind="stable")


def _text_matches(column: pd.Series, test) -> np.ndarray:
    """test(str(value)) for every value, as a bool array; a categorical column is tested once per category."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        per_category = np.array([bool(test(str(c))) for c in column.cat.categories] + [bool(test(str(np.nan)))])
        return per_category[column.cat.codes.to_numpy()]  # code -1 (missing) takes the last entry
    return np.array([bool(test(str(value))) for value in column.tolist()], dtype=bool)


def stage_effects(event_types: pd.DataFrame) -> dict[str, str]:
    """event_type -> what a happened event of that type does to its country's stage (event_types.csv 'effect')."""
    if "effect" not in event_types:
        return {}
    return dict(zip(event_types["event_type"].astype(str), event_types["effect"].astype(str), strict=True))


def fold_stages(rows: Iterable[tuple[str, str, str]], ranks: dict[str, int]) -> list[str]:
    """The stage after each (status, stage, effect) step, taken in date order, by the entry-stage rule.

    Own stores are tracked apart from the other stages: a closure of own retail ends them, and the stage falls to
    the highest other stage in force; a later store opening raises it again. An exit ends everything.
    """
    reached, store, has_plan, result = None, False, False, []
    for status, stage, effect in rows:
        if status == RAISING_STATUS:
            reached, store = _apply(reached, store, stage, effect, ranks)
        elif status in PLAN_STATUSES:
            has_plan = True
        result.append(_current(reached, store, has_plan, ranks))
    return result


def _apply(reached: str | None, store: bool, stage: str, effect: str, ranks: dict[str, int]) -> tuple[str | None, bool]:
    """(highest non-store stage or EXITED or None, own stores open) after one happened event."""
    if stage == EXITED or effect == EXITS:
        return EXITED, False
    if effect == CLOSES_OWN_STORES:
        return reached, False
    if effect not in (RAISES, ""):
        return reached, store
    if stage == OWN_STORE:
        return (None if reached == EXITED else reached), True
    base = None if reached in (None, EXITED) else reached
    floor = ranks[NO_STAGE] if base is None else ranks[base]
    return (stage if ranks[stage] > floor else reached), store


def _current(reached: str | None, store: bool, has_plan: bool, ranks: dict[str, int]) -> str:
    in_force = [stage for stage in (reached, OWN_STORE if store else None) if stage not in (None, EXITED)]
    if in_force:
        return max(in_force, key=ranks.__getitem__)
    if reached == EXITED:
        return EXITED
    return PLANNED if has_plan else NO_STAGE


def compute_stage_as_of(
    events: pd.DataFrame,
    stages: pd.DataFrame,
    as_of: datetime.date | pd.Timestamp,
    effects: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per ISO3 country with any Xiaomi event: its stage as of `as_of` and what it rests on.

    The entry-stage rule (fold_stages) worked out per country with array operations over the events up to `as_of`,
    in date order: after a country's last exit, the stage is the first of the highest-ranked stages its happened
    events reach above 'none' (own stores only if no closure of own retail followed them); failing that 'exited'
    if it exited, else 'planned' if any plan, else 'none'. `effects` maps event types to their effect
    (stage_effects); without it every event raises and only an 'exited' stage exits.
    """
    moment = pd.Timestamp(as_of)
    ranks = dict(zip(stages["stage_id"].astype(str), stages["rank"].astype(int), strict=True))
    labels = dict(zip(stages["stage_id"].astype(str), stages["label"].astype(str), strict=True))
    ordered = xiaomi_country_events(events)
    names = sorted(set(_texts(ordered["country"])))
    applied = ordered[(ordered["date"] <= moment).to_numpy()]
    country = pd.Categorical(_texts(applied["country"]), categories=names).codes.astype(np.int64)
    n_countries, n_rows = len(names), len(applied)
    position = np.arange(n_rows, dtype=np.int64)
    happened = _text_matches(applied["status"], lambda status: status == RAISING_STATUS)
    planned = np.zeros(n_countries, dtype=bool)
    planned[country[_text_matches(applied["status"], lambda status: status in PLAN_STATUSES)]] = True
    stage_text = np.array(_texts(applied["stage"]), dtype=object)
    rank = np.array([ranks[stage] for stage in stage_text], dtype=np.int64)
    effect = _event_effects(applied, effects or {})
    exits = happened & ((stage_text == EXITED) | (effect == EXITS))
    last_exit = _per_country(np.maximum, country[exits], position[exits], n_countries, -1)
    closures = happened & (effect == CLOSES_OWN_STORES)
    last_closure = _per_country(np.maximum, country[closures], position[closures], n_countries, -1)
    closed_store = (stage_text == OWN_STORE) & (position < last_closure[country])
    raising = happened & ~exits & np.isin(effect, (RAISES, "")) & (rank > ranks[NO_STAGE])
    raising &= (position > last_exit[country]) & ~closed_store
    best = _per_country(np.maximum, country[raising], rank[raising], n_countries, -1)
    reached_at = raising & (rank == best[country])
    first_reached = _per_country(np.minimum, country[reached_at], position[reached_at], n_countries, n_rows)
    entries = happened & np.isin(stage_text, ENTRY_STAGES)
    first_entry = _per_country(np.minimum, country[entries], position[entries], n_countries, n_rows)
    last_event = _per_country(np.maximum, country, position, n_countries, -1)
    dates = applied["date"].to_numpy(dtype="datetime64[ns]")
    date_labels = np.array(_texts(applied["date_label"]), dtype=object)
    fallback = np.where(last_exit >= 0, EXITED, np.where(planned, PLANNED, NO_STAGE)).astype(object)
    stage = np.where(best >= 0, _take(stage_text, first_reached, None), fallback)
    result = pd.DataFrame(
        {
            "country": names,
            "stage": stage,
            "first_entry_date": _take(dates, first_entry, np.datetime64("NaT", "ns")),
            "first_entry_label": _take(date_labels, first_entry, ""),
            "last_event_date": _take(dates, last_event, np.datetime64("NaT", "ns")),
            "product_lines": _sorted_items(applied["product_lines"], country, happened, n_countries),
            "partners": _sorted_items(applied["partners"], country, happened, n_countries),
            "n_events": np.bincount(country, minlength=n_countries).astype(int),
            "n_sources": [len(items) for items in _sorted_items(applied["source_ids"], country, None, n_countries)],
        },
        columns=[c for c in AS_OF_COLUMNS if c != "stage_label"],
    )
    result["stage"] = result["stage"].astype(stage_dtype(stages))
    result.insert(2, "stage_label", result["stage"].astype(str).map(labels))
    for column in ("first_entry_date", "last_event_date"):
        result[column] = pd.to_datetime(result[column]).astype("datetime64[ns]")
    return result


def _event_effects(events: pd.DataFrame, effects: dict[str, str]) -> np.ndarray:
    """Each event's effect as an object array ('' where its type has none listed)."""
    if "event_type" not in events or not effects:
        return np.full(len(events), "", dtype=object)
    return np.array([effects.get(t, "") for t in _texts(events["event_type"])], dtype=object)


def _per_country(combine, country: np.ndarray, values: np.ndarray, n_countries: int, empty: int) -> np.ndarray:
    """Combine (np.maximum or np.minimum) of `values` per country code; `empty` where a country has none."""
    out = np.full(n_countries, empty, dtype=np.int64)
    combine.at(out, country, values)
    return out


def _take(values: np.ndarray, index: np.ndarray, missing: object) -> np.ndarray:
    """values[index] where index points into values, `missing` elsewhere (index -1 or len(values))."""
    found = (index >= 0) & (index < len(values))
    out = np.full(len(index), missing, dtype=values.dtype)
    out[found] = values[index[found]]
    return out


def _sorted_items(lists: pd.Series, country: np.ndarray, keep: np.ndarray | None, n_countries: int) -> list[list]:
    """Per country, the sorted distinct items of its `lists` cells (only the rows in `keep`, if given)."""
    cells = lists.tolist()
    rows = range(len(cells)) if keep is None else np.flatnonzero(keep).tolist()
    seen: set[tuple[int, int]] = set()
    items: list[set] = [set() for _ in range(n_countries)]
    for row in rows:
        cell = cells[row]
        key = (int(country[row]), id(cell))  # equal cells often share one list object: each is read once
        if isinstance(cell, list) and key not in seen:
            seen.add(key)
            items[key[0]].update(cell)
    return [sorted(found) for found in items]


def _texts(column: pd.Series) -> list[str]:
    """str(value) of every value, as a plain list (iterating an Arrow-backed column value by value is slow)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        names = [str(c) for c in column.cat.categories] + [str(np.nan)]
        return [names[code] for code in column.cat.codes.tolist()]
    return [str(value) for value in column.tolist()]


def compute_key_figures(as_of: pd.DataFrame) -> dict[str, object]:
    """Headline numbers of a compute_stage_as_of table: countries with phones (partner, official or own stores),
    with ecosystem products only, with plans only, and the newest first entry as (country, date label) or None.
    """
    stage = as_of["stage"].astype(str)
    entered = as_of.dropna(subset=["first_entry_date"]).sort_values("first_entry_date", kind="stable")
    newest = entered.iloc[-1] if not entered.empty else None
    return {
        "phones": int(stage.isin(PHONE_STAGES).sum()),
        "ecosystem": int((stage == ECOSYSTEM).sum()),
        "planned": int((stage == PLANNED).sum()),
        "newest": None if newest is None else (str(newest["country"]), str(newest["first_entry_label"])),
    }


def compute_stage_history(
    events: pd.DataFrame, stages: pd.DataFrame, country: str, effects: dict[str, str] | None = None
) -> pd.DataFrame:
    """Every change of `country`'s stage, in order: date, date_label, new stage, and the event that caused it."""
    ranks = dict(zip(stages["stage_id"].astype(str), stages["rank"].astype(int), strict=True))
    ordered = xiaomi_country_events(events)
    mine = ordered[ordered["country"].astype(str) == country]
    steps = fold_stages(
        zip(mine["status"].astype(str), mine["stage"].astype(str), _event_effects(mine, effects or {}), strict=True),
        ranks,
    )
    changes, previous = [], NO_STAGE
    for (_, event), stage in zip(mine.iterrows(), steps, strict=True):
        if stage != previous:
            changes.append({"date": event["date"], "date_label": event["date_label"], "stage": stage,
                            "event_id": event["event_id"]})  # fmt: skip
        previous = stage
    history = pd.DataFrame(changes, columns=list(HISTORY_COLUMNS))
    history["date"] = pd.to_datetime(history["date"]).astype("datetime64[ns]")
    history["stage"] = history["stage"].astype(stage_dtype(stages))
    return history
