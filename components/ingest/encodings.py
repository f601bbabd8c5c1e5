"""Decode article bytes that are not UTF-8: a BOM, else the legacy encoding whose text is most plausible."""

from __future__ import annotations

import unicodedata

from components.ingest.normalise import is_unspaced

# (encoding, kind): Latin single-byte encodings first (ties go to the first listed), then CJK multi-byte ones.
LEGACY_ENCODINGS = (
    ("cp1252", "latin"),
    ("cp1258", "latin"),
    ("cp1250", "latin"),
    ("latin-1", "latin"),
    ("euc-kr", "korean"),
    ("gb18030", "chinese"),
    ("shift_jis", "japanese"),
)
BOMS = ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
MIN_PLAUSIBLE = 0.8  # share of non-ASCII characters that must look like the script of the encoding
COMMON_PUNCTUATION = set("“”‘’„‚«»‹›–—…•·°€£¥©®™§¶¡¿×÷\u00a0")


def decode_bom(data: bytes) -> str | None:
    """Text of data that starts with a UTF-16 byte-order mark (None without one)."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None


def decode_legacy(data: bytes, sane: object) -> str | None:
    """The decoding with the most plausible characters, if plausible enough (`sane(text)` must also hold)."""
    best, best_score = None, MIN_PLAUSIBLE
    for encoding, kind in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = plausibility(text, kind)
        if score > best_score or (best is None and score >= best_score):
            if sane(text):  # type: ignore[operator]
                best, best_score = text, score
    return best


def plausibility(text: str, kind: str) -> float:
    """Share of non-ASCII characters that look like real text in the script the encoding is for.

    Latin: accented letters inside words of ASCII letters, not capitals after a small letter, and common
    punctuation (mojibake of CJK text is long runs of accented letters). Korean: Hangul syllables. Chinese:
    characters of GB2312, the common simplified set (Japanese or Korean bytes read as GBK give rare characters).
    Japanese: kana and kanji, not half-width katakana. For CJK kinds a CJK character alone between ASCII
    characters, or a space between two CJK characters (Korean words read as Chinese), counts against.
    """
    good = total = 0
    for index, char in enumerate(text):
        if char.isascii():
            if kind in ("chinese", "japanese") and char == " " and _between_cjk(text, index):
                total += 1
            continue
        total += 1
        good += _plausible(text, index, char, kind)
    return good / total if total else 1.0


def _plausible(text: str, index: int, char: str, kind: str) -> bool:
    if char in COMMON_PUNCTUATION or "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e":
        return True
    if kind == "latin":
        category = unicodedata.category(char)
        if category == "Lu" and index and text[index - 1].islower():
            return False  # "moÒ", "cuÒa": a combining mark of cp1258 read as a capital letter
        return (category[0] == "L" or category == "Mn") and _next_to_ascii_letter(text, index)
    if kind == "korean":
        return "\uac00" <= char <= "\ud7a3"
    if _alone_in_ascii(text, index):
        return False
    if kind == "chinese":
        return _in_gb2312(char)
    return "\u3040" <= char <= "\u30ff" or (is_unspaced(char) and not "\uff66" <= char <= "\uff9f")


def _next_to_ascii_letter(text: str, index: int) -> bool:
    """An accented letter inside a word: an ASCII letter before or after it, through at most one other letter."""
    window = text[max(0, index - 2) : index] + text[index + 1 : index + 3]
    return any(char.isascii() and char.isalpha() for char in window)


def _alone_in_ascii(text: str, index: int) -> bool:
    before = text[index - 1] if index else " "
    after = text[index + 1] if index + 1 < len(text) else " "
    return before.isascii() and after.isascii() and (before.isalpha() or after.isalpha())


def _between_cjk(text: str, index: int) -> bool:
    return 0 < index < len(text) - 1 and is_unspaced(text[index - 1]) and is_unspaced(text[index + 1])


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True
