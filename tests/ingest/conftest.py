"""Fixtures of the ingestion tests: a copy of the real data folder to review into."""

import shutil

import pytest

from components import paths


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(paths.DATA_DIR, folder)
    return folder
