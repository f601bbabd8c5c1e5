"""Light and dark: the app and its charts follow the reader's colour scheme; fonts come from the app itself."""

import pytest

from tests.browser.conftest import _is_local, open_app, screenshot

pytestmark = pytest.mark.browser

BACKGROUND = """() => getComputedStyle(document.querySelector('[data-testid="stApp"]')).backgroundColor"""
CHART_FONTS = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => gd._fullLayout.font.family)"""
# The colour a reader sees: the first chart's first legend entry or tick label, as drawn (the map's comes from the
# page's CSS, the other charts' from Streamlit's theme).
CHART_TEXT_COLOUR = """() => getComputedStyle(
    document.querySelector('.js-plotly-plot :is(text.legendtext, .xtick text, .ytick text)')).fill"""


def luminance(colour: str) -> float:
    """0-255 brightness of a CSS colour: #rrggbb or rgb(a)(r, g, b...)."""
    if colour.startswith("#"):
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    else:
        r, g, b = (float(v) for v in colour[colour.index("(") + 1 : colour.index(")")].split(",")[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.fixture(params=["light", "dark"])
def scheme_page(request, browser):
    context = browser.new_context(viewport={"width": 1400, "height": 950}, color_scheme=request.param)
    requested = []

    def guard(route):
        requested.append(route.request.url)
        route.continue_() if _is_local(route.request.url) else route.abort()

    context.route("**/*", guard)
    pg = context.new_page()
    pg.requested = requested
    yield request.param, pg
    context.close()


@pytest.mark.parametrize("path", ["/", "/timeline", "/country?country=IND"])
def test_app_and_charts_follow_the_colour_scheme(streamlit_server, scheme_page, path):
    scheme, pg = scheme_page
    open_app(pg, streamlit_server, path)
    pg.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    background = luminance(pg.evaluate(BACKGROUND))
    text = luminance(pg.evaluate(CHART_TEXT_COLOUR))
    if scheme == "dark":
        assert background < 60 and text > 150, (background, text)
    else:
        assert background > 200 and text < 150, (background, text)  # Streamlit draws chart text in a grey
    fonts = pg.evaluate(CHART_FONTS)
    assert fonts and all("Source Sans Pro" not in f for f in fonts), fonts
    assert [url for url in pg.requested if not _is_local(url)] == []
    fonts_loaded = [url for url in pg.requested if url.endswith((".woff2", ".woff", ".ttf"))]
    assert all(_is_local(url) for url in fonts_loaded)
    name = path.strip("/").split("?")[0] or "map"
    screenshot(pg, f"theme-{scheme}-{name}")
