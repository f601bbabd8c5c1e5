"""Phones (390x844): the map on the first screen, its world filling the chart (no empty band), key figures in a
grid, the legend below it and inside the screen, one year slider when animated, no sideways scroll; the desktop
map (1280x900) too.
"""

import pytest

from tests.browser.conftest import offline_page, open_app, screenshot

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
# The world's drawn height against the room it has: from the credit lines drawn above it to the legend below it.
WORLD = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    const box = (el) => el.getBoundingClientRect();
    const credit = Math.max(...[...gd.querySelectorAll('.infolayer .annotation')].map((a) => box(a).bottom));
    // the world = the union of the country shapes (the map draws no border layer: each shape has its outline)
    const shapes = [...gd.querySelectorAll('path.choroplethlocation')].map(box).filter((r) => r.width > 0);
    const top = Math.min(...shapes.map((r) => r.top)), bottom = Math.max(...shapes.map((r) => r.bottom));
    const left = Math.min(...shapes.map((r) => r.left)), right = Math.max(...shapes.map((r) => r.right));
    const world = {height: bottom - top, width: right - left};
    return {room: box(gd.querySelector('.legend')).top - credit, world: world.height, width: world.width,
            chart_width: box(gd).width,
            items: [...gd.querySelectorAll('.legend .traces')].map((t) => {
                const r = box(t); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
            })};
}"""
SIDEWAYS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    return {doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            main: main.scrollWidth - main.clientWidth};
}"""


@pytest.fixture
def phone(browser):
    with offline_page(browser, viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True) as pg:
        yield pg


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


def assert_world_fills_the_chart(pg, viewport, least):
    world = pg.evaluate(WORLD)
    assert world["world"] >= least * world["room"], f"an empty band around the world: {world}"
    assert world["width"] >= 0.9 * world["chart_width"], world
    assert len(world["items"]) == 8, world["items"]  # 7 stages and 'not covered'
    for item in world["items"]:  # every legend entry (swatch and text) inside the screen
        assert 0 <= item["left"] and item["right"] <= viewport["width"], item


def test_the_world_fills_the_phone_map_and_the_legend_fits(streamlit_server, phone):
    open_app(phone, streamlit_server, "/")
    phone.wait_for_selector(".js-plotly-plot path.choroplethlocation", timeout=30_000)
    phone.wait_for_timeout(800)
    assert_world_fills_the_chart(phone, PHONE, 0.85)
    screenshot(phone, "phone-map-world", max_height=PHONE["height"])


def test_the_desktop_map_keeps_its_size(streamlit_server, browser):
    desktop = {"width": 1280, "height": 900}
    with offline_page(browser, viewport=desktop) as pg:
        open_app(pg, streamlit_server, "/")
        pg.wait_for_selector(".js-plotly-plot path.choroplethlocation", timeout=30_000)
        pg.wait_for_timeout(800)
        assert_world_fills_the_chart(pg, desktop, 0.8)
        assert pg.evaluate(WORLD)["world"] >= 330  # as tall as it was with the fixed 500 px figure (~360 px)
        screenshot(pg, "desktop-map", max_height=desktop["height"])


def test_the_animated_map_has_one_year_slider(streamlit_server, phone):
    open_app(phone, streamlit_server, "/?map_animate=true&map_year=2019")
    phone.wait_for_selector(".js-plotly-plot path.choroplethlocation", timeout=30_000)
    phone.wait_for_timeout(800)
    visible = phone.locator('[data-testid="stSlider"]:visible').count()
    plotly_sliders = phone.locator(".js-plotly-plot .slider-container").count()
    assert (visible, plotly_sliders) == (1, 0)
    assert phone.locator('[data-testid="stSliderThumbValue"]').first.inner_text().strip() == "2019"
    assert phone.locator(".js-plotly-plot .updatemenu-button").count() == 2  # Play and Pause
    assert phone.locator(".js-plotly-plot .legendtitletext").text_content() == "Entry stage, 2019"
    assert_world_fills_the_chart(phone, PHONE, 0.85)
    screenshot(phone, "phone-map-animated", max_height=PHONE["height"])
