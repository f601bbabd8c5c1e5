"""Packaging: the one Community Cloud dependency file agrees with pyproject.toml, and CI calls the README's test command."""

import re
import tomllib

from components import paths


def read_requirements() -> dict[str, str]:
    pins = {}
    for line in (paths.ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            pins[name.strip().lower()] = version.strip()
    return pins


def read_pyproject_dependencies() -> dict[str, str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = {}
    for requirement in project["dependencies"]:
        name, _, version = requirement.partition("==")
        pins[name.strip().lower()] = version.strip()
    return pins


def test_requirements_are_pinned_and_match_pyproject():
    requirements = read_requirements()
    assert all(requirements.values()), f"unpinned requirement in requirements.txt: {requirements}"
    assert requirements == read_pyproject_dependencies()


def test_only_one_dependency_file_that_cloud_would_read():
    cloud_files = ["uv.lock", "Pipfile", "environment.yml", "requirements.txt"]
    present = [name for name in cloud_files if (paths.ROOT / name).exists()]
    assert present == ["requirements.txt"], f"Community Cloud reads the first of {cloud_files}; found {present}"


def test_ci_runs_the_readme_test_command():
    readme = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    ci = (paths.ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^\s{4}(bash tests/run\.sh)\s*$", readme, flags=re.MULTILINE)
    assert commands, "README must show the test command"
    assert "bash tests/run.sh" in ci
