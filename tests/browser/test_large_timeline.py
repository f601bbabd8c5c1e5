"""The counted timeline in Chromium: on a synthetic atlas too large to draw event by event, the cells' hover shows
the row, the period and the count of every category, read by plotly.js from the binary customdata; a click on a
cell opens no event; the page says it counts."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from components import paths

_spec = importlib.util.spec_from_file_location("browser_harness", Path(__file__).with_name("conftest.py"))
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = pytest.mark.browser
CHART_DRAWN_MS = 60_000
N_EVENTS = 5_000  # well above TIMELINE_MAX_POINTS, so the timeline counts


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    from benchmarks import synth

    folder = synth.generate(N_EVENTS, tmp_path_factory.mktemp(f"synth-{N_EVENTS}"))
    with harness.run_streamlit({paths.DATA_DIR_ENV: str(folder)}, "streamlit-large.log") as base:
        yield base


def _hover_cells(pg, limit: int = 15) -> list[str]:
    """Hover the first cells of the chart; each hover label as text, one line per line shown."""
    points = pg.locator(".js-plotly-plot .scatterlayer .point")
    labels = []
    for index in range(min(points.count(), limit)):
        try:
            points.nth(index).hover(timeout=3_000, force=True)
        except Exception:
            continue
        pg.wait_for_timeout(250)
        labels.append(
            pg.evaluate(  # one line per tspan.line (plotly draws each <br> line as one)
                """() => [...document.querySelectorAll('.hoverlayer .hovertext text.nums')].map(t => {
                   const lines = [...t.querySelectorAll('tspan.line')].map(l => l.textContent);
                   return lines.length ? lines.join('\\n') : t.textContent; }).join('\\n')"""
            )
        )
    return [label for label in labels if label]


def test_counted_cells_hover_with_their_counts_and_click_to_nothing(page, large_server):
    app = harness.App(page, large_server)
    app.goto("/timeline")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=CHART_DRAWN_MS)
    assert "too many to draw one by one" in page.locator('[data-testid="stApp"]').inner_text()
    labels = _hover_cells(page)
    assert labels, "no hover label on any cell"
    # e.g. "Aruba · 2012-01 · events: 1", then one line per category: "0 No recorded entry", "1 Own stores"...
    head = re.compile(r"^(?P<row>.+?) · (?P<period>\d{4}(?:-\d{2}|-Q[1-4])?) · events: (?P<n>[\d,]+)$")
    for label in labels:
        first, *lines = label.split("\n")
        match = head.match(first)
        assert match, f"unexpected hover label: {label!r}"
        counts = [re.match(r"^([\d,]+) \S", line) for line in lines]
        assert lines and all(counts), f"unexpected breakdown: {label!r}"
        assert sum(int(c[1].replace(",", "")) for c in counts) == int(match["n"].replace(",", "")), label
        assert "%{" not in label and "undefined" not in label and "NaN" not in label
    app.screenshot("timeline-counted-hover")
    page.locator(".js-plotly-plot .scatterlayer .point").first.click(force=True)
    app.wait(after_interaction=True)
    assert not page.locator('[data-testid="stException"]').count()
    assert "Selected event" not in page.locator('[data-testid="stApp"]').inner_text()
    assert app.external_requests() == []
