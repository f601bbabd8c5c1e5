"""Table-driven tests of the third tuning round's general rules (issue 13): scripts, case forms, home country."""

from __future__ import annotations

import pytest

from components.ingest.competitors import find_competitors
from components.ingest.countries import find_country_mentions
from components.ingest.extract import extract_candidates
from components.ingest.normalise import fold_text, is_bounded


@pytest.mark.parametrize(
    ("text", "term", "bounded"),
    [
        ("5Gとおサイフケータイに対応", "タイ", False),  # a katakana word goes on: ケータイ is not Thailand
        ("日本とタイで発売", "タイ", True),
        ("シャオミ・タイで発売", "タイ", True),  # the middle dot separates katakana words
        ("インドネシアで発売", "インド", False),
        ("中国のスマホ", "中国", True),  # kanji keep no boundaries
    ],
)
def test_katakana_words_are_not_cut(text, term, bounded):
    start = text.index(term)
    assert is_bounded(text, start, start + len(term)) is bounded


@pytest.mark.parametrize(
    ("lang", "text", "codes"),
    [
        ("zh", "小米次季歐洲市場市佔率17%,在西歐市場增長", {"150", "155"}),  # Traditional characters (zh_Hant)
        ("zh", "小米在欧洲市场", {"150"}),
        ("pl", "Xiaomi rządzi w Indiach, a w Europie ma 17% rynku.", {"IND", "150"}),  # Polish case forms
        ("pl", "Xiaomi jest liderem w Polsce i w Europie Środkowo-Wschodniej.", {"POL", "151"}),
    ],
)
def test_country_names_in_other_scripts_and_cases(lang, text, codes):
    assert {m.code for m in find_country_mentions(text, lang) if m.kind == "name"} == codes


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "僅次於三星及蘋果,超越華為。", {"samsung", "apple", "huawei"}),
        ("zh", "聯想和摩托羅拉", {"lenovo", "motorola"}),
    ],
)
def test_traditional_chinese_company_names(lang, text, expected):
    assert {span.value for span in find_competitors(fold_text(text), lang)} == expected


def test_home_country_is_never_a_second_market():
    text = "Chinese maker Xiaomi opens its first store in Turkey. The Chinese company sells phones in China and Turkey."
    markets = {c["country"] for c in extract_candidates(text, "en") if c["country_role"] == "market"}
    assert markets == {"TUR"}
