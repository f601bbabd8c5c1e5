"""A Community-Cloud-like install: requirements.txt alone, a clean copy of the repository, `streamlit run dashboard.py`.

Streamlit Community Cloud installs requirements.txt into a fresh environment and runs `streamlit run <entrypoint>`
from the repository root, with nothing else from the developer's machine. This test does the same: a new venv
(python -m venv) gets `pip install -r requirements.txt` only (no -e ., no test extras; pip's cache makes a second
run quick), the files `git ls-files` lists are copied to a temporary folder (so ../shared and untracked files are
absent), the app is started with the venv's python, and Chromium (localhost-only requests) must draw the map's
country shapes. The server is always stopped. About 2-3 minutes cold, well under a minute with a warm pip cache.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.server import ServerError, serve_dashboard
from components.paths import ROOT

_spec = importlib.util.spec_from_file_location("browser_harness", Path(__file__).with_name("conftest.py"))
harness = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(harness)

pytestmark = [pytest.mark.browser, pytest.mark.slow]
PIP_TIMEOUT_S = 600
MIN_SHAPES = 100


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [name for name in out.stdout.decode().split("\0") if name]


@pytest.fixture(scope="module")
def clean_checkout(tmp_path_factory) -> Path:
    """The tracked files only, in a folder with no ../shared next to it."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout to list the tracked files")
    dest = tmp_path_factory.mktemp("cloud") / "repo"
    for name in tracked_files():
        source = ROOT / name
        if source.is_file():  # a tracked file deleted in the working tree is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name)
    assert not (dest.parent / "shared").exists()
    return dest


@pytest.fixture(scope="module")
def cloud_venv(clean_checkout, tmp_path_factory) -> Path:
    venv = tmp_path_factory.mktemp("venv") / "env"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    log = harness.ARTIFACTS / "cloud-pip.log"
    harness.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(log, "w", encoding="utf-8") as handle:
        result = subprocess.run(
            [str(python), "-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"],
            cwd=clean_checkout,
            stdout=handle,
            stderr=subprocess.STDOUT,
            timeout=PIP_TIMEOUT_S,
        )
    assert result.returncode == 0, f"pip install -r requirements.txt failed:\n{log.read_text()[-3000:]}"
    print(f"pip install -r requirements.txt: {time.monotonic() - started:.0f} s")  # noqa: T201 - shown with -s
    return python


@pytest.fixture(scope="module")
def cloud_server(cloud_venv, clean_checkout):
    harness._require_chromium()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "ATLAS_", "VIRTUAL_ENV"))}
    log_path = harness.ARTIFACTS / "streamlit-cloud.log"
    try:
        with serve_dashboard(
            log_path, python=cloud_venv, cwd=clean_checkout, env=env, timeout_s=harness.SERVER_START_TIMEOUT_S
        ) as (base, _):
            yield base
    except ServerError as error:
        pytest.fail(str(error))


def test_the_venv_has_only_what_requirements_txt_brings(cloud_venv, clean_checkout):
    probe = "import importlib.util as u; print([m for m in ('pytest', 'playwright', 'hypothesis') if u.find_spec(m)])"
    out = subprocess.run([str(cloud_venv), "-c", probe], capture_output=True, text=True, cwd=clean_checkout)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
    # The app's own package comes from the checkout (the working directory), not from the developer's install.
    where = subprocess.run(
        [str(cloud_venv), "-c", "import components; print(components.__file__)"],
        capture_output=True,
        text=True,
        cwd=clean_checkout,
    )
    assert where.stdout.strip().startswith(str(clean_checkout)), where.stdout + where.stderr


def test_a_clean_install_serves_the_map_with_country_shapes(cloud_server, page):
    app = harness.App(page, cloud_server)
    app.goto("/")
    page.wait_for_selector('path.choroplethlocation, [data-testid="stException"]', timeout=60_000)
    errors = page.locator('[data-testid="stException"]')
    assert not errors.count(), errors.first.inner_text()  # e.g. a module requirements.txt forgot
    shapes = page.locator("path.choroplethlocation").count()
    assert shapes > MIN_SHAPES, f"only {shapes} country shapes drawn"
    assert "Where Xiaomi sells" in page.locator("h1").first.inner_text()
    assert any(url.endswith("/app/static/world_50m.json") for url in page.requested_urls), "geometry not local"
    assert app.external_requests() == [], app.external_requests()
    app.screenshot("cloud-install-map")
