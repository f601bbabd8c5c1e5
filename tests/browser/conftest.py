"""Browser test harness: a real `streamlit run dashboard.py` driven by Debian's Chromium through Playwright.

Fixtures
  streamlit_server  session: starts the app on a free port from the repo root, waits for /_stcore/health,
                    always stops it (terminate, then kill the process group) at the end. Yields its base URL.
                    ``run_streamlit(extra_env)`` is the same as a context manager, for a server on other data.
  browser           session: Chromium at /usr/bin/chromium (headless, no sandbox, no GPU, no background
                    networking). Playwright gives every launch a fresh temporary user-data dir, removed on close.
  page              per test: a fresh context + page that records every request URL (``page.requested_urls``)
                    and aborts any request that is not to localhost/127.0.0.1, so a test fails rather than
                    silently using the internet (e.g. plotly's topojson CDN).

  app               per test: ``App(page, base_url)`` with ``goto(path)``, ``wait(after_interaction=...)``,
                    ``screenshot(name)`` and ``external_requests()``.

Test modules here mark themselves ``pytestmark = pytest.mark.browser`` (deselect with ``-m "not browser"``).
Screenshots go to test-artifacts/screenshots/ (gitignored); a failing test also
saves ``FAILED-<test>.png`` and the server log is test-artifacts/streamlit.log.

Without /usr/bin/chromium the tests are skipped with the reason, unless $CI is set: then they fail.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from benchmarks.server import ServerError, serve_dashboard
from components.paths import ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
SERVER_START_TIMEOUT_S = 90
APP_RUN_TIMEOUT_MS = 60_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _require_chromium() -> None:
    if CHROMIUM.exists() and os.access(CHROMIUM, os.X_OK):
        return
    reason = f"{CHROMIUM} not found: install Debian's chromium (bash tests/run.sh does) to run the browser tests"
    if _in_ci():
        pytest.fail(reason + " [CI is set, so this is an error]")
    pytest.skip(reason)


def _is_local(url: str) -> bool:
    scheme = url.split(":", 1)[0]
    if scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    host = urlsplit(url).hostname or ""
    return host in LOCAL_HOSTS or host == "::1"


@contextlib.contextmanager
def offline_page(browser, **options):
    """A page in a new browser context (Playwright `new_context` options) whose requests beyond localhost abort."""
    context = browser.new_context(**options)
    context.route("**/*", lambda route: route.continue_() if _is_local(route.request.url) else route.abort())
    try:
        yield context.new_page()
    finally:
        context.close()


@contextlib.contextmanager
def run_streamlit(extra_env: dict[str, str] | None = None, log_name: str = "streamlit.log"):
    """Start `streamlit run dashboard.py` from the repo root on a free port; yield its base URL once healthy.

    Reusable by other browser tests (e.g. with {"ATLAS_DATA_DIR": ...}). The process group is always stopped
    (SIGTERM, then SIGKILL after 10 s); start-up waits at most SERVER_START_TIMEOUT_S. Log: test-artifacts/<log_name>.
    """
    env = {**os.environ, **(extra_env or {})}
    try:
        with serve_dashboard(ARTIFACTS / log_name, env=env, timeout_s=SERVER_START_TIMEOUT_S) as (base, _):
            yield base
    except ServerError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="session")
def streamlit_server():
    """Base URL of a `streamlit run dashboard.py` started from the repo root for this test session."""
    _require_chromium()
    with run_streamlit() as base:
        yield base


@pytest.fixture(scope="session")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, request):
    """A fresh page that records every request and blocks everything that is not localhost."""
    context = browser.new_context(viewport={"width": 1400, "height": 950}, locale="en-US", service_workers="block")
    context.set_default_timeout(30_000)
    pg = context.new_page()
    pg.requested_urls = []
    pg.console_errors = []

    def guard(route):
        url = route.request.url
        pg.requested_urls.append(url)
        if _is_local(url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", guard)
    pg.on("websocket", lambda ws: pg.requested_urls.append(ws.url))
    pg.on("console", lambda msg: msg.type == "error" and pg.console_errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.console_errors.append(f"pageerror: {exc}"))
    yield pg
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        try:
            screenshot(pg, "FAILED-" + re.sub(r"[^\w.-]+", "_", request.node.name))
        except Exception:
            pass
    context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report


def external_requests(pg) -> list[str]:
    """Every recorded URL that is not to localhost (all of them were aborted)."""
    return [url for url in pg.requested_urls if not _is_local(url)]


SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-testid="stStatusWidgetRunningManIcon"]')
        && !document.querySelector('[data-stale="true"]')
        && !document.querySelector('[data-testid="stSkeleton"]');
}"""


def wait_for_app(pg, *, after_interaction: bool = False, timeout_ms: int = APP_RUN_TIMEOUT_MS) -> None:
    """Wait until the script run is over and the page has settled.

    Settled = stApp's script state is notRunning, the status widget shows no run, no element is stale (greyed out
    during a rerun) and no skeleton placeholder is left; and it stays so for half a second, because a run can
    trigger another (URL writes, st.switch_page). After a widget interaction the rerun may not have started
    yet, so first give it a moment to start.
    """
    if after_interaction:
        try:
            pg.wait_for_selector('[data-testid="stApp"]:not([data-test-script-state="notRunning"])', timeout=2_000)
        except Exception:
            pass
    deadline = time.monotonic() + timeout_ms / 1000
    while True:
        remaining_ms = max(1, int((deadline - time.monotonic()) * 1000))
        pg.wait_for_function(SETTLED_JS, timeout=remaining_ms)
        pg.wait_for_timeout(500)
        if pg.evaluate(SETTLED_JS):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"the app did not settle within {timeout_ms} ms")


def open_app(pg, base: str, path: str = "/") -> None:
    pg.goto(base + path, wait_until="domcontentloaded")
    pg.wait_for_selector('[data-testid="stApp"]', timeout=APP_RUN_TIMEOUT_MS)
    wait_for_app(pg)


def screenshot(pg, name: str, *, max_height: int = 5000) -> Path:
    """Save a PNG of the whole page. Streamlit scrolls inside its main container, not the document, so the
    viewport is grown to the content height for the shot (plotly charts re-layout to it) and then restored."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    size = pg.viewport_size
    height = pg.evaluate(
        """() => Math.max(...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"],'
                                  + ' [data-testid="stMainBlockContainer"]')].map(e => e.scrollHeight), 0)"""
    )
    if size and height > size["height"]:
        pg.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, max_height)})
        pg.wait_for_timeout(700)
    try:
        pg.screenshot(path=str(path), full_page=True)
    finally:
        if size:
            pg.set_viewport_size(size)
    return path


class App:
    """The page under test plus the running server's base URL."""

    def __init__(self, pg, base: str):
        self.page = pg
        self.base = base

    def goto(self, path: str = "/") -> None:
        open_app(self.page, self.base, path)

    def wait(self, *, after_interaction: bool = False) -> None:
        wait_for_app(self.page, after_interaction=after_interaction)

    def screenshot(self, name: str) -> Path:
        return screenshot(self.page, name)

    def external_requests(self) -> list[str]:
        return external_requests(self.page)


@pytest.fixture
def app(page, streamlit_server) -> App:
    return App(page, streamlit_server)
