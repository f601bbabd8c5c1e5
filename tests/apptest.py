"""The one AppTest starter the page tests share: the dashboard, seeded from a link, switched to a page."""

from streamlit.testing.v1 import AppTest

from components import paths

TIMEOUT = 90


def start_dashboard(params: dict | None = None, page: str | None = None, timeout: int = TIMEOUT) -> AppTest:
    """Run dashboard.py with `params` as the link's query parameters, then switch to `page`; no exception allowed."""
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=timeout)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at
