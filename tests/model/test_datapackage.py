"""data/datapackage.json: exactly what tools/build_datapackage.py makes from the schema, and true of the data."""

import csv
import importlib.util
import io
import json
import re
import zipfile

import pytest

from components import paths
from components.model import load_model
from components.model.schema import TABLE_ORDER, TABLES
from components.queries.tables import dataset_zip_bytes


def load_tool():
    spec = importlib.util.spec_from_file_location("build_datapackage", paths.ROOT / "tools" / "build_datapackage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def package():
    return json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def model():
    return load_model()


def resources(package):
    return {r["name"].replace("-", "_"): r for r in package["resources"]}


def files_of(resource):
    return resource["path"] if isinstance(resource["path"], list) else [resource["path"]]


def test_the_file_is_what_the_generator_makes_from_the_current_schema():
    tool = load_tool()
    expected = tool.render(tool.build_datapackage(paths.DATA_DIR))
    assert (paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8") == expected, (
        "run: python tools/build_datapackage.py"
    )


def test_every_table_is_a_resource_with_the_schema_columns(package, model):
    found = resources(package)
    assert list(found) == list(TABLE_ORDER)
    for name, resource in found.items():
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert fields == TABLES[name].column_names
        assert set(fields) <= set(getattr(model, name).columns) | {"date", "published", "period"}
        assert resource["profile"] == "tabular-data-resource"
        for file in files_of(resource):
            assert (paths.DATA_DIR / file).is_file(), file


def test_primary_and_foreign_keys_hold_in_the_loaded_model(package, model):
    found = resources(package)
    for name, resource in found.items():
        frame = getattr(model, name)
        for key in resource["schema"].get("primaryKey", []):
            assert frame[key].astype(str).is_unique, (name, key)
        for foreign in resource["schema"].get("foreignKeys", []):
            target = foreign["reference"]["resource"].replace("-", "_")
            (column,), (target_column,) = foreign["fields"], foreign["reference"]["fields"]
            known = set(getattr(model, target)[target_column].astype(str))
            assert set(frame[column].astype(str)) <= known, (name, column, target)


def test_every_csv_row_meets_the_field_constraints(package):
    for resource in package["resources"]:
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        for file in files_of(resource):
            with open(paths.DATA_DIR / file, encoding="utf-8", newline="") as handle:
                for line, row in enumerate(csv.DictReader(handle), start=2):
                    for name, value in row.items():
                        check_value(fields[name], value, f"{file}:{line}:{name}")


def check_value(field, value, where):
    constraints = field.get("constraints", {})
    if value == "":
        assert not constraints.get("required"), f"{where}: required"
        return
    if "enum" in constraints:
        assert value in constraints["enum"], f"{where}: {value!r} not in enum"
    if "pattern" in constraints:
        assert re.match(constraints["pattern"], value), f"{where}: {value!r} does not match the pattern"
    if field["type"] == "integer":
        int(value)
    elif field["type"] == "number":
        float(value)


def test_licences_name_statcounter_and_the_zip_carries_the_package():
    package = json.loads((paths.DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    assert any(lic["name"] == "CC-BY-SA-3.0" and "StatCounter" in lic["title"] for lic in package["licenses"])
    with zipfile.ZipFile(io.BytesIO(dataset_zip_bytes(paths.DATA_DIR, "cite"))) as archive:
        assert json.loads(archive.read("xiaomi-market-atlas/datapackage.json")) == package
