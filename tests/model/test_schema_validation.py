"""Validation of a copied real data folder broken one way per case: every problem is located, nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import frames
import pytest
from frames import VALID_EVENT, VALID_SHARE, VALID_SOURCE, write_rows

from components.model.load import load_model
from components.model.schema import TABLES, DataValidationError

EVENTS = "events/zz_test.csv"
SOURCES = "sources/zz_test.csv"
SHARE = "market_share/zz_test.csv"


def with_event(**changes: str) -> Callable[[Path], None]:
    return lambda folder: write_rows(folder, EVENTS, [{**VALID_EVENT, **changes}])


def with_source(**changes: str) -> Callable[[Path], None]:
    return lambda folder: write_rows(folder, SOURCES, [{**VALID_SOURCE, **changes}])


def with_share(**changes: str) -> Callable[[Path], None]:
    return lambda folder: write_rows(folder, SHARE, [{**VALID_SHARE, **changes}])


def duplicate_across_files(folder: Path) -> None:
    write_rows(folder, "events/zz_a.csv", [VALID_EVENT])
    write_rows(folder, "events/zz_b.csv", [{**VALID_EVENT, "summary": "Same id, other file."}])


def missing_column(folder: Path) -> None:
    columns = [c for c in TABLES["events"].column_names if c != "summary"]
    write_rows(folder, EVENTS, [VALID_EVENT], columns)


def missing_column_header_only(folder: Path) -> None:
    write_rows(folder, "events/zz_empty.csv", [], [c for c in TABLES["events"].column_names if c != "summary"])


def unknown_column(folder: Path) -> None:
    write_rows(folder, EVENTS, [{**VALID_EVENT, "colour": "orange"}], [*TABLES["events"].column_names, "colour"])


def wrong_field_count(folder: Path) -> None:
    path = write_rows(folder, EVENTS, [VALID_EVENT])
    path.write_text(path.read_text(encoding="utf-8") + "zz-short,xiaomi,KOR\n", encoding="utf-8")


def not_utf8(folder: Path) -> None:
    path = write_rows(folder, EVENTS, [{**VALID_EVENT, "summary": "Lancement à Séoul."}])
    path.write_bytes(path.read_text(encoding="utf-8").encode("latin-1"))


def empty_file(folder: Path) -> None:
    (folder / EVENTS).write_bytes(b"")


def missing_table(folder: Path) -> None:
    (folder / "conflicts.csv").unlink()


CASES = {
    "unknown country code": (with_event(country="XKR"), (EVENTS, 2, "country")),
    "lowercase country code": (with_event(country="kor"), (EVENTS, 2, "country")),
    "bad date": (with_event(date="March 2016"), (EVENTS, 2, "date")),
    "impossible month": (with_event(date="2016-13", date_precision="month"), (EVENTS, 2, "date")),
    "impossible day": (with_event(date="2016-02-30", date_precision="day"), (EVENTS, 2, "date")),
    "precision disagrees with date": (with_event(date="2016-03", date_precision="day"), (EVENTS, 2, "date_precision")),
    "date without precision": (with_event(date_precision=""), (EVENTS, 2, "date_precision")),
    "duplicate id across two files": (duplicate_across_files, ("events/zz_b.csv", 2, "event_id")),
    "source id that does not exist": (with_event(source_ids="zz-src;no-such-source"), (EVENTS, 2, "source_ids")),
    "unknown product line": (with_event(product_lines="smartphones;phablets"), (EVENTS, 2, "product_lines")),
    "unknown stage": (with_event(stage="dominant"), (EVENTS, 2, "stage")),
    "unknown status": (with_event(status="maybe"), (EVENTS, 2, "status")),
    "required value empty": (with_event(summary=""), (EVENTS, 2, "summary")),
    "missing required column": (missing_column, (EVENTS, 1, "summary")),
    "missing column in a header-only file": (missing_column_header_only, ("events/zz_empty.csv", 1, "summary")),
    "unknown column": (unknown_column, (EVENTS, 1, "colour")),
    "wrong field count in a row": (wrong_field_count, (EVENTS, 3, "")),
    "non-UTF-8 file": (not_utf8, (EVENTS, 0, "")),
    "empty file": (empty_file, (EVENTS, 0, "")),
    "missing table file": (missing_table, ("conflicts.csv", 0, "")),
    "value not a number": (with_share(value="12,5%"), (SHARE, 2, "value")),
    "unknown metric": (with_share(metric="vibes_share"), (SHARE, 2, "metric")),
    "bad URL": (with_source(url="www.example.com/no-scheme"), (SOURCES, 2, "url")),
    "bad language code": (with_source(language="english"), (SOURCES, 2, "language")),
    "three-letter language code": (with_source(language="eng"), (SOURCES, 2, "language")),
}


def with_stage_rank(rank: str) -> Callable[[Path], None]:
    """stages.csv with the rank of 'planned' (line 3) replaced."""

    def breaks(folder: Path) -> None:
        path = folder / "stages.csv"
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        assert lines[2].startswith("planned,1,")
        lines[2] = lines[2].replace("planned,1,", f"planned,{rank},", 1)
        path.write_text("".join(lines), encoding="utf-8")

    return breaks


def directory_named_csv(folder: Path) -> None:
    (folder / "events" / "x.csv").mkdir()


def dangling_symlink(folder: Path) -> None:
    (folder / "events" / "gone.csv").symlink_to(folder / "events" / "no-such-file.csv")


def regions_extra_column(filled: bool) -> Callable[[Path], None]:
    """regions.csv with one more header name, its rows filled in or left as they were (issue 15: 75 problems)."""

    def breaks(folder: Path) -> None:
        path = folder / "regions.csv"
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = [line + ",x" if filled else line for line in lines[1:]]
        path.write_text("\n".join([lines[0] + ",colour", *rows]) + "\n", encoding="utf-8")

    return breaks


# Rows that used to pass validation and then crash loading or the app (issue 15, finding 5).
CRASHING = {
    "event date 2262 (past pandas' Timestamp range)": (with_event(date="2262", date_precision="year"),
                                                       (EVENTS, 2, "date")),
    "event date 2262-Q2": (with_event(date="2262-Q2", date_precision="quarter"), (EVENTS, 2, "date")),
    "event date 1677": (with_event(date="1677", date_precision="year"), (EVENTS, 2, "date")),
    "event date 2101 (after the data years)": (with_event(date="2101", date_precision="year"), (EVENTS, 2, "date")),
    "event date 1989-12-31 (before the data years)": (with_event(date="1989-12-31", date_precision="day"),
                                                      (EVENTS, 2, "date")),
    "event date 0000": (with_event(date="0000", date_precision="year"), (EVENTS, 2, "date")),
    "event date in fullwidth digits": (with_event(date="\uff12\uff10\uff11\uff16", date_precision="year"),
                                       (EVENTS, 2, "date")),
    "source published 9999-12-31": (with_source(published="9999-12-31", published_precision="day"),
                                    (SOURCES, 2, "published")),
    "share period 2262-Q2": (with_share(period="2262-Q2", period_precision="quarter"), (SHARE, 2, "period")),
    "stage rank 1.5": (with_stage_rank("1.5"), ("stages.csv", 3, "rank")),
    "stage rank nan": (with_stage_rank("nan"), ("stages.csv", 3, "rank")),
    "stage rank 1e0": (with_stage_rank("1e0"), ("stages.csv", 3, "rank")),
    "stage rank fullwidth digit": (with_stage_rank("\uff11"), ("stages.csv", 3, "rank")),
    "directory named events/x.csv": (directory_named_csv, ("events/x.csv", 0, "")),
    "dangling symlink in events/": (dangling_symlink, ("events/gone.csv", 0, "")),
    "share value nan": (with_share(value="nan"), (SHARE, 2, "value")),
    "share value inf": (with_share(value="inf"), (SHARE, 2, "value")),
    "share value -inf": (with_share(value="-inf"), (SHARE, 2, "value")),
    "share value 1e400 (overflows to inf)": (with_share(value="1e400"), (SHARE, 2, "value")),
    "share value 1_000": (with_share(value="1_000"), (SHARE, 2, "value")),
    "share value fullwidth digits": (with_share(value="\uff11\uff12"), (SHARE, 2, "value")),
    "share value Arabic-Indic digits": (with_share(value="\u0661\u0662"), (SHARE, 2, "value")),
    "share value negative": (with_share(value="-0.5"), (SHARE, 2, "value")),
    "share value above 100": (with_share(value="100.01"), (SHARE, 2, "value")),
}  # fmt: skip


def broken_copy(tmp_path: Path, breaks: Callable[[Path], None]) -> Path:
    folder = frames.copy_data(tmp_path / "data")
    frames.add_valid_rows(folder)
    breaks(folder)
    return folder


def locations(error: DataValidationError) -> set[tuple[str, int, str]]:
    return {(problem.file, problem.row, problem.column) for problem in error.problems}


def test_the_valid_rows_alone_load(tmp_path: Path) -> None:
    """Control: the copied real data plus the valid test rows loads, so each case below fails for its own reason."""
    model = load_model(broken_copy(tmp_path, lambda folder: None))
    assert "zz-event" in set(model.events["event_id"])


@pytest.mark.parametrize(("breaks", "where"), list(CASES.values()), ids=list(CASES))
def test_one_problem_is_reported_with_file_line_and_column(tmp_path: Path, breaks, where) -> None:
    folder = broken_copy(tmp_path, breaks)
    with pytest.raises(DataValidationError) as caught:
        load_model(folder)
    assert where in locations(caught.value), caught.value
    problem = next(p for p in caught.value.problems if (p.file, p.row, p.column) == where)
    assert problem.message and str(problem) in str(caught.value)


@pytest.mark.parametrize("name", ["missing required column", "unknown column"])
def test_column_problems_name_only_the_offending_file(tmp_path: Path, name: str) -> None:
    breaks, where = CASES[name]
    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, breaks))
    assert locations(caught.value) == {where}, caught.value


def test_three_problems_in_three_files_are_reported_together(tmp_path: Path) -> None:
    def three(folder: Path) -> None:
        with_source(language="english")(folder)
        with_event(country="XKR")(folder)
        with_share(value="lots")(folder)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, three))
    expected = {(SOURCES, 2, "language"), (EVENTS, 2, "country"), (SHARE, 2, "value")}
    assert expected <= locations(caught.value), caught.value
    assert f"{len(caught.value.problems)} problem(s)" in str(caught.value)


@pytest.mark.parametrize(
    "name", ["unknown country code", "non-UTF-8 file", "duplicate id across two files", "missing required column"]
)
def test_a_failing_folder_is_byte_for_byte_unchanged(tmp_path: Path, name: str) -> None:
    folder = broken_copy(tmp_path, CASES[name][0])
    before = frames.file_hashes(folder)
    with pytest.raises(DataValidationError):
        load_model(folder)
    assert frames.file_hashes(folder) == before


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError, match="does not exist"):
        load_model(tmp_path / "nowhere")


# --- one pass: reading problems and the validation of everything that could be read come in one error ---------------


def ragged_row(relative: str, **changes: str) -> Callable[[Path], None]:
    """A file with one event (line 2, valid unless changed) and a row with too few fields (line 3)."""

    def breaks(folder: Path) -> None:
        path = write_rows(folder, relative, [{**VALID_EVENT, "event_id": f"zz-{Path(relative).stem}", **changes}])
        path.write_text(path.read_text(encoding="utf-8") + "zz-short,xiaomi,KOR\n", encoding="utf-8")

    return breaks


def latin1(relative: str) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        path = folder / relative
        path.write_bytes(path.read_text(encoding="utf-8").replace("Europe", "Europé").encode("latin-1"))

    return breaks


def emptied(relative: str) -> Callable[[Path], None]:
    return lambda folder: (folder / relative).write_bytes(b"")


def removed(relative: str) -> Callable[[Path], None]:
    return lambda folder: (folder / relative).unlink()


def with_event_in(relative: str, **changes: str) -> Callable[[Path], None]:
    return lambda folder: write_rows(folder, relative, [{**VALID_EVENT, "event_id": "zz-other", **changes}])


def not_checked(pattern: str, column: str) -> tuple[str, int, str]:
    return (pattern, 0, column)


# name: (breaks, problems that must all be in the one error, message start that must not appear)
ONE_PASS = {
    "ragged row + unknown country in another events file + bad date in sources": (
        [ragged_row("events/zz_ragged.csv"), with_event(country="XKR"), with_source(published="March 2016")],
        {("events/zz_ragged.csv", 3, ""), (EVENTS, 2, "country"), (SOURCES, 2, "published")},
        None,
    ),
    "ragged row and a bad value in the same file": (
        [ragged_row("events/zz_ragged.csv", status="maybe")],
        {("events/zz_ragged.csv", 3, ""), ("events/zz_ragged.csv", 2, "status")},
        None,
    ),
    "events file not UTF-8 + bad language + bad share value": (
        [not_utf8, with_source(language="english"), with_share(value="lots")],
        {(EVENTS, 0, ""), (SOURCES, 2, "language"), (SHARE, 2, "value"), not_checked("conflicts.csv", "event_ids")},
        "unknown event_id",
    ),
    "empty sources file + unknown country in events": (
        [emptied(SOURCES), with_event(country="XKR")],
        {
            (SOURCES, 0, ""),
            (EVENTS, 2, "country"),
            not_checked("events/*.csv", "source_ids"),
            not_checked("market_share/*.csv", "source_id"),
            not_checked("conflicts.csv", "source_ids"),
        },
        "unknown source_id",
    ),
    "no companies file + bad date in events": (
        [removed("companies.csv"), with_event(date="March 2016")],
        {
            ("companies.csv", 0, ""),
            (EVENTS, 2, "date"),
            not_checked("events/*.csv", "company"),
            not_checked("events/*.csv", "competitors"),
            not_checked("market_share/*.csv", "vendor"),
        },
        "unknown company_id",
    ),
    "regions file not UTF-8 + bad metric": (
        [latin1("regions.csv"), with_share(metric="vibes_share")],
        {("regions.csv", 0, ""), (SHARE, 2, "metric"), not_checked("events/*.csv", "country")},
        "'150' is not an ISO 3166-1",
    ),
    "missing column in one events file + bad status in another": (
        [missing_column, with_event_in("events/zz_other.csv", status="maybe")],
        {(EVENTS, 1, "summary"), ("events/zz_other.csv", 2, "status")},
        None,
    ),
}


@pytest.mark.parametrize(("breaks", "expected", "forbidden"), list(ONE_PASS.values()), ids=list(ONE_PASS))
def test_reading_problems_and_every_tables_problems_come_in_one_error(
    tmp_path: Path, breaks, expected, forbidden
) -> None:
    def apply(folder: Path) -> None:
        for step in breaks:
            step(folder)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, apply))
    assert expected <= locations(caught.value), caught.value
    if forbidden:
        assert not [p for p in caught.value.problems if p.message.startswith(forbidden)], caught.value
    notes = [p for p in caught.value.problems if p.row == 0 and "not checked" in p.message]
    assert len(notes) == len({(p.file, p.column) for p in notes}), "each skipped reference check is said once"


def test_rows_of_a_file_missing_a_column_are_checked_on_the_columns_it_has(tmp_path: Path) -> None:
    def breaks(folder: Path) -> None:
        columns = [c for c in TABLES["events"].column_names if c != "summary"]
        write_rows(folder, EVENTS, [{**VALID_EVENT, "country": "XKR"}], columns)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, breaks))
    assert {p for p in locations(caught.value) if p[0] == EVENTS} == {(EVENTS, 1, "summary"), (EVENTS, 2, "country")}


def test_a_ragged_row_alone_still_fails_and_names_its_line(tmp_path: Path) -> None:
    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, ragged_row("events/zz_ragged.csv")))
    assert locations(caught.value) == {("events/zz_ragged.csv", 3, "")}, caught.value


def parquet_rows(
    relative: str, rows: list[dict[str, object]], types: dict[str, object] | None = None
) -> Callable[[Path], None]:
    def breaks(folder: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        columns = TABLES["events"].column_names
        arrays = {
            c: pa.array([row.get(c, "") for row in rows], type=(types or {}).get(c, pa.string())) for c in columns
        }
        pq.write_table(pa.table(arrays), folder / relative)

    return breaks


def test_parquet_files_are_validated_like_csv_files_with_row_n_as_line_n_plus_1(tmp_path: Path) -> None:
    rows = [
        {**VALID_EVENT, "event_id": "zz-pq-1"},
        {**VALID_EVENT, "event_id": "zz-pq-2", "country": "XKR", "date_note": None},
    ]
    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, parquet_rows("events/zz_test.parquet", rows)))
    assert locations(caught.value) == {("events/zz_test.parquet", 3, "country")}, caught.value


def test_a_parquet_column_that_is_not_text_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    import pyarrow as pa

    def breaks(folder: Path) -> None:
        parquet_rows(
            "events/zz_num.parquet", [{**VALID_EVENT, "event_id": "zz-num", "summary": 3}], {"summary": pa.int64()}
        )(folder)
        with_share(value="lots")(folder)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, breaks))
    assert locations(caught.value) >= {("events/zz_num.parquet", 0, "summary"), (SHARE, 2, "value")}, caught.value


# --- rows that passed validation and crashed the app (issue 15, finding 5) ------------------------------------------


@pytest.mark.parametrize(("breaks", "where"), list(CRASHING.values()), ids=list(CRASHING))
def test_a_row_that_would_crash_the_app_is_a_located_problem(tmp_path: Path, breaks, where) -> None:
    folder = broken_copy(tmp_path, breaks)
    before = frames.file_hashes(folder)
    with pytest.raises(DataValidationError) as caught:
        load_model(folder)
    assert where in locations(caught.value), caught.value
    assert frames.file_hashes(folder) == before


# review copies the folder with shutil.copytree, which itself stops at a dangling link (ingest's own fix, not here)
REVIEWED = {name: case for name, case in CRASHING.items() if name != "dangling symlink in events/"}


@pytest.mark.parametrize(("breaks", "where"), list(REVIEWED.values()), ids=list(REVIEWED))
def test_reviews_own_check_refuses_what_would_crash_the_app(tmp_path: Path, breaks, where) -> None:
    """ingest.review validates a copy of the folder with the new files: the same problems stop it."""
    from components.ingest.review import validate_with_folder

    folder = broken_copy(tmp_path, breaks)
    with pytest.raises(DataValidationError) as caught:
        validate_with_folder(folder, {})
    assert where in locations(caught.value), caught.value


@pytest.mark.parametrize("value", ["0", "100", "0.0", "99.99", "1.5", "+3", ".5", "12."])
def test_share_values_from_0_to_100_are_accepted(tmp_path: Path, value: str) -> None:
    model = load_model(broken_copy(tmp_path, with_share(value=value)))
    assert float(value) in set(model.market_share["value"])


@pytest.mark.parametrize("date", ["1990", "1990-01-01", "2100-Q4", "2100-12-31", "2040-H2"])
def test_dates_at_the_edges_of_the_data_years_are_accepted(tmp_path: Path, date: str) -> None:
    precision = {4: "year", 7: "quarter" if "Q" in date else "half" if "H" in date else "month", 10: "day"}[len(date)]
    model = load_model(broken_copy(tmp_path, with_event(date=date, date_precision=precision)))
    assert date in set(model.events["date_label"])


@pytest.mark.parametrize("filled", [True, False], ids=["rows filled in", "header only"])
def test_one_unknown_column_in_regions_is_one_problem(tmp_path: Path, filled: bool) -> None:
    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, regions_extra_column(filled)))
    assert locations(caught.value) == {("regions.csv", 1, "colour")}, caught.value


def test_a_large_share_file_is_checked_like_a_small_one(tmp_path: Path) -> None:
    """The vectorised path (>= 500 rows) reports the same bad values as the value-by-value path."""
    bad = {10: "nan", 20: "1_000", 30: "\uff11", 40: "-1", 50: "101", 60: "inf", 70: "1e400"}
    rows = [{**VALID_SHARE, "observation_id": f"zz-obs-{i}", "value": bad.get(i, "1.5")} for i in range(600)]

    def breaks(folder: Path) -> None:
        (folder / SHARE).unlink()
        write_rows(folder, "market_share/zz_many.csv", rows)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, breaks))
    assert locations(caught.value) == {("market_share/zz_many.csv", i + 2, "value") for i in bad}, caught.value


def test_a_large_events_file_is_checked_like_a_small_one(tmp_path: Path) -> None:
    bad = {10: ("2262", "year"), 20: ("1677", "year"), 30: ("2262-Q2", "quarter"), 40: ("1989-12", "month")}
    rows = [
        {**VALID_EVENT, "event_id": f"zz-ev-{i}", "date": bad.get(i, ("2016-03", ""))[0],
         "date_precision": bad.get(i, ("", "month"))[1]}
        for i in range(600)
    ]  # fmt: skip

    def breaks(folder: Path) -> None:
        (folder / EVENTS).unlink()
        write_rows(folder, "events/zz_many.csv", rows)

    with pytest.raises(DataValidationError) as caught:
        load_model(broken_copy(tmp_path, breaks))
    assert locations(caught.value) == {("events/zz_many.csv", i + 2, "date") for i in bad}, caught.value
