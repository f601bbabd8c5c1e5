"""One chart drawn alone by Streamlit's own plotly in Chromium: how many draws, how long, against another version.

    python -m benchmarks.chart_draw                              # the map, 9 visits
    python -m benchmarks.chart_draw --chart timeline --repeat 15
    git archive HEAD~3 | tar -x -C /tmp/before
    python -m benchmarks.chart_draw --before /tmp/before         # the same chart built by that version, same run

Builds the chart's figure with the app's own view (the real data, today's date, no filter) in a subprocess run in
each app folder, writes it as JSON beside a copy of that folder's static/ and .streamlit/, and serves each copy
with a one-line Streamlit page that draws the figure with `st.plotly_chart` (the page's config and theme). Then, in
Debian's Chromium (requests outside localhost aborted), visits each version in turn, each visit in a fresh
context, and records from navigation: the time the chart had drawn its shapes (the map: > 100 country paths) and
every `plotly_afterplot` (Streamlit hands a chart to plotly.js, then again once it has applied its theme), and the
main thread's task time (CDP `Performance.getMetrics`) until the last draw. Prints medians per version.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.first_paint import CHROMIUM, CHROMIUM_ARGS, _local_only
from benchmarks.server import serve_dashboard
from components import paths

# Run in an app folder: prints the chart's figure as plotly JSON (the view of that version of the app).
EXPORT = {
    "map": """import datetime
from components.model.load import load_model
from components.pages.map.view import build_map_figure
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec
today = datetime.date.today()
figure = build_map_figure(Atlas(load_model()), FilterSpec(), (), today.year, (), today)
print(figure.to_json())""",
    "timeline": """from components.model.load import load_model
from components.pages.timeline.view import build_figure
from components.queries.atlas import Atlas
from components.queries.filters import FilterSpec
print(build_figure(Atlas(load_model()), FilterSpec(), "country", "stage", max_rows=30).to_json())""",
}
# As the app draws it: a figure built without a template is drawn with theme=None (the app follows the theme with CSS
# then), at its own height when it has one.
PAGE = """import json
import plotly.io
import streamlit as st
text = open("figure.json", encoding="utf-8").read()
layout = json.loads(text).get("layout", {})
figure = plotly.io.from_json(text, skip_invalid=True)
if "template" not in layout:
    figure.layout.template = None
config = {"topojsonURL": "app/static/", "displaylogo": False, "autosizable": True}
st.plotly_chart(figure, height=int(layout.get("height", 560)), theme="streamlit" if "template" in layout else None,
                config=config)
"""
# plotly.js gives each chart's div an `emit` method when it creates the chart: this setter wraps it, so every draw's
# end (`plotly_afterplot`) is recorded from the first, however soon after the chart's creation it comes.
DRAWS_JS = """(() => {
    window.__draws = [];
    Object.defineProperty(HTMLDivElement.prototype, 'emit', {
        configurable: true,
        set(emit) {
            Object.defineProperty(this, 'emit', {configurable: true, writable: true, value: (event, data) => {
                if (event === 'plotly_afterplot') window.__draws.push(performance.now());
                return emit.call(this, event, data);
            }});
        },
    });
    window.__reprojected = 0;  // shapes whose path plotly.js set again after the first draw
    new MutationObserver(changes => {
        if (window.__draws.length > 0) window.__reprojected += changes.filter(c => c.attributeName === 'd').length;
    }).observe(document, {subtree: true, attributes: true, attributeFilter: ['d']});
})();"""
DRAWN_JS = """(isMap) => window.__draws.length > 0
    && (!isMap || document.querySelectorAll('path.choroplethlocation').length > 100)"""


def export_chart(app_dir: Path, chart: str, out_dir: Path) -> Path:
    """A servable copy of `app_dir`'s chart: figure.json, dashboard.py (PAGE), static/ and .streamlit/."""
    figure = subprocess.run(
        [sys.executable, "-c", EXPORT[chart]], cwd=app_dir, capture_output=True, text=True, check=True,
        env={**os.environ, "PYTHONPATH": str(app_dir)},
    ).stdout  # fmt: skip
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "figure.json").write_text(figure, encoding="utf-8")
    (out_dir / "dashboard.py").write_text(PAGE, encoding="utf-8")
    for folder in ("static", ".streamlit"):
        shutil.copytree(app_dir / folder, out_dir / folder, dirs_exist_ok=True)
    return out_dir


def visit(browser, url: str, is_map: bool, external: list[str]) -> dict:
    """One visit in a fresh context: seconds to the drawn chart, its draws (s), main-thread task time (s)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda route: _local_only(route, external))
    page = context.new_page()
    page.add_init_script(DRAWS_JS)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.wait_for_function(DRAWN_JS, arg=is_map, timeout=120_000, polling=20)
    drawn = time.perf_counter() - started
    page.wait_for_timeout(1500)  # the second draw, after the theme
    draws = page.evaluate("() => window.__draws.map(t => t / 1000)")
    reprojected = page.evaluate("() => window.__reprojected")
    tasks = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}["TaskDuration"]
    context.close()
    return {"drawn_s": drawn, "draws_s": draws, "task_s": tasks, "reprojected": reprojected}


def measure(apps: dict[str, Path], chart: str, repeat: int) -> dict:
    """Medians per version: time to the drawn chart, to its last draw, number of draws, main-thread task time."""
    from playwright.sync_api import sync_playwright

    external: list[str] = []
    runs: dict[str, list[dict]] = {name: [] for name in apps}
    logs = paths.ROOT / "test-artifacts"
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        servers = {}
        for name, app_dir in apps.items():
            slug = name.replace(" ", "_")
            served = export_chart(app_dir, chart, Path(tmp) / slug)
            servers[name] = stack.enter_context(serve_dashboard(logs / f"chart-draw-{slug}.log", cwd=served))[0]
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for index in range(repeat + 1):  # the first round warms each server
            for name, base in servers.items():
                result = visit(browser, base + "/", chart == "map", external)
                if index:
                    runs[name].append(result)
        browser.close()
    return {"chart": chart, "repeat": repeat, "external_requests": external, "versions": summarise(runs)}


def summarise(runs: dict[str, list[dict]]) -> dict:
    """Medians of each version's visits (draw counts as the median count)."""

    def median(values: list[float]) -> float:
        return round(statistics.median(values), 3) if values else 0.0

    return {
        name: {
            "drawn_s": median([r["drawn_s"] for r in visits]),
            "last_draw_s": median([max(r["draws_s"], default=0.0) for r in visits]),
            "draws": median([len(r["draws_s"]) for r in visits]),
            # the second draw (after the theme) has everything loaded: the cleanest measure of one draw
            "redraw_s": median([r["draws_s"][-1] - r["draws_s"][-2] for r in visits if len(r["draws_s"]) > 1]),
            "task_s": median([r["task_s"] for r in visits]),
            "reprojected": median([r.get("reprojected", 0) for r in visits]),
            "all_drawn_s": [round(r["drawn_s"], 2) for r in visits],
        }
        for name, visits in runs.items()
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chart", choices=sorted(EXPORT), default="map")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--before", type=Path, help="also the chart of the app in this folder, same run")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    apps = {"after": paths.ROOT, **({"before": args.before.resolve()} if args.before else {})}
    report = measure(apps, args.chart, max(1, args.repeat))
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print(f"{args.chart}, {report['repeat']} visits per version (medians; seconds from navigation)")
    print(f"{'version':10} {'drawn':>7} {'last draw':>10} {'draws':>6} {'redraw':>7} {'main-thread tasks':>18}"
          f" {'reprojected':>12}")  # fmt: skip
    for name, row in report["versions"].items():
        print(
            f"{name:10} {row['drawn_s']:7.2f} {row['last_draw_s']:10.2f} {row['draws']:6.0f} {row['redraw_s']:7.3f}"
            f" {row['task_s']:18.2f} {row['reprojected']:12.0f}"
        )
    if report["external_requests"]:
        print("requests outside localhost (aborted):", *report["external_requests"], sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
