"""Benchmarks: the synthetic data validates, the runner runs, and the fast loader says exactly what the old one said.

No timing is asserted anywhere: speed is measured by `python -m benchmarks.run`, which prints its figures.
"""

import json
import random
import shutil
import subprocess
import sys

import frames
import pandas as pd
import pytest

from benchmarks import mutate, synth
from components import paths
from components.model.load import load_model
from components.model.read import read_csv_text
from components.model.schema import TABLES, DataValidationError
from components.model.vocabulary import DATE_PRECISIONS, STATUSES


@pytest.fixture(scope="module")
def synth_200(tmp_path_factory):
    return synth.generate(200, tmp_path_factory.mktemp("synth") / "data")


@pytest.fixture(scope="module")
def synth_200_split(tmp_path_factory):
    """The same data with each table split over several files (concatenated frames hold several arrow chunks)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(synth, "ROWS_PER_FILE", 70)
        return synth.generate(200, tmp_path_factory.mktemp("synth_split") / "data")


def test_synthetic_folder_validates_and_covers_every_category(synth_200):
    atlas = load_model(synth_200)
    assert len(atlas.events) == 200
    assert len(atlas.sources) == 40 and len(atlas.market_share) == 50 and len(atlas.conflicts) > 0
    assert set(atlas.events["status"].astype(str)) == set(STATUSES)
    assert set(atlas.events["date_precision"].astype(str)) == set(DATE_PRECISIONS)
    assert set(atlas.events["date"].dt.year) <= set(range(2006, 2026))
    lines = {line for lines in atlas.events["product_lines"] for line in lines}
    assert lines == set(atlas.products["product_line_id"])
    for name in synth.REFERENCE_FILES:
        assert (synth_200 / name).read_bytes() == (paths.DATA_DIR / name).read_bytes()


def test_synthetic_folder_is_deterministic(synth_200, tmp_path):
    again = synth.generate(200, tmp_path / "again")
    for file in sorted(synth_200.rglob("*.csv")):
        assert (again / file.relative_to(synth_200)).read_bytes() == file.read_bytes(), file.name


def test_synth_command_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.synth", "--events", "50", "--out", str(tmp_path / "d")],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert len(load_model(tmp_path / "d").events) == 50


def load_both_ways(folder, monkeypatch):
    """(problems or frames) of load_model with every vectorised shortcut on, and with every shortcut off."""
    results = []
    for rows, size in ((0, 0), (10**12, 10**12)):
        with monkeypatch.context() as patch:
            frames.set_thresholds(patch, rows, size)
            try:
                results.append(load_model(folder))
            except DataValidationError as error:
                results.append(error.problems)
    return results


def test_vectorised_loader_reports_exactly_what_the_exact_path_reports(synth_200_split, tmp_path, monkeypatch):
    """Random breakage (bad values, duplicates, short rows, blank rows, multi-line records): same problems, same
    frames, whether the shortcuts run everywhere or nowhere (the thresholds are the only switch)."""
    broken = 0
    for case in range(15):
        folder = tmp_path / f"case{case}"
        shutil.copytree(synth_200_split, folder)
        rng = random.Random(case)
        mutate.mutate(folder, rng, rng.randint(1, 6))
        fast, exact = load_both_ways(folder, monkeypatch)
        if isinstance(exact, list):
            assert fast == exact
            broken += 1
            continue
        for name in ("events", "sources", "market_share", "conflicts", "companies", "products", "stages"):
            pd.testing.assert_frame_equal(getattr(fast, name), getattr(exact, name))
    assert broken >= 10  # the mutations really break things


@pytest.mark.parametrize(
    "text",
    [
        'region_code,name\n001,World\n"150","Europe, all"\n',
        "region_code,name\r\n001,World\r\n\r\n ,  \r\n150,Europe",
        'region_code,name\n001,"World\nwide"\n150,Europe\n',
        "region_code,name\n001\n150,Europe,extra\n",
        'region_code,name\n"001,World\n',
        "\ufeffregion_code,name\n001,World\n",
        "region_code,name,extra\n001,World,x\n",
        "region_code,name\n001,W\x00rld\n",
        "region_code,name\r001,World\r",
    ],
)
def test_csv_fast_path_matches_the_csv_module(tmp_path, monkeypatch, text):
    (tmp_path / "regions.csv").write_text(text, encoding="utf-8", newline="")
    spec = TABLES["regions"]
    results = []
    for size in (0, 10**12):
        with monkeypatch.context() as patch:
            frames.set_thresholds(patch, 0, size)
            results.append(read_csv_text(tmp_path / "regions.csv", tmp_path, spec))
    (fast, fast_problems), (exact, exact_problems) = results
    assert fast_problems == exact_problems
    pd.testing.assert_frame_equal(fast, exact)


def test_vectorised_load_gives_the_same_frames_on_the_real_data(monkeypatch):
    fast, exact = load_both_ways(paths.DATA_DIR, monkeypatch)
    for name in ("events", "sources", "market_share", "conflicts", "companies", "products", "stages", "event_types"):
        pd.testing.assert_frame_equal(getattr(fast, name), getattr(exact, name))


@pytest.mark.slow
def test_benchmark_runner_prints_the_expected_keys(tmp_path):
    command = [
        sys.executable,
        "-m",
        "benchmarks.run",
        "--events",
        "200",
        "--repeat",
        "1",
        "--json",
        "--workdir",
        str(tmp_path),
    ]
    done = subprocess.run(command, cwd=paths.ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert {"machine", "repeat", "targets", "datasets"} <= set(report)
    (dataset,) = report["datasets"]
    assert dataset["events"] == 200
    assert {"load", "exact", "app", "naive", "ratios"} <= set(dataset)
    assert {"load_s", "peak_rss_bytes"} <= set(dataset["load"])
    assert "load_s" in dataset["exact"]
    pages = dataset["app"]["pages"]
    assert {"map", "timeline"} <= set(pages)
    for page in pages.values():
        assert {"cold_s", "first_s", "warm_s", "filter_s", "bytes", "figure_bytes", "table_bytes", "errors"} <= set(
            page
        )
        assert page["bytes"] > 0
    assert {"filter_s", "figure_bytes"} <= set(dataset["naive"]["map"])
    assert {"naive_map_over_filter_rerun", "naive_timeline_over_filter_rerun", "load_exact_over_new"} <= set(
        dataset["ratios"]
    )


@pytest.mark.parametrize(
    ("samples", "deltas", "by_file"),
    [
        ([2, 2, 3], [1000, 2000, 500], {"plotly.js": 3, "(idle)": 0}),  # microseconds summed per file, in ms (rounded)
        ([3, 3], [4000, 4000], {"(idle)": 8}),
        ([], [], {}),
    ],
)
def test_paint_breakdown_sums_cpu_profile_self_time_per_file(samples, deltas, by_file):
    from benchmarks.paint_breakdown import summarise_profile

    def node(node_id, url, name, line):
        return {"id": node_id, "callFrame": {"url": url, "functionName": name, "lineNumber": line}}

    profile = {
        "nodes": [node(1, "", "(root)", -1), node(2, "http://x/js/plotly.js", "draw", 7), node(3, "", "(idle)", -1)],
        "samples": samples,
        "timeDeltas": deltas,
    }
    summary = summarise_profile(profile)
    assert summary["by_file"] == by_file
    if 2 in samples:
        assert summary["by_function"]["plotly.js:7 draw"] == by_file["plotly.js"]


def test_paint_breakdown_summary_takes_medians_per_milestone_and_chart():
    from benchmarks.paint_breakdown import METRICS, summarise

    def run(settled, charts):
        return {"settled_s": settled, "script_end_s": 1.0, "charts_s": charts, "last_redraw_s": 0, "shapes_s": 0,
                "ws_first_s": 0.5, "ws_last_s": 0.9, "ws_bytes": 100, "ws_largest": 60,
                "statics": {"world_50m.json": {"bytes": 10, "start_s": settled - 1, "end_s": settled}},
                **dict.fromkeys(METRICS, settled / 2)}  # fmt: skip

    summary = summarise([run(3.0, [2.0]), run(5.0, [2.5, 4.0]), run(4.0, [3.0])])
    assert summary["settled_s"] == 4.0 and summary["charts_s"] == [2.5, 4.0]
    assert summary["statics"]["world_50m.json"] == {"bytes": 10, "start_s": 3.0, "end_s": 4.0}
    assert summary["ScriptDuration"] == 2.0 and summary["ws_bytes"] == 100


@pytest.mark.parametrize(
    ("draws", "redraw", "count"),
    [
        ([[1.0, 1.5], [2.0, 2.3], [1.0, 1.4]], 0.4, 2),  # the second draw's length, median over visits
        ([[1.0], [2.0, 2.5]], 0.5, 1.5),  # a visit with one draw has no redraw; the count is the median of 1 and 2
        ([[1.0]], 0.0, 1),
    ],
)
def test_chart_draw_summary_takes_the_median_redraw(draws, redraw, count):
    from benchmarks.chart_draw import summarise

    visits = [{"drawn_s": d[0], "draws_s": d, "task_s": 1.0} for d in draws]
    row = summarise({"after": visits})["after"]
    assert row["redraw_s"] == pytest.approx(redraw) and row["draws"] == pytest.approx(count)
