"""Tests for components.stages: the entry-stage rule of data/README.md, as of a date and as a history."""

from __future__ import annotations

import datetime

import frames
import pandas as pd
import pytest

from components.queries.stages import compute_stage_as_of, compute_stage_history

# Brazil-like: ecosystem, then phones, then an exit, then a return through partners.
BRAZIL = (
    {"event_id": "br-eco", "country": "BRA", "date": "2015-03", "stage": "ecosystem", "product_lines": "audio",
     "partners": "Mercado Livre", "source_ids": "s1;s2"},
    {"event_id": "br-phone", "country": "BRA", "date": "2015-06-30", "stage": "phones_official",
     "product_lines": "smartphones", "source_ids": "s2"},
    {"event_id": "br-exit", "country": "BRA", "date": "2016-H2", "stage": "exited", "event_type": "exit"},
    {"event_id": "br-plan", "country": "BRA", "date": "2018", "stage": "phones_official", "status": "announced"},
    {"event_id": "br-return", "country": "BRA", "date": "2019-06-06", "stage": "phones_partner",
     "partners": "DL Eletronicos", "source_ids": "s3"},
)  # fmt: skip


def stage_of(rows, as_of, country="KOR"):
    table = compute_stage_as_of(frames.events(*rows), frames.stages(), as_of)
    found = table[table["country"] == country]
    return str(found["stage"].iloc[0]) if len(found) else None


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2015-02-28", "none"),
        ("2015-03-01", "ecosystem"),  # a month-precision event counts from the first day of its month
        ("2015-06-29", "ecosystem"),
        ("2015-06-30", "phones_official"),
        ("2016-06-30", "phones_official"),
        ("2016-07-01", "exited"),  # half H2 starts on 1 July
        ("2018-06-01", "exited"),  # an announced return does not lift an exit
        ("2019-06-06", "phones_partner"),  # the return raises again from nothing, below the old phones_official
        ("2030-01-01", "phones_partner"),
    ],
)
def test_brazil_like_exit_and_return(as_of: str, expected: str) -> None:
    assert stage_of(BRAZIL, as_of, "BRA") == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # plans only => planned, whatever stage the plan names
        ([{"status": "planned", "stage": "phones_official"}], "planned"),
        ([{"status": "rumoured", "stage": "own_store"}], "planned"),
        ([{"status": "announced", "stage": "ecosystem"}], "planned"),
        # withdrawn events never raise the stage, and are not plans
        ([{"status": "withdrawn", "stage": "phones_official"}], "none"),
        ([{"status": "withdrawn", "stage": "own_store"}, {"status": "rumoured"}], "planned"),
        # a happened event ranks above plans
        ([{"status": "planned", "stage": "own_store"}, {"stage": "ecosystem"}], "ecosystem"),
        # only raises: a lower happened event later does not lower it
        ([{"date": "2016", "stage": "own_store"}, {"date": "2017", "stage": "ecosystem"}], "own_store"),
        ([{"date": "2016", "stage": "ecosystem"}, {"date": "2017", "stage": "phones_partner"}], "phones_partner"),
        # a happened event with stage none does not raise anything; a plan still counts
        ([{"stage": "none"}, {"status": "planned"}], "planned"),
        ([{"stage": "none"}], "none"),
        # future events do not count yet
        ([{"date": "2031", "stage": "own_store"}], "none"),
        # the home market
        (
            [
                {"country": "CHN", "date": "2010-04-06", "stage": "home", "event_type": "founding"},
                {"country": "CHN", "date": "2015", "stage": "own_store"},
            ],
            "home",
        ),
        # other companies' events do not count
        ([{"company": "samsung", "stage": "own_store"}], None),
    ],
)
def test_stage_rule(rows, expected) -> None:
    country = rows[0].get("country", "KOR")
    assert stage_of(rows, "2030-01-01", country) == expected


def test_regions_are_not_countries() -> None:
    events = frames.events({"country": "150", "stage": "own_store"}, {"country": "KOR", "stage": "ecosystem"})
    table = compute_stage_as_of(events, frames.stages(), "2030-01-01")
    assert list(table["country"]) == ["KOR"]


def test_country_with_only_future_events_is_listed_as_none() -> None:
    table = compute_stage_as_of(frames.events({"date": "2020"}), frames.stages(), datetime.date(2019, 1, 1))
    assert table.iloc[0][["country", "stage", "stage_label", "n_events"]].tolist() == [
        "KOR", "none", "No recorded entry", 0,
    ]  # fmt: skip
    assert pd.isna(table.iloc[0]["first_entry_date"]) and pd.isna(table.iloc[0]["last_event_date"])


def test_as_of_columns_and_values() -> None:
    table = compute_stage_as_of(frames.events(*BRAZIL), frames.stages(), pd.Timestamp("2018-06-01"))
    row = table.iloc[0]
    assert list(table.columns) == [
        "country", "stage", "stage_label", "first_entry_date", "first_entry_label", "last_event_date",
        "product_lines", "partners", "n_events", "n_sources",
    ]  # fmt: skip
    assert row["stage_label"] == "Exited"
    assert row["first_entry_date"] == pd.Timestamp("2015-03-01")
    assert row["first_entry_label"] == "2015-03"
    assert row["last_event_date"] == pd.Timestamp("2018-01-01")
    assert row["product_lines"] == ["audio", "smartphones"]
    assert row["partners"] == ["Mercado Livre"]
    assert row["n_events"] == 4
    assert row["n_sources"] == 2
    assert table["stage"].dtype == pd.CategoricalDtype(
        ["none", "planned", "ecosystem", "phones_partner", "phones_official", "own_store", "exited", "home"],
        ordered=True,
    )
    assert table["first_entry_date"].dtype == "datetime64[ns]"


def test_same_input_order_independent() -> None:
    shuffled = frames.events(*reversed(BRAZIL))
    table = compute_stage_as_of(shuffled, frames.stages(), "2017-01-01")
    assert str(table["stage"].iloc[0]) == "exited"


def test_empty_events_give_an_empty_typed_table() -> None:
    table = compute_stage_as_of(frames.events(), frames.stages(), "2020-01-01")
    assert table.empty
    assert isinstance(table["stage"].dtype, pd.CategoricalDtype)


def test_inputs_are_not_mutated() -> None:
    events, stages = frames.events(*BRAZIL), frames.stages()
    before_events, before_stages = frames.snapshot(events), frames.snapshot(stages)
    compute_stage_as_of(events, stages, "2017-01-01")
    compute_stage_history(events, stages, "BRA")
    pd.testing.assert_frame_equal(events, before_events)
    pd.testing.assert_frame_equal(stages, before_stages)


@pytest.mark.parametrize(
    ("rows", "country", "expected"),
    [
        (BRAZIL, "BRA", [("2015-03", "ecosystem", "br-eco"), ("2015-06-30", "phones_official", "br-phone"),
                         ("2016-H2", "exited", "br-exit"), ("2019-06-06", "phones_partner", "br-return")]),
        ([{"event_id": "r", "status": "rumoured", "date": "2015"}, {"event_id": "w", "status": "withdrawn",
          "date": "2016"}, {"event_id": "h", "date": "2017-Q3"}], "KOR",
         [("2015", "planned", "r"), ("2017-Q3", "ecosystem", "h")]),
        (BRAZIL, "KOR", []),
    ],
)  # fmt: skip
def test_stage_history(rows, country: str, expected) -> None:
    history = compute_stage_history(frames.events(*rows), frames.stages(), country)
    assert list(history.columns) == ["date", "date_label", "stage", "event_id"]
    assert list(zip(history["date_label"], history["stage"].astype(str), history["event_id"], strict=True)) == expected
    assert history["date"].dtype == "datetime64[ns]"


@pytest.mark.parametrize("as_of", ["2015-12-31", "2017-01-01", "2030-01-01"])
def test_the_declared_input_columns_are_all_the_stage_needs(as_of) -> None:
    """The app passes only AS_OF_INPUT_COLUMNS (less to copy per filter): the result must be the same."""
    from components.queries.stages import AS_OF_INPUT_COLUMNS

    events = frames.events(*BRAZIL)
    narrow = events[list(AS_OF_INPUT_COLUMNS)]
    pd.testing.assert_frame_equal(
        compute_stage_as_of(narrow, frames.stages(), as_of), compute_stage_as_of(events, frames.stages(), as_of)
    )


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2015-04-01", {"phones": 0, "ecosystem": 1, "planned": 0, "newest": ("BRA", "2015-03")}),
        ("2015-07-01", {"phones": 1, "ecosystem": 0, "planned": 0, "newest": ("BRA", "2015-03")}),
        ("2017-01-01", {"phones": 0, "ecosystem": 0, "planned": 0, "newest": ("BRA", "2015-03")}),  # exited
        ("2014-01-01", {"phones": 0, "ecosystem": 0, "planned": 0, "newest": None}),
    ],
)
def test_key_figures(as_of, expected) -> None:
    from components.queries.stages import compute_key_figures

    assert compute_key_figures(compute_stage_as_of(frames.events(*BRAZIL), frames.stages(), as_of)) == expected


def test_key_figures_count_plans_and_pick_the_newest_entry() -> None:
    from components.queries.stages import compute_key_figures

    rows = (
        {"event_id": "kor", "country": "KOR", "date": "2016-07", "stage": "phones_partner"},
        {"event_id": "ind", "country": "IND", "date": "2014-07-15", "stage": "own_store"},
        {"event_id": "usa", "country": "USA", "date": "2018", "stage": "phones_official", "status": "rumoured"},
    )
    table = compute_stage_as_of(frames.events(*rows), frames.stages(), "2020-01-01")
    assert compute_key_figures(table) == {"phones": 2, "ecosystem": 0, "planned": 1, "newest": ("KOR", "2016-07")}


@pytest.mark.parametrize("seed", range(8))
def test_stage_as_of_agrees_with_the_rule_folded_event_by_event(seed) -> None:
    """compute_stage_as_of works per country with array operations; fold_stages applies the rule one event at a
    time. On random histories (exits, returns, plans, withdrawals, ties on a date) they must agree."""
    import random

    from components.model.load import load_model
    from components.queries.stages import fold_stages, stage_effects, xiaomi_country_events

    effects = stage_effects(load_model().event_types)
    rng = random.Random(seed)
    stage_ids = ["none", "planned", "ecosystem", "phones_partner", "phones_official", "own_store", "exited"]
    statuses = ["happened", "happened", "happened", "planned", "announced", "rumoured", "withdrawn"]
    rows = [
        {
            "country": rng.choice(["KOR", "BRA", "IND", "MEX"]),
            "stage": rng.choice(stage_ids),
            "status": rng.choice(statuses),
            "date": f"{rng.randint(2014, 2020)}-0{rng.randint(1, 3)}",
            "source_ids": f"s{rng.randint(1, 4)}",
            "partners": rng.choice(["", "KT", "Telcel;KT"]),
            "event_type": rng.choice(["official_launch", "store_opening", "retail_closure", "exit", "regulatory"]),
        }
        for _ in range(rng.randint(1, 40))
    ]
    events, table_stages = frames.events(*rows), frames.stages()
    ranks = dict(zip(table_stages["stage_id"], table_stages["rank"].astype(int), strict=True))
    as_of = pd.Timestamp(f"{rng.randint(2014, 2021)}-02-15")
    table = compute_stage_as_of(events, table_stages, as_of, effects)
    for country, group in xiaomi_country_events(events).groupby("country", observed=True, sort=False):
        upto = group[group["date"] <= as_of]
        steps = zip(
            upto["status"].astype(str),
            upto["stage"].astype(str),
            upto["event_type"].astype(str).map(effects),
            strict=True,
        )
        folded = fold_stages(steps, ranks)
        row = table[table["country"] == country].iloc[0]
        assert str(row["stage"]) == (folded[-1] if folded else "none"), (country, upto[["date", "status", "stage"]])
        assert row["n_events"] == len(upto)
        assert row["n_sources"] == len({s for ids in upto["source_ids"] for s in ids})
        done = upto[upto["status"].astype(str) == "happened"]
        assert row["partners"] == sorted({p for ids in done["partners"] for p in ids})


# ---------- closures of own retail (event type retail_closure, effect closes_own_stores) -----------------------------

EFFECTS = {"official_launch": "raises", "store_opening": "raises", "retail_closure": "closes_own_stores",
           "exit": "exits", "retail_partnership": "raises", "regulatory": "none"}  # fmt: skip
PHONES = {"date": "2015-01", "event_type": "official_launch", "stage": "phones_official"}
PARTNER = {"date": "2015-01", "event_type": "retail_partnership", "stage": "phones_partner"}
ECOSYSTEM = {"date": "2015-01", "event_type": "retail_partnership", "stage": "ecosystem", "product_lines": "tv"}
STORE = {"date": "2016-01", "event_type": "store_opening", "stage": "own_store"}
CLOSURE = {"date": "2018-01", "event_type": "retail_closure", "stage": "none"}
REOPENING = {"date": "2020-01", "event_type": "store_opening", "stage": "own_store"}
EXIT = {"date": "2019-01", "event_type": "exit", "stage": "exited"}


@pytest.mark.parametrize(
    ("name", "rows", "as_of", "expected"),
    [
        ("store before the closure", [PHONES, STORE, CLOSURE], "2017-06-01", "own_store"),
        ("closure: back to the official phones", [PHONES, STORE, CLOSURE], "2018-06-01", "phones_official"),
        ("closure: back to the partners", [PARTNER, STORE, CLOSURE], "2018-06-01", "phones_partner"),
        ("reopening raises it again", [PHONES, STORE, CLOSURE, REOPENING], "2020-06-01", "own_store"),
        ("closure then exit", [PHONES, STORE, CLOSURE, EXIT], "2019-06-01", "exited"),
        ("closure, exit, reopening", [PHONES, STORE, CLOSURE, EXIT, REOPENING], "2020-06-01", "own_store"),
        ("closure where phones never came", [ECOSYSTEM, STORE, CLOSURE], "2018-06-01", "ecosystem"),
        ("closure of the only entry", [STORE, CLOSURE], "2018-06-01", "none"),
        ("a planned closure lowers nothing", [PHONES, STORE, {**CLOSURE, "status": "planned"}], "2018-06-01",
         "own_store"),
        ("an event that changes nothing", [PHONES, {"date": "2016-01", "event_type": "regulatory",
                                                    "stage": "own_store"}], "2017-01-01", "phones_official"),
    ],
)  # fmt: skip
def test_a_closure_of_own_retail_lowers_the_stage(name, rows, as_of, expected):
    from components.queries.stages import fold_stages

    events = frames.events(*rows)
    table = compute_stage_as_of(events, frames.stages(), pd.Timestamp(as_of), EFFECTS)
    assert str(table["stage"].iloc[0]) == expected, name
    upto = events[events["date"] <= pd.Timestamp(as_of)].sort_values("date", kind="stable")
    ranks = dict(zip(frames.stages()["stage_id"], frames.stages()["rank"].astype(int), strict=True))
    steps = zip(
        upto["status"].astype(str), upto["stage"].astype(str), upto["event_type"].astype(str).map(EFFECTS), strict=True
    )
    assert fold_stages(steps, ranks)[-1] == expected, f"{name}: the event-by-event fold disagrees"


def test_the_closure_rule_uses_the_effects_of_event_types_csv():
    from components.model.load import load_model
    from components.queries.stages import stage_effects

    effects = stage_effects(load_model().event_types)
    assert effects["retail_closure"] == "closes_own_stores" and effects["exit"] == "exits"
    assert effects["store_opening"] == "raises" and effects["regulatory"] == "none"


def test_the_uk_falls_from_own_stores_when_its_store_closed():
    from components.model.load import load_model
    from components.queries.stages import stage_effects

    model = load_model()
    uk = model.events[model.events["country"].astype(str) == "GBR"]
    closures = uk[uk["event_type"].astype(str) == "retail_closure"]
    assert not closures.empty, "the 2020 closure of the UK Mi Store is recorded"
    after = closures["date"].min() + pd.Timedelta(days=30)
    table = compute_stage_as_of(uk, model.stages, after, stage_effects(model.event_types))
    assert str(table["stage"].iloc[0]) != "own_store"
