"""A German reader (Chromium with locale de-DE) gets German country names on the timeline and the country page,
while the links keep ISO3 codes.
"""

import pytest

from tests.browser.conftest import offline_page, open_app, screenshot

pytestmark = pytest.mark.browser

TEXT = """() => document.body.innerText + ' ' + [...document.querySelectorAll('.js-plotly-plot text')]
    .map((t) => t.textContent).join(' ')"""


@pytest.fixture
def german(browser):
    with offline_page(browser, viewport={"width": 1280, "height": 900}, locale="de-DE") as pg:
        yield pg


def test_a_german_reader_gets_german_country_names(streamlit_server, german):
    open_app(german, streamlit_server, "/timeline?country=DEU&country=FRA")
    german.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)
    text = german.evaluate(TEXT)
    assert "Deutschland" in text and "Frankreich" in text, text[:2000]
    assert "country=DEU" in german.url and "country=FRA" in german.url  # the link keeps the codes
    screenshot(german, "locale-de-timeline")
    open_app(german, streamlit_server, "/country?country=DEU")
    assert german.locator("h1").first.inner_text().strip() == "Deutschland"
    assert "Filters: Deutschland" in german.locator("body").inner_text()  # the caption naming the filters
    sidebar = german.locator('[data-testid="stSidebar"]').inner_text()
    assert "Deutschland" in sidebar and "Germany" not in sidebar, sidebar  # the filter's chip, in German too
    screenshot(german, "locale-de-country")
