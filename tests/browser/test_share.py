"""The Share popover's link reproduces the view: set every control, copy the link, open it in a fresh context."""

import pytest

from tests.browser.conftest import offline_page, open_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

CHART_SIGNATURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => (gd.data || []).map(
    t => [t.type, t.name || '', (t.locations || t.lon || t.x || t.y || []).length]))"""


def settle(pg):
    wait_for_app(pg, after_interaction=True)


def copied_link(pg) -> str:
    """Open the Share popover and read the link it shows (what its copy button copies)."""
    pg.get_by_role("button", name="Share").first.click()
    code = pg.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').first
    code.wait_for(timeout=10_000)
    link = code.inner_text().strip()
    embed = pg.locator('[data-testid="stPopoverBody"] [data-testid="stCode"]').nth(1).inner_text()
    assert "embed=true" in embed and "<iframe" in embed
    pg.keyboard.press("Escape")
    return link


@pytest.fixture
def fresh(browser):
    """A second, fresh browser context (no cookies, no session state): a reader who got the link."""
    with offline_page(browser, viewport={"width": 1400, "height": 950}, locale="en-US") as pg:
        yield pg


def open_link(pg, link: str) -> None:
    base, _, rest = link.partition("//")
    host, _, path = rest.partition("/")
    open_app(pg, f"{base}//{host}", "/" + path)


def checked(pg, role: str, name: str) -> bool:
    return pg.get_by_role(role, name=name, exact=True).first.get_attribute("aria-checked") == "true"


def slider_year(pg) -> str:
    return pg.locator('[data-testid="stSliderThumbValue"]').first.inner_text().strip()


def test_timeline_link_reproduces_every_control(app, fresh):
    pg = app.page
    app.goto("/timeline?country=IND&country=IDN")
    pg.get_by_role("radio", name="By product line").click()
    settle(pg)
    pg.get_by_role("radio", name="Event type").click()
    settle(pg)
    pg.get_by_role("radio", name="Event type").click()  # a second click must not unselect it (required)
    settle(pg)
    assert checked(pg, "radio", "Event type")
    pg.get_by_text("Show competitors' events").click()
    settle(pg)
    pg.get_by_text("All these events as a table").click()
    settle(pg)
    link = copied_link(pg)
    for part in ("timeline_group=product_line", "timeline_colour=event_type", "timeline_competitors=true",
                 "timeline_table_open=true", "country=IND", "country=IDN"):  # fmt: skip
        assert part in link, link
    before = pg.evaluate(CHART_SIGNATURE)
    open_link(fresh, link)
    assert checked(fresh, "radio", "By product line") and checked(fresh, "radio", "Event type")
    assert fresh.get_by_role("switch", name="Show competitors' events").is_checked()
    assert fresh.evaluate(CHART_SIGNATURE) == before
    assert fresh.locator('[data-testid="stDataFrame"]').count() >= 1  # the table is open again
    screenshot(fresh, "share-timeline-reopened")


def test_map_link_reproduces_year_animation_and_tab(app, fresh):
    pg = app.page
    app.goto("/?status=happened")
    slider = pg.get_by_role("slider").first
    slider.focus()
    for _ in range(3):
        slider.press("ArrowLeft")
    settle(pg)
    year = slider_year(pg)
    pg.get_by_text("Animate over the years").click()
    settle(pg)
    pg.get_by_role("tab", name="Table").click()
    settle(pg)
    link = copied_link(pg)
    assert f"map_year={year}" in link and "map_animate=true" in link and "map_tab=Table" in link, link
    assert "status=happened" in link
    open_link(fresh, link)
    assert slider_year(fresh) == year
    assert fresh.get_by_role("switch", name="Animate over the years").is_checked()
    assert fresh.get_by_role("tab", name="Table").get_attribute("aria-selected") == "true"
    assert fresh.locator('[data-testid="stDataFrame"]').count() >= 1
    screenshot(fresh, "share-map-reopened")


def test_sources_link_reproduces_the_toggle(app, fresh):
    pg = app.page
    app.goto("/sources")
    pg.get_by_text("Show every source in the atlas").click()
    settle(pg)
    link = copied_link(pg)
    assert "sources_all=true" in link
    open_link(fresh, link)
    assert fresh.get_by_role("switch", name="Show every source in the atlas (ignore the filters)").is_checked()


def test_country_link_reproduces_the_open_tab(app, fresh):
    pg = app.page
    app.goto("/country?country=IND")
    pg.get_by_role("tab", name="Rivals").click()
    settle(pg)
    link = copied_link(pg)
    assert "country_tab=Rivals" in link and "country=IND" in link, link
    open_link(fresh, link)
    assert fresh.get_by_role("tab", name="Rivals").get_attribute("aria-selected") == "true"
    assert fresh.get_by_text("Share and rank by metric").count() == 1
    screenshot(fresh, "share-country-reopened")
