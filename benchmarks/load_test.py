"""Many viewers at once: one local streamlit server, N concurrent browser sessions, each with its own filter.

    python -m benchmarks.load_test --sessions 20 --rounds 3            # figures in docs/production.md
    python -m benchmarks.load_test --sessions 4 --rounds 2 --json      # what tests/pages/test_production_app.py runs

Starts `streamlit run dashboard.py` on a free localhost port, then per round opens N Playwright browser contexts
in one Chromium (Debian's /usr/bin/chromium; requests outside localhost are aborted), all at once, each on
/country?country=<a different country>. When every page has settled it checks that each session shows its own
country (heading, the caption's "N events · Filters: <name>" with N from the model, the URL), i.e. no session sees
another's filters, then closes them all. The server's resident memory (VmRSS from /proc/<pid>/status) is sampled
before, at the peak of and after each round. Exit status 1 if a session saw the wrong content, a third-party
request was attempted, or memory after the last round exceeds memory after the first by more than --max-growth-mb.
Bounded: N sessions x R rounds, each wait capped by --timeout; only localhost is contacted.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.server import rss_mb, serve_dashboard

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
SETTLED_JS = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]')
        && !document.querySelector('[data-stale="true"]') && !!document.querySelector('h1');
}"""
VIEW_JS = """() => ({
    heading: (document.querySelector('h1') || {}).innerText || '',
    captions: [...document.querySelectorAll('[data-testid="stCaptionContainer"]')].map(e => e.innerText),
    url: location.href,
    exception: !!document.querySelector('[data-testid="stException"]'),
})"""


def expected_views(n: int) -> list[dict]:
    """The n countries with the most Xiaomi events: code, heading and event count each session must show."""
    from components.model import load_model
    from components.queries.filters import FilterSpec, apply_filters
    from components.queries.names import english_country_name

    model = load_model()
    xiaomi = model.events[model.events["company"].astype(str) == "xiaomi"]
    codes = [c for c in xiaomi["country"].astype(str).value_counts().index if len(c) == 3 and c.isalpha()]
    if len(codes) < n:
        raise ValueError(f"only {len(codes)} countries have Xiaomi events; asked for {n} sessions")
    views = []
    for code in codes[:n]:
        count = len(apply_filters(model.events, FilterSpec(countries=(code,)), model.sources))
        views.append({"code": code, "name": english_country_name(code), "events": count})
    return views


def check_view(view: dict, seen: dict, others: list[str]) -> list[str]:
    problems = []
    if seen["exception"]:
        problems.append("an exception is shown")
    if seen["heading"].strip() != view["name"]:
        problems.append(f"heading {seen['heading']!r}, expected {view['name']!r}")
    caption = next((c for c in seen["captions"] if "Filters:" in c), "")
    if not caption.startswith(f"{view['events']} events · Filters: {view['name']} ·"):
        problems.append(f"caption {caption!r}, expected {view['events']} events for {view['name']}")
    leaked = [name for name in others if name != view["name"] and f"Filters: {name} " in caption]
    if leaked:
        problems.append(f"caption names another session's country: {leaked}")
    if f"country={view['code']}" not in seen["url"]:
        problems.append(f"URL {seen['url']} lost country={view['code']}")
    return problems


def run(sessions: int, rounds: int, timeout_s: float, settle_s: float, log_path: Path) -> dict:
    from playwright.sync_api import sync_playwright

    views = expected_views(sessions)
    names = [v["name"] for v in views]
    external: list[str] = []
    result = {"sessions": sessions, "rounds": rounds, "rounds_detail": [], "problems": []}
    with serve_dashboard(log_path) as (base, proc):
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)

            def guard(route):
                url = route.request.url
                host = urlsplit(url).hostname or ""
                if url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
                    route.continue_()
                else:
                    external.append(url)
                    route.abort("blockedbyclient")

            # Warm-up: one visit loads the model into the server's cache, so round 1 measures sessions, not loading.
            context = browser.new_context()
            context.route("**/*", guard)
            warm = context.new_page()
            warm.goto(f"{base}/country?country={views[0]['code']}", wait_until="domcontentloaded")
            warm.wait_for_function(SETTLED_JS, timeout=timeout_s * 1000)
            context.close()
            time.sleep(settle_s)
            result["rss_start_mb"] = round(rss_mb(proc.pid), 1)
            for number in range(1, rounds + 1):
                detail = {"round": number, "rss_before_mb": round(rss_mb(proc.pid), 1)}
                started = time.monotonic()
                contexts, pages = [], []
                for view in views:  # open all sessions before waiting for any: they run concurrently
                    context = browser.new_context(viewport={"width": 1200, "height": 900})
                    context.route("**/*", guard)
                    page = context.new_page()
                    page.goto(f"{base}/country?country={view['code']}", wait_until="commit")
                    contexts.append(context)
                    pages.append(page)
                peak = rss_mb(proc.pid)
                for view, page in zip(views, pages, strict=True):
                    try:
                        page.wait_for_function(SETTLED_JS, timeout=timeout_s * 1000, polling=250)
                        page.wait_for_timeout(300)
                        page.wait_for_function(SETTLED_JS, timeout=timeout_s * 1000, polling=250)
                        seen = page.evaluate(VIEW_JS)
                    except Exception as error:
                        seen = {"heading": "", "captions": [], "url": page.url, "exception": False}
                        result["problems"].append(f"round {number} {view['code']}: did not settle ({error})")
                    for problem in check_view(view, seen, names):
                        result["problems"].append(f"round {number} {view['code']}: {problem}")
                    peak = max(peak, rss_mb(proc.pid))
                detail["all_settled_s"] = round(time.monotonic() - started, 1)
                detail["rss_peak_mb"] = round(peak, 1)
                for context in contexts:
                    context.close()
                time.sleep(settle_s)  # let the server notice the closed websockets and drop the sessions
                detail["rss_after_mb"] = round(rss_mb(proc.pid), 1)
                result["rounds_detail"].append(detail)
            browser.close()
    after = [r["rss_after_mb"] for r in result["rounds_detail"]]
    result["growth_first_to_last_round_mb"] = round(after[-1] - after[0], 1) if after else 0.0
    result["external_requests"] = external
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=180, help="seconds to wait for one session to settle")
    parser.add_argument("--settle", type=float, default=5, help="seconds to wait after closing a round's sessions")
    parser.add_argument("--max-growth-mb", type=float, default=150)
    parser.add_argument("--log", type=Path, default=ROOT / "test-artifacts" / "streamlit-load.log")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if not 1 <= args.sessions <= 50 or not 1 <= args.rounds <= 20:
        parser.error("keep it bounded: 1-50 sessions, 1-20 rounds")
    result = run(args.sessions, args.rounds, args.timeout, args.settle, args.log)
    result["max_growth_mb"] = args.max_growth_mb
    ok = (
        not result["problems"]
        and not result["external_requests"]
        and result["growth_first_to_last_round_mb"] <= args.max_growth_mb
    )
    result["ok"] = ok
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"{args.sessions} concurrent sessions x {args.rounds} rounds; server RSS at start "
            f"{result['rss_start_mb']} MB"
        )
        for r in result["rounds_detail"]:
            print(
                f"  round {r['round']}: all settled in {r['all_settled_s']} s; RSS before {r['rss_before_mb']} MB, "
                f"peak {r['rss_peak_mb']} MB, after closing {r['rss_after_mb']} MB"
            )
        growth = result["growth_first_to_last_round_mb"]
        print(f"  growth after closing, first to last round: {growth} MB (limit {args.max_growth_mb} MB)")
        for problem in result["problems"] + [f"third-party request: {u}" for u in result["external_requests"]]:
            print(f"  PROBLEM {problem}")
        print("  OK" if ok else "  FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
