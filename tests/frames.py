"""Hand-built frames typed exactly like load_model() output, and copied data folders, shared by the tests."""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import io
import shutil
from pathlib import Path

import pandas as pd

from components import paths
from components.model.schema import TABLES, parse_partial_date
from components.model.typed import to_typed_frame

STAGE_ROWS = (
    ("none", "0", "No recorded entry"),
    ("planned", "1", "Plans or rumours"),
    ("ecosystem", "2", "Ecosystem products only"),
    ("phones_partner", "3", "Phones via partners"),
    ("phones_official", "4", "Official phone launch"),
    ("own_store", "5", "Own stores"),
    ("exited", "6", "Exited"),
    ("home", "7", "Home market"),
)

EVENT_DEFAULTS = {
    "company": "xiaomi",
    "country": "KOR",
    "date": "2016-03-01",
    "date_precision": "",
    "date_basis": "stated",
    "date_note": "",
    "event_type": "official_launch",
    "stage": "ecosystem",
    "status": "happened",
    "product_lines": "",
    "products": "",
    "partners": "",
    "competitors": "",
    "summary": "Something happened.",
    "source_ids": "s1",
}

SOURCE_DEFAULTS = {
    "outlet": "Outlet",
    "title": "",
    "author": "",
    "language": "en",
    "published": "2016-03-01",
    "published_precision": "",
    "published_basis": "stated",
    "published_note": "",
    "url": "https://example.com/a",
    "kind": "news",
    "reliability": "strong",
    "cluster": "",
    "notes": "",
}

COMPANY_ROWS = (
    ("xiaomi", "Xiaomi", "CHN", "subject", "Mi"),
    ("samsung", "Samsung", "KOR", "competitor", ""),
    ("lg", "LG", "KOR", "competitor", ""),
    ("huawei", "Huawei", "CHN", "competitor", ""),
    ("apple", "Apple", "USA", "competitor", ""),
    ("pantech", "Pantech", "KOR", "vendor", ""),
    ("oppo", "Oppo", "CHN", "vendor", ""),
)

SHARE_DEFAULTS = {
    "country": "KOR",
    "period": "2020",
    "period_precision": "",
    "vendor": "xiaomi",
    "metric": "shipment_share",
    "value": "1.0",
    "source_id": "s1",
    "licence": "proprietary, cited",
    "quality_flag": "",
    "note": "",
}


def _raw(spec_name: str, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Text frame with every schema column, '_file' and '_line', as read_raw_tables produces."""
    columns = TABLES[spec_name].column_names
    frame = pd.DataFrame([{c: row.get(c, "") for c in columns} for row in rows], columns=columns, dtype=str)
    return frame.assign(_file="test.csv", _line=range(2, len(rows) + 2))


def _with_precision(row: dict[str, str], date_column: str, precision_column: str) -> dict[str, str]:
    if row.get(date_column) and not row.get(precision_column):
        return {**row, precision_column: parse_partial_date(row[date_column])[1]}
    return row


def stages_raw() -> pd.DataFrame:
    """The stages table as text."""
    return _raw(
        "stages", [{"stage_id": s, "rank": r, "label": label, "description": label} for s, r, label in STAGE_ROWS]
    )


def stages() -> pd.DataFrame:
    """The typed stages table."""
    return to_typed_frame("stages", stages_raw(), {})


def events(*rows: dict[str, str]) -> pd.DataFrame:
    """Typed events; each row gives only what differs from EVENT_DEFAULTS (ids default to e1, e2, ...)."""
    full = [
        _with_precision({"event_id": f"e{i}", **EVENT_DEFAULTS, **row}, "date", "date_precision")
        for i, row in enumerate(rows, start=1)
    ]
    return to_typed_frame("events", _raw("events", full), {"stages": stages_raw()})


def sources(*rows: dict[str, str]) -> pd.DataFrame:
    """Typed sources; each row gives only what differs from SOURCE_DEFAULTS (ids default to s1, s2, ...)."""
    full = [
        _with_precision({"source_id": f"s{i}", **SOURCE_DEFAULTS, **row}, "published", "published_precision")
        for i, row in enumerate(rows, start=1)
    ]
    return to_typed_frame("sources", _raw("sources", full), {})


def companies() -> pd.DataFrame:
    """Typed companies: Xiaomi, the four competitors, and two vendors."""
    keys = ("company_id", "name", "home_country", "role", "aliases")
    return to_typed_frame(
        "companies", _raw("companies", [dict(zip(keys, row, strict=False)) for row in COMPANY_ROWS]), {}
    )


def market_share(*rows: dict[str, str]) -> pd.DataFrame:
    """Typed market-share rows; each row gives only what differs from SHARE_DEFAULTS."""
    full = [
        _with_precision({"observation_id": f"o{i}", **SHARE_DEFAULTS, **row}, "period", "period_precision")
        for i, row in enumerate(rows, start=1)
    ]
    return to_typed_frame("market_share", _raw("market_share", full), {})


def snapshot(frame: pd.DataFrame) -> pd.DataFrame:
    """A deep copy (lists included) to compare against after a call, proving the input was not mutated."""
    return frame.map(lambda v: list(v) if isinstance(v, list) else v) if len(frame) else frame.copy()


# --- data folders on disk, for load_model() tests -------------------------------------------------------------------

VALID_SOURCE = {
    "source_id": "zz-src", "outlet": "Test Outlet", "language": "en", "published": "2016-03",
    "published_precision": "month", "published_basis": "stated", "url": "https://example.com/zz", "kind": "news",
    "reliability": "strong",
}  # fmt: skip
VALID_EVENT = {
    "event_id": "zz-event", "company": "xiaomi", "country": "KOR", "date": "2016-03", "date_precision": "month",
    "date_basis": "stated", "event_type": "official_launch", "stage": "ecosystem", "status": "happened",
    "product_lines": "smartphones", "summary": "A test event.", "source_ids": "zz-src",
}  # fmt: skip
VALID_SHARE = {
    "observation_id": "zz-obs", "country": "KOR", "period": "2020", "period_precision": "year", "vendor": "xiaomi",
    "metric": "shipment_share", "value": "1.5", "source_id": "zz-src", "licence": "test",
}  # fmt: skip


def copy_data(target: Path) -> Path:
    """Copy the real data folder to `target` and return it."""
    shutil.copytree(paths.DATA_DIR, target)
    return target


def write_rows(folder: Path, relative: str, rows: list[dict[str, str]], columns: list[str] | None = None) -> Path:
    """Write a CSV file under `folder` with the given columns (default: the schema's columns for that table)."""
    if columns is None:
        spec = next(s for s in TABLES.values() if fnmatch.fnmatch(relative, s.pattern))
        columns = spec.column_names
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[row.get(column, "") for column in columns] for row in rows])
    target = folder / relative
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


def add_valid_rows(folder: Path) -> None:
    """Add one valid source, event and market-share row in new files (zz_test.csv) of a copied data folder."""
    write_rows(folder, "sources/zz_test.csv", [VALID_SOURCE])
    write_rows(folder, "events/zz_test.csv", [VALID_EVENT])
    write_rows(folder, "market_share/zz_test.csv", [VALID_SHARE])


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by relative path."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def set_thresholds(monkeypatch, vectorise_from_rows: int, fast_read_from_bytes: int) -> None:
    """Set the loader's size thresholds in every module that holds a copy (each imported the constant by name)."""
    from components.model import read, typed, validate, vectorised

    for module in (vectorised, validate, typed):
        if hasattr(module, "VECTORISE_FROM_ROWS"):
            monkeypatch.setattr(module, "VECTORISE_FROM_ROWS", vectorise_from_rows)
    monkeypatch.setattr(read, "FAST_READ_FROM_BYTES", fast_read_from_bytes)
