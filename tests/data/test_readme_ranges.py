"""data/README.md states the validator's ranges and the link date range as the code declares and enforces them."""

import pytest

from components import paths
from components.ingest.writer import check_source_id
from components.model.schema import Column
from components.model.validate import _check_value, _date_problem
from components.model.vocabulary import DATA_YEARS, SHARE_RANGE
from components.queries.filters import DATE_RANGE
from components.queries.links import clamp_day


def test_the_readme_states_the_declared_ranges() -> None:
    text = (paths.DATA_DIR / "README.md").read_text(encoding="utf-8")
    assert f"years **{DATA_YEARS[0]} to {DATA_YEARS[1]}**" in text
    assert f"from **{SHARE_RANGE[0]:g} to {SHARE_RANGE[1]:g}** inclusive" in text
    assert f"**{DATE_RANGE[0].isoformat()} to {DATE_RANGE[1].isoformat()}**" in text
    assert "at most 80 characters" in text


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        ("date", f"{DATA_YEARS[0]}", True), ("date", f"{DATA_YEARS[1]}-H2", True),
        ("date", f"{DATA_YEARS[0] - 1}-12-31", False), ("date", f"{DATA_YEARS[1] + 1}-01", False),
        ("percent", "12.5", True), ("percent", ".5", True), ("percent", "1e1", True), ("percent", "100", True),
        ("percent", "0", True), ("percent", "100.01", False), ("percent", "-1", False), ("percent", "nan", False),
        ("percent", "inf", False), ("percent", "1_000", False), ("percent", "\uff15", False),
        ("integer", "3", True), ("integer", "-1", True), ("integer", "1.5", False), ("integer", "nan", False),
        ("id", "000_c897a22e277c9232", True), ("id", "Any Text", True), ("id", "a;b", False), ("id", " a", False),
    ],
)  # fmt: skip
def test_the_validator_enforces_what_the_readme_says(kind: str, value: str, ok: bool) -> None:
    problem = _date_problem(value) if kind == "date" else _check_value(Column("x", kind), value, {}, frozenset())
    assert (problem == "") == ok, problem


SOURCE_IDS = [("my-source-1", True), ("a" * 80, True), ("a" * 81, False), ("000_c897a22e277c9232", False),
              ("-a", False), ("A", False)]  # fmt: skip


@pytest.mark.parametrize(("source_id", "ok"), SOURCE_IDS)
def test_review_takes_only_slugs_as_new_source_ids(source_id: str, ok: bool) -> None:
    if ok:
        assert check_source_id(source_id) == source_id
    else:
        with pytest.raises(ValueError):
            check_source_id(source_id)


@pytest.mark.parametrize("day", [DATE_RANGE[0], DATE_RANGE[1]])
def test_link_dates_are_clamped_into_the_fixed_range(day) -> None:
    import datetime as dt

    assert clamp_day(day, "from", []) == (day, [])
    outside = day - dt.timedelta(days=1) if day == DATE_RANGE[0] else day + dt.timedelta(days=1)
    clamped, notices = clamp_day(outside, "from", [])
    assert clamped == day and len(notices) == 1
