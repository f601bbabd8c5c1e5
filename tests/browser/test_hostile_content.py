"""Hostile data text: HTML and Markdown payloads in the data are shown literally, never executed or rendered.

A copy of data/ gets `<script>`, `<img onerror>` and `[click](javascript:...)` payloads in South Korea's event
summaries and partner names, in the titles and outlets of the sources those events cite, and in South Korea's
conflict topics, claims and assessments (still valid data). The real app is served on it ($ATLAS_DATA_DIR) and
every page is opened in Chromium, hovering and clicking a little: `window.__pwned` must stay undefined, no dialog
may open, the payload must be visible literally (escaped) somewhere, and no request may leave localhost (this
also covers /add and an embedded view, which tests/browser/test_pages.py does not open).

AppTest level (no browser): no Markdown element of any page carries a live payload, and none that allows HTML
contains the payload at all.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components import paths

_spec = importlib.util.spec_from_file_location("browser_harness", Path(__file__).with_name("conftest.py"))
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
MD_LINK = "[click](javascript:window.__pwned=1)"
PAYLOAD = f"{SCRIPT} {IMG} {MD_LINK}"
COUNTRY = "KOR"
CHART_DRAWN_MS = 30_000
PAGES = {
    "/": "components/pages/map/page.py",
    "/timeline": "components/pages/timeline/page.py",
    f"/country?country={COUNTRY}": "components/pages/country/page.py",
    "/sources": "components/pages/sources/page.py",
    "/about": "components/pages/about/page.py",
    "/add": "components/pages/add/page.py",
}


# --- the hostile data folder ------------------------------------------------------------------------------------


def _rewrite(file: Path, change) -> int:
    """Rewrite a CSV file row by row with change(row) -> bool (changed); returns the number of rows changed."""
    with file.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        header = list(rows[0].keys()) if rows else []
    changed = sum(bool(change(row)) for row in rows)
    with file.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return changed


def make_hostile_atlas(folder: Path) -> dict[str, int]:
    """Copy data/ to `folder` with PAYLOAD in South Korea's summaries, partners, sources and conflicts."""
    shutil.copytree(paths.DATA_DIR, folder)
    cited: set[str] = set()
    counts = {"summaries": 0, "partners": 0, "sources": 0, "conflicts": 0}

    def event(row):
        if row["country"] != COUNTRY:
            return False
        row["summary"] = f"{PAYLOAD} {row['summary']}"
        if row["company"] == "xiaomi":
            row["partners"] = ";".join([p for p in row["partners"].split(";") if p] + [PAYLOAD])
            counts["partners"] += 1
        cited.update(s for s in row["source_ids"].split(";") if s)
        return True

    for file in sorted((folder / "events").glob("*.csv")):
        counts["summaries"] += _rewrite(file, event)

    def source(row):
        if row["source_id"] not in cited:
            return False
        row["title"] = f"{PAYLOAD} {row['title']}"
        row["outlet"] = f"{PAYLOAD} {row['outlet']}"
        return True

    for file in sorted((folder / "sources").glob("*.csv")):
        counts["sources"] += _rewrite(file, source)

    def conflict(row):
        if row["country"] != COUNTRY:
            return False
        for column in ("topic", "claim", "assessment"):
            row[column] = f"{PAYLOAD} {row[column]}"
        return True

    counts["conflicts"] = _rewrite(folder / "conflicts.csv", conflict)
    assert all(counts.values()), counts
    return counts


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    make_hostile_atlas(folder)
    from components.model import load_model

    load_model(folder)  # still valid data: the app must show it, not a validation error
    return folder


# --- AppTest level ----------------------------------------------------------------------------------------------

LIVE = ("<script", "<img", "](javascript:", "onerror=")


def _markdown_bodies(at: AppTest) -> list[tuple[bool, str]]:
    return [(bool(getattr(el.proto, "allow_html", False)), el.proto.body) for el in at.get("markdown")]


def test_apptest_no_markdown_carries_a_live_payload(hostile_atlas, monkeypatch):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(hostile_atlas))
    from components.model import load_model

    kor = load_model(hostile_atlas).events
    event_id = str(kor.loc[kor["country"].astype(str) == COUNTRY, "event_id"].iloc[0])
    seen_literally = False
    for path, page in PAGES.items():
        at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
        if "country=" in path:
            at.query_params["country"] = COUNTRY
        at.run()
        at.switch_page(page).run()
        if page.endswith("timeline.py"):  # a click on a point shows the event's summary and sources
            at.session_state["timeline_chart"] = {"selection": {"points": [{"customdata": [event_id]}]}}
            at.run()
            assert at.subheader and "Selected event" in [s.value for s in at.subheader]
        if page.endswith("sources.py"):
            at.toggle(key="sources_all").set_value(True).run()
        assert not at.exception, (path, at.exception[0].value if at.exception else "")
        for allow_html, body in _markdown_bodies(at):
            assert not any(live in body for live in LIVE), (path, body[:300])
            assert not (allow_html and "__pwned" in body), (path, body[:300])
        seen_literally |= any(PAYLOAD in str(t.value) for t in at.text)
    assert seen_literally, "the payload was never shown as plain text"


# --- the browser ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_server(hostile_atlas):
    """`streamlit run dashboard.py` on the hostile data folder (the shared harness's server, with ATLAS_DATA_DIR)."""
    harness._require_chromium()
    with harness.run_streamlit({paths.DATA_DIR_ENV: str(hostile_atlas)}, "streamlit-hostile.log") as base:
        yield base


@pytest.fixture
def hostile_app(page, hostile_server):
    page.dialogs = []

    def on_dialog(dialog):
        page.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return harness.App(page, hostile_server)


def _pwned(pg) -> list[str]:
    """Frames (the page and any iframe) in which window.__pwned got set."""
    hits = []
    for frame in pg.frames:
        try:
            if frame.evaluate("() => typeof window.__pwned !== 'undefined'"):
                hits.append(frame.url)
        except Exception:
            pass
    return hits


def _hover_label(pg) -> str:
    return pg.evaluate("() => [...document.querySelectorAll('.hoverlayer')].map(e => e.textContent).join(' ')")


def _visible_text(pg) -> str:
    return pg.locator('[data-testid="stApp"]').inner_text(timeout=10_000)


def _hover_country(app, code: str) -> str:
    pg = app.page
    pg.wait_for_selector("path.choroplethlocation", timeout=CHART_DRAWN_MS)
    pg.locator(".js-plotly-plot").first.scroll_into_view_if_needed()
    box = pg.evaluate(
        """(code) => { for (const p of document.querySelectorAll('path.choroplethlocation'))
               if (p.__data__ && p.__data__.loc === code) { const r = p.getBoundingClientRect();
                   return {x: r.x + r.width / 2, y: r.y + r.height / 2}; } return null; }""",
        code,
    )
    assert box, f"{code} not drawn"
    pg.mouse.move(box["x"], box["y"])
    pg.wait_for_timeout(600)
    return _hover_label(pg)


def _hover_timeline_points(app, limit: int = 12) -> str:
    pg = app.page
    pg.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=CHART_DRAWN_MS)
    labels = []
    points = pg.locator(".js-plotly-plot .scatterlayer .point")
    for index in range(min(points.count(), limit)):
        point = points.nth(index)
        try:
            point.hover(timeout=3_000, force=True)
        except Exception:
            continue
        pg.wait_for_timeout(250)
        labels.append(_hover_label(pg))
        if PAYLOAD in labels[-1]:
            point.click(force=True)
            break
    return " ".join(labels)


@pytest.mark.browser
@pytest.mark.slow
def test_payloads_never_run_and_are_shown_literally(hostile_app):
    app, pg = hostile_app, hostile_app.page
    shown: dict[str, bool] = {}
    for path in PAGES:
        app.goto(path)
        pg.wait_for_timeout(500)
        text = _visible_text(pg)
        assert not pg.locator('[data-testid="stException"]').count(), path
        if path == "/":
            text += _hover_country(app, COUNTRY)
        elif path == "/timeline":
            pg.goto(app.base + f"/timeline?country={COUNTRY}", wait_until="domcontentloaded")
            app.wait()
            text += _hover_timeline_points(app)
            app.wait(after_interaction=True)
            text += _visible_text(pg)
        elif path.startswith("/country"):
            for expander in pg.locator('[data-testid="stExpander"] summary').all():
                expander.click()
            app.wait(after_interaction=True)
            text += _visible_text(pg)
        elif path == "/sources":
            for tab in ("Corroboration", "Conflicts"):
                pg.get_by_role("tab", name=tab).click()
                pg.wait_for_timeout(300)
        shown[path] = PAYLOAD in text
        app.screenshot("hostile-" + (re.sub(r"\W+", "_", path).strip("_") or "map"))
        assert _pwned(pg) == [], f"payload ran on {path}"
        assert pg.dialogs == [], f"dialog on {path}: {pg.dialogs}"
    assert shown["/"], "the map hover did not show the partner payload literally"
    assert shown[f"/country?country={COUNTRY}"], "the country page did not show the payload literally"
    assert shown["/timeline"], "the timeline hover/selection did not show the summary literally"
    assert app.external_requests() == [], app.external_requests()
    assert not [e for e in pg.console_errors if "__pwned" in e], pg.console_errors


@pytest.mark.browser
def test_embedded_and_add_pages_make_no_third_party_requests(hostile_app):
    app = hostile_app
    for path in ("/?embed=true&embed_options=light_theme&country=KOR", "/add?embed=true", "/add"):
        app.goto(path)
        assert not app.page.locator('[data-testid="stException"]').count(), path
    app.page.get_by_label("…or paste the article text").fill(
        f"Xiaomi launched its phones in South Korea with KT in July 2016. {PAYLOAD}"
    )
    app.page.keyboard.press("Control+Enter")
    app.wait(after_interaction=True)
    assert _pwned(app.page) == [] and app.page.dialogs == []
    assert app.external_requests() == [], app.external_requests()
