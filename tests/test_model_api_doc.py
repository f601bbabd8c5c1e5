"""docs/model_api.md is generated from the code and up to date (run tools/build_model_api.py after a change)."""

import subprocess
import sys

from components import paths


def test_model_api_doc_is_up_to_date():
    script = paths.ROOT / "tools" / "build_model_api.py"
    result = subprocess.run([sys.executable, str(script), "--check"], cwd=paths.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "docs/model_api.md is out of date: run python tools/build_model_api.py"
