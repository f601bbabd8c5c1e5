"""The Add page's review table: option columns, primary candidate first, rows validated by the data contract before
any download, problems shown per row, over-long text and unknown languages refused with a message."""

from streamlit.testing.v1 import AppTest

from components import paths

PAGE = paths.ROOT / "components" / "pages" / "add" / "page.py"
ARTICLE = "Xiaomi ha aperto un negozio in Spagna il 7 novembre 2017."


def start(text: str, **inputs: str) -> AppTest:
    app = AppTest.from_file(str(PAGE), default_timeout=120)
    app.run()
    if "ingest_lang" in inputs:
        app.text_input(key="ingest_lang").input(inputs.pop("ingest_lang")).run()
    app.text_area(key="ingest_text").input(text).run()
    for key, value in inputs.items():  # the source fields appear once there are candidates
        app.text_input(key=key).input(value).run()
    assert not app.exception, app.exception
    return app


def test_valid_rows_can_be_downloaded():
    app = start(ARTICLE, ingest_source_id="it-negozio-2017", ingest_url="https://example.org/a")
    assert not app.error, [e.value for e in app.error]
    assert len(app.get("download_button")) == 2


def test_a_wrong_edit_is_reported_per_row_and_blocks_the_download():
    app = start(ARTICLE, ingest_source_id="it-negozio-2017", ingest_url="https://example.org/a")
    assert len(app.get("download_button")) == 2  # valid as extracted
    # an existing source id is refused by the contract (ids must be new)
    app.text_input(key="ingest_source_id").input("000_c897a22e277c9232").run()
    assert any("problem" in e.value for e in app.error), [e.value for e in app.error]
    assert any("Source row: source_id" in t.value for t in app.text), [t.value for t in app.text]
    assert not app.get("download_button")


def test_an_unknown_language_is_refused_with_a_message():
    app = start(ARTICLE, ingest_lang="zz")
    assert any("ISO 639-1" in e.value for e in app.error)


def test_text_over_the_limit_gets_a_message_not_a_traceback():
    app = start("Xiaomi entra in Italia. " * 10_000)
    assert any("limit" in e.value for e in app.error), [e.value for e in app.error]
