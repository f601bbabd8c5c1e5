"""Write reviewed event and source files into the data folder: validated, both or neither, one writer at a time."""

from __future__ import annotations

import dataclasses
import json
import os
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from components import paths
from components.model import load, read, schema

SOURCE_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
LOCK_NAME = ".ingest-review.lock"
TEMP_SUFFIX = ".tmp"  # temporary files end so, which no table pattern (*.csv, *.parquet) matches
# Test hook: called with the name of each write step ("locked", "temp:sources", "temp:events", "validated",
# "renamed:sources", "renamed:events", "unlocked"); a test makes it kill the process to check what is left.
FAULT_HOOK: Callable[[str], None] | None = None


class ReviewLocked(FileExistsError):
    """Another review is writing to the same data folder."""


def check_source_id(source_id: str) -> str:
    """The source id if it is a slug (lower-case letters, digits and hyphens, at most 80); otherwise ValueError."""
    if not isinstance(source_id, str) or not SOURCE_ID.fullmatch(source_id):
        raise ValueError(
            f"source id {source_id!r} must be a slug: lower-case letters, digits and hyphens, starting with a letter "
            "or digit, at most 80 characters"
        )
    return source_id


def write_reviewed(
    events: Sequence[Mapping[str, str]], source: Mapping[str, str], data_dir: str | Path | None = None
) -> tuple[Path, Path]:
    """Write events/ingested-<id>.csv and sources/ingested-<id>.csv after validating the whole folder with them.

    Both files appear or neither: they are written beside their targets, validated with the folder (read in place,
    never copied), then renamed (the source first: a source that no event cites yet is valid data). A lock file
    refuses a second writer; one left by a killed writer is recovered (a half-finished pair is removed). Raises
    FileExistsError (ReviewLocked) if a target exists or another review is writing, ValueError for a bad source id
    or data folder, schema.DataValidationError on any problem; nothing is written in these cases.
    """
    folder = _data_folder(data_dir)
    name = f"ingested-{check_source_id(source.get('source_id', ''))}.csv"
    targets = {
        "sources": _inside(folder, folder / "sources" / name),
        "events": _inside(folder, folder / "events" / name),
    }
    frames = {"sources": table_frame([source], "sources"), "events": table_frame(events, "events")}
    temps = {table: target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}") for table, target in targets.items()}
    with _Lock(folder, targets, temps):
        for target in targets.values():
            if target.exists():
                raise FileExistsError(f"{target} already exists; choose another source id")
        renamed: list[Path] = []
        try:
            for table, temp in temps.items():
                _write_csv(frames[table], temp)
                _step(f"temp:{table}")
            validate_with_folder(folder, {targets[table]: temps[table] for table in temps})
            _step("validated")
            for table, temp in temps.items():
                os.replace(temp, targets[table])
                renamed.append(targets[table])
                _step(f"renamed:{table}")
        except BaseException:
            for path in [*temps.values(), *renamed]:
                path.unlink(missing_ok=True)
            raise
    _step("unlocked")
    return targets["events"], targets["sources"]


def validate_with_folder(folder: Path, new_files: Mapping[Path, Path]) -> None:
    """Read the folder in place, add the new files (target -> file holding its text), raise on any problem."""
    raw, problems, incomplete = read.read_tables(folder)
    for target, written in new_files.items():
        table = "events" if target.parent.name == "events" else "sources"
        frame, file_problems = read.read_csv_text(written, folder, schema.TABLES[table])
        label = target.relative_to(folder).as_posix()
        frame["_file"] = label
        problems += [dataclasses.replace(problem, file=label) for problem in file_problems]
        raw[table] = pd.concat([raw[table], frame], ignore_index=True) if table in raw else frame
    if not problems:
        problems = load.validate_raw_tables(raw, incomplete)
    if problems:
        raise schema.DataValidationError(problems)


def write_csv_atomically(frame: pd.DataFrame, target: Path) -> None:
    """Write a CSV next to its target, then rename it into place."""
    temp = target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        _write_csv(frame, temp)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def recover(folder: Path) -> None:
    """Finish a review that was killed: remove its temporary files and a half-written pair, then its lock."""
    lock = folder / LOCK_NAME
    try:
        state = json.loads(lock.read_text(encoding="utf-8"))
        targets, temps = [Path(p) for p in state["targets"]], [Path(p) for p in state["temps"]]
    except (OSError, ValueError, KeyError, TypeError):
        lock.unlink(missing_ok=True)
        return
    for temp in temps:
        if _within(folder, temp):
            temp.unlink(missing_ok=True)
    if not all(target.exists() for target in targets):
        for target in targets:
            if _within(folder, target):
                target.unlink(missing_ok=True)
    lock.unlink(missing_ok=True)


class _Lock:
    """The data folder's lock file (created exclusively), holding the writer's pid and the paths it writes."""

    def __init__(self, folder: Path, targets: Mapping[str, Path], temps: Mapping[str, Path]) -> None:
        self.path = folder / LOCK_NAME
        self.folder = folder
        self.state = {"pid": os.getpid(), "targets": [str(p) for p in targets.values()]}
        self.state["temps"] = [str(p) for p in temps.values()]

    def __enter__(self) -> _Lock:
        for _ in range(2):
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if _holder_alive(self.path):
                    raise ReviewLocked(f"another review is writing to {self.folder} (lock file {self.path})") from None
                recover(self.folder)
                continue
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump(self.state, out)
                _step("locked")
            except BaseException:
                self.path.unlink(missing_ok=True)
                raise
            return self
        raise ReviewLocked(f"cannot take the lock {self.path}")

    def __exit__(self, *exc: object) -> None:
        self.path.unlink(missing_ok=True)


def _holder_alive(lock: Path) -> bool:
    try:
        pid = int(json.loads(lock.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return False  # unreadable or half-written: its writer died while taking it
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _data_folder(data_dir: str | Path | None) -> Path:
    folder = paths.resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise ValueError(f"data folder {folder} does not exist")
    for table in ("events", "sources"):
        if not (folder / table).is_dir():
            raise ValueError(f"data folder {folder} has no {table}/ folder")
    return folder


def _inside(folder: Path, path: Path) -> Path:
    """The path, if it resolves (symbolic links followed) inside the data folder; otherwise ValueError."""
    if not _within(folder, path):
        raise ValueError(f"{path} is outside the data folder {folder}")
    return path


def _within(folder: Path, path: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    with path.open("x", encoding="utf-8", newline="") as out:
        frame.to_csv(out, index=False)
        out.flush()
        os.fsync(out.fileno())


def table_frame(rows: Sequence[Mapping[str, str]], table: str) -> pd.DataFrame:
    """Rows as a frame of strings with the table's columns (missing cells empty)."""
    columns = schema.TABLES[table].column_names
    return pd.DataFrame(
        [{column: row.get(column, "") for column in columns} for row in rows], columns=columns, dtype=str
    )


def _step(name: str) -> None:
    if FAULT_HOOK is not None:
        FAULT_HOOK(name)
