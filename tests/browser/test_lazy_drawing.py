"""Sections drawn only once opened, in Chromium: the sidebar's date row, the timeline's table, the country tabs."""

import re

import pytest

pytestmark = pytest.mark.browser

DATE_BOX = '[data-testid="stDateInput"]'
GRID = '[data-testid="stDataFrame"]'
CHART = ".js-plotly-plot .main-svg"


def test_the_date_row_opens_filters_and_keeps_its_dates_when_closed(app):
    pg = app.page
    app.goto("/timeline")
    assert pg.locator(DATE_BOX).count() == 0  # the first view draws no date box
    row = pg.locator('[data-testid="stSidebar"] summary', has_text="Dates: any")
    row.click()
    app.wait(after_interaction=True)
    assert pg.locator(DATE_BOX).count() == 2
    pg.get_by_role("spinbutton", name="year, From").click()  # Streamlit's date field: year, month, day parts
    pg.keyboard.type("20160101")
    pg.keyboard.press("Escape")  # close the calendar that opened ...
    pg.keyboard.press("Tab")  # ... and leave the field: the date is then sent
    app.wait(after_interaction=True)
    pg.wait_for_url(re.compile(r"[?&]from=2016-01-01"), timeout=20_000)
    app.screenshot("lazy-dates-open")
    pg.locator('[data-testid="stSidebar"] summary', has_text="Dates: 2016-01-01 to …").click()  # close it
    app.wait(after_interaction=True)
    assert pg.locator(DATE_BOX).count() == 0
    pg.get_by_role("radio", name="Event type").click()  # another run: the closed row still filters
    app.wait(after_interaction=True)
    assert "from=2016-01-01" in pg.url, pg.url
    assert pg.locator('[data-testid="stSidebar"] summary', has_text="Dates: 2016-01-01 to …").count() == 1


def test_the_timeline_table_is_drawn_when_opened(app):
    pg = app.page
    app.goto("/timeline")
    pg.wait_for_selector(CHART, timeout=30_000)
    assert pg.locator(GRID).count() == 0
    pg.get_by_text("All these events as a table").click()
    app.wait(after_interaction=True)
    pg.wait_for_selector(GRID, timeout=20_000)
    pg.wait_for_url(re.compile(r"[?&]timeline_table_open=true"), timeout=20_000)
    app.screenshot("lazy-timeline-table")


def test_the_country_tabs_draw_one_at_a_time_and_are_in_the_link(app):
    pg = app.page
    app.goto("/country?country=IND")
    pg.wait_for_selector(CHART, timeout=30_000)
    assert pg.locator(".js-plotly-plot").count() == 1  # the Xiaomi tab: the stage history only
    pg.get_by_role("tab", name="Rivals").click()
    app.wait(after_interaction=True)
    pg.wait_for_url(re.compile(r"[?&]country_tab=Rivals"), timeout=20_000)
    pg.wait_for_function("() => document.querySelectorAll('.js-plotly-plot .main-svg').length >= 2", timeout=30_000)
    assert pg.get_by_text("Share and rank by metric").count() == 1
    app.screenshot("lazy-country-rivals")
    pg.get_by_role("tab", name="Conflicts").click()
    app.wait(after_interaction=True)
    pg.wait_for_url(re.compile(r"[?&]country_tab=Conflicts"), timeout=20_000)
    assert pg.get_by_text("Where sources disagree").count() == 1


def test_the_timeline_draws_its_first_rows_then_all_of_them(app):
    pg = app.page
    app.goto("/timeline")
    pg.wait_for_selector(CHART, timeout=30_000)
    first = pg.locator(".js-plotly-plot").first.bounding_box()["height"]
    assert pg.get_by_text(re.compile(r"Showing \d+ of \d+ rows")).count() == 1
    app.screenshot("lazy-timeline-first-rows")
    pg.get_by_text(re.compile(r"^All \d+ rows$")).click()
    app.wait(after_interaction=True)
    pg.wait_for_url(re.compile(r"[?&]timeline_all_rows=true"), timeout=20_000)
    pg.wait_for_function(
        "(h) => document.querySelector('.js-plotly-plot').getBoundingClientRect().height > 2 * h", arg=first,
        timeout=30_000,
    )  # fmt: skip
    assert pg.get_by_text(re.compile(r"Showing \d+ of \d+ rows")).count() == 0


def test_the_sources_citation_is_drawn_when_asked_for(app):
    pg = app.page
    app.goto("/sources")
    pg.get_by_text("Download and cite").wait_for(timeout=30_000)
    assert pg.locator('[data-testid="stCode"]:visible').count() == 0  # no code block on the first view
    pg.get_by_role("button", name=re.compile("Cite this view")).click()
    pg.wait_for_selector('[data-testid="stCode"]:visible', timeout=20_000)
    assert "Xiaomi Market Atlas" in pg.locator('[data-testid="stCode"]:visible').first.inner_text()
    app.screenshot("lazy-sources-cite")
