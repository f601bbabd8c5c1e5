"""Benchmark the atlas at scale: load-and-validate, every dashboard page, payload, memory, and a naive baseline.

    python -m benchmarks.run                       # real data + 1e3, 1e4, 1e5 synthetic events
    python -m benchmarks.run --large               # ... and 1e6 (slow: several minutes)
    python -m benchmarks.run --events 200 --repeat 1 --json

For each data set (synthetic folders from `benchmarks.synth`, cached under --workdir), separate subprocesses
measure, so that each peak memory (ru_maxrss) is its own:
  load    load_model() time (median of --repeat) and peak RSS;
  exact   load_model() with every vectorised shortcut off (the csv module and value-by-value checks: the exact
          path of the same code, which the tests hold equal to the fast one), once, as the baseline of the run;
  app     every dashboard page through streamlit.testing.v1.AppTest with ATLAS_DATA_DIR set: the run landing on
          the page with every cache cleared (cold: includes loading the model), its first run with the model
          cached (first), reruns with nothing changed (warm) and reruns after a sidebar filter change (filter),
          the bytes the page sends (every element proto; figure specs and table data separately) and peak RSS;
  naive   benchmarks/naive.py's map and timeline (no caching, re-read per filter change, one marker per event),
          timed on the same filter changes; ratio = naive time / the dashboard page's filter-change rerun.
Times are medians in seconds. Nothing here asserts a speed: the figures are printed (a table, or --json).
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from components import paths
from components.app.cache import load_atlas
from components.model.schema import iso3_codes, language_codes
from components.queries.filters import FilterSpec

DEFAULT_EVENTS = (1_000, 10_000, 100_000)
LARGE_EVENTS = 1_000_000
EXACT_MAX_EVENTS = 100_000  # the exact path is slow at 1e6: only with --exact-all
STATUSES = ("happened", "planned", "announced", "rumoured", "withdrawn")  # filter changes cycle through these
DASHBOARD = paths.ROOT / "dashboard.py"
TARGETS = {
    "warm_rerun_s": {"real": 0.05, "100000": 0.15, "1000000": 0.5},
    "first_run_real_s": 2.0,
    "page_payload_bytes": 2_000_000,
    "peak_rss_1e6_bytes": 1_000_000_000,
    "naive_ratio_1e5": 10.0,
}


# --- helpers -------------------------------------------------------------------------------------------------------


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _peak_rss_bytes() -> int:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def _synth_stamp(n_events: int) -> str:
    """Changes when the generator or the copied reference tables change, so cached folders are rebuilt."""
    from benchmarks import synth

    digest = hashlib.sha256(Path(synth.__file__).read_bytes())
    for name in synth.REFERENCE_FILES:
        digest.update((paths.DATA_DIR / name).read_bytes())
    return f"{n_events}:{digest.hexdigest()}"


def synth_folder(n_events: int, workdir: Path) -> Path:
    """The synthetic data folder with n_events events under workdir, generated unless an up-to-date one exists."""
    from benchmarks import synth

    folder = workdir / f"synth-{n_events}"
    stamp_file = workdir / f"synth-{n_events}.stamp"
    stamp = _synth_stamp(n_events)
    if folder.is_dir() and stamp_file.exists() and stamp_file.read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    synth.generate(n_events, folder)
    stamp_file.write_text(stamp)
    return folder


def page_files() -> list[str]:
    """The dashboard's page scripts (components/pages/<name>/page.py, as the app's navigation lists them), in order."""
    from components.app.widgets import PAGE_FILES

    return [file for file in PAGE_FILES.values() if (paths.ROOT / file).exists()]


def payload_sizes(app) -> dict[str, int]:
    """Bytes of what the page sends: every element proto, and the figure specs and table data among them."""
    total = figures = tables = 0
    stack = [app._tree]
    while stack:
        node = stack.pop()
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            stack.extend(children.values())
        elif isinstance(children, list):
            stack.extend(children)
        proto = getattr(node, "proto", None)
        if proto is None or not hasattr(proto, "ByteSize") or children:
            continue
        size = proto.ByteSize()
        total += size
        name = type(proto).__name__
        if name == "PlotlyChart":
            figures += len(proto.spec) + len(proto.config)
        elif name in ("Dataframe", "ArrowTable", "Arrow", "Table"):
            tables += size
    return {"bytes": total, "figure_bytes": figures, "table_bytes": tables}


# --- workers (each runs in its own subprocess) ---------------------------------------------------------------------


def worker_load(data_dir: Path, repeat: int) -> dict:
    from components.model import load_model

    iso3_codes(), language_codes()  # pycountry's one-time database load, as for the exact-path loader
    times, model = [], None
    for _ in range(repeat):
        model = None
        start = time.perf_counter()
        model = load_model(data_dir)
        times.append(time.perf_counter() - start)
    return {
        "load_s": _median(times),
        "load_runs_s": times,
        "peak_rss_bytes": _peak_rss_bytes(),
        "events": len(model.events),
        "sources": len(model.sources),
        "market_share": len(model.market_share),
    }


def worker_exact(data_dir: Path, repeat: int) -> dict:
    from components.model import load_model, read, typed, validate, vectorised

    for module in (vectorised, validate, typed):  # each holds the threshold it imported
        if hasattr(module, "VECTORISE_FROM_ROWS"):
            module.VECTORISE_FROM_ROWS = 10**12
    read.FAST_READ_FROM_BYTES = 10**12
    iso3_codes(), language_codes()
    seconds = _timed(lambda: load_model(data_dir))
    return {"load_s": seconds, "peak_rss_bytes": _peak_rss_bytes()}


def _clear_caches() -> None:
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()


def worker_app(data_dir: Path, repeat: int) -> dict:
    os.environ[paths.DATA_DIR_ENV] = str(data_dir)
    import logging

    logging.getLogger("streamlit").setLevel(logging.ERROR)
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import AppTest, app_test, local_script_runner

    # AppTest compiles the scripts again on every run (a new ScriptCache each time); the server keeps one cache.
    shared_cache = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared_cache

    pages: dict[str, dict] = {}
    for page in page_files():
        name = Path(page).parent.name
        result: dict = {"errors": []}
        at = AppTest.from_file(str(DASHBOARD), default_timeout=1800)
        at.run()  # lands on the default page: only to open a session
        _clear_caches()
        result["cold_s"] = _timed(lambda at=at, page=page: at.switch_page(page).run())
        _clear_caches()
        load_atlas()  # the model is cached (as after any earlier visitor), nothing else is
        result["first_s"] = _timed(lambda at=at, page=page: at.switch_page(page).run())
        result["warm_s"] = _median([_timed(at.run) for _ in range(repeat)])
        result.update(payload_sizes(at))
        result["errors"] += [str(e.value)[:300] for e in at.exception]
        filter_times = []
        try:
            for index in range(repeat):
                status = at.multiselect(key="status")
                filter_times.append(_timed(lambda s=status, i=index: s.set_value([STATUSES[i % len(STATUSES)]]).run()))
        except (KeyError, ValueError, IndexError):  # no sidebar filters on this page (about, add, rivals)
            result["no_filters"] = True
        result["filter_s"] = _median(filter_times)
        result["errors"] += [str(e.value)[:300] for e in at.exception]
        pages[name] = result
    return {"pages": pages, "peak_rss_bytes": _peak_rss_bytes()}


def worker_naive(data_dir: Path, repeat: int) -> dict:
    from benchmarks import naive

    today = datetime.date.today()
    results = {}
    for name, call in (
        ("map", lambda spec: naive.naive_map(data_dir, spec, today)),
        ("timeline", lambda spec: naive.naive_timeline(data_dir, spec)),
    ):
        times, sizes = [], []
        for index in range(repeat):
            spec = FilterSpec(statuses=(STATUSES[index % len(STATUSES)],))
            start = time.perf_counter()
            figure_json = call(spec)
            times.append(time.perf_counter() - start)
            sizes.append(len(figure_json))
        results[name] = {"filter_s": _median(times), "figure_bytes": max(sizes)}
    return results


WORKERS = {"load": worker_load, "exact": worker_exact, "app": worker_app, "naive": worker_naive}


def run_worker(kind: str, data_dir: Path, repeat: int, timeout: float) -> dict:
    """Run one worker in a fresh interpreter; its JSON result, or {"error": ...}."""
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--worker",
        kind,
        "--data",
        str(data_dir),
        "--repeat",
        str(repeat),
    ]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(paths.ROOT), os.environ.get("PYTHONPATH")]))}
    env.pop(paths.DATA_DIR_ENV, None)
    try:
        done = subprocess.run(command, cwd=paths.ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout).strip()[-2000:]}
    return json.loads(lines[-1])


# --- the run -------------------------------------------------------------------------------------------------------


def _ratio(slow: float | None, fast: float | None) -> float | None:
    return round(slow / fast, 1) if slow and fast else None


def benchmark(name: str, data_dir: Path, args: argparse.Namespace, n_events: int | None) -> dict:
    timeout = args.timeout
    result: dict = {"name": name, "data_dir": str(data_dir)}
    result["load"] = run_worker("load", data_dir, args.repeat, timeout)
    result["events"] = result["load"].get("events", n_events)
    if not args.no_exact and (args.exact_all or (result["events"] or 0) <= EXACT_MAX_EVENTS):
        result["exact"] = run_worker("exact", data_dir, 1, timeout)
    else:
        result["exact"] = {"skipped": True}
    result["app"] = run_worker("app", data_dir, args.repeat, timeout) if not args.no_app else {"skipped": True}
    result["naive"] = run_worker("naive", data_dir, args.repeat, timeout) if not args.no_naive else {"skipped": True}
    pages = result["app"].get("pages", {})
    result["ratios"] = {
        "load_exact_over_new": _ratio(result["exact"].get("load_s"), result["load"].get("load_s")),
        **{
            f"naive_{page}_over_filter_rerun": _ratio(
                result["naive"].get(page, {}).get("filter_s"), pages.get(page, {}).get("filter_s")
            )
            for page in ("map", "timeline")
        },
    }
    return result


def _ms(seconds: float | None) -> str:
    return "-" if seconds is None else f"{seconds * 1000:.0f}"


def _mb(size: int | None) -> str:
    return "-" if size is None else f"{size / 1e6:.1f}"


def render_table(report: dict) -> str:
    lines = [
        f"benchmarks.run  {report['machine']['python']}  {report['machine']['cpus']} CPUs  repeat={report['repeat']}"
    ]
    lines.append("")
    lines.append(
        f"{'data':<14}{'events':>9}{'load ms':>10}{'exact ms':>11}{'x':>7}{'load RSS MB':>13}"
        f"{'exact RSS MB':>15}{'app RSS MB':>12}"
    )
    for d in report["datasets"]:
        lines.append(
            f"{d['name']:<14}{d['events'] or 0:>9}{_ms(d['load'].get('load_s')):>10}"
            f"{_ms(d['exact'].get('load_s')):>11}{d['ratios']['load_exact_over_new'] or '-':>7}"
            f"{_mb(d['load'].get('peak_rss_bytes')):>13}{_mb(d['exact'].get('peak_rss_bytes')):>15}"
            f"{_mb(d['app'].get('peak_rss_bytes')):>12}"
        )
    lines.append("")
    lines.append(
        f"{'data':<14}{'page':<13}{'cold ms':>9}{'first ms':>10}{'warm ms':>9}{'filter ms':>11}"
        f"{'sent MB':>9}{'figs MB':>9}{'tables MB':>11}  errors"
    )
    for d in report["datasets"]:
        for page, p in d["app"].get("pages", {}).items():
            lines.append(
                f"{d['name']:<14}{page:<13}{_ms(p.get('cold_s')):>9}{_ms(p.get('first_s')):>10}{_ms(p.get('warm_s')):>9}"
                f"{_ms(p.get('filter_s')):>11}{_mb(p.get('bytes')):>9}{_mb(p.get('figure_bytes')):>9}"
                f"{_mb(p.get('table_bytes')):>11}  {'; '.join(p.get('errors', []))[:80]}"
            )
        if "error" in d["app"]:
            lines.append(f"{d['name']:<14}app error: {d['app']['error'][-300:]}")
    lines.append("")
    lines.append(f"{'data':<14}{'naive map ms':>13}{'MB':>7}{'ratio':>7}{'naive timeline ms':>19}{'MB':>7}{'ratio':>7}")
    for d in report["datasets"]:
        naive, r = d["naive"], d["ratios"]
        lines.append(
            f"{d['name']:<14}{_ms(naive.get('map', {}).get('filter_s')):>13}"
            f"{_mb(naive.get('map', {}).get('figure_bytes')):>7}{r['naive_map_over_filter_rerun'] or '-':>7}"
            f"{_ms(naive.get('timeline', {}).get('filter_s')):>19}"
            f"{_mb(naive.get('timeline', {}).get('figure_bytes')):>7}"
            f"{r['naive_timeline_over_filter_rerun'] or '-':>7}"
        )
    lines.append("")
    lines.append("ratio = naive time / the page's rerun after a filter change; x = exact-path load / vectorised load.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=float, nargs="+", help="synthetic sizes (default 1e3 1e4 1e5, plus real data)")
    parser.add_argument("--large", action="store_true", help=f"also {LARGE_EVENTS:.0e} events (slow)")
    parser.add_argument("--real", action="store_true", help="also the bundled data/ (default when --events is absent)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; medians are reported")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--workdir",
        default=str(Path(tempfile.gettempdir()) / "atlas-bench"),
        help="where synthetic folders are generated and kept",
    )
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per worker")
    parser.add_argument("--no-exact", action="store_true", help="skip the exact-path loader baseline")
    parser.add_argument("--exact-all", action="store_true", help="run the exact-path loader above 1e5 events too")
    parser.add_argument("--no-app", action="store_true", help="skip the AppTest page measurements")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = WORKERS[args.worker](Path(args.data), args.repeat)
        sys.stdout.write(json.dumps(result) + "\n")
        return 0

    sizes = [int(n) for n in args.events] if args.events else list(DEFAULT_EVENTS)
    if args.large and LARGE_EVENTS not in sizes:
        sizes.append(LARGE_EVENTS)
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    datasets = []
    if args.real or not args.events:
        datasets.append(benchmark("real", paths.DATA_DIR, args, None))
    for n in sizes:
        datasets.append(benchmark(f"synth-{n:.0e}".replace("e+0", "e"), synth_folder(n, workdir), args, n))
    report = {
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "repeat": args.repeat,
        "targets": TARGETS,
        "datasets": datasets,
    }
    sys.stdout.write((json.dumps(report, indent=2) if args.json else render_table(report)) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
