"""The stage map is projected once per visit on a desktop screen: Streamlit's second hand-over changes nothing."""

import pytest

from tests.browser.conftest import open_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

# Counts plotly's draws, and every change of a path's `d` (plotly.js projecting a shape again) after the first draw.
RECORD_JS = """(() => {
    window.__draws = 0;
    window.__reprojected = 0;
    Object.defineProperty(HTMLDivElement.prototype, 'emit', {configurable: true, set(emit) {
        Object.defineProperty(this, 'emit', {configurable: true, writable: true, value: (event, data) => {
            if (event === 'plotly_afterplot') window.__draws++;
            return emit.call(this, event, data);
        }});
    }});
    new MutationObserver(changes => {
        if (window.__draws > 0) window.__reprojected += changes.filter(c => c.attributeName === 'd').length;
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['d']});
})();"""
SHAPES = "() => document.querySelectorAll('path.choroplethlocation').length"


@pytest.mark.parametrize("path", ["/", "/?country=IND&country=VNM"])
def test_the_map_is_projected_once(streamlit_server, page, path):
    page.add_init_script(RECORD_JS)
    open_app(page, streamlit_server, path)
    page.wait_for_function(f"() => ({SHAPES})() > 100 && window.__draws >= 1", timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # Streamlit's second hand-over comes right after the first draw
    draws, reprojected = page.evaluate("() => [window.__draws, window.__reprojected]")
    assert draws >= 2, draws  # Streamlit still hands the figure over twice (if not, this test's premise is gone)
    assert reprojected == 0, f"{reprojected} shapes projected again after the first draw"
    assert page.evaluate(SHAPES) > 100


def test_map_text_follows_the_theme_on_screen_and_keeps_white_paper_for_export(streamlit_server, page):
    open_app(page, streamlit_server, "/")
    page.wait_for_function(f"() => ({SHAPES})() > 100", timeout=60_000)
    wait_for_app(page)
    legend = page.evaluate("() => getComputedStyle(document.querySelector('.js-plotly-plot text.legendtext')).fill")
    body = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).color")
    assert legend == body, (legend, body)
    paper = page.evaluate("() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).backgroundColor")
    assert paper in ("rgba(0, 0, 0, 0)", "transparent"), paper
    assert page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor") == "#ffffff"
    screenshot(page, "map-drawn-once")
