"""Hostile navigation (AppTest): one history entry per filter change, Back after a map click, unknown paths."""

from __future__ import annotations

import json

import pytest
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
from streamlit.runtime.state.query_params import QueryParams
from streamlit.testing.v1 import AppTest

from components import paths

MANY_FILTERS = {
    "country": ["KOR", "SGP", "FRA"],
    "product": ["smartphones", "wearables"],
    "from": "2010-01-01",
    "to": "2030-12-31",
    "status": ["happened", "rumoured"],
    "lang": ["en", "ko"],
}


@pytest.fixture
def url_writes(monkeypatch) -> list[tuple[str, str]]:
    """Every URL write the app sends the browser (each one is a browser history entry): (page url path, query)."""
    writes: list[tuple[str, str]] = []
    send = QueryParams._send_query_param_msg

    def recorded(self: QueryParams) -> None:
        send(self)
        ctx = get_script_run_ctx()
        if ctx is not None:
            page = ctx.pages_manager.get_pages().get(ctx.page_script_hash, {})
            writes.append((page.get("url_pathname", "?"), ctx.query_string))

    monkeypatch.setattr(QueryParams, "_send_query_param_msg", recorded)
    return writes


def start(params: dict[str, object] | None = None) -> AppTest:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    for name, value in (params or {}).items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def test_removing_one_filter_chip_writes_the_url_once(small_atlas, url_writes) -> None:
    at = start(MANY_FILTERS)
    url_writes.clear()
    at.multiselect(key="country").set_value(["KOR", "SGP"]).run()
    assert not at.exception, at.exception
    assert len(url_writes) == 1, url_writes
    assert "country=KOR&country=SGP" in url_writes[0][1] and "FRA" not in url_writes[0][1]
    assert "lang=en&lang=ko" in url_writes[0][1]


def test_a_rerun_without_a_change_does_not_write_the_url(small_atlas, url_writes) -> None:
    at = start(MANY_FILTERS)
    url_writes.clear()
    at.run()
    at.toggle(key="map_animate").set_value(True).run()
    assert not at.exception, at.exception
    assert url_writes == []


def click_map(at: AppTest, code: str) -> AppTest:
    at.session_state["stage_map"] = {"selection": {"points": [{"location": code}], "point_indices": [0], "box": [],
                                                   "lasso": []}}  # fmt: skip
    return at.run()


def map_countries(at: AppTest) -> set[str]:
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    return {code for trace in spec["data"] for code in trace.get("locations") or []}


@pytest.mark.parametrize("rewritten", [False, True], ids=["map entry as it was", "map entry rewritten"])
@pytest.mark.parametrize("params", [{}, {"status": "happened"}], ids=["no filters", "a status filter"])
def test_map_click_then_back_returns_the_map_as_it_was(small_atlas, url_writes, params, rewritten) -> None:
    """Back lands on the map's entry: as it was, or (what Chromium does, see tests/browser/test_back_and_chips.py)
    rewritten to the profile's URL by the page switch. Either way the map shows every country again."""
    at = start(params)
    before = map_countries(at)
    url_writes.clear()
    click_map(at, "KOR")
    assert not at.exception, at.exception
    assert at.title[0].value == "South Korea"  # the profile opened
    assert not [query for page, query in url_writes if page in ("", "map") and "country=" in query], url_writes
    assert at.multiselect(key="country").value == ["KOR"]
    assert "country=KOR" in url_writes[-1][1]  # the profile's own URL names its country
    for name in list(at.query_params):
        del at.query_params[name]
    for name, value in {**params, **({"country": "KOR"} if rewritten else {})}.items():
        at.query_params[name] = value
    url_writes.clear()
    at.switch_page("components/pages/map/page.py").run()
    assert not at.exception, at.exception
    assert at.multiselect(key="country").value == []
    assert map_countries(at) == before
    assert all("country=" not in query for _, query in url_writes), url_writes


def test_a_shared_link_to_one_country_on_the_map_is_kept(small_atlas) -> None:
    """Only the entry a click rewrote is put back: a link naming a country still filters the map."""
    at = start({"country": "KOR"})
    assert at.multiselect(key="country").value == ["KOR"]
    at.run()
    assert at.multiselect(key="country").value == ["KOR"]


@pytest.mark.parametrize(
    ("url", "base", "shown"),
    [
        ("http://localhost:8501/nothing", "", "/nothing"),
        ("http://localhost:8501/add/extra", "", "/add/extra"),
        ("http://localhost:8501/a%3Cimg%20src%3Dx%3E", "", "/a?img?src?x?"),
        ("http://localhost:8501/atlas/zz", "atlas", "/zz"),
        ("http://localhost:8501/", "", None),
        ("http://localhost:8501", "", None),
        ("http://localhost:8501/atlas/", "/atlas/", None),
        ("http://localhost:8501/timeline", "", None),
        ("", "", None),
        ("http://[::1", "", None),
    ],
)
def test_an_unknown_path_gets_a_notice_that_echoes_it_safely(url: str, base: str, shown: str | None) -> None:
    from components.queries.links import unknown_page_notice

    notice = unknown_page_notice(url, ["map", "timeline", "country", "sources", "about", "add"], base)
    if shown is None:
        assert notice == ""
    else:
        assert notice.startswith("Page not found") and f"no page {shown}," in notice


@pytest.mark.parametrize("path", ["/nothing", "/map/extra", "/add/extra"])
def test_the_app_says_page_not_found_for_an_unknown_path(small_atlas, path: str) -> None:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.context = {"url": f"http://localhost:8501{path}"}
    at.run()
    assert not at.exception, at.exception
    assert any("Page not found" in warning.value for warning in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Where Xiaomi sells"  # the map is shown


@pytest.mark.parametrize("path", ["/", "/timeline", "/country"])
def test_known_paths_get_no_page_not_found_notice(small_atlas, path: str) -> None:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.context = {"url": f"http://localhost:8501{path}"}
    at.run()
    assert not at.exception, at.exception
    assert not any("Page not found" in warning.value for warning in at.warning)


@pytest.mark.parametrize(
    ("method", "path", "accept", "query", "base", "location"),
    [
        ("GET", "/add/extra", "text/html", "", "", "../?not_found=add%2Fextra"),
        ("GET", "/country/IND/x", "text/html,*/*", "", "", "../../?not_found=country%2FIND%2Fx"),
        ("GET", "/add/extra/", "text/html", "", "", "../../?not_found=add%2Fextra"),
        ("HEAD", "/add/extra", "TEXT/HTML", "country=KOR", "", "../?country=KOR&not_found=add%2Fextra"),
        ("GET", "/a/<img src=x>", "text/html", "", "", "../?not_found=a%2F%3Cimg+src%3Dx%3E"),
        ("GET", "/atlas/add/extra", "text/html", "", "/atlas/", "../?not_found=add%2Fextra"),
        ("GET", "/add/extra", "*/*", "", "", None),  # a fetch, not a page visit
        ("POST", "/add/extra", "text/html", "", "", None),
        ("GET", "/add", "text/html", "", "", None),  # single segment: the notice in dashboard.py
        ("GET", "/", "text/html", "", "", None),
        ("GET", "//evil.example/x", "text/html", "", "", None),
        ("GET", "/atlas", "text/html", "", "atlas", None),
        ("GET", "/other/add/extra", "text/html", "", "atlas", None),
        ("GET", "/atlas/add", "text/html", "", "atlas", None),
        ("GET", "/_stcore/health", "text/html", "", "", None),
        ("GET", "/add/_stcore/health", "text/html", "", "", None),  # the frontend's base-path probe
        ("GET", "/static/js/index.js", "text/html", "", "", None),
        ("GET", "/app/static/world_50m.json", "text/html", "", "", None),
        ("GET", "/media/abc.png", "text/html", "", "", None),
        ("GET", "/component/x/index.html", "text/html", "", "", None),
        ("GET", "/auth/login", "text/html", "", "", None),
    ],
)
def test_a_page_visit_to_an_unknown_nested_path_is_redirected(method, path, accept, query, base, location) -> None:
    from components.app.not_found import compute_not_found_location

    assert compute_not_found_location(method, path, accept, query, base) == location


def test_streamlit_own_first_segments_are_never_redirected() -> None:
    """Every route prefix Streamlit 1.67 serves is in STREAMLIT_SEGMENTS (a new one would fail here)."""
    from streamlit.web.server.starlette import starlette_auth_routes, starlette_routes

    from components.app.not_found import STREAMLIT_SEGMENTS

    prefixes = [getattr(starlette_routes, name) for name in dir(starlette_routes) if name.startswith("BASE_ROUTE_")]
    prefixes += [starlette_auth_routes._ROUTE_AUTH_LOGIN, starlette_auth_routes._ROUTE_AUTH_LOGOUT]
    assert {prefix.strip("/").split("/")[0] for prefix in prefixes} <= STREAMLIT_SEGMENTS


def _asgi_request(path: str, accept: bytes, scope_type: str = "http") -> tuple[list[dict], list[str]]:
    import asyncio
    import concurrent.futures

    from components.app.not_found import NotFoundRedirect

    sent, passed = [], []

    async def inner(scope, receive, send) -> None:
        passed.append(scope["path"])

    async def send(message) -> None:
        sent.append(message)

    scope = {"type": scope_type, "method": "GET", "path": path, "query_string": b"", "headers": [(b"Accept", accept)]}
    call = NotFoundRedirect(inner, base_path=lambda: "")(scope, None, send)
    # its own thread: a browser test earlier in the same run (Playwright's sync API) may leave a loop running here
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, call).result()
    return sent, passed


def test_the_middleware_answers_a_nested_page_visit_with_a_relative_redirect() -> None:
    sent, passed = _asgi_request("/country/IND/x", b"text/html")
    assert passed == []
    assert sent[0]["status"] == 302
    assert dict(sent[0]["headers"])[b"location"] == b"../../?not_found=country%2FIND%2Fx"


@pytest.mark.parametrize(("path", "accept", "scope_type"), [("/timeline", b"text/html", "http"),
                                                          ("/add/extra", b"*/*", "http"),
                                                          ("/add/extra", b"text/html", "websocket")])  # fmt: skip
def test_the_middleware_passes_everything_else_on(path: str, accept: bytes, scope_type: str) -> None:
    sent, passed = _asgi_request(path, accept, scope_type)
    assert (sent, passed) == ([], [path])


def test_dashboard_py_is_served_as_an_asgi_app_with_the_redirect() -> None:
    """`streamlit run dashboard.py` finds `app` (an st.App) by reading the file, so the run command stays the same."""
    from streamlit.web.server.app_discovery import discover_asgi_app

    found = discover_asgi_app(paths.ROOT / "dashboard.py")
    assert found.is_asgi_app and found.import_string == "dashboard:app"


@pytest.mark.parametrize(("not_found", "shown"), [("add/extra", "/add/extra"), ("a/<b>", "/a/?b?")])
def test_the_redirected_visit_gets_the_notice(small_atlas, not_found: str, shown: str) -> None:
    at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
    at.query_params["not_found"] = not_found
    at.run()
    assert not at.exception, at.exception
    assert any(f"no page {shown}," in warning.value for warning in at.warning), [w.value for w in at.warning]
    assert at.title[0].value == "Where Xiaomi sells"
