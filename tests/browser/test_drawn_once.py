"""The map and the timeline are drawn once per visit on a desktop screen: Streamlit's second hand-over changes
nothing (docs/performance.md, "First paint in the sixth session")."""

import pytest

from tests.browser.conftest import open_app, screenshot, wait_for_app

pytestmark = pytest.mark.browser

# Counts plotly's draws, and every change of a path's `d` (plotly.js drawing a shape again) after the first draw.
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


@pytest.mark.parametrize(
    ("path", "drawn"),
    [
        ("/", f"({SHAPES})() > 100"),
        ("/?country=IND&country=VNM", f"({SHAPES})() > 100"),
        ("/timeline", "document.querySelectorAll('.js-plotly-plot .scatterlayer path').length > 10"),
    ],
)
def test_the_chart_is_drawn_once(streamlit_server, page, path, drawn):
    page.add_init_script(RECORD_JS)
    open_app(page, streamlit_server, path)
    page.wait_for_function(f"() => {drawn} && window.__draws >= 1", timeout=60_000)
    wait_for_app(page)
    page.wait_for_timeout(1500)  # Streamlit's second hand-over comes right after the first draw
    draws, reprojected = page.evaluate("() => [window.__draws, window.__reprojected]")
    assert draws >= 2, draws  # Streamlit still hands the figure over twice (if not, this test's premise is gone)
    assert reprojected == 0, f"{reprojected} paths drawn again after the first draw"
    assert page.evaluate(f"() => {drawn}")


@pytest.mark.parametrize(("path", "text"), [("/", "text.legendtext"), ("/timeline", ".ytick text")])
def test_chart_text_follows_the_theme_on_screen_and_keeps_white_paper_for_export(streamlit_server, page, path, text):
    open_app(page, streamlit_server, path)
    page.wait_for_selector(f".js-plotly-plot {text}", timeout=60_000)
    wait_for_app(page)
    shown = page.evaluate(f"() => getComputedStyle(document.querySelector('.js-plotly-plot {text}')).fill")
    body = page.evaluate("() => getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).color")
    assert shown == body, (shown, body)
    paper = page.evaluate("() => getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).backgroundColor")
    assert paper in ("rgba(0, 0, 0, 0)", "transparent"), paper
    assert page.evaluate("() => document.querySelector('.js-plotly-plot')._fullLayout.paper_bgcolor") == "#ffffff"
    screenshot(page, f"drawn-once-{path.strip('/') or 'map'}")
