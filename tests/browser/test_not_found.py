"""Unknown multi-segment paths in Chromium: the map with a "page not found" notice and the navigation, not a blank page.

Without components/app/not_found.NotFoundRedirect, `/add/extra` loads index.html whose relative assets
(`./static/js/...`) resolve to `/add/static/js/...`, are answered with index.html too, and the app never starts.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

PATHS = {
    "/add/extra": "/add/extra",
    "/country/IND/x": "/country/IND/x",
    "/timeline/a/b/?status=happened": "/timeline/a/b",
}


@pytest.mark.parametrize(("path", "shown"), PATHS.items())
def test_an_unknown_nested_path_shows_the_map_with_a_notice(app, path, shown):
    app.goto(path)
    page = app.page
    page.get_by_text(f"Page not found: this atlas has no page {shown},").first.wait_for(timeout=15_000)
    assert page.get_by_role("heading", name="Where Xiaomi sells").count() == 1
    nav = page.locator('[data-testid="stSidebarNav"]')
    for title in ("Map", "Timeline", "Country", "Add an article"):
        assert nav.get_by_text(title, exact=True).count() == 1, title
    assert not page.locator('[data-testid="stException"]').count(), page.url
    assert urlsplit(page.url).path == "/"
    app.screenshot("not-found-" + re.sub(r"\W+", "-", path).strip("-"))
    assert app.external_requests() == []


def test_the_original_query_survives_the_redirect(app):
    app.goto("/timeline/a/b/?status=happened")
    query = parse_qs(urlsplit(app.page.url).query)
    assert query.get("status") == ["happened"] and query.get("not_found") == ["timeline/a/b"], app.page.url
    assert app.page.get_by_text("Page not found").count() >= 1


def test_streamlit_own_paths_are_not_redirected(streamlit_server):
    """Health, the static folder and a page probe's `_stcore` path keep Streamlit's own answers."""
    cases = {"/_stcore/health": 200, "/app/static/favicon.png": 200, "/add/_stcore/health": 404}
    for path, status in cases.items():
        request = urllib.request.Request(streamlit_server + path, headers={"Accept": "text/html,*/*"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                got, final = response.status, response.url
        except urllib.error.HTTPError as error:
            got, final = error.code, error.url
        assert (got, urlsplit(final).path) == (status, path), path
