"""An ASGI middleware that turns a browser's visit to an unknown multi-segment path into the map with a notice."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlencode

NOT_FOUND_PARAM = "not_found"  # the query parameter that carries the unknown path to the notice (dashboard.py)
MAX_ECHOED_PATH = 200  # characters of the unknown path carried along; the notice shows at most 40 of them
# First path segments Streamlit serves itself (streamlit/web/server/starlette: _stcore, media, component, static,
# app/static, auth/login, auth/logout): a visit there is Streamlit's to answer, never redirected.
STREAMLIT_SEGMENTS = frozenset({"_stcore", "media", "component", "static", "app", "auth"})

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]]


def compute_not_found_location(method: str, path: str, accept: str, query: str, base_path: str = "") -> str | None:
    """The relative address to send a browser to for an unknown multi-segment path (None: let Streamlit answer).

    Streamlit answers every unknown path with its index.html, whose assets are relative (`./static/js/...`): under
    `/add/extra` they resolve to `/add/static/js/...`, are answered with index.html too, and the page stays blank.
    Only a page visit (GET or HEAD accepting HTML) of two or more segments below `base_path` whose first segment is
    not Streamlit's own (nor holds `_stcore`: the frontend probes `<page>/_stcore/health`) is redirected, to the
    app's root with the path in `?not_found=` and the original query kept.
    The address is relative (`../`), so it holds behind a proxy that strips a path prefix.
    """
    if method not in ("GET", "HEAD") or "text/html" not in accept.lower() or "//" in path:
        return None
    base = base_path.strip("/")
    prefix = f"/{base}" if base else ""
    if prefix and not path.startswith(prefix + "/"):
        return None
    rest = path[len(prefix) :]
    segments = [segment for segment in rest.split("/") if segment]
    if len(segments) < 2 or segments[0] in STREAMLIT_SEGMENTS or "_stcore" in segments:
        return None
    notice = urlencode({NOT_FOUND_PARAM: "/".join(segments)[:MAX_ECHOED_PATH]})
    return "../" * (rest.count("/") - 1) + "?" + (f"{query}&{notice}" if query else notice)


class NotFoundRedirect:
    """Pure ASGI middleware: answers `compute_not_found_location`'s cases with a 302, passes everything else on.

    `base_path` is called per request (Streamlit's `server.baseUrlPath` in production); websockets pass untouched.
    """

    def __init__(self, app: ASGIApp, base_path: Callable[[], str] | None = None) -> None:
        self.app = app
        self.base_path = base_path or read_base_url_path

    async def __call__(self, scope: Scope, receive: Callable, send: Callable) -> None:
        """Redirect a page visit to an unknown multi-segment path; hand every other request to the app."""
        if scope["type"] == "http":
            headers = {key.lower(): value for key, value in scope.get("headers", [])}
            location = compute_not_found_location(
                scope.get("method", ""),
                scope.get("path", ""),
                headers.get(b"accept", b"").decode("latin-1"),
                scope.get("query_string", b"").decode("latin-1"),
                self.base_path(),
            )
            if location is not None:
                await _send_redirect(send, location)
                return
        await self.app(scope, receive, send)


async def _send_redirect(send: Callable, location: str) -> None:
    headers = [
        (b"location", location.encode("latin-1")),
        (b"cache-control", b"no-cache"),
        (b"content-length", b"0"),
    ]
    await send({"type": "http.response.start", "status": 302, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


def read_base_url_path() -> str:
    """Streamlit's `server.baseUrlPath` option ('' when unset)."""
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""
