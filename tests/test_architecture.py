"""Architecture rules: only page/UI modules import streamlit, every module has a docstring, no work at import time."""

import ast
import subprocess
import sys

import pytest

from components import paths

UI_MODULES = {"ui.py"}  # plus everything under components/pages/
PACKAGE = paths.ROOT / "components"


def python_modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported_modules(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("module", python_modules(), ids=lambda p: p.relative_to(paths.ROOT).as_posix())
def test_only_ui_modules_import_streamlit(module):
    is_ui = module.name in UI_MODULES or "pages" in module.relative_to(PACKAGE).parts
    uses_streamlit = "streamlit" in imported_modules(ast.parse(module.read_text(encoding="utf-8")))
    assert is_ui or not uses_streamlit, f"{module.name} is not a page/UI module but imports streamlit"


@pytest.mark.parametrize("module", python_modules(), ids=lambda p: p.relative_to(paths.ROOT).as_posix())
def test_every_module_has_a_docstring(module):
    docstring = ast.get_docstring(ast.parse(module.read_text(encoding="utf-8")))
    assert docstring and docstring.strip(), f"{module} has no module docstring"


def test_importing_the_model_layer_reads_no_files():
    """Importing the pure modules must not touch data/ (no work at import time)."""
    pure = [p.stem for p in PACKAGE.glob("*.py") if p.name not in UI_MODULES and p.stem != "__init__"]
    code = (
        "import builtins, io, sys\n"
        "opened = []\n"
        "real_open = io.open\n"
        "def spy(file, *a, **k):\n"
        "    opened.append(str(file))\n"
        "    return real_open(file, *a, **k)\n"
        "builtins.open = io.open = spy\n"
        f"for name in {pure!r}:\n"
        "    __import__('components.' + name)\n"
        "print([f for f in opened if '/data/' in f])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=paths.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]", f"data files read at import time: {result.stdout}"
