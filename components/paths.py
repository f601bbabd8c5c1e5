"""Every filesystem path the project uses, resolved from the package, never from the working directory."""

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
STATIC_DIR = ROOT / "static"
DOCS_DIR = ROOT / "docs"

DATA_DIR_ENV = "ATLAS_DATA_DIR"


def resolve_data_dir(data_dir: str | Path | None = None) -> Path:
    """Return the data folder to read: the argument, else $ATLAS_DATA_DIR, else the bundled data/."""
    if data_dir is not None:
        return Path(data_dir)
    from_env = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(from_env) if from_env else DATA_DIR
