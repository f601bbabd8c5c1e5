"""The dashboard in Chromium, offline: every page draws, filters change charts, a map click opens a profile.

All requests outside localhost are aborted by the `page` fixture (tests/browser/conftest.py) and asserted absent,
so the map must be drawn from the topojson the app serves at app/static/ (docs/map_geometry.md).
"""

import re

import pytest

pytestmark = pytest.mark.browser

CHART = ".js-plotly-plot"
CHART_DRAWN_MS = 30_000

# JS: a small fingerprint of the first plotly chart's data (per trace: type, name, number of points).
CHART_SIGNATURE = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    if (!gd || !gd.data) return null;
    return gd.data.map(t => [t.type, t.name || '', (t.locations || t.lon || t.x || t.y || []).length]);
}"""

# JS: viewport centre of the choropleth shape of a country (plotly binds its calcdata, with .loc, to each path).
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


def assert_offline(app) -> None:
    """No request to anything but localhost was even attempted (they would have been aborted anyway)."""
    external = app.external_requests()
    hint = ""
    if any("fonts.gstatic.com" in url for url in external):
        hint = (
            " (fonts.gstatic.com: Streamlit fetches the favicon for st.set_page_config(page_icon=':material/...:')"
            " from Google; use an emoji or a local image file as page_icon)"
        )
    assert external == [], f"third-party requests attempted{hint}: {external}"


def no_exception(app) -> None:
    errors = app.page.locator('[data-testid="stException"]')
    assert errors.count() == 0, errors.first.inner_text()


def heading(app) -> str:
    return app.page.locator("h1").first.inner_text(timeout=10_000).strip()


def wait_for_chart(app) -> None:
    app.page.wait_for_selector(f"{CHART} .main-svg", timeout=CHART_DRAWN_MS)


@pytest.mark.parametrize(
    ("path", "name", "title", "chart"),
    [
        ("/timeline", "timeline", r"Timeline", True),
        ("/country?country=KOR", "country-KOR", r"South Korea", True),
        ("/sources", "sources", r"Sources", False),
        ("/about", "about", r"About", False),
        ("/add", "add-article", r"Add an article", False),
    ],
)
def test_page_loads_and_draws(app, path, name, title, chart):
    app.goto(path)
    no_exception(app)
    assert re.search(title, heading(app)), heading(app)
    if chart:
        wait_for_chart(app)
        assert app.page.locator(CHART).count() >= 1
    app.screenshot(name)
    assert_offline(app)


def test_map_draws_country_shapes_offline(app):
    """The map page (/) loads, and its choropleth is drawn from the local geometry with every request local."""
    app.goto("/")
    no_exception(app)
    assert "Where Xiaomi sells" in heading(app)
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    shapes = app.page.locator("path.choroplethlocation").count()
    assert shapes > 100, f"only {shapes} country shapes drawn"
    assert any(url.endswith("/app/static/world_50m.json") for url in app.page.requested_urls), "geometry not local"
    # Small markets exist only in the 50m geometry: they must be drawn too.
    drawn = set(
        app.page.evaluate(
            "() => [...document.querySelectorAll('path.choroplethlocation')].map(p => p.__data__ && p.__data__.loc)"
        )
    )
    assert {"KOR", "SGP", "HKG", "BHR"} <= drawn
    app.screenshot("map")
    assert_offline(app)


def test_country_filter_updates_the_chart(app):
    app.goto("/")
    wait_for_chart(app)
    before = app.page.evaluate(CHART_SIGNATURE)
    box = app.page.locator(".st-key-country")
    box.locator("input").click()
    box.locator("input").fill("South Korea")
    app.page.get_by_role("option", name="South Korea").first.click()
    app.page.keyboard.press("Escape")
    app.wait(after_interaction=True)
    app.page.wait_for_url(re.compile(r"[?&]country=KOR"), timeout=15_000)
    wait_for_chart(app)
    app.page.wait_for_function(
        f"(before) => JSON.stringify(({CHART_SIGNATURE})()) !== JSON.stringify(before)",
        arg=before,
        timeout=CHART_DRAWN_MS,
    )
    no_exception(app)
    app.screenshot("map-filtered-KOR")
    assert_offline(app)


def test_clicking_a_country_on_the_map_opens_its_profile(app):
    app.goto("/")
    app.page.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    app.page.locator(CHART).first.scroll_into_view_if_needed()
    centre = app.page.evaluate(SHAPE_CENTRE, "IND")
    assert centre and centre["w"] > 5, f"India not drawn: {centre}"
    app.page.mouse.move(centre["x"], centre["y"])
    app.page.mouse.click(centre["x"], centre["y"])
    app.page.wait_for_url(re.compile(r"/country\?(.*&)?country=IND"), timeout=30_000)
    app.wait()
    no_exception(app)
    assert "India" in heading(app)
    app.screenshot("country-IND-from-map-click")
    assert_offline(app)
