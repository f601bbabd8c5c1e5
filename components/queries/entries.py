"""First Xiaomi entry (a happened event at stage ecosystem or above) per country or per country and product line."""

from __future__ import annotations

import pandas as pd

from components.model.vocabulary import ENTRY_STAGES, RAISING_STATUS
from components.queries.stages import xiaomi_country_events

BY_KEYS = {"country": ("country",), "product_line": ("country", "product_line")}
ENTRY_COLUMNS = ("date", "date_label", "date_precision", "event_id")


def compute_first_entries(events: pd.DataFrame, by: str = "country") -> pd.DataFrame:
    """The earliest happened Xiaomi entry event per country (by='country') or per (country, product_line).

    Events are ordered by the start of their period (file order breaks ties); regions are left out.
    Columns: country, [product_line], date, date_label, date_precision, event_id; sorted by the keys.
    """
    if by not in BY_KEYS:
        raise ValueError(f"by must be one of {', '.join(BY_KEYS)}, not {by!r}")
    keys = list(BY_KEYS[by])
    ordered = xiaomi_country_events(events)
    entries = ordered[
        (ordered["status"].astype(str) == RAISING_STATUS) & ordered["stage"].astype(str).isin(ENTRY_STAGES)
    ]
    if by == "product_line":
        entries = entries.assign(product_line=entries["product_lines"]).explode("product_line")
        entries = entries[entries["product_line"].notna()]
    firsts = entries.assign(**{key: entries[key].astype(str) for key in keys}).drop_duplicates(keys, keep="first")
    return firsts[[*keys, *ENTRY_COLUMNS]].sort_values(keys, ignore_index=True)
