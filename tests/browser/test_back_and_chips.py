"""Navigation in Chromium: one history entry per filter change, Back after a map click, unknown paths."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

CHART_DRAWN_MS = 30_000
SHAPE_CENTRE = """(code) => {
    for (const path of document.querySelectorAll('path.choroplethlocation')) {
        const d = path.__data__;
        if (d && d.loc === code) {
            const r = path.getBoundingClientRect();
            return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height};
        }
    }
    return null;
}"""


def query(app) -> dict[str, list[str]]:
    return parse_qs(urlsplit(app.page.url).query)


def no_exception(app) -> None:
    assert not app.page.locator('[data-testid="stException"]').count(), app.page.url


def test_removing_one_filter_chip_adds_one_history_entry(app):
    app.goto("/?country=KOR&country=SGP&country=FRA&product=smartphones&status=happened&lang=en&from=2012-01-01")
    before = app.page.evaluate("() => history.length")
    chip = app.page.locator(".st-key-country").get_by_role("button", name=re.compile("remove|delete|clear", re.I))
    if not chip.count():
        chip = app.page.locator('.st-key-country [data-baseweb="tag"] [role="presentation"]')
    chip.first.click()
    app.wait(after_interaction=True)
    app.page.wait_for_function("() => !location.search.includes('country=KOR')", timeout=15_000)
    app.page.wait_for_timeout(1_000)
    no_exception(app)
    assert query(app)["country"] == ["SGP", "FRA"]
    assert app.page.evaluate("() => history.length") == before + 1
    app.screenshot("navigation-one-chip-removed")
    assert app.external_requests() == []


@pytest.mark.parametrize("start", ["/", "/?status=happened"], ids=["no filters", "a status filter"])
def test_map_click_then_back_returns_the_map_as_it_was(app, start):
    app.goto(start)
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    app.page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    centre = app.page.evaluate(SHAPE_CENTRE, "IND")
    assert centre and centre["w"] > 5, centre
    app.page.mouse.move(centre["x"], centre["y"])
    app.page.mouse.click(centre["x"], centre["y"])
    app.page.wait_for_url(re.compile(r"/country\?(.*&)?country=IND"), timeout=30_000)
    app.wait()
    no_exception(app)
    for _ in range(3):  # Back until the map shows (at most one intermediate entry: the profile before its URL)
        app.page.go_back()
        app.wait(after_interaction=True)
        if urlsplit(app.page.url).path in ("/", ""):
            break
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    app.page.wait_for_timeout(1_000)
    no_exception(app)
    assert urlsplit(app.page.url).path in ("/", "")
    assert "country" not in query(app), app.page.url
    assert query(app).get("status") == parse_qs(urlsplit(start).query).get("status")
    assert app.page.locator('.st-key-country [data-baseweb="tag"]').count() == 0  # no country chip
    assert app.page.get_by_text(re.compile(r"Filters: All countries")).count()
    app.screenshot("navigation-back-to-map-" + ("filtered" if "status" in start else "plain"))
    assert app.external_requests() == []


@pytest.mark.parametrize("path", ["/nothing", "/Map%3Cb%3E"])
def test_an_unknown_page_says_page_not_found(app, path):
    app.goto(path)
    app.page.wait_for_timeout(1_000)
    no_exception(app)
    app.page.get_by_text("Page not found: this atlas has no page").first.wait_for(timeout=15_000)
    app.screenshot("navigation-unknown-page")
    assert app.external_requests() == []
