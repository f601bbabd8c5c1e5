"""Bounded extraction: recognisers do linear work, one input limit everywhere, a cap on candidates."""

import datetime as dt
import subprocess
import sys
import time

import pytest

from components import paths
from components.ingest import spans
from components.ingest.competitors import find_competitors
from components.ingest.countries import find_country_mentions
from components.ingest.dates import find_dates
from components.ingest.extract import MAX_CANDIDATES, extract_candidates
from components.ingest.partners import find_partners
from components.ingest.products import find_product_lines
from components.ingest.text import MAX_TEXT_BYTES, ArticleError, decode_article, read_article

ADVERSARIAL = {
    # ambiguous names next to capitalised words: the old check split the whole text at each of them
    "ambiguous": "China Georgia Chad Jersey China. " * 1200,
    # collaboration cues in one long clause without a sentence end; nicknames; Korean names without particles
    "clauses": "Xiaomi works with Samsung, Apple of China and LG while Huawei rivals 애플애플 in Chad, " * 500,
    # month names with day and year after them, relative phrases
    "dates": "On 3 March 2019 and in May next year, Fin mai 2018 " * 800,
}


class CountingStr(str):
    """A str that counts how many characters are copied out of it by slicing."""

    copied = 0

    def __getitem__(self, key):
        item = str.__getitem__(self, key)
        CountingStr.copied += len(item)
        return item


@pytest.mark.parametrize("kind", sorted(ADVERSARIAL))
@pytest.mark.parametrize(
    "recogniser",
    [
        lambda text: find_country_mentions(text, "en"),
        lambda text: find_country_mentions(text),
        lambda text: find_competitors(text, "en"),
        lambda text: find_partners(text),
        lambda text: find_dates(text, "en", dt.date(2019, 1, 1)),
    ],
    ids=["countries-en", "countries-any", "competitors", "partners", "dates"],
)
def test_recognisers_copy_a_bounded_share_of_the_text(kind, recogniser):
    """Linear work: no recogniser copies the text before or after each match (the old code copied O(n²))."""
    text = CountingStr(ADVERSARIAL[kind])
    CountingStr.copied = 0
    recogniser(text)
    assert CountingStr.copied <= 8 * len(text), f"{CountingStr.copied} characters copied from {len(text)}"


def test_the_matcher_does_python_work_only_where_a_term_starts(monkeypatch):
    calls = []
    original = spans._longest_at
    monkeypatch.setattr(spans, "_longest_at", lambda *args: calls.append(args[1]) or original(*args))
    assert find_product_lines("zzz qqq " * 5000, "en") == []
    assert calls == []
    found = find_product_lines("zzz smartphones qqq " * 100, "en")
    assert len(found) == 100 and len(calls) == 100


def test_a_200_kB_adversarial_article_extracts_in_seconds():
    """The base code took minutes on 200 kB of adversarial text (docs/extraction.md, Performance)."""
    text = ("Xiaomi sells phones in China, Georgia and Chad with Samsung. " * 4000)[:MAX_TEXT_BYTES]
    start = time.perf_counter()
    extract_candidates(text, "en", dt.date(2019, 1, 1))
    assert time.perf_counter() - start < 10


def test_one_input_limit_for_text_upload_and_file(tmp_path):
    at_limit = b"x" * (MAX_TEXT_BYTES - 1) + b"\n"
    assert len(decode_article(at_limit)) == MAX_TEXT_BYTES
    with pytest.raises(ArticleError, match="over the limit"):
        decode_article(at_limit + b"x")
    with pytest.raises(ArticleError, match="over the limit"):
        decode_article(("Café très léger. " * 11_000).encode("cp1252"))  # 187 kB in cp1252, 220 kB in UTF-8
    with pytest.raises(ArticleError, match="over the limit"):
        extract_candidates("Xiaomi in Chile. " * (MAX_TEXT_BYTES // 17 + 1), "es")
    file = tmp_path / "big.txt"
    file.write_bytes(at_limit + b"x")
    with pytest.raises(ArticleError, match="over the limit"):
        read_article(file)


def test_the_cli_refuses_text_over_the_limit(tmp_path):
    file = tmp_path / "big.txt"
    file.write_bytes(b"Xiaomi in Chile. " * (MAX_TEXT_BYTES // 17 + 1))
    result = subprocess.run(
        [sys.executable, "-m", "components.ingest", "extract", str(file)],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert f"over the limit of {MAX_TEXT_BYTES} bytes" in result.stderr


def many_clusters(count):
    paragraph = "Xiaomi opens a store in {}. It sells phones. And bands. And scooters. And more.\n"
    return "".join(paragraph.format("Kenya" if index % 2 else "Peru") for index in range(count))


def test_candidates_are_capped_and_the_rest_counted(tmp_path):
    text = many_clusters(MAX_CANDIDATES + 20)
    everything = extract_candidates(text, "en", max_candidates=10**6)
    assert len(everything) == MAX_CANDIDATES + 20 and everything.dropped == 0
    capped = extract_candidates(text, "en")
    assert len(capped) == MAX_CANDIDATES and capped.dropped == 20
    assert list(capped) == list(everything)[:MAX_CANDIDATES]
    file = tmp_path / "many.txt"
    file.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "components.ingest", "extract", str(file), "--lang", "en"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0 and "20 more candidates dropped" in result.stderr
