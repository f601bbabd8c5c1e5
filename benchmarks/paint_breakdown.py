"""Where a page's first paint goes in Chromium: milestones, main-thread time, websocket payloads, slowest scripts.

    python -m benchmarks.paint_breakdown                       # every page and the bare page, 3 visits each
    python -m benchmarks.paint_breakdown --repeat 5 --profile  # plus a CPU profile: self time per script file
    python -m benchmarks.paint_breakdown --json
    python -m benchmarks.paint_breakdown --page /timeline --before /tmp/variant   # two versions, one run

Serves the dashboard and the bare page of benchmarks.first_paint (same machine, same run), warms every page once,
then per visit (fresh context) records, from navigation: the first websocket message, the script's end, the time
each `.js-plotly-plot` got its first `.main-svg` and its last redraw, the map's shapes drawn, and the page settled
(benchmarks.first_paint's rule); CDP `Performance.getMetrics` (main-thread script, layout and style time); the
bytes of the websocket messages received; the size and fetch time of each static file (the map geometry). With
--profile, CDP `Profiler` gives the main thread's self time per script file (Streamlit's bundle, plotly.js) and
the slowest functions. Prints medians per page; docs/performance.md records a run.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.first_paint import BARE_APP, CHROMIUM, CHROMIUM_ARGS, PAGES, SETTLED_JS, _local_only
from benchmarks.server import serve_dashboard
from components import paths

# Runs in the page before its scripts: timestamps (ms since navigation start) of the milestones it can see.
OBSERVER_JS = """(() => {
    const marks = {charts: {}, redraws: {}};
    window.__paint = marks;
    const tick = () => {
        const now = performance.now();
        const app = document.querySelector('[data-testid="stApp"]');
        if (app && !marks.running && app.getAttribute('data-test-script-state') === 'running') marks.running = now;
        if (app && marks.running && !marks.notRunning
            && app.getAttribute('data-test-script-state') === 'notRunning') marks.notRunning = now;
        document.querySelectorAll('.js-plotly-plot').forEach((gd, i) => {
            if (gd.querySelector('.main-svg') && !(i in marks.charts)) {
                marks.charts[i] = now;
                gd.on && gd.on('plotly_afterplot', () => { marks.redraws[i] = performance.now(); });
            }
        });
        if (!marks.shapes && document.querySelectorAll('path.choroplethlocation').length > 100) marks.shapes = now;
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();"""
METRICS = ("ScriptDuration", "LayoutDuration", "RecalcStyleDuration", "TaskDuration")


def visit(browser, url: str, timeout_s: float, external: list[str], profile: bool) -> dict:
    """One visit in a fresh context: milestones (s), main-thread metrics (s), websocket bytes, static files."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.route("**/*", lambda route: _local_only(route, external))
    page = context.new_page()
    page.add_init_script(OBSERVER_JS)
    frames: list[tuple[float, int]] = []
    started = time.perf_counter()
    page.on(
        "websocket", lambda ws: ws.on("framereceived", lambda data: frames.append((time.perf_counter(), len(data))))
    )
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")
    if profile:
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        cdp.send("Profiler.start")
    page.goto(url, wait_until="commit")
    need_map = urlsplit(url).path == "/" and not urlsplit(url).query
    page.wait_for_function(SETTLED_JS, arg=need_map, timeout=timeout_s * 1000, polling=50)
    settled = time.perf_counter() - started
    page.wait_for_timeout(300)  # late redraws (plotly's relayout after fonts and autosize)
    marks = page.evaluate("() => window.__paint")
    origin = page.evaluate("() => performance.timeOrigin") / 1000
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    statics = page.evaluate(
        """() => performance.getEntriesByType('resource').filter(e => e.name.includes('/static/'))
            .map(e => [e.name.split('/').pop().split('?')[0], e.encodedBodySize, e.startTime, e.responseEnd])"""
    )
    result = {
        "settled_s": settled,
        "script_end_s": (marks.get("notRunning") or 0) / 1000,
        "charts_s": sorted(v / 1000 for v in marks["charts"].values()),
        "last_redraw_s": max([v / 1000 for v in marks["redraws"].values()], default=0),
        "shapes_s": (marks.get("shapes") or 0) / 1000,
        "ws_bytes": sum(size for _, size in frames),
        "ws_largest": max((size for _, size in frames), default=0),
        "ws_first_s": (frames[0][0] - started) if frames else 0,
        "ws_last_s": (frames[-1][0] - started) if frames else 0,
        "statics": {
            name: {"bytes": size, "start_s": start / 1000, "end_s": end / 1000}
            for name, size, start, end in statics
            if size > 200_000 or name.endswith(".json")
        },
        **{m: metrics.get(m, 0.0) for m in METRICS},
        "nav_offset_s": origin,
    }
    if profile:
        result["profile"] = summarise_profile(cdp.send("Profiler.stop")["profile"])
    context.close()
    return result


def summarise_profile(profile: dict, top: int = 12) -> dict:
    """Self time (ms) per script file and per function (file:line name), from a CDP CPU profile."""
    nodes = {node["id"]: node for node in profile["nodes"]}
    deltas = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=False):
        deltas[sample] += delta / 1000
    by_file: collections.Counter = collections.Counter()
    by_function: collections.Counter = collections.Counter()
    for node_id, ms in deltas.items():
        frame = nodes[node_id]["callFrame"]
        name = frame["functionName"] or "native"
        file = frame["url"].rsplit("/", 1)[-1] or (name if name.startswith("(") else f"({name})")  # (idle), (gc)
        by_file[file] += ms
        by_function[f"{file}:{frame['lineNumber']} {frame['functionName'] or '(anonymous)'}"] += ms
    return {
        "by_file": {k: round(v) for k, v in by_file.most_common(top)},
        "by_function": {k: round(v) for k, v in by_function.most_common(top)},
    }


def measure(
    data_dir: Path | None, repeat: int, timeout_s: float, profile: bool, pages: tuple[str, ...], before: Path | None
) -> dict:
    """Every visit of every page and of the bare page (and, with `before`, of that folder's app's pages, named
    "before <page>"), interleaved, after one warm-up visit each.
    """
    from playwright.sync_api import sync_playwright

    env = {**os.environ, **({paths.DATA_DIR_ENV: str(data_dir)} if data_dir else {})}
    logs = paths.ROOT / "test-artifacts"
    external: list[str] = []
    with tempfile.TemporaryDirectory() as bare_dir, contextlib.ExitStack() as stack:
        (Path(bare_dir) / "dashboard.py").write_text(BARE_APP, encoding="utf-8")
        bare, _ = stack.enter_context(
            serve_dashboard(logs / "paint-breakdown-bare.log", cwd=Path(bare_dir), env=env, timeout_s=timeout_s)
        )
        base, _ = stack.enter_context(serve_dashboard(logs / "paint-breakdown.log", env=env, timeout_s=timeout_s))
        urls = {"bare": bare + "/?bare", **{p: base + p for p in pages}}
        if before:
            old_env = {**env, paths.DATA_DIR_ENV: str(data_dir or paths.DATA_DIR)}  # the same data
            old, _ = stack.enter_context(
                serve_dashboard(logs / "paint-breakdown-before.log", cwd=before, env=old_env, timeout_s=timeout_s)
            )
            urls.update({f"before {p}": old + p for p in pages})
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        visits: dict[str, list[dict]] = {name: [] for name in urls}
        for url in urls.values():
            visit(browser, url, timeout_s, external, False)
        for _ in range(repeat):
            for name, url in urls.items():
                visits[name].append(visit(browser, url, timeout_s, external, profile))
        browser.close()
    return {"repeat": repeat, "pages": {name: summarise(runs) for name, runs in visits.items()}, "external": external}


def summarise(runs: list[dict]) -> dict:
    """Medians of a page's visits (chart times per chart index), and the profile of its median visit."""

    def med(key: str) -> float:
        return round(statistics.median(r[key] for r in runs), 3)

    n_charts = max(len(r["charts_s"]) for r in runs)
    charts = [
        round(statistics.median(r["charts_s"][i] for r in runs if len(r["charts_s"]) > i), 3) for i in range(n_charts)
    ]
    statics = {
        name: {
            key: round(statistics.median(r["statics"][name][key] for r in runs if name in r["statics"]), 3)
            for key in ("bytes", "start_s", "end_s")
        }
        for name in {n for r in runs for n in r["statics"]}
    }
    middle = sorted(runs, key=lambda r: r["settled_s"])[len(runs) // 2]
    out = {
        key: med(key)
        for key in ("settled_s", "script_end_s", "last_redraw_s", "shapes_s", "ws_first_s", "ws_last_s", *METRICS)
    }
    out.update(
        {"charts_s": charts, "ws_bytes": int(med("ws_bytes")), "ws_largest": int(med("ws_largest")), "statics": statics}
    )
    if "profile" in middle:
        out["profile"] = middle["profile"]
    return out


def print_report(report: dict) -> None:
    """One line per page, then the static files and the profiles."""
    print(
        f"{'page':30} {'settled':>7} {'ratio':>5} {'1st ws':>6} {'last ws':>7} {'script':>6} {'charts drawn (s)':>24} "
        f"{'shapes':>6} {'JS s':>5} {'layout':>6} {'style':>5} {'task':>5} {'ws kB':>6} {'max kB':>6}"
    )
    bare = report["pages"]["bare"]["settled_s"]
    for name, row in report["pages"].items():
        charts = ", ".join(f"{c:.2f}" for c in row["charts_s"])
        print(
            f"{name:30} {row['settled_s']:7.2f} {row['settled_s'] / bare:5.2f} {row['ws_first_s']:6.2f} "
            f"{row['ws_last_s']:7.2f} "
            f"{row['script_end_s']:6.2f} {charts:>24} {row['shapes_s']:6.2f} {row['ScriptDuration']:5.2f} "
            f"{row['LayoutDuration']:6.2f} {row['RecalcStyleDuration']:5.2f} {row['TaskDuration']:5.2f} "
            f"{row['ws_bytes'] / 1000:6.0f} {row['ws_largest'] / 1000:6.0f}"
        )
    for name, row in report["pages"].items():
        if row["statics"]:
            files = ", ".join(
                f"{file} {info['bytes'] / 1000:.0f} kB {info['start_s']:.2f}-{info['end_s']:.2f} s"
                for file, info in sorted(row["statics"].items(), key=lambda item: item[1]["start_s"])
            )
            print(f"{name} large files (kB, fetched from-to s): {files}")
        if "profile" in row:
            print(f"{name} self ms by file: {row['profile']['by_file']}")
            print(f"{name} self ms by function: {row['profile']['by_function']}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a data folder (default: the real data)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--profile", action="store_true", help="CPU profile of the main thread per visit")
    parser.add_argument("--page", action="append", help="only these pages (repeatable; default: every page)")
    parser.add_argument("--before", type=Path, help="also the app in this folder, same run (as first_paint)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = tuple(args.page or PAGES)
    report = measure(args.data, max(1, args.repeat), args.timeout, args.profile, pages, args.before)
    if args.json:
        print(json.dumps(report))
    else:
        print_report(report)
    return 1 if report["external"] else 0


if __name__ == "__main__":
    sys.exit(main())
