"""Detect an article's language offline (py3langid), as an ISO 639-1 code, and check given codes."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, from the first 5,000 characters."""
    code, _ = _classify()(text[:5000])
    return code


def check_language(code: str) -> str:
    """The code, lower-cased, if it is a known ISO 639-1 code; otherwise ValueError."""
    folded = code.strip().lower()
    if not re.fullmatch(r"[a-z]{2}", folded) or pycountry.languages.get(alpha_2=folded) is None:
        raise ValueError(f"{code!r} is not a known ISO 639-1 language code (two letters, such as en, ko, pt)")
    return folded


@lru_cache(maxsize=1)
def _classify():
    import py3langid

    return py3langid.classify
