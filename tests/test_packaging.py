"""Packaging: requirements.txt is a compiled lock that agrees with pyproject.toml; CI runs the README test command."""

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
    direct = read_pyproject_dependencies()
    assert {name: requirements.get(name) for name in direct} == direct, "run uv pip compile (see requirements.txt)"


def test_requirements_are_a_compiled_lock_with_transitive_pins():
    requirements = read_requirements()
    direct = read_pyproject_dependencies()
    transitive = set(requirements) - set(direct)
    assert {"numpy", "altair", "tornado", "protobuf"} & transitive or {"numpy", "protobuf"} <= transitive
    text = (paths.ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert "uv pip compile pyproject.toml" in text
    for line in text.splitlines():
        code = line.split("#", 1)[0].strip()
        assert not code or re.fullmatch(r"[A-Za-z0-9._-]+==[A-Za-z0-9.+!-]+", code), f"not an exact pin: {line}"


def test_the_lock_tool_is_a_dev_dependency_not_a_runtime_one():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dep.startswith("uv==") for dep in project["optional-dependencies"]["dev"])
    assert "uv" not in read_pyproject_dependencies() and "uv" not in read_requirements()


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
