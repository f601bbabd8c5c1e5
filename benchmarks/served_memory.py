"""Memory of the served dashboard: the server's resident memory after a visitor opens every page and timeline toggle.

    python -m benchmarks.served_memory                                     # the real data
    python -m benchmarks.served_memory --data /tmp/bench1e6/synth-1000000  # a large data folder
    python -m benchmarks.served_memory --json

Starts `streamlit run dashboard.py` on a localhost port (benchmarks/server.py), then, in Debian's Chromium driven by
Playwright (requests outside localhost aborted), visits the map, the timeline (unfiltered and filtered), the sources,
a country profile and the map again, then switches the timeline's rows and colours. After each step it reads the
server's VmRSS (resident now) and VmHWM (peak so far) from /proc. Prints every step and the final figures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from benchmarks.first_paint import CHROMIUM, CHROMIUM_ARGS, _local_only
from benchmarks.server import serve_dashboard
from components import paths

PATHS = ("/", "/timeline", "/timeline?status=happened", "/sources", "/country?country=DEU", "/")
TOGGLES = ("By product line", "Event type", "By country")  # the timeline's segmented controls
SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
}"""


def memory_mb(pid: int) -> dict[str, float]:
    """The process's resident memory now (VmRSS) and its peak so far (VmHWM), in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":", 1)[0]
        if key in ("VmRSS", "VmHWM"):
            found["rss_mb" if key == "VmRSS" else "peak_mb"] = round(int(line.split()[1]) / 1024, 1)
    return found


def _settle(page, timeout_ms: float) -> None:
    page.wait_for_timeout(1_500)  # a rerun may not have started yet
    page.wait_for_function(SETTLED_JS, timeout=timeout_ms)
    page.wait_for_timeout(500)


def measure_served_memory(data_dir: Path | None, timeout_s: float) -> dict:
    """Every step's time and the server's memory after it, plus the final and peak figures."""
    from playwright.sync_api import sync_playwright

    env_extra = {paths.DATA_DIR_ENV: str(data_dir)} if data_dir else {}
    log = paths.ROOT / "test-artifacts" / "served-memory.log"
    steps: list[dict] = []
    external: list[str] = []
    with serve_dashboard(log, env={**os.environ, **env_extra}, timeout_s=timeout_s) as (base, proc):
        start = memory_mb(proc.pid)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", lambda route: _local_only(route, external))
            page = context.new_page()
            for path in PATHS:
                started = time.perf_counter()
                page.goto(base + path, wait_until="commit", timeout=timeout_s * 1000)
                _settle(page, timeout_s * 1000)
                steps.append({"step": path, "s": round(time.perf_counter() - started, 2), **memory_mb(proc.pid)})
            page.goto(base + "/timeline", wait_until="commit", timeout=timeout_s * 1000)
            _settle(page, timeout_s * 1000)
            for label in TOGGLES:
                started = time.perf_counter()
                page.get_by_text(label, exact=True).first.click()
                _settle(page, timeout_s * 1000)
                steps.append(
                    {"step": f"timeline: {label}", "s": round(time.perf_counter() - started, 2), **memory_mb(proc.pid)}
                )
            browser.close()
        final = memory_mb(proc.pid)
    return {
        "data": str(data_dir or paths.DATA_DIR),
        "start_rss_mb": start["rss_mb"],
        "final_rss_mb": final["rss_mb"],
        "peak_mb": final["peak_mb"],
        "steps": steps,
        "external_requests": external,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, help="a data folder (default: the real data)")
    parser.add_argument("--timeout", type=float, default=600, help="seconds to wait for the server or a page")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure_served_memory(args.data, args.timeout)
    if args.json:
        print(json.dumps(result))
    else:
        for step in result["steps"]:
            print(f"{step['step']:<28} {step['s']:>6} s  RSS {step['rss_mb']:>7} MB  peak {step['peak_mb']:>7} MB")
        print(
            f"served memory ({result['data']}): start {result['start_rss_mb']} MB, after every page "
            f"{result['final_rss_mb']} MB, peak {result['peak_mb']} MB"
        )
    return 1 if result["external_requests"] else 0


if __name__ == "__main__":
    sys.exit(main())
