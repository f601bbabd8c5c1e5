"""Phones (390x844): the map on the first screen, key figures in a grid, the legend below it, no sideways scroll."""

import pytest

from tests.browser.conftest import _is_local, open_app, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

BOXES = """() => {
    const box = (el) => el ? (({top, bottom, left, right, height}) => ({top, bottom, left, right, height}))(
        el.getBoundingClientRect()) : null;
    const gd = document.querySelector('.js-plotly-plot');
    return {
        chart: box(gd),
        geo: box(gd && gd.querySelector('.geo .bg, .geolayer')),
        legend: box(gd && gd.querySelector('.legend')),
        metrics: [...document.querySelectorAll('[data-testid="stMetric"]')].map(box),
    };
}"""
SIDEWAYS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            main: main.scrollWidth - main.clientWidth};
}"""


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    yield context.new_page()
    context.close()


def test_map_is_on_the_first_screen_with_a_compact_grid_and_the_legend_below(streamlit_server, phone):
    open_app(phone, streamlit_server, "/")
    phone.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    phone.wait_for_timeout(800)
    boxes = phone.evaluate(BOXES)
    screenshot(phone, "phone-map-first-screen", max_height=PHONE["height"])  # what the reader sees first
    metrics = boxes["metrics"]
    assert len(metrics) == 4
    rows = sorted({round(m["top"]) for m in metrics})
    assert len(rows) <= 2, f"key figures stack in {len(rows)} rows: {metrics}"
    geo = boxes["geo"]
    assert geo["top"] < PHONE["height"] - 150, f"the map starts too low: {geo}"  # at least 150 px of it visible
    assert boxes["legend"]["top"] >= geo["bottom"] - 2, (boxes["legend"], geo)
    assert phone.evaluate(SIDEWAYS) == {"doc": 0, "main": 0}
    screenshot(phone, "phone-map")


@pytest.mark.parametrize("path", ["/timeline", "/country?country=IND"])
def test_timeline_and_country_read_without_sideways_scrolling(streamlit_server, phone, path):
    open_app(phone, streamlit_server, path)
    phone.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    assert phone.evaluate(SIDEWAYS) == {"doc": 0, "main": 0}
    charts = phone.evaluate(
        "() => [...document.querySelectorAll('.js-plotly-plot')].map(g => g.getBoundingClientRect().right)"
    )
    assert all(right <= PHONE["width"] + 1 for right in charts), charts
    screenshot(phone, "phone-" + path.strip("/").split("?")[0])
