"""Sentence splitting: CJK ends without spaces, no cut at abbreviations, initials, decimals or German ordinals."""

import json

import pytest

from components import paths
from components.ingest.segment import split_sentences

CASES = json.loads((paths.ROOT / "tests" / "ingest" / "segmentation_cases.json").read_text(encoding="utf-8"))["cases"]
TUNED = [case for case in CASES if not case.get("held_out")]


@pytest.mark.parametrize("case", TUNED, ids=[f"{case['lang']}-{n}" for n, case in enumerate(TUNED)])
def test_annotated_texts_split_into_their_sentences(case):
    joiner = "" if case["lang"] in ("zh", "ja") else " "
    text = joiner.join(case["sentences"])
    assert [text[start:end].strip() for start, end in split_sentences(text)] == case["sentences"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("小米进入印度。明年开店！价格？", 3),
        ("小米进入印度。 明年开店。", 2),
        ("It grew 3.5 times. Then it fell.", 2),
        ("He left the U.S. He came back.", 1),  # initials are not split, even at a real end (a known limit)
        ("Sales rose in May. 5 new stores opened.", 2),
        ("Am 3. März. Am 4. April.", 2),
        ("Line one\nLine two", 2),
    ],
)
def test_sentence_counts(text, count):
    assert len(split_sentences(text)) == count
