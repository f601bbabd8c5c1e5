"""The Rivals page in Chromium, offline: the world by competition draws at least 25 countries with a figure from
the local geometry, a click opens the country's profile, and the profile opens on its Rivals tab, which draws.
"""

import re

import pytest

from components.paths import ROOT

pytestmark = pytest.mark.browser

CHART_DRAWN_MS = 30_000

# JS: the countries drawn as shapes, and the countries of the traces that carry a figure (not 'No figure').
DRAWN_WITH_FIGURE = """() => {
    const drawn = new Set([...document.querySelectorAll('path.choroplethlocation')]
        .map(p => p.__data__ && p.__data__.loc).filter(Boolean));
    const gd = document.querySelector('.js-plotly-plot');
    const withFigure = (gd && gd.data || []).filter(t => t.type === 'choropleth' && t.name !== 'No figure')
        .flatMap(t => Array.from(t.locations || []));
    return withFigure.filter(code => drawn.has(code));
}"""

SHAPE_CENTRE = """(code) => {
    for (const path of document.querySelectorAll('path.choroplethlocation')) {
        const d = path.__data__;
        if (d && d.loc === code && d.z !== undefined) {
            const r = path.getBoundingClientRect();
            if (r.width > 0) return {x: r.x + r.width / 2, y: r.y + r.height / 2, w: r.width, h: r.height};
        }
    }
    return null;
}"""


def no_exception(app) -> None:
    errors = app.page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def test_rivals_map_draws_at_least_25_countries_offline(app):
    app.goto("/rivals?metric=shipment_share&colour=leader&rival=samsung")
    no_exception(app)
    assert "Rivals" in app.page.locator("h1").first.inner_text(timeout=10_000)
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    drawn = set(app.page.evaluate(DRAWN_WITH_FIGURE))
    assert len(drawn) >= 25, f"only {len(drawn)} countries drawn with a figure: {sorted(drawn)}"
    assert {"IND", "DEU", "ESP", "CHN"} <= drawn
    assert any(url.endswith("/app/static/world_50m.json") for url in app.page.requested_urls), "geometry not local"
    app.screenshot("rivals-leader")
    app.goto("/rivals?metric=shipment_share&period=2021-Q2&rival=samsung&colour=gap")
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    assert len(app.page.evaluate(DRAWN_WITH_FIGURE)) >= 15
    app.screenshot("rivals-gap-samsung-2021-Q2")
    app.page.get_by_role("tab", name="Table").click()
    app.page.wait_for_selector('[data-testid="stDataFrame"]', timeout=CHART_DRAWN_MS)
    app.screenshot("rivals-table-2021-Q2")
    assert app.external_requests() == []


def test_a_click_on_the_rivals_map_opens_the_profile(app):
    app.goto("/rivals?metric=shipment_share&colour=share")
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    app.page.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    centre = app.page.evaluate(SHAPE_CENTRE, "IND")
    assert centre and centre["w"] > 5, f"India not drawn: {centre}"
    app.page.mouse.move(centre["x"], centre["y"])
    hover = app.page.locator(".hoverlayer .hovertext").first
    hover.wait_for(timeout=10_000)
    text = hover.text_content() or ""  # SVG: lines are tspans
    assert "India" in text and "Xiaomi" in text and "Firm: IDC" in text and "2024-Q3" in text, text
    assert "Source: ETV Bharat" in text, text  # the figure, the firm, the period and the source
    app.page.screenshot(path=str(ROOT / "test-artifacts" / "screenshots" / "rivals-share-hover-IND.png"))
    app.screenshot("rivals-share")
    centre = app.page.evaluate(SHAPE_CENTRE, "IND")  # the full-page shot re-laid the page out
    app.page.mouse.move(centre["x"], centre["y"])
    app.page.mouse.click(centre["x"], centre["y"])
    app.page.wait_for_url(re.compile(r"/country\?(.*&)?country=IND"), timeout=30_000)
    app.wait()
    no_exception(app)
    assert "India" in app.page.locator("h1").first.inner_text(timeout=10_000)
    assert app.page.get_by_role("tab", name="Rivals").get_attribute("aria-selected") == "true"  # the Rivals tab
    app.page.get_by_text("Share and rank by metric").first.scroll_into_view_if_needed()
    app.page.wait_for_selector(".js-plotly-plot .main-svg", timeout=CHART_DRAWN_MS)
    app.screenshot("country-IND-rivals-from-click")
    assert app.external_requests() == []
