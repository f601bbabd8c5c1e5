"""Read article files safely: one size limit, binary detection, a BOM or UTF-8 first, then legacy encodings."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from components.ingest.encodings import decode_bom, decode_legacy

MAX_TEXT_BYTES = 200_000  # the one input limit (upload, paste, command line): UTF-8 size of the decoded text
MAX_BYTES = UPLOAD_MAX_BYTES = MAX_TEXT_BYTES  # former names of the limit, kept for callers
MAX_ODD_SHARE = 0.02  # share of control/unassigned/private-use characters above which decoded text is refused
MIN_LETTER_SHARE = 0.6  # a legacy decoding must be mostly letters and digits


class ArticleError(ValueError):
    """An article that cannot be read: empty, binary, undecodable, too large or missing."""


def read_article(path: str | Path, max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read an article file as text, or raise ArticleError saying why not."""
    file = Path(path)
    if not file.is_file():
        raise ArticleError(f"{file}: no such file")
    size = file.stat().st_size
    if size > _file_limit(max_bytes):
        raise ArticleError(f"{file}: {size} bytes is over the limit of {max_bytes} bytes of text")
    return decode_article(file.read_bytes(), str(file), max_bytes)


def decode_article(data: bytes, label: str = "article", max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Decode article bytes: refuse empty, oversized or binary data; UTF-8 first, then legacy encodings if sane.

    The limit applies to the decoded text (its UTF-8 size), the same for an upload, a paste and a file.
    """
    if len(data) > _file_limit(max_bytes):
        raise ArticleError(f"{label}: {len(data)} bytes is over the limit of {max_bytes} bytes of text")
    if not data.strip():
        raise ArticleError(f"{label}: the file is empty")
    text = decode_bom(data)
    if text is None:
        text = _decode_without_bom(data, label)
    if not looks_like_text(text):
        raise ArticleError(f"{label}: does not look like text (too many control or unassigned characters)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    check_text_size(text, label, max_bytes)
    return text


def check_text_size(text: str, label: str = "article", max_bytes: int = MAX_TEXT_BYTES) -> None:
    """Raise ArticleError if the text is over the input limit (its UTF-8 size)."""
    if len(text) * 4 <= max_bytes:
        return
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > max_bytes:
        raise ArticleError(f"{label}: {size} bytes of text is over the limit of {max_bytes} bytes")


def _file_limit(max_bytes: int) -> int:
    """Raw bytes accepted before decoding: UTF-16 takes twice the bytes of UTF-8 for ASCII text, plus a BOM."""
    return 2 * max_bytes + 4


def looks_like_text(text: str) -> bool:
    """True when control, unassigned, private-use and replacement characters are rare."""
    if not text.strip():
        return False
    odd = sum(1 for char in text if _is_odd(char))
    return odd / len(text) <= MAX_ODD_SHARE


def _decode_without_bom(data: bytes, label: str) -> str:
    """UTF-8, else the most plausible sane legacy decoding (encodings.LEGACY_ENCODINGS)."""
    if b"\x00" in data:
        raise ArticleError(f"{label}: looks like a binary file (NUL bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = decode_legacy(data, lambda text: looks_like_text(text) and _letter_share(text) >= MIN_LETTER_SHARE)
    if text is None:
        raise ArticleError(f"{label}: not UTF-8 and no legacy encoding gives sane text")
    return text


def _letter_share(text: str) -> float:
    visible = [char for char in text if not char.isspace()]
    return sum(1 for char in visible if char.isalnum()) / len(visible) if visible else 0.0


def _is_odd(char: str) -> bool:
    if char in "\n\r\t\f":
        return False
    return unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs") or char == "\ufffd"
