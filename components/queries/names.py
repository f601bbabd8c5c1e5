"""Names for codes: countries (CLDR English), languages, and any id-to-label lookup of a table."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import pycountry
from babel import Locale, UnknownLocaleError


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Everyday English names (CLDR) of every ISO 3166-1 alpha-3 code, e.g. KOR -> South Korea (built once)."""
    return {c.alpha_3: english_country_name(c.alpha_3) for c in pycountry.countries}


def country_name(code: str) -> str:
    """The everyday English name of an ISO alpha-3 code (the code itself if unknown)."""
    return country_names().get(str(code), str(code))


@functools.lru_cache(maxsize=16)
def localised_country_names(locale: str | None) -> dict[str, str]:
    """Country names in the reader's locale (e.g. 'de-DE' -> Südkorea) where Babel (CLDR) has them, else English.

    An unknown or missing locale gives the English names; so does English itself (the same dict, built once).
    """
    english = country_names()
    try:
        babel_locale = Locale.parse(str(locale).replace("-", "_")) if locale else None
    except (UnknownLocaleError, ValueError, TypeError):
        babel_locale = None
    if babel_locale is None or babel_locale.language == "en":
        return english
    territories = babel_locale.territories
    alpha2 = {c.alpha_3: c.alpha_2 for c in pycountry.countries}
    return {code: territories.get(alpha2.get(code, ""), name) for code, name in english.items()}


@functools.lru_cache(maxsize=1024)
def language_name(code: str) -> str:  # noqa: D103
    try:
        return Locale.parse(str(code)).get_display_name("en") or str(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return str(code)


def lookup(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:  # noqa: D103
    return dict(zip(frame[key].astype(str), frame[value].astype(str), strict=False))


def english_country_name(code: str) -> str:
    """Everyday English name of an ISO alpha-3 code (CLDR, e.g. 'South Korea'); the code itself if unknown."""
    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return Locale("en").territories.get(country.alpha_2, country.name)


def read_centroids(file: Path) -> pd.DataFrame:
    """Country centroids (iso3, name, lon, lat, area_km2, in_110m...) from a CSV file; empty if it is absent."""
    if not file.exists():
        return pd.DataFrame(columns=["iso3", "name", "lon", "lat", "area_km2", "in_110m"])
    return pd.read_csv(file, keep_default_na=False, na_values=[""])
