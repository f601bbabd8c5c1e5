"""Detect an article's language offline (py3langid), as an ISO 639-1 code."""

from __future__ import annotations

from functools import lru_cache


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, from the first 5,000 characters."""
    code, _ = _classify()(text[:5000])
    return code


@lru_cache(maxsize=1)
def _classify():
    import py3langid

    return py3langid.classify
