"""The browser first-paint benchmark runs end to end (its figures are in docs/performance.md, never asserted here)."""

import json
import subprocess
import sys

import pytest

from components.paths import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_first_paint_benchmark_reports_cold_and_warm_times_with_no_external_request():
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.first_paint", "--repeat", "2", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(report) >= {"cold_s", "warm_median_s", "all_s", "external_requests"}
    assert len(report["all_s"]) == 2 and all(t > 0 for t in report["all_s"])
    assert report["external_requests"] == []
