"""Audit rules on the real curated events (data/events/*.csv), so that fixes made in the audit stay fixed.

Each rule is one test; where a rule is a table (event type -> allowed stages) the table is written out here.
Decisions taken in the audit and guarded below:
- Stage is the stage the event itself implies for Xiaomi (data/README.md). Events that change no entry stage
  (regulatory actions, halted sales, reactions, collapsed deals, funding, market claims, factory openings
  without a sale) carry 'none'; competitor events carry 'none' because the stage column is about Xiaomi.
- A 'happened' event may not start after the latest publication date of its dated sources: an event reported
  only in advance is 'announced'. The one accepted exception is an event whose date_note says a source is
  later than the dated ones (e.g. an undated page written after the event); the note must use the word
  'later' (or 'after the event').
- Events whose sources are all weak say '(weak sources only)' in their summary, so a reader of the timeline
  sees it without opening the sources.
"""

from __future__ import annotations

import csv
import itertools
import re
import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from components.model.load import load_model
from components.model.stage_rules import allowed_stages
from components.model.vocabulary import INTENT_STATUSES, SUBJECT

WEAK_MARK = "weak sources only"
LATER_NOTE = re.compile(r"\blater\b|after the event", re.IGNORECASE)


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def events(model) -> pd.DataFrame:
    return model.events


@pytest.fixture(scope="module")
def xiaomi_events(events) -> pd.DataFrame:
    return events[events["company"].astype(str) == SUBJECT]


@pytest.fixture(scope="module")
def sources(model) -> pd.DataFrame:
    return model.sources.set_index("source_id")


def partner_key(name: str) -> str:
    """Case-, accent-, punctuation- and spacing-insensitive form of a partner name ('Media-Markt' ~ 'mediamarkt')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[\W_]+", "", plain.casefold())


# ---------- the helper itself ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("SingTel", "Singtel", True),
        ("Media Markt", "MediaMarkt", True),
        ("G-mobi", "Gmobi", True),
        ("Éxito", "Exito", True),
        ("KT", "KT M&S", False),
        ("KT", "KT Skylife", False),
    ],
)
def test_partner_key(a, b, same):
    assert (partner_key(a) == partner_key(b)) is same


# ---------- duplicates ----------------------------------------------------------------------------------------------


def test_no_duplicate_xiaomi_events(xiaomi_events):
    """Two Xiaomi events with the same country, date, type and stage must differ in partners or products."""
    keyed = xiaomi_events.assign(
        _date=xiaomi_events["date_label"].astype(str),
        _partners=xiaomi_events["partners"].map(lambda items: frozenset(items or ())),
        _products=xiaomi_events["products"].map(lambda items: frozenset(items or ())),
    )
    clashes = []
    for key, group in keyed.groupby(["country", "_date", "event_type", "stage"], observed=True):
        for (_, a), (_, b) in itertools.combinations(group.iterrows(), 2):
            if a["_partners"] == b["_partners"] and a["_products"] == b["_products"]:
                clashes.append(f"{a['event_id']} and {b['event_id']} share {key} with the same partners and products")
    assert not clashes, "\n".join(clashes)


# ---------- partners ------------------------------------------------------------------------------------------------


def test_partner_spellings_have_no_near_duplicates(events):
    spellings: dict[str, set[str]] = {}
    for items in events["partners"]:
        for name in items or ():
            spellings.setdefault(partner_key(name), set()).add(name)
    variants = {key: names for key, names in spellings.items() if len(names) > 1}
    assert not variants, f"one partner written several ways: {sorted(map(sorted, variants.values()))}"


def test_partners_use_the_lexicon_spelling(model, events):
    """Where the ingestion lexicon knows a partner, the events write its canonical name, not an alias."""
    path = Path(model.data_dir) / "lexicon" / "partners.csv"
    if not path.is_file():
        pytest.skip("no partner lexicon")
    canonical: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            names = [row.get("name", ""), *list(str(row.get("aliases") or "").split(";"))]
            for alias in filter(None, (n.strip() for n in names)):
                canonical.setdefault(partner_key(alias), row["name"].strip())
    wrong = sorted(
        f"{event_id}: '{name}' (lexicon: '{canonical[partner_key(name)]}')"
        for event_id, items in zip(events["event_id"], events["partners"], strict=True)
        for name in items or ()
        if partner_key(name) in canonical and canonical[partner_key(name)] != name
    )
    assert not wrong, "\n".join(wrong)


# ---------- dates ---------------------------------------------------------------------------------------------------


def test_inferred_dates_have_a_note(events, sources):
    missing = [e for e, basis, note in zip(events["event_id"], events["date_basis"], events["date_note"], strict=True)
               if str(basis) == "inferred" and not str(note).strip()]  # fmt: skip
    inferred = sources[sources["published_basis"].astype(str) == "inferred"]
    missing += [f"source {s}" for s, note in inferred["published_note"].items() if not str(note).strip()]
    assert not missing, f"inferred dates without a note saying how: {missing}"


def test_happened_events_are_not_dated_after_their_sources(events, sources):
    published_end = sources["published_end"]
    late = []
    for event in events[events["status"].astype(str) == "happened"].itertuples():
        known = [published_end[s] for s in event.source_ids if pd.notna(published_end[s])]
        if not known or event.date <= max(known):
            continue
        if LATER_NOTE.search(str(event.date_note)):
            continue
        late.append(f"{event.event_id} ({event.date_label}) is after its latest dated source ({max(known).date()})")
    assert not late, "reported in advance: make it 'announced', or cite a later source\n" + "\n".join(late)


# ---------- stages and statuses -------------------------------------------------------------------------------------


def test_planned_and_rumoured_events_have_stage_planned_or_none(events):
    wrong = events[events["status"].astype(str).isin(INTENT_STATUSES)
                   & ~events["stage"].astype(str).isin(("planned", "none"))]  # fmt: skip
    assert wrong.empty, f"plans/rumours with an entry stage: {wrong['event_id'].tolist()}"


def test_xiaomi_exits_and_only_exits_have_stage_exited(xiaomi_events):
    exit_type = xiaomi_events["event_type"].astype(str) == "exit"
    exited = xiaomi_events["stage"].astype(str) == "exited"
    assert not xiaomi_events[exit_type != exited]["event_id"].tolist()


def test_stage_fits_the_event_type_and_status(model, xiaomi_events):
    """The stage of each Xiaomi event is one its type allows for its status (data/event_types.csv)."""
    wrong = []
    for event in xiaomi_events.itertuples(index=False):
        allowed = allowed_stages(model.event_types, str(event.event_type), str(event.status))
        if str(event.stage) not in allowed:
            wrong.append(
                f"{event.event_id}: {event.event_type}/{event.status} may carry {sorted(allowed)}, not {event.stage}"
            )
    assert not wrong, "\n".join(wrong)


def test_competitor_events_carry_no_xiaomi_stage(events):
    others = events[events["company"].astype(str) != SUBJECT]
    assert (others["stage"].astype(str) == "none").all(), others[others["stage"].astype(str) != "none"][
        "event_id"
    ].tolist()


def test_home_stage_only_in_mainland_china(events):
    home = events[events["stage"].astype(str) == "home"]
    assert set(home["country"].astype(str)) <= {"CHN"}


# ---------- products ------------------------------------------------------------------------------------------------


def test_xiaomi_products_are_in_their_product_line(model, xiaomi_events):
    line_of = {name: row.product_line_id for row in model.products.itertuples() for name in row.products or ()}
    wrong = [
        f"{event.event_id}: '{product}' "
        + (f"is in {line_of[product]}" if product in line_of else "is not in product_lines.csv")
        for event in xiaomi_events.itertuples()
        for product in event.products or ()
        if line_of.get(product) not in (event.product_lines or ())
    ]
    assert not wrong, "\n".join(wrong)


# ---------- sources -------------------------------------------------------------------------------------------------


def test_weak_only_events_say_so(events, sources):
    reliability = sources["reliability"].astype(str)
    unmarked = [
        event.event_id
        for event in events.itertuples()
        if all(reliability[s] == "weak" for s in event.source_ids) and WEAK_MARK not in event.summary
    ]
    marked_wrongly = [
        event.event_id
        for event in events.itertuples()
        if WEAK_MARK in event.summary and any(reliability[s] == "strong" for s in event.source_ids)
    ]
    assert not unmarked, f"events resting on weak sources only, not marked '({WEAK_MARK})': {unmarked}"
    assert not marked_wrongly, f"marked weak-only but citing a strong source: {marked_wrongly}"


def test_every_country_has_a_source_with_an_address(events, sources):
    urls = sources["url"].astype(str).str.strip()
    countries = events[~events["country"].astype(str).str.isdigit()].groupby(
        events["country"].astype(str), observed=True
    )
    without = sorted(
        country for country, group in countries
        if not any(urls[s] for ids in group["source_ids"] for s in ids)
    )  # fmt: skip
    assert not without, f"countries whose events cite no source with a URL: {without}"
