"""The article text folded once (case, accents, apostrophes), with offsets back to the original and word boundaries."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable
from functools import lru_cache
from typing import Any

APOSTROPHES = "’‘ʼ`´"
# Code point ranges that hold every character of scripts written without spaces (a superset of is_unspaced).
UNSPACED_RANGES = (
    "\u0e00-\u0e7f\u2e80-\u2fdf\u3040-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
    "\U0001b000-\U0001b16f\U00020000-\U0003ffff"
)


class FoldedText:
    """An article's text, its folded form and the offset maps between them, built once and shared by recognisers.

    `origin[i]` is the offset in `text` of the character that folded character `i` comes from; `first[j]` is the
    index in `folded` of the first character produced by text character `j` (-1 when it folds to nothing). `memo`
    keeps per-article results (recogniser outputs, boundary tables) so that no recogniser computes them twice.
    """

    __slots__ = ("_memo", "first", "folded", "origin", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded, self.origin, self.first = _fold(text)
        self._memo: dict[object, Any] = {}

    def __len__(self) -> int:
        return len(self.text)

    def memo(self, key: object, build: Callable[[], Any]) -> Any:
        """The value stored under `key`, computed by `build()` the first time it is asked for."""
        if key not in self._memo:
            self._memo[key] = build()
        return self._memo[key]

    def characters(self) -> frozenset[str]:
        """Every character of the text and of its folded form."""
        return self.memo("characters", lambda: frozenset(self.text) | frozenset(self.folded))

    def folded_from(self, position: int) -> int:
        """Index of the first folded character that comes from text offset `position` or later."""
        return bisect_left(self.origin, position)


def fold_text(text: str | FoldedText) -> FoldedText:
    """The folded article (the same object when it is folded already)."""
    return text if isinstance(text, FoldedText) else FoldedText(text)


def normalise(text: str) -> str:
    """Casefold, strip accents from Latin letters and unify apostrophes (the form names are compared in)."""
    return _fold(text)[0]


def normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the offset of the input character it comes from."""
    folded, origin, _ = _fold(text)
    return folded, origin


def _fold(text: str) -> tuple[str, list[int], list[int]]:
    if text.isascii():
        folded = text.lower().replace("`", "'")
        offsets = list(range(len(text)))
        return folded, offsets, offsets
    out: list[str] = []
    origin: list[int] = []
    first: list[int] = []
    add_origin, add_first, add_out, cache = origin.append, first.append, out.append, _CHARS
    previous_latin = False
    for index, char in enumerate(text):
        info = cache.get(char)
        if info is None:
            info = cache[char] = _char_info(char)
        folded = info[0] if previous_latin else info[1]
        if not info[2]:
            previous_latin = info[3]
        add_out(folded)
        if len(folded) == 1:
            add_first(len(origin))
            add_origin(index)
        else:
            add_first(len(origin) if folded else -1)
            origin.extend([index] * len(folded))
    return "".join(out), origin, first


_CHARS: dict[str, tuple[str, str, bool, bool]] = {}  # character -> _char_info(character), filled as met


def _char_info(char: str) -> tuple[str, str, bool, bool]:
    """(folded after a Latin letter, folded otherwise, is a combining mark, is Latin) for one character."""
    is_mark = unicodedata.category(char) == "Mn"
    return _fold_char(char, True), _fold_char(char, False), is_mark, is_latin(char)


def _fold_char(char: str, previous_latin: bool) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in "đĐ":
        return "d"
    if unicodedata.category(char) == "Mn":
        return "" if previous_latin else char
    if is_latin(char):
        base = "".join(part for part in unicodedata.normalize("NFD", char) if unicodedata.category(part) != "Mn")
        return base.casefold()
    return char.casefold()


@lru_cache(maxsize=65536)
def is_latin(char: str) -> bool:
    """True for Latin letters (ASCII or not)."""
    return (char.isascii() and char.isalpha()) or unicodedata.name(char, "").startswith("LATIN")


@lru_cache(maxsize=65536)
def is_hangul(char: str) -> bool:
    """True for Hangul characters."""
    return "HANGUL" in unicodedata.name(char, "")


@lru_cache(maxsize=65536)
def is_katakana(char: str) -> bool:
    """Katakana letters and the long-vowel mark (not the middle dot that separates katakana words)."""
    return ("\u30a1" <= char <= "\u30fa" or char == "\u30fc" or "\uff66" <= char <= "\uff9d") and char != "\u30fb"


def is_unspaced(char: str) -> bool:
    """True for scripts written without spaces between words (CJK ideographs, kana, Thai)."""
    return unicodedata.name(char, "").startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI"))


def is_bounded(text: str, start: int, end: int) -> bool:
    """Word boundaries for spaced scripts; none for CJK and Thai; none after Hangul (particles attach to names)."""
    first, last = text[start], text[end - 1]
    if is_unspaced(first) and is_unspaced(last):  # a katakana word goes on while katakana follow: タイ in ケータイ
        return not (start > 0 and is_katakana(first) and is_katakana(text[start - 1])) and not (
            end < len(text) and is_katakana(last) and is_katakana(text[end])
        )
    before_ok = start == 0 or not joins(text[start - 1], first)
    after_ok = end == len(text) or is_hangul(last) or not joins(last, text[end])
    return before_ok and after_ok


def joins(a: str, b: str) -> bool:
    """Two adjacent characters belong to one word (so a name may not start or end between them).

    A letter of a spaced script next to a CJK or Thai character does not: "通过Flipkart销售" names Flipkart.
    """
    return _word_char(a) and _word_char(b) and is_unspaced(a) == is_unspaced(b)


def bounded_alternation(terms: tuple[str, ...], spaces: str = " ") -> str:
    """A regular expression for literal terms (longest first) that applies is_bounded's rule: a word boundary
    before a term that starts in a spaced script and after one that ends in it (not after Hangul: particles attach),
    none next to CJK or Thai characters ("明年", "公司明年将", "내년에" all match).
    """
    groups: dict[tuple[bool, bool], list[str]] = {}  # (boundary before, boundary after) -> terms, longest first
    for term in terms:
        before = not is_unspaced(term[0]) and _word_char(term[0])
        after = not (is_unspaced(term[-1]) or is_hangul(term[-1])) and _word_char(term[-1])
        groups.setdefault((before, after), []).append(re.escape(term).replace(r"\ ", spaces))
    alternatives = [
        (NOT_WORD_BEFORE if before else "") + "(?:" + "|".join(group) + ")" + (NOT_WORD_AFTER if after else "")
        for (before, after), group in groups.items()
    ]
    return "(?:" + "|".join(alternatives) + ")"


NOT_WORD_BEFORE = rf"(?<![^\W_{UNSPACED_RANGES}])"
NOT_WORD_AFTER = rf"(?![^\W_{UNSPACED_RANGES}])"


@lru_cache(maxsize=65536)
def _word_char(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char) == "Mn"
