"""The ingestion CLI on the seeds, bad input (nothing written, non-zero exit) and the all-or-nothing review."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from review_cases import candidate, snapshot

from components import paths
from components.ingest.review import candidates_to_event_rows, source_row, write_reviewed
from components.ingest.text import ArticleError, decode_article
from components.model.schema import DataValidationError

SEEDS_DIR = Path(__file__).parents[1] / "fixtures" / "seeds"  # copies of ../shared/seeds, so a clean clone tests them

SEEDS = sorted(SEEDS_DIR.glob("*.txt"))


def run_cli(*args, cwd=paths.ROOT):
    return subprocess.run(
        [sys.executable, "-m", "components.ingest", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(not SEEDS, reason="seed articles not available")
def test_extract_on_the_seeds_prints_candidates_with_evidence():
    result = run_cli("extract", *SEEDS, "--published", "2017-05-11", "--json")
    assert result.returncode == 0, result.stderr
    candidates = json.loads(result.stdout)
    assert {c["source_file"] for c in candidates} == {seed.name for seed in SEEDS}
    texts = {seed.name: seed.read_text(encoding="utf-8") for seed in SEEDS}
    for found in candidates:
        for items in found["evidence"].values():
            for item in items:
                assert texts[found["source_file"]][item["start"] : item["end"]] == item["text"]
    korea = [c for c in candidates if c["source_file"].startswith("000_") and c["country"] == "KOR"]
    assert korea and {"samsung", "lg"} <= {x for c in korea for x in c["competitors"]}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (bytes(range(128, 256)) * 20, "not UTF-8"),
        (b"x" * 1_000_001, "over the limit"),
    ],
    ids=["empty", "blank", "binary", "undecodable", "too-large"],
)
def test_bad_input_fails_clearly(tmp_path, content, message):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    result = run_cli("extract", article, "--json")
    assert result.returncode == 2
    assert message in result.stderr and result.stdout == ""


def test_missing_file_fails(tmp_path):
    result = run_cli("extract", tmp_path / "nope.txt")
    assert result.returncode == 2 and "no such file" in result.stderr


def test_legacy_encodings_are_decoded_when_sane():
    text = "Xiaomi arrive en Corée du Sud: écouteurs, trottinettes et téléphones à prix réduit."
    assert decode_article(text.encode("cp1252")) == text
    assert decode_article("샤오미가 한국에 진출했다.".encode("euc-kr")) == "샤오미가 한국에 진출했다."


def test_control_characters_are_refused():
    with pytest.raises(ArticleError):
        decode_article(b"\x01\x02\x03\x04 some text \x05\x06\x07\x08")


def test_review_appends_new_files_that_validate(data_copy):
    before = snapshot(data_copy)
    events = candidates_to_event_rows([candidate()], "test-article")
    written = write_reviewed(
        events, source_row("test-article", "Some outlet", "https://example.org/a", "fr", "2019-03-05"), data_copy
    )
    after = snapshot(data_copy)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing existing changed
    assert sorted(set(after) - set(before)) == sorted(p.relative_to(data_copy) for p in written)
    from components.model import load_model

    model = load_model(data_copy)
    assert "ing-test-article-01" in set(model.events["event_id"])


def test_a_failing_review_writes_nothing(data_copy):
    before = snapshot(data_copy)
    events = candidates_to_event_rows([candidate(), candidate(country="XYZ", product_lines=["nonsense"])], "bad-one")
    with pytest.raises(DataValidationError):
        write_reviewed(events, source_row("bad-one", "Outlet", language="fr"), data_copy)
    assert snapshot(data_copy) == before


def test_review_cli_refuses_bad_candidates_and_writes_nothing(tmp_path, data_copy):
    before = snapshot(data_copy)
    file = tmp_path / "candidates.json"
    file.write_text(json.dumps([candidate(date="", date_precision="")]), encoding="utf-8")
    result = run_cli("review", file, "--source-id", "cli-bad", "--outlet", "X", "--data-dir", data_copy)
    assert result.returncode == 3 and "problem" in result.stderr
    assert snapshot(data_copy) == before


def test_review_cli_writes_files(tmp_path, data_copy):
    file = tmp_path / "candidates.json"
    file.write_text(json.dumps([candidate()]), encoding="utf-8")
    result = run_cli(
        "review",
        file,
        "--source-id",
        "cli-ok",
        "--outlet",
        "X",
        "--url",
        "https://example.org/x",
        "--data-dir",
        data_copy,
    )
    assert result.returncode == 0, result.stderr
    assert (data_copy / "events" / "ingested-cli-ok.csv").is_file()
    assert (data_copy / "sources" / "ingested-cli-ok.csv").is_file()
    again = run_cli("review", file, "--source-id", "cli-ok", "--outlet", "X", "--data-dir", data_copy)
    assert again.returncode == 2 and "already exists" in again.stderr
