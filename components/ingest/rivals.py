"""Keep only the companies an article names as rivals: near a rival or ranking cue, or in a list of vendors."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from components.ingest.cues import find_cues
from components.ingest.lexicon import read_phrases
from components.ingest.normalise import FoldedText
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms

SHARE_AFTER = re.compile(r"[^.!?。\n]{0,25}?\d(?:[.,]\d+)?\s?(?:%|％|per ?cent|процент)")  # "Samsung 21%"
MIN_LISTED = 2  # a sentence naming this many other vendors compares them (a ranking, "Samsung, Huawei und Co.")


def keep_rivals(
    companies: list[Span], article: FoldedText, sentences: list[tuple[int, int]], lang: str, ranking: list[Span]
) -> list[Span]:
    """The company spans in a sentence with a rival cue (data/lexicon/phrases.csv, role rival_cue) or a market-claim
    cue (`ranking`), or in a sentence naming at least MIN_LISTED other vendors.

    A sentence ending with a colon passes its cue to the next one; a company followed closely by a percentage is in
    a share table or claim. Vendors listed in a sentence about factories (a manufacturing cue) are other investors,
    not rivals ("OPPO, Tecno and vivo also build plants in Turkey"), unless a rival or claim cue is there too.
    A company named alone and without such a cue (a supplier's other customer, a former
    employer, a carrier named like a vendor) is not a rival.
    """
    starts = [start for start, _ in sentences]

    def sentence(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    cued = {sentence(span.start) for span in [*find_terms(article, rival_matcher(lang)), *ranking]}
    text = article.text
    cued |= {index + 1 for index in cued if index + 1 < len(sentences) and introduces(text, sentences[index])}
    cued |= {sentence(span.start) for span in companies if SHARE_AFTER.match(text, span.end)}
    vendors: dict[int, set[str]] = {}
    for span in companies:
        vendors.setdefault(sentence(span.start), set()).add(span.value)
    building = {
        sentence(span.start) for span in find_cues(article, "event_type", lang) if span.value == "manufacturing"
    }
    listed = {index for index, values in vendors.items() if len(values) >= MIN_LISTED and index not in building}
    return [span for span in companies if sentence(span.start) in cued | listed]


def introduces(text: str, sentence: tuple[int, int]) -> bool:
    """True if the sentence ends with a colon: what follows is its list ("而对比友商,差距更为刺眼:")."""
    return text[sentence[0] : sentence[1]].rstrip().endswith((":", "："))


@lru_cache(maxsize=64)
def rival_matcher(lang: str) -> TermMatcher:
    """The `rival_cue` phrases of the article's language and English (data/lexicon/phrases.csv)."""
    wanted = {"en", "*", lang.split("-")[0].lower()}
    return build_matcher(
        (term, "rival") for role, row_lang, term, _ in read_phrases() if role == "rival_cue" and row_lang in wanted
    )
