"""The stage an event implies, read from data/event_types.csv: what the ingester proposes and the audits allow."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from components.model.vocabulary import INTENT_STATUSES, NO_STAGE, PHONE_LINE, PLANNED, RAISING_STATUS


def _row(event_types: pd.DataFrame, event_type: str) -> pd.Series | None:
    match = event_types[event_types["event_type"].astype(str) == event_type]
    return None if match.empty else match.iloc[0]


def implied_stage(event_types: pd.DataFrame, event_type: str, status: str, product_lines: Iterable[str]) -> str:
    """The stage a Xiaomi event of this type and status implies (a reviewer may choose another allowed one).

    A happened event takes its type's stage with or without phones; an event that has not happened implies only
    a plan ('planned'), unless its type changes no stage ('none').
    """
    row = _row(event_types, event_type)
    if row is None:
        return PLANNED if status != RAISING_STATUS else NO_STAGE
    with_phones = PHONE_LINE in set(product_lines or ())
    stage = str(row["stage_with_phones"] if with_phones else row["stage_without_phones"])
    if status == RAISING_STATUS:
        return stage
    return NO_STAGE if stage == NO_STAGE and str(row["effect"]) != "raises" else PLANNED


def allowed_stages(event_types: pd.DataFrame, event_type: str, status: str) -> frozenset[str]:
    """Every stage a Xiaomi event of this type and status may carry (event_types.csv; plans may also say 'planned'
    or 'none', and an announced event the stage it would imply).
    """
    row = _row(event_types, event_type)
    if row is None:
        return frozenset()
    others = row["other_stages"] if isinstance(row["other_stages"], list) else []
    stages = {str(row["stage_with_phones"]), str(row["stage_without_phones"]), *map(str, others)}
    if status in INTENT_STATUSES:
        return frozenset({PLANNED, NO_STAGE})
    if status != RAISING_STATUS:
        stages |= {PLANNED, NO_STAGE}
    return frozenset(stages)
