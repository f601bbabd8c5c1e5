"""Sentence splitting measured: wrong and missed splits of ingest.segment and of sentencex, on annotated texts.

Run: python -m benchmarks.extraction_segmentation   (needs sentencex, which the project does not depend on)

The texts are tests/ingest/segmentation_cases.json (each case is a list of sentences joined by a space, or by
nothing for Chinese and Japanese); cases marked held_out were not used to tune ingest.segment. A split is wrong
when it is not at a reference sentence end, missed when a reference sentence end is not split (a split before or
after closing quotes is the same). On the fixture articles the two are only compared with each other.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable

from components import paths
from components.ingest.segment import split_sentences

CASES = paths.ROOT / "tests" / "ingest" / "segmentation_cases.json"
UNSPACED = {"zh", "ja"}
FIXTURES = paths.ROOT / "tests" / "fixtures" / "articles"


def cases(held_out: bool) -> list[tuple[str, str, set[int]]]:
    """(lang, text, offsets where a sentence ends) for the annotated cases (held out from tuning, or not)."""
    found = []
    for case in json.loads(CASES.read_text(encoding="utf-8"))["cases"]:
        if case.get("held_out", False) != held_out:
            continue
        joiner = "" if case["lang"] in UNSPACED else " "
        text, ends, position = "", set(), 0
        for index, sentence in enumerate(case["sentences"]):
            if index:
                text += joiner
                position += len(joiner)
            text += sentence
            position += len(sentence)
            ends.add(position)
        found.append((case["lang"], text, _after_closing(text, ends)))
    return found


CLOSING = '"”’»)」』）'


def _after_closing(text: str, ends: set[int]) -> set[int]:
    """Ends moved past closing quotes and brackets (a split before or after them is the same boundary)."""
    moved = set()
    for end in ends:
        while end < len(text) and text[end] in CLOSING:
            end += 1
        moved.add(end)
    return moved - {len(text)}


def regex_ends(lang: str, text: str) -> set[int]:
    return _after_closing(text, {end for _, end in split_sentences(text)})


def sentencex_ends(lang: str, text: str) -> set[int]:
    from sentencex import segment

    ends, position = set(), 0
    for sentence in segment(lang, text):
        start = text.index(sentence, position) if sentence else position
        position = start + len(sentence.rstrip())
        ends.add(position)
    return _after_closing(text, ends)


def score(splitter: Callable[[str, str], set[int]], held_out: bool) -> tuple[int, int, int, list[str]]:
    """(reference ends, wrong splits, missed splits, examples) over the cases."""
    total = wrong = missed = 0
    examples = []
    for lang, text, ends in cases(held_out):
        got = splitter(lang, text)
        total += len(ends)
        for end in sorted(got - ends):
            wrong += 1
            examples.append(f"wrong  {lang}: …{text[max(0, end - 25) : end]}|{text[end : end + 15]}…")
        for end in sorted(ends - got):
            missed += 1
            examples.append(f"missed {lang}: …{text[max(0, end - 25) : end]}|{text[end : end + 15]}…")
    return total, wrong, missed, examples


def _fixture_differs(path) -> bool:
    text = path.read_text(encoding="utf-8")
    lang = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8")).get(path.name, {}).get("lang", "en")
    return regex_ends(lang, text) != sentencex_ends(lang, text)


def main() -> int:
    try:
        import sentencex  # noqa: F401  (measured only when installed: pip install sentencex==1.0.32)
    except ImportError:
        print("sentencex is not installed: pip install sentencex==1.0.32 to compare")
        return 1
    for held_out in (False, True):
        for name, splitter in (("ingest.segment", regex_ends), ("sentencex", sentencex_ends)):
            total, wrong, missed, examples = score(splitter, held_out)
            which = "held-out cases" if held_out else "tuning cases"
            print(f"{name} on {which}: {total} sentence ends, {wrong} wrong splits, {missed} missed")
            for example in examples:
                print(f"  {example}")
    fixtures = sorted(FIXTURES.glob("*.txt"))
    differ = [path.name for path in fixtures if _fixture_differs(path)]
    print(f"fixture articles where the two split differently: {len(differ)} of {len(fixtures)} {differ}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
