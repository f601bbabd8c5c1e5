"""Hostile data text: HTML and Markdown payloads in the data are shown literally, never executed or rendered.

A copy of data/ gets `<script>`, `<img onerror>`, `[click](javascript:...)`, an outside Markdown image and an outside
HTML link as payloads in South Korea's event summaries and partner names, in the titles and outlets of the sources
those events cite, in South Korea's conflict topics, claims and assessments, and in every stage label and
description, event-type label, product-line label and competitor name (chart legends, hovers, axis labels, headings
and help tooltips; still valid data). The real app is served on it ($ATLAS_DATA_DIR) and
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
OUTSIDE = "203.0.113.9"  # TEST-NET-3: never a real host
MD_IMG = f"![pixel](http://{OUTSIDE}/pixel.png)"
HTML_LINK = f'<a href="http://{OUTSIDE}/x">link</a>'
PAYLOAD = f"{SCRIPT} {IMG} {MD_LINK} {MD_IMG} {HTML_LINK}"
COUNTRY = "KOR"
CHART_DRAWN_MS = 30_000
COUNTRY_TABS = ("Xiaomi", "Rivals", "Conflicts")  # the country page's tabs (?country_tab=)
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
    counts.update(_poison_labels(folder))
    assert all(counts.values()), counts
    return counts


def _poison_labels(folder: Path) -> dict[str, int]:
    """PAYLOAD in the words the charts and headings show: stage, event-type and product-line labels, competitors."""

    def prefixed(*columns: str, when=lambda row: True):
        def change(row):
            if not when(row):
                return False
            for column in columns:
                row[column] = f"{PAYLOAD} {row[column]}"
            return True

        return change

    return {
        "stage labels": _rewrite(folder / "stages.csv", prefixed("label", "description")),
        "event-type labels": _rewrite(folder / "event_types.csv", prefixed("label")),
        "product-line labels": _rewrite(folder / "product_lines.csv", prefixed("label")),
        "competitor names": _rewrite(
            folder / "companies.csv", prefixed("name", when=lambda r: r["role"] == "competitor")
        ),
    }


@pytest.fixture(scope="module")
def hostile_atlas(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile") / "data"
    make_hostile_atlas(folder)
    from components.model import load_model

    load_model(folder)  # still valid data: the app must show it, not a validation error
    return folder


# --- AppTest level ----------------------------------------------------------------------------------------------

# Unescaped Markdown or HTML that would render live: a tag, a link or an image (escape_markdown puts a backslash
# before each of < [ ] ( ! so escaped text never matches).
LIVE_MARKDOWN = re.compile(r"(?<!\\)<(?:script|img|a\b)|(?<!\\)\]\((?:javascript|http)|(?<!\\)!\[")


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
            assert not LIVE_MARKDOWN.search(body), (path, body[:300])
            assert not (allow_html and "__pwned" in body), (path, body[:300])
        seen_literally |= any(PAYLOAD in str(t.value) for t in at.text)
    assert seen_literally, "the payload was never shown as plain text"


LIVE_PLOTLY = ("<script", "<img", "<a ")  # plotly renders a little HTML: data text must reach it as entities
NOT_MARKDOWN = {"text", "code", "plotly_chart", "arrow_data_frame", "dataframe", "exception", "json"}
MARKDOWN_FIELDS = {"body", "label", "help", "placeholder", "caption", "tooltip"}


def _strings(value, key: str = ""):
    """(field name, text) for every string in a proto turned into a dict."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _strings(item, name)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, str):
        yield key, value


def _nodes(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _nodes(child)


def _live_sinks(at: AppTest) -> list[str]:
    """Every element field that would render a payload live: Markdown fields (headings, help tooltips, labels,
    captions, alerts, expanders...) holding unescaped Markdown/HTML, and plotly specs holding raw tags."""
    import json

    from google.protobuf.json_format import MessageToDict

    found = []
    for node in _nodes(at._tree):
        proto, kind = getattr(node, "proto", None), getattr(node, "type", "")
        if proto is None or not hasattr(proto, "DESCRIPTOR"):
            continue
        if kind == "plotly_chart":
            spec = json.loads(proto.spec)
            found += [f"plotly {k}: {t[:120]}" for k, t in _strings(spec) if any(live in t for live in LIVE_PLOTLY)]
        elif kind not in NOT_MARKDOWN:
            fields = _strings(MessageToDict(proto, preserving_proto_field_name=True))
            found += [f"{kind}.{k}: {t[:120]}" for k, t in fields if k in MARKDOWN_FIELDS and LIVE_MARKDOWN.search(t)]
    return found


def test_apptest_no_heading_tooltip_legend_or_hover_carries_a_live_payload(hostile_atlas, monkeypatch):
    """Every sink of every page (the sidebar too): conflict topics in headings, company names in the timeline's
    help tooltip, stage and event-type labels and vendor names in chart legends, hovers and axes."""
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(hostile_atlas))
    runs = [(path, page, None) for path, page in PAGES.items() if "country=" not in path]
    runs += [(path, page, tab) for path, page in PAGES.items() if "country=" in path for tab in COUNTRY_TABS]
    for path, page, tab in runs:  # the country profile once per tab: only the open tab runs
        at = AppTest.from_file(str(paths.ROOT / "dashboard.py"), default_timeout=60)
        if "country=" in path:
            at.query_params["country"] = COUNTRY
            at.query_params["country_tab"] = tab
        at.run()
        at.switch_page(page).run()
        if page.endswith("timeline.py"):
            at.toggle(key="timeline_competitors").set_value(True).run()
            for colour in ("stage", "event_type"):
                at.segmented_control(key="timeline_colour").set_value(colour).run()
                assert _live_sinks(at) == [], (path, colour)
            at.segmented_control(key="timeline_group").set_value("product_line").run()
        assert not at.exception, (path, tab, at.exception[0].value if at.exception else "")
        assert _live_sinks(at) == [], (path, tab)
        if tab == "Conflicts":
            headings = " ".join(str(h.value) for h in at.subheader)
            assert "\\<script" in headings, "the conflict topic is not shown (escaped) in a heading"


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


def _injected_links(pg) -> list[str]:
    """Links or images the payloads would create if rendered: javascript: links, anything pointing at OUTSIDE."""
    selector = f'a[href^="javascript:" i], a[href*="{OUTSIDE}"], img[src*="{OUTSIDE}"], img[src="x"]'
    found = []
    for frame in pg.frames:
        try:
            found += frame.eval_on_selector_all(selector, "els => els.map(e => e.outerHTML.slice(0, 120))")
        except Exception:
            pass
    return found


def _hover_tooltips(pg) -> None:
    """Hover every help icon (each one's tooltip renders its Markdown), then move away."""
    for icon in pg.locator('[data-testid="stTooltipIcon"], [data-testid="stTooltipHoverTarget"]').all()[:20]:
        try:
            icon.hover(timeout=2_000, force=True)
            pg.wait_for_timeout(250)
        except Exception:
            continue
    pg.mouse.move(0, 0)


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
            for expander in pg.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
                expander.click()
                app.wait(after_interaction=True)
            text += _visible_text(pg)
            for tab in COUNTRY_TABS[1:]:  # each tab runs only when open: visit them all
                pg.get_by_role("tab", name=tab).click()
                app.wait(after_interaction=True)
                text += _visible_text(pg)
                assert _injected_links(pg) == [], f"an injected link or image is in the {tab} tab"
                assert _pwned(pg) == [], f"payload ran in the {tab} tab"
        elif path == "/sources":
            for tab in ("Corroboration", "Conflicts"):
                pg.get_by_role("tab", name=tab).click()
                pg.wait_for_timeout(300)
        shown[path] = PAYLOAD in text
        assert _injected_links(pg) == [], f"an injected link or image is in the page on {path}"
        _hover_tooltips(pg)  # help tooltips (stage descriptions, competitor names) render on hover
        assert _injected_links(pg) == [], f"an injected link or image is in a tooltip on {path}"
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
