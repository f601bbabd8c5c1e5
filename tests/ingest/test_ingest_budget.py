"""Extraction bounded in time: a fake clock (no sleeping, no timing asserts) runs out at chosen steps; what was found
so far comes back with a notice, shown by the command line and the Add page; the page extracts once per text."""

from __future__ import annotations

import functools

import pytest
from streamlit.testing.v1 import AppTest

from components import paths
from components.ingest import extract
from components.ingest.budget import EXTRACTION_BUDGET_S, Budget
from components.ingest.countries import find_country_mentions
from components.ingest.normalise import FoldedText
from components.ingest.segment import split_sentences

ARTICLE = (
    "Xiaomi opened its first store in Spain on 7 November 2017 with Carrefour. "
    "In May 2018 Xiaomi launched the Mi 8 in France, against Samsung. "
    "Xiaomi entered Mexico in 2016. Xiaomi plans to enter Brazil next year. "
)
COUNTRIES = ["FRA", "ESP", "MEX", "BRA"]
RANKED = ["BRA", "FRA", "ESP", "MEX"]  # every country named (their order comes from the fitted weights)
NOTICE = f"extraction stopped after {EXTRACTION_BUDGET_S:g} s; the text is too long to finish"
PAGE = paths.ROOT / "components" / "pages" / "add" / "page.py"
CANDIDATES_KEY = "_ingest_candidates"  # the page's session-state key (page.py is a script: not imported here)


class FakeClock:
    """Stands still until `jump()`; then it is far past any budget. `reads` counts the readings."""

    def __init__(self) -> None:
        self.now, self.reads = 0.0, 0

    def __call__(self) -> float:
        self.reads += 1
        return self.now

    def jump(self) -> None:
        self.now += 10 * EXTRACTION_BUDGET_S


class Ticks:
    """One second per reading."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1
        return self.now


def summary(found) -> list[tuple]:
    return [(c["country"], c["date"], c["partners"], c["status"], c["competitors"]) for c in found]


def run_out_during(monkeypatch, step: str | None) -> extract.Candidates:
    """Extract ARTICLE with a clock that runs out while `step` (a recogniser extract.py calls) runs."""
    clock = FakeClock()
    if step is not None:
        real = getattr(extract, step)

        def slow(*args, **kwargs):
            result = real(*args, **kwargs)
            clock.jump()
            return result

        monkeypatch.setattr(extract, step, slow)
    return extract.extract_candidates(ARTICLE, "en", clock=clock)


FULL = summary(extract.extract_candidates(ARTICLE, "en"))


def by_country(rows: list[tuple]) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in rows}


@pytest.mark.parametrize(
    ("step", "kept"),
    [
        (None, "all"),  # never runs out: the same as without a clock
        ("find_dates", "all"),  # the last recogniser: everything was found (only the published date is skipped)
        ("find_partners", "partners"),  # partners found; the rival check, status cues and dates skipped
        ("find_competitors", "countries"),  # only event cues and rivals found; rivals are kept only once checked
        ("cluster_sentences", "countries"),  # the countries' sentences found; every other recogniser skipped
        ("find_country_mentions", "nothing"),  # no mention kept, so no candidate
        ("nickname_ranges", "nothing"),  # the countries were never looked for
    ],
)
def test_extraction_returns_what_it_found_when_the_time_is_up(monkeypatch, step, kept) -> None:
    found = run_out_during(monkeypatch, step)
    got, full = by_country(summary(found)), by_country(FULL)
    if kept == "all":
        assert got == full
    elif kept == "nothing":
        assert got == {}
    else:
        assert sorted(got) == sorted(full)
        assert all(date == "" and rivals == [] for date, _, _, rivals in got.values())
        partners = {code: row[1] for code, row in got.items()}
        assert partners == (
            {code: row[1] for code, row in full.items()} if kept == "partners" else {code: [] for code in got}
        )
    assert found.notice == ("" if step is None else NOTICE)
    if step is not None:
        assert found.published == ""


def test_the_full_result_is_the_one_without_a_budget() -> None:
    assert sorted(code for code, *_ in FULL) == sorted(RANKED)
    assert FULL == summary(extract.extract_candidates(ARTICLE, "en", budget_s=float("inf")))


@pytest.mark.parametrize("budget_s", [0, 1, 2, 3])
def test_a_budget_spent_before_the_countries_gives_no_candidate_and_a_notice(budget_s: int) -> None:
    found = extract.extract_candidates(ARTICLE, "en", budget_s=budget_s, clock=Ticks())
    assert (
        list(found) == [] and found.notice == f"extraction stopped after {budget_s} s; the text is too long to finish"
    )


def mentions():
    article = FoldedText(ARTICLE)
    return split_sentences(ARTICLE), find_country_mentions(article, "en")


@pytest.mark.parametrize(("budget_s", "countries"), [(1, []), (2, ["ESP"]), (3, ["ESP", "FRA"]), (100, COUNTRIES)])
def test_the_loop_over_mentions_stops_when_the_time_is_up(budget_s: int, countries: list[str]) -> None:
    """One clock reading for the start, then one per mention: a budget of n seconds keeps n - 1 mentions."""
    sentences, found = mentions()
    assert [m.code for m in found] == ["ESP", "FRA", "MEX", "BRA"]
    budget = Budget(budget_s, Ticks())
    clusters = extract.cluster_sentences(sentences, found, budget)
    assert sorted(code for code, _ in clusters) == sorted(countries)
    assert budget.stopped == (budget_s <= len(found))


@pytest.mark.parametrize(
    ("seconds", "readings", "spent"),
    [(5, [0, 4.9], [False]), (5, [0, 5], [True]), (5, [0, 6, 1], [True, True]), (0, [0, 0], [True])],
)
def test_the_budget_reads_only_the_clock_it_was_given(seconds, readings, spent) -> None:
    left = list(readings)

    def clock() -> float:  # the readings in turn, then the last one again
        return left.pop(0) if len(left) > 1 else left[0]

    budget = Budget(seconds, clock)
    assert [budget.spent() for _ in spent] == spent
    assert budget.notice() == (f"extraction stopped after {seconds:g} s; the text is too long to finish" * spent[-1])
    assert budget.run(lambda: ["ran"]) == ([] if spent[-1] else ["ran"])


def test_the_cli_notes_that_extraction_stopped(monkeypatch, tmp_path, capsys) -> None:
    from components.ingest import __main__ as cli

    monkeypatch.setattr(cli, "extract_candidates", functools.partial(extract.extract_candidates, budget_s=0))
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert cli.main(["extract", str(article)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "[]"
    assert f"note: {article}: extraction stopped after 0 s; the text is too long to finish" in captured.err


def start_page(monkeypatch, calls: list[str], **budget) -> AppTest:
    real = extract.extract_candidates

    def counted(text, *args, **kwargs):
        calls.append(text)
        return real(text, *args, **kwargs, **budget)

    monkeypatch.setattr(extract, "extract_candidates", counted)  # the page imports it from the module at each run
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    app.text_area(key="ingest_text").input(ARTICLE).run()
    assert not app.exception, app.exception
    return app


def test_the_add_page_shows_the_notice_and_what_was_found(monkeypatch) -> None:
    app = start_page(monkeypatch, [], budget_s=0)
    assert any("Extraction stopped after 0 s" in w.value for w in app.warning), [w.value for w in app.warning]
    assert any("No country or region" in i.value for i in app.info)


def test_the_add_page_extracts_once_per_text(monkeypatch) -> None:
    calls: list[str] = []
    app = start_page(monkeypatch, calls)
    assert len(app.expander) == len(COUNTRIES) and not app.warning
    app.run()
    app.text_input(key="ingest_outlet").input("Outlet").run()
    assert calls == [ARTICLE]
    app.text_area(key="ingest_text").input(ARTICLE + " Xiaomi entered Chile.").run()
    assert len(calls) == 2


def test_an_interrupted_extraction_leaves_no_half_written_state(monkeypatch) -> None:
    """A run stopped inside extraction (the reader left the page) keeps no result: the next run extracts again."""

    def interrupted(*args, **kwargs):
        raise RuntimeError("run stopped")  # a stopped run, seen from inside extraction: it never returns

    monkeypatch.setattr(extract, "extract_candidates", interrupted)
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    app.text_area(key="ingest_text").input(ARTICLE).run()
    assert CANDIDATES_KEY not in app.session_state
    monkeypatch.undo()
    app.run()
    assert not app.exception, app.exception
    assert len(app.expander) == len(COUNTRIES)
    assert app.session_state[CANDIDATES_KEY][1] is not None
