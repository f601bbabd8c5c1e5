#!/usr/bin/env python3
"""Build static/country_centroids.csv from the original 50m topojson (one row per country with an ISO3 id).

The original is tools/inputs/map_geometry/world_50m.json; static/world_50m.json is its simplified copy
(tools/simplify_map_geometry.py), so centroids and areas do not depend on the simplification.

Columns:
  iso3      ISO 3166-1 alpha-3 code: the topojson feature id, i.e. what plotly's ``locationmode="ISO-3"`` matches
  name      English short name from pycountry (empty if pycountry does not know the code)
  lon, lat  the feature's ``properties.ct`` point: the same point plotly.js uses to place a ``scattergeo`` marker
            given ``locations=`` (a label point inside the country's main polygon)
  area_km2  spherical area of the 50m polygons (Earth radius 6371.0088 km), rounded to whole km2;
            Natural Earth 1:50m is generalised, so treat it as "about" (good for sizing/sorting, not for facts)
  in_110m   1 if the country is also in world_110m.json, 0 if it only exists at 50m (SGP, HKG, MAC, BHR, ...):
            with ``geo.resolution=110`` such a country has no shape and no ``locations=`` marker, so draw it
            as a scattergeo marker at (lon, lat)

Usage:  python tools/country_centroids.py      (no network; writes static/country_centroids.csv)
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.paths import STATIC_DIR  # noqa: E402

EARTH_RADIUS_KM = 6371.0088
OUT = STATIC_DIR / "country_centroids.csv"
SOURCE_50M = ROOT / "tools" / "inputs" / "map_geometry" / "world_50m.json"  # the unsimplified file


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Return every arc as absolute (lon, lat) points (topojson quantised, delta-encoded arcs)."""
    transform = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(px, py) for px, py in arc]
        arcs.append(points)
    return arcs


def ring_coords(ring: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    coords: list[tuple[float, float]] = []
    for index in ring:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        coords.extend(points if not coords else points[1:])
    return coords


def ring_area_km2(coords: list[tuple[float, float]]) -> float:
    """Unsigned spherical area of a closed ring (Chamberlain & Duquette 2007, as in turf/area).

    A ring around the South Pole (Antarctica) yields the area between it and the pole, which is what we want.
    """
    total = 0.0
    for (lon1, lat1), (lon2, lat2) in zip(coords, coords[1:] + coords[:1], strict=True):
        step = (lon2 - lon1 + 180) % 360 - 180  # rings may cross the antimeridian (RUS, FJI) or circle the pole (ATA)
        total += math.radians(step) * (2 + math.sin(math.radians(lat1)) + math.sin(math.radians(lat2)))
    return abs(total) * EARTH_RADIUS_KM**2 / 2


def geometry_area_km2(geometry: dict, arcs: list[list[tuple[float, float]]]) -> float:
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    area = 0.0
    for polygon in polygons:
        if not polygon:  # topojson allows empty polygons
            continue
        outer, *holes = (ring_area_km2(ring_coords(ring, arcs)) for ring in polygon)
        area += outer - sum(holes)
    return area


def country_ids(path: Path) -> set[str]:
    topo = json.loads(path.read_text())
    return {g["id"] for g in topo["objects"]["countries"]["geometries"] if g.get("id")}


def build_rows(static_dir: Path = STATIC_DIR, source_50m: Path = SOURCE_50M) -> list[dict]:
    try:
        import pycountry
    except ImportError:  # pragma: no cover - pycountry is a runtime dependency
        pycountry = None
    topo = json.loads(source_50m.read_text())
    arcs = decode_arcs(topo)
    ids_110 = country_ids(static_dir / "world_110m.json")
    rows = []
    for geometry in topo["objects"]["countries"]["geometries"]:
        iso3 = geometry.get("id")
        if not iso3:  # a few Natural Earth units without an ISO code (e.g. Kosovo, N. Cyprus, Somaliland)
            continue
        record = pycountry.countries.get(alpha_3=iso3) if pycountry else None
        lon, lat = geometry["properties"]["ct"]
        rows.append(
            {
                "iso3": iso3,
                "name": (getattr(record, "common_name", None) or record.name) if record else "",
                "lon": round(lon, 4),
                "lat": round(lat, 4),
                "area_km2": round(geometry_area_km2(geometry, arcs)),
                "in_110m": int(iso3 in ids_110),
            }
        )
    rows.sort(key=lambda row: row["iso3"])
    return rows


def main() -> None:
    rows = build_rows()
    with open(OUT, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(rows)} countries, {sum(not r['in_110m'] for r in rows)} only at 50m")


if __name__ == "__main__":
    main()
