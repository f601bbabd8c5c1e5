"""First paint in a real browser: time from navigating to the map page until its country shapes are drawn.

    python -m benchmarks.first_paint                                  # the real data
    python -m benchmarks.first_paint --events 100000 --repeat 3       # a synthetic folder (made if missing)
    python -m benchmarks.first_paint --data DIR --json

Starts `streamlit run dashboard.py` on a localhost port (benchmarks/server.py), then, in Debian's Chromium driven by
Playwright (requests outside localhost aborted), loads `/` in a fresh browser context per repeat and waits until the
choropleth has more than 100 country paths and the script has stopped running. The first repeat is a cold server
(the model is loaded then); later repeats are warm. Prints the medians and every measurement.

    python -m benchmarks.first_paint --pages --repeat 5             # every page against a bare Streamlit page

With --pages it serves, from the same machine in the same run, the dashboard and a bare Streamlit page (one widget
and one small plotly chart, in a temporary folder), visits each page once to warm it, then times `repeat` visits
of every page and of the bare page, interleaved, each in a fresh context, until the page has settled (script not
running, every plotly chart drawn visibly at its own width, the map's shapes drawn). Prints each page's median and its
ratio to the bare page.

    git archive HEAD~3 | tar -x -C /tmp/before        # another version of the app, e.g. before a change
    python -m benchmarks.first_paint --pages --repeat 5 --before /tmp/before

With --before DIR it also serves the app in DIR (its own dashboard.py, static/ and components/, the same data) in
the same run and times its pages interleaved with the others: before/after ratios measured under the same load.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.server import serve_dashboard
from components import paths

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DRAWN_JS = """() => document.querySelectorAll('path.choroplethlocation').length > 100
    && document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state') === 'notRunning'"""


def measure_first_paint(data_dir: Path | None, repeat: int, timeout_s: float) -> dict:
    """Navigation-to-map-drawn times in seconds: the cold first visit and the warm visits after it."""
    from playwright.sync_api import sync_playwright

    env_extra = {paths.DATA_DIR_ENV: str(data_dir)} if data_dir else {}
    log = paths.ROOT / "test-artifacts" / "first-paint.log"
    times: list[float] = []
    external: list[str] = []
    with serve_dashboard(log, env={**os.environ, **env_extra}, timeout_s=timeout_s) as (base, _):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(repeat):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                context.route("**/*", lambda route: _local_only(route, external))
                page = context.new_page()
                started = time.perf_counter()
                page.goto(f"{base}/", wait_until="commit")
                page.wait_for_function(DRAWN_JS, timeout=timeout_s * 1000, polling=50)
                times.append(time.perf_counter() - started)
                context.close()
            browser.close()
    warm = times[1:]
    return {
        "data": str(data_dir or paths.DATA_DIR),
        "cold_s": round(times[0], 3),
        "warm_median_s": round(statistics.median(warm), 3) if warm else None,
        "all_s": [round(t, 3) for t in times],
        "external_requests": external,
    }


BARE_APP = """import plotly.graph_objects as go
import streamlit as st

value = st.slider("A widget", 0, 10, 5)
st.plotly_chart(go.Figure(go.Scatter(x=list(range(10)), y=[v * value for v in range(10)])), theme="streamlit")
"""
PAGES = ("/", "/timeline", "/country?country=IND", "/sources", "/about", "/add")
SETTLED_JS = """(needMap) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"], [data-testid="stSkeleton"]')) return false;
    if (!document.querySelector('h1, .js-plotly-plot')) return false;
    const charts = [...document.querySelectorAll('.stPlotlyChart, [data-testid="stPlotlyChart"]')];
    if (charts.some(c => !c.querySelector('.main-svg'))) return false;
    // Drawn where the reader sees it: Streamlit first hands a chart to plotly.js before it knows its width, and
    // hides that draw (plotly's default 700 px) until it has drawn it again at the chart's own width.
    // (A chart in a panel not shown has no width: nothing to see there.)
    const plots = [...document.querySelectorAll('.js-plotly-plot')].filter(gd => gd.getBoundingClientRect().width > 0);
    if (plots.some(gd => !gd._fullLayout || getComputedStyle(gd).visibility === 'hidden'
        || Math.abs(gd._fullLayout.width - gd.getBoundingClientRect().width) > 2)) return false;
    return !needMap || document.querySelectorAll('path.choroplethlocation').length > 100;
}"""


def _visit(browser, url: str, timeout_s: float, external: list[str]) -> float:
    """Seconds from navigation to a settled page, in a fresh context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda route: _local_only(route, external))
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    try:
        need_map = urlsplit(url).path == "/" and not urlsplit(url).query and "bare" not in url
        page.wait_for_function(SETTLED_JS, arg=need_map, timeout=timeout_s * 1000, polling=50)
    except Exception as error:
        raise RuntimeError(f"{url} did not settle within {timeout_s} s") from error
    elapsed = time.perf_counter() - started
    context.close()
    return elapsed


def measure_pages(data_dir: Path | None, repeat: int, timeout_s: float, before: Path | None = None) -> dict:
    """Warm median first-paint time of every page and of a bare Streamlit page, and their ratios (with `before`,
    also of the pages of the app in that folder, as "before <page>").
    """
    from playwright.sync_api import sync_playwright

    env = {**os.environ, **({paths.DATA_DIR_ENV: str(data_dir)} if data_dir else {})}
    logs = paths.ROOT / "test-artifacts"
    external: list[str] = []
    names = [*PAGES, *(f"before {page}" for page in PAGES if before)]
    times: dict[str, list[float]] = {"bare": [], **{name: [] for name in names}}
    with tempfile.TemporaryDirectory() as bare_dir, contextlib.ExitStack() as stack:
        (Path(bare_dir) / "dashboard.py").write_text(BARE_APP, encoding="utf-8")
        before_env = {**env, paths.DATA_DIR_ENV: str(data_dir or paths.DATA_DIR)}  # the same data
        old = before and stack.enter_context(
            serve_dashboard(logs / "first-paint-before.log", cwd=before, env=before_env, timeout_s=timeout_s)
        )
        with (
            serve_dashboard(logs / "first-paint.log", env=env, timeout_s=timeout_s) as (base, _),
            serve_dashboard(logs / "first-paint-bare.log", cwd=Path(bare_dir), env=env, timeout_s=timeout_s) as (
                bare,
                _,
            ),
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            urls = {"bare": bare + "/?bare", **{page: base + page for page in PAGES}}
            if old:
                urls.update({f"before {page}": old[0] + page for page in PAGES})
            for url in urls.values():  # warm-up: the model is loaded, every view cached once
                _visit(browser, url, timeout_s, external)
            for _ in range(repeat):
                for name, url in urls.items():
                    times[name].append(_visit(browser, url, timeout_s, external))
            browser.close()
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {
        "data": str(data_dir or paths.DATA_DIR),
        "repeat": repeat,
        "bare_median_s": round(medians["bare"], 3),
        "pages": {
            page: {
                "median_s": round(medians[page], 3),
                "ratio": round(medians[page] / medians["bare"], 2),
                "all_s": [round(t, 3) for t in times[page]],
            }
            for page in names
        },
        "bare_all_s": [round(t, 3) for t in times["bare"]],
        "external_requests": external,
    }


def _local_only(route, external: list[str]) -> None:
    url = route.request.url
    host = urlsplit(url).hostname or ""
    if url.startswith(("data:", "blob:")) or host in ("localhost", "127.0.0.1"):
        route.continue_()
    else:
        external.append(url)
        route.abort()


def synthetic_folder(events: int) -> Path:
    """A synthetic data folder of `events` events under the temp dir, generated once (benchmarks.synth)."""
    folder = Path(tempfile.gettempdir()) / f"atlas-synth-{events}"
    if not (folder / "stages.csv").exists():
        from benchmarks import synth

        synth.main(["--events", str(events), "--out", str(folder)])
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a data folder (default: the real data)")
    parser.add_argument("--events", type=int, help="use a synthetic folder with this many events")
    parser.add_argument("--repeat", type=int, default=4, help="visits: the first is cold, the rest warm")
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pages", action="store_true", help="every page against a bare Streamlit page")
    parser.add_argument("--before", type=Path, help="with --pages: also time the app in this folder, same run")
    args = parser.parse_args(argv)
    data_dir = synthetic_folder(args.events) if args.events else args.data
    if args.pages:
        report = measure_pages(data_dir, max(1, args.repeat), args.timeout, args.before)
        if args.json:
            print(json.dumps(report))
        else:
            print(f"bare Streamlit page (one widget, one small plotly chart): {report['bare_median_s']} s")
            for page, row in report["pages"].items():
                print(f"{page:31} {row['median_s']:6.3f} s  {row['ratio']:.2f}x the bare page")
        return 1 if report["external_requests"] else 0
    result = measure_first_paint(data_dir, max(1, args.repeat), args.timeout)
    if args.json:
        print(json.dumps(result))
    else:
        print(
            f"first paint of the map ({result['data']}): cold {result['cold_s']} s, "
            f"warm median {result['warm_median_s']} s over {len(result['all_s']) - 1} visits; all: {result['all_s']}"
        )
    return 1 if result["external_requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
