"""The stage an event type implies is one column of data/event_types.csv, read by the ingester, the audits and the
model alike (model/stage_rules.py); these cases are the ones the old hand-written ingester rule got wrong or right."""

import pytest

from components.ingest.review import derive_stage
from components.model import load_model
from components.model.stage_rules import allowed_stages, implied_stage

CASES = [
    # (event type, status, product lines, implied stage)
    ("regulatory", "happened", [], "none"),  # the old ingester said 'planned'
    ("sale_halted", "happened", ["smartphones"], "none"),  # the old ingester said 'phones_partner'
    ("retail_closure", "happened", [], "none"),
    ("official_launch", "happened", ["smartphones"], "phones_official"),
    ("official_launch", "happened", ["tv"], "ecosystem"),
    ("retail_partnership", "happened", ["smartphones"], "phones_partner"),
    ("store_opening", "happened", [], "own_store"),
    ("exit", "happened", ["smartphones"], "exited"),
    ("founding", "happened", [], "home"),
    ("official_launch", "announced", ["smartphones"], "planned"),
    ("plan_statement", "planned", ["smartphones"], "planned"),
    ("regulatory", "rumoured", [], "none"),
]


@pytest.fixture(scope="module")
def event_types():
    return load_model().event_types


@pytest.mark.parametrize(("event_type", "status", "lines", "stage"), CASES)
def test_the_ingester_and_the_model_imply_the_same_stage(event_types, event_type, status, lines, stage):
    assert implied_stage(event_types, event_type, status, lines) == stage
    assert derive_stage(event_type, status, lines) == stage


@pytest.mark.parametrize(("event_type", "status", "lines", "stage"), CASES)
def test_the_implied_stage_is_one_the_audit_allows(event_types, event_type, status, lines, stage):
    assert stage in allowed_stages(event_types, event_type, status)


def test_every_event_type_declares_its_effect_and_stages(event_types):
    assert set(event_types["effect"]) <= {"raises", "exits", "closes_own_stores", "none"}
    assert not event_types[["stage_with_phones", "stage_without_phones"]].isna().any().any()
