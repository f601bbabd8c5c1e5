"""The app's two caches: the Atlas of each data version, and the views pages build from it; nothing else."""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import paths
from components.model import DataValidationError, load_model
from components.queries.atlas import Atlas

# Both caches are st.cache_resource values: ONE shared object per key, not a copy per rerun (st.cache_data would
# unpickle the whole model on every rerun). They are READ-ONLY: query functions return new frames and pages never
# assign into them (tests/pages/test_app_pages.py checks that a run of every page leaves the model unchanged). The Atlas
# is keyed by the data version (the folder and every data file's size and mtime), so editing a file reloads it.


def data_version(folder: str | Path) -> str:
    """A short fingerprint of the data folder: every data file's path, size and mtime (changes when a file does)."""
    folder = Path(folder)
    digest = hashlib.sha1(str(folder.resolve()).encode())
    for file in sorted([*folder.rglob("*.csv"), *folder.rglob("*.parquet")]):
        try:
            stat = file.stat()
        except OSError:
            continue
        digest.update(f"|{file.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


@st.cache_resource(show_spinner="Loading the atlas…", max_entries=4)
def _atlas_of_version(data_dir: str, version: str) -> Atlas:
    atlas = Atlas(load_model(data_dir), version)
    keep_out_of_garbage_collection()
    return atlas


def keep_out_of_garbage_collection() -> None:
    """Move every object alive now (above all the model just loaded) out of the cyclic garbage collector's reach.

    The model is long-lived and read-only, and its list cells are millions of container objects: every full
    collection walked them all, at random moments inside reruns. Frozen objects are still freed by reference
    counting, but not cycles among them: so each load first unfreezes and collects everything (a model replaced
    since the last load goes now), then freezes what is still alive. One full collection per load, none per rerun.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def cached_atlas(data_dir: str | Path) -> Atlas:
    """The shared, read-only Atlas of `data_dir` (loaded on first use or when a file changed); raises on errors."""
    return _atlas_of_version(str(data_dir), data_version(data_dir))


def load_atlas() -> Atlas:
    """The Atlas of the data folder in use ($ATLAS_DATA_DIR or data/), loaded once; stops the page on errors."""
    try:
        return cached_atlas(paths.resolve_data_dir())
    except DataValidationError as error:
        st.error("The data folder did not pass validation, so the atlas cannot be shown. Problems found:")
        st.text(str(error))
        st.stop()
        raise  # unreachable: st.stop() raises


@st.cache_resource(max_entries=64, show_spinner=False)
def _view_of_version(_atlas: Atlas, _build: Callable, version: str, name: str, args: tuple) -> object:
    return _build(_atlas, *args)


def cached_view(atlas: Atlas, name: str, build: Callable, *args: object) -> object:
    """build(atlas, *args), computed once per (data version, `name`, args) and shared by every session.

    For a page's figures and tables (a view.py function). The result is shared, not copied: READ-ONLY.
    `name` must be unique per build function (e.g. "timeline.figure"); args must be hashable by Streamlit.
    """
    return _view_of_version(atlas, build, atlas.version, name, tuple(args))
