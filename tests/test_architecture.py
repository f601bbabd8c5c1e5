"""Architecture rules, each one check over every module's imports (read with ast): layers, where streamlit, plotly
and pandas may be imported, docstrings, sizes, and no work at import time."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from components import paths

PACKAGE = paths.ROOT / "components"
LAYERS = ("paths", "model", "queries", "figures", "view", "app", "page", "dashboard")  # imports run this way only
MAX_MODULE_LINES = 320  # "at or under about 300"
MAX_FUNCTION_LINES = 65  # "at or under about 60"


def python_modules() -> list[Path]:
    found = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)
    return [*found, paths.ROOT / "dashboard.py"]


def layer(module: Path) -> str:
    """The layer a file belongs to: paths, model, queries, figures, view, app, page, dashboard, ingest or package."""
    if module.name == "dashboard.py":
        return "dashboard"
    parts = module.relative_to(PACKAGE).parts
    if parts[0] == "pages":
        return "page" if module.name == "page.py" else "view"
    if parts[0] in ("model", "queries", "figures", "app", "ingest"):
        return parts[0]
    return "paths" if module.name == "paths.py" else "package"


def layer_of_name(name: str) -> str | None:
    """The layer of an imported `components...` module name (None for other packages)."""
    parts = name.split(".")
    if parts[0] != "components" or len(parts) == 1:
        return None
    if parts[1] == "pages":
        return "page" if parts[-1] == "page" else "view"
    return parts[1] if parts[1] in ("model", "queries", "figures", "app", "ingest", "paths") else None


def imports(module: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            if node.module == "components":
                names.update(f"components.{alias.name}" for alias in node.names)
    return names


MODULES = python_modules()
IDS = [p.relative_to(paths.ROOT).as_posix() for p in MODULES]


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_imports_run_one_way(module):
    """paths -> model -> queries -> figures -> pages' view.py -> app -> pages' page.py -> dashboard.py; ingest
    imports model and paths only."""
    mine = layer(module)
    for name in imports(module):
        theirs = layer_of_name(name)
        if theirs is None or theirs == mine:
            continue
        if mine == "ingest" or theirs == "ingest":
            assert (mine == "ingest" and theirs in ("model", "paths")) or (mine == "page" and theirs == "ingest"), (
                f"{module.name} ({mine}) imports {name} ({theirs})"
            )
            continue
        assert mine in LAYERS and LAYERS.index(theirs) < LAYERS.index(mine), (
            f"{module.relative_to(paths.ROOT)} ({mine}) imports {name} ({theirs}): an upward arrow"
        )


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_streamlit_plotly_and_pandas_stay_in_their_layers(module):
    top = {name.split(".")[0] for name in imports(module)}
    mine = layer(module)
    if "streamlit" in top:
        assert mine in ("app", "page", "dashboard"), f"{module.name} imports streamlit"
    if "plotly" in top:
        assert mine == "figures", f"{module.name} imports plotly"
    if mine == "page":
        assert not top & {"pandas", "numpy"}, f"{module} does pandas work: it belongs in the page's view.py"


@pytest.mark.parametrize("module", MODULES, ids=IDS)
def test_every_module_has_a_docstring(module):
    docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), f"{module} has no module docstring"


@pytest.mark.parametrize(
    "module",
    [m for m in MODULES if layer(m) != "ingest"],
    ids=[i for m, i in zip(MODULES, IDS, strict=True) if layer(m) != "ingest"],
)
def test_modules_and_functions_stay_small(module):
    text = module.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES, f"{module.name}: {len(text.splitlines())} lines"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= MAX_FUNCTION_LINES, f"{module.name}:{node.name} is {length} lines"


def test_streamlit_caches_only_the_atlas_and_views():
    """st.cache_resource / st.cache_data appear only in app/cache.py, twice: the Atlas and the view results."""
    uses = []
    for module in MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("cache_resource", "cache_data"):
                uses.append(module.relative_to(paths.ROOT).as_posix())
    assert uses == ["components/app/cache.py", "components/app/cache.py"], uses


def test_importing_any_module_reads_no_data_files():
    """Importing any module but the page scripts must not touch data/ or static/ (no work at import time)."""
    names = [
        ".".join(p.relative_to(paths.ROOT).with_suffix("").parts)
        for p in MODULES
        if layer(p) in ("paths", "model", "queries", "figures", "view", "ingest") and p.name != "__main__.py"
    ]
    code = (
        "import builtins, io, sys\n"
        "opened = []\n"
        "real_open = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file))\n"
        "    return real_open(file, *a, **k)\n"
        "builtins.open = io.open = spy\n"
        f"for name in {names!r}:\n"
        "    __import__(name.removesuffix('.__init__'))\n"
        "print([f for f in opened if '/data/' in f or '/static/' in f])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"data files read at import time: {result.stdout}"
