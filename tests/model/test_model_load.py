"""load_model() on the real data: documented dtypes, $ATLAS_DATA_DIR, and independence from the working directory."""

from __future__ import annotations

from pathlib import Path

import frames
import pandas as pd
import pytest

from components import paths
from components.model.load import Model, load_model
from components.model.schema import (
    TABLES,
    DataValidationError,
)

LIST_COLUMNS = {name: spec.columns_typed_as("list") for name, spec in TABLES.items() if spec.columns_typed_as("list")}
CATEGORY_COLUMNS = {
    name: spec.columns_typed_as("category") for name, spec in TABLES.items() if spec.columns_typed_as("category")
}

DATE_COLUMNS = {"events": ("date", "date_end"), "sources": ("published", "published_end"),
                "market_share": ("period", "period_end")}  # fmt: skip
LABEL_COLUMNS = {"events": "date_label", "sources": "published_label", "market_share": "period_label"}
STAGE_ORDER = ["none", "planned", "ecosystem", "phones_partner", "phones_official", "own_store", "exited", "home"]


@pytest.fixture(scope="module")
def model() -> Model:
    return load_model()


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, cs in DATE_COLUMNS.items() for c in cs])
def test_date_columns_are_datetime64(model: Model, table: str, column: str) -> None:
    assert getattr(model, table)[column].dtype == "datetime64[ns]"


@pytest.mark.parametrize(("table", "label"), list(LABEL_COLUMNS.items()))
def test_date_labels_are_text_and_periods_are_ordered(model: Model, table: str, label: str) -> None:
    frame = getattr(model, table)
    start, end = DATE_COLUMNS[table]
    assert all(isinstance(value, str) for value in frame[label])
    dated = frame[frame[start].notna()]
    assert (dated[end] >= dated[start]).all()


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, cs in CATEGORY_COLUMNS.items() for c in cs])
def test_categorical_columns(model: Model, table: str, column: str) -> None:
    assert isinstance(getattr(model, table)[column].dtype, pd.CategoricalDtype)


@pytest.mark.parametrize(("table", "column"), [(t, c) for t, cs in LIST_COLUMNS.items() for c in cs])
def test_list_columns_hold_lists_of_text(model: Model, table: str, column: str) -> None:
    values = getattr(model, table)[column]
    assert all(isinstance(items, list) and all(isinstance(i, str) and i for i in items) for items in values)


def test_stage_is_ordered_by_rank(model: Model) -> None:
    dtype = model.events["stage"].dtype
    assert isinstance(dtype, pd.CategoricalDtype) and dtype.ordered
    assert list(dtype.categories) == STAGE_ORDER
    assert model.stages["stage_id"].tolist() == STAGE_ORDER
    assert model.stages["rank"].dtype.kind == "i"


def test_market_share_values_are_floats(model: Model) -> None:
    assert model.market_share["value"].dtype == "float64"


def test_every_table_loaded_with_ids(model: Model) -> None:
    assert model.data_dir == paths.DATA_DIR
    assert len(model.events) and len(model.sources) and len(model.companies)
    assert model.events["event_id"].is_unique and model.sources["source_id"].is_unique


def test_env_var_is_honoured(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = frames.copy_data(tmp_path / "elsewhere")
    frames.add_valid_rows(folder)
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(folder))
    model = load_model()
    assert model.data_dir == folder
    assert "zz-event" in set(model.events["event_id"])


def test_env_var_pointing_nowhere_fails_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(DataValidationError, match="does not exist"):
        load_model()


def test_argument_beats_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(tmp_path / "missing"))
    assert load_model(paths.DATA_DIR).data_dir == paths.DATA_DIR


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_env_var_means_bundled_data(monkeypatch: pytest.MonkeyPatch, blank: str) -> None:
    monkeypatch.setenv(paths.DATA_DIR_ENV, blank)
    assert load_model().data_dir == paths.DATA_DIR


def test_works_from_another_working_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = frames.copy_data(tmp_path / "copy")
    frames.add_valid_rows(folder)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.delenv(paths.DATA_DIR_ENV, raising=False)
    monkeypatch.chdir(elsewhere)
    bundled = load_model()
    assert bundled.data_dir == paths.DATA_DIR and "zz-event" not in set(bundled.events["event_id"])
    assert "zz-event" in set(load_model(folder).events["event_id"])
    assert "zz-event" in set(load_model("../copy").events["event_id"])
    assert "zz-event" in set(load_model(str(folder)).events["event_id"])


def test_parquet_table_folders_load_the_same_frames_as_csv(tmp_path: Path) -> None:
    from benchmarks import synth

    as_csv = load_model(synth.generate(60, tmp_path / "csv"))
    as_parquet = load_model(synth.generate(60, tmp_path / "parquet", file_format="parquet"))
    assert next(iter((tmp_path / "parquet" / "events").iterdir())).suffix == ".parquet"
    for name in ("events", "sources", "market_share", "conflicts", "stages"):
        pd.testing.assert_frame_equal(getattr(as_parquet, name), getattr(as_csv, name))
