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
N_EVENTS = 3_000  # above aggregate.TIMELINE_MAX_POINTS, so the timeline counts


@pytest.fixture(scope="module")
def large_server(tmp_path_factory):
    from benchmarks import synth

    folder = synth.generate(N_EVENTS, tmp_path_factory.mktemp(f"synth-{N_EVENTS}"))
    with harness.run_streamlit({paths.DATA_DIR_ENV: str(folder)}, "streamlit-large.log") as base:
        yield base


def _hover_cells(pg, limit: int = 15) -> list[str]:
    """Hover the first cells of the chart; the hover labels' texts."""
    points = pg.locator(".js-plotly-plot .scatterlayer .point")
    labels = []
    for index in range(min(points.count(), limit)):
        try:
            points.nth(index).hover(timeout=3_000, force=True)
        except Exception:  # noqa: BLE001 - a cell may be hidden behind another
            continue
        pg.wait_for_timeout(250)
        labels.append(pg.evaluate(
            "() => [...document.querySelectorAll('.hoverlayer .hovertext')].map(e => e.textContent).join(' ')"))
    return [label for label in labels if label]


def test_counted_cells_hover_with_their_counts_and_click_to_nothing(page, large_server):
    app = harness.App(page, large_server)
    app.goto("/timeline?status=happened&status=planned")
    page.wait_for_selector(".js-plotly-plot .scatterlayer .point", timeout=CHART_DRAWN_MS)
    assert "too many to draw one by one" in page.locator('[data-testid="stApp"]').inner_text()
    labels = _hover_cells(page)
    assert labels, "no hover label on any cell"
    # e.g. "Germany · 2015: 12 events 7 Phones sold by partners 5 Planned…" (tspans, so no line breaks)
    pattern = re.compile(r"^(?P<row>.+?) · (?P<period>\d{4}(?:-\d{2}|-Q[1-4])?): (?P<n>[\d,]+) events(?P<rest>.*)$")
    for label in labels:
        match = pattern.match(label)
        assert match, f"unexpected hover label: {label!r}"
        counts = [int(c.replace(",", "")) for c in re.findall(r"(?:^|(?<=\D))([\d,]+) (?=\D)", match["rest"])]
        assert sum(counts) == int(match["n"].replace(",", "")), label  # the breakdown adds up to the cell's count
        assert "%{" not in label and "undefined" not in label and "NaN" not in label
    app.screenshot("timeline-counted-hover")
    page.locator(".js-plotly-plot .scatterlayer .point").first.click(force=True)
    app.wait(after_interaction=True)
    assert not page.locator('[data-testid="stException"]').count()
    assert "Selected event" not in page.locator('[data-testid="stApp"]').inner_text()
    assert app.external_requests() == []
