"""Write data/datapackage.json: the dataset as a Frictionless Data Package, generated from model/schema.TABLES.

    python tools/build_datapackage.py            # (re)write data/datapackage.json
    python tools/build_datapackage.py --check    # exit 1 if the file differs from what the schema gives

Fields, types, required columns, allowed values, primary keys and foreign keys come from the schema; the file list
of each resource from the data folder; the licences from data/README.md's licence section (restated here).
tests/model/test_datapackage.py checks that the committed file is this script's output and fits the loaded model.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from components import paths
from components.model.schema import TABLE_ORDER, TABLES, Column, TableSpec

PACKAGE_FILE = "datapackage.json"
# Dates are written at their precision (2017, 2017-Q2, 2017-05, 2017-05-12): strings with a pattern, not dates.
PARTIAL_DATE = r"^\d{4}(-(\d{2}|Q[1-4]|H[12])(-\d{2})?)?$"
TYPES = {"number": "number", "id": "string", "url": "string"}
FORMATS = {"url": "uri"}
DESCRIPTIONS = {
    "list": "Several values separated by ';'.",
    "refs": "Several ids separated by ';', each one of {target}.",
    "date": "A date at its precision: YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD.",
    "precision": "How precisely the date is known: day, month, quarter, half or year.",
    "country": "ISO 3166-1 alpha-3 country code (or a UN M49 region code for region-wide rows).",
    "language": "ISO 639-1 language code.",
}
LICENSES = [  # data/README.md "Licences"; the facts themselves are restated in our own words, citing their sources
    {"name": "CC-BY-SA-3.0", "path": "https://creativecommons.org/licenses/by-sa/3.0/",
     "title": "StatCounter Global Stats figures (market_share rows whose licence column says so): credit "
     "\"StatCounter Global Stats\" with a link"},
    {"name": "other-at", "title": "Analyst shipment figures: the named firms' proprietary numbers, cited with "
     "attribution to the firm and the page reporting them (the licence column of each market_share row)"},
]  # fmt: skip


def make_field(column: Column) -> dict:
    """One Table Schema field of a column: type, constraints and a description of its convention."""
    field: dict = {"name": column.name, "type": TYPES.get(column.kind, "string")}
    if column.dtype == "int":
        field["type"] = "integer"
    if column.kind in FORMATS:
        field["format"] = FORMATS[column.kind]
    constraints: dict = {"required": True} if column.required else {}
    if column.choices:
        constraints["enum"] = list(column.choices)
    if column.kind == "date":
        constraints["pattern"] = PARTIAL_DATE
    if constraints:
        field["constraints"] = constraints
    description = DESCRIPTIONS.get(column.kind, "")
    if description:
        field["description"] = description.format(target=column.refers_to)
    return field


def make_resource(spec: TableSpec, data_dir: Path) -> dict:
    """The resource of one table: its CSV files, schema, primary key and (single-valued) foreign keys."""
    files = sorted(path.relative_to(data_dir).as_posix() for path in data_dir.glob(spec.pattern))
    schema: dict = {"fields": [make_field(column) for column in spec.columns], "missingValues": [""]}
    if spec.id_column:
        schema["primaryKey"] = [spec.id_column]
    foreign = [c for c in spec.columns if c.kind == "ref" and c.refers_to]
    if foreign:
        schema["foreignKeys"] = [
            {
                "fields": [c.name],
                "reference": {"resource": c.refers_to.split(".")[0], "fields": [c.refers_to.split(".")[1]]},
            }
            for c in foreign
        ]
    return {
        "name": spec.name.replace("_", "-"),
        "path": files if len(files) != 1 else files[0],
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def build_datapackage(data_dir: str | Path | None = None) -> dict:
    """The data package descriptor of the data folder (every table of the schema, in reading order)."""
    folder = paths.resolve_data_dir(data_dir)
    resources = [make_resource(TABLES[name], folder) for name in TABLE_ORDER]
    for resource in resources:  # foreign keys name resources by their package name
        for key in resource["schema"].get("foreignKeys", []):
            key["reference"]["resource"] = key["reference"]["resource"].replace("_", "-")
    return {
        "profile": "tabular-data-package",
        "name": "xiaomi-market-atlas",
        "title": "Xiaomi Market Atlas",
        "description": "Where, when, how and against whom Xiaomi entered markets around the world: sourced events "
        "with their date precision, the sources behind them, competitors' events, market-share figures and "
        "conflicting reports. See README.md.",
        "licenses": LICENSES,
        "resources": resources,
    }


def render(package: dict) -> str:
    """The descriptor as the committed file's text."""
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="data folder (default: data/)")
    parser.add_argument("--check", action="store_true", help="only compare with the committed file")
    args = parser.parse_args(argv)
    folder = paths.resolve_data_dir(args.data)
    text = render(build_datapackage(folder))
    target = folder / PACKAGE_FILE
    if args.check:
        same = target.exists() and target.read_text(encoding="utf-8") == text
        print(f"{target}: {'up to date' if same else 'differs from the schema: run tools/build_datapackage.py'}")
        return 0 if same else 1
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(text):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
