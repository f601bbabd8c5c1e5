"""Load and validate the data folder into typed pandas DataFrames: `load_model()` is the one entry point.

Queries over the loaded frames: see docs/model_api.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components import paths
from components.model.read import read_table
from components.model.schema import TABLE_ORDER, TABLES, DataValidationError, Problem
from components.model.typed import stage_order, type_table
from components.model.validate import IdSet, validate_table


@dataclass(frozen=True)
class Model:
    """Every table of the atlas as a DataFrame. Treat them as read-only: query functions return new frames.

    (Read-only matters for list cells too: equal cells of a list column may share one list object.)
    """

    events: pd.DataFrame
    sources: pd.DataFrame
    products: pd.DataFrame
    companies: pd.DataFrame
    market_share: pd.DataFrame
    conflicts: pd.DataFrame
    stages: pd.DataFrame
    event_types: pd.DataFrame
    regions: pd.DataFrame
    data_dir: Path


def load_model(data_dir: str | Path | None = None) -> Model:
    """Read and validate the data folder (default: $ATLAS_DATA_DIR or the bundled data/); raise on any problem.

    Raises `DataValidationError` listing every problem (file, line, column, what is wrong) in one pass: the
    problems of files that cannot be read (not UTF-8, empty, ragged rows, ...) come together with the validation
    problems of every table and of every row that could be read.
    Nothing in the folder is ever written.
    """
    folder = paths.resolve_data_dir(data_dir)
    if not folder.is_dir():
        raise DataValidationError([Problem(str(folder), 0, "", "data folder does not exist")])
    # One table at a time (references point only to tables read before): read, validate, then type it and drop
    # its text while nothing is wrong, so that at most one table is held as text. Problems never stop the pass.
    check = _FolderCheck()
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    stages_ranked: list[str] = []
    for name in TABLE_ORDER:
        frame, read_problems = read_table(folder, name, check.unreadable)
        problems += read_problems
        if frame is None:
            continue
        problems += check.validate(name, frame)
        if name == "stages" and not problems:
            stages_ranked = stage_order(frame)
        if problems:
            typed.clear()
        else:
            typed[name] = type_table(name, frame, stages_ranked)
        del frame
    if problems:
        raise DataValidationError(problems)
    return Model(data_dir=folder, **typed)


def validate_raw_tables(
    raw: dict[str, pd.DataFrame], incomplete: set[str] | frozenset[str] = frozenset()
) -> list[Problem]:
    """Validate all tables, resolving references between them; return every problem.

    Tables named in `incomplete` (or absent from `raw`) could not be read entirely: references into them are not
    checked (one problem per referring column says so, instead of an 'unknown id' for every row).
    """
    check = _FolderCheck()
    check.unreadable |= set(incomplete) | {name for name in TABLE_ORDER if name not in raw}
    problems: list[Problem] = []
    for name in TABLE_ORDER:
        if name in raw:
            problems += check.validate(name, raw[name])
    return problems


class _FolderCheck:
    """Validates the tables of one folder in TABLE_ORDER, keeping what later tables refer to."""

    def __init__(self) -> None:
        self.known: dict[str, IdSet] = {}
        self.regions: frozenset[str] = frozenset()
        self.unreadable: set[str] = set()

    def validate(self, name: str, frame: pd.DataFrame) -> list[Problem]:
        spec = TABLES[name]
        if name == "regions" and "region_code" in frame:
            self.regions = frozenset(frame["region_code"].dropna().str.strip())
        problems = validate_table(
            spec, frame, self.known, self.regions, unreadable=frozenset(self.unreadable), headers_checked=True
        )
        if spec.id_column and spec.id_column in frame:
            self.known[f"{name}.{spec.id_column}"] = IdSet(frame[spec.id_column])
        return problems
