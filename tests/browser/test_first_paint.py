"""Browser benchmarks (first paint, served memory) run end to end; figures in docs/performance.md, not asserted."""

import json
import subprocess
import sys

import pytest

from components.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_first_paint_benchmark_reports_cold_and_warm_times_with_no_external_request():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_paint", "--repeat", "2", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) >= {"cold_s", "warm_median_s", "all_s", "external_requests"}
    assert len(report["all_s"]) == 2 and all(t > 0 for t in report["all_s"])
    assert report["external_requests"] == []


def test_served_memory_benchmark_visits_every_page_and_reports_the_server_memory():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.served_memory", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert [s["step"] for s in report["steps"]][:2] == ["/", "/timeline"] and len(report["steps"]) == 9
    assert 0 < report["start_rss_mb"] <= report["final_rss_mb"] <= report["peak_mb"]
    assert report["external_requests"] == []


def test_paint_breakdown_reports_milestones_and_payloads_of_a_page_and_the_bare_page():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.paint_breakdown", "--repeat", "1", "--page", "/", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report["pages"]) == {"bare", "/"} and report["external"] == []
    page, bare = report["pages"]["/"], report["pages"]["bare"]
    assert 0 < page["script_end_s"] <= page["settled_s"] and len(bare["charts_s"]) == 1
    assert 0 < page["shapes_s"] <= page["settled_s"], "the map's shapes drawn"
    assert page["statics"]["world_50m.json"]["bytes"] > 0 and page["ws_bytes"] > bare["ws_bytes"]
