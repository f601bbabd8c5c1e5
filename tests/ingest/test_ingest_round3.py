"""Table-driven tests of the third tuning round's general rules (issue 13): scripts, case forms, home country."""

from __future__ import annotations

import pytest

from components.ingest.competitors import find_competitors
from components.ingest.countries import find_country_mentions
from components.ingest.cues import find_cues
from components.ingest.extract import extract_candidates
from components.ingest.normalise import fold_text, is_bounded
from components.ingest.partners import find_partners
from components.ingest.products import find_product_lines
from components.ingest.published import find_published


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


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("法林岳之の「週刊モバイルCATCH UP」\n2020年1月24日 06:00\n国内の", "2020-01-24"),  # CJK date + time
        ("【看中国2021年7月17日讯】7月15日,市场研究公司", "2021-07-17"),  # Chinese dateline …日讯
        ("11:56 Sáng - 07/11/2020\n0 Bình luận", "2020-11-07"),  # time, then a day-first date
        ("Kompas.com - 07/11/2014, 16:22 WIB\nXiaomi", "2014-11-07"),  # day-first date, then a time
        ("Jumat (10/2/2017) kata Xiaomi", ""),  # a date in the text without a time of day is an event's
        ("2026年1月29日,北京人民大会堂", ""),  # a CJK date opening the text is a meeting's, not a dateline
    ],
)
def test_published_bylines(text, published):
    assert find_published(text) == published


@pytest.mark.parametrize(
    ("lang", "text", "values"),
    [
        ("zh", "中国智能手机制造商小米", []),  # 制造商 "manufacturer" is not a manufacturing cue
        ("zh", "小米在印度开设第一家门店", ["store_opening"]),  # 第一家 "the first (store)" is no rank claim
        ("zh", "小米名列全球第二", ["market_claim"]),
        ("ru", "Xiaomi закрывает 1000 магазинов", ["retail_closure"]),
    ],
)
def test_cue_words_inside_longer_words(lang, text, values):
    assert [span.value for span in find_cues(fold_text(text), "event_type", lang)] == values


@pytest.mark.parametrize(
    ("lang", "text", "rivals"),
    [
        ("tr", "Daha önce OPPO, Tecno ve vivo Türkiye'de üretim kararı aldı.", set()),  # other investors
        ("en", "Xiaomi opens a plant in Turkey. OPPO and vivo also built a factory there.", set()),
        ("en", "Xiaomi is third in smartphone shipments in India behind Samsung and Apple.", {"samsung", "apple"}),
        ("en", "In Spain, Samsung, Huawei and Apple lead the market.", {"samsung", "huawei", "apple"}),
    ],
)
def test_vendors_listed_beside_factories_are_not_rivals(lang, text, rivals):
    assert {v for c in extract_candidates(text, lang) for v in c["competitors"]} == rivals


def test_lines_a_mentioned_country_only_inherits_go_to_the_market():
    text = (
        "Xiaomi exits Russia. The company stops sales in Russia. Its shops in Russia close. "
        "It fears sanctions of the USA. Supplies of laptops fell by 40%."
    )
    candidates = extract_candidates(text, "en")
    market = {v for c in candidates if c["country_role"] == "market" for v in c["product_lines"]}
    mention = {v for c in candidates if c["country_role"] == "mention" for v in c["product_lines"]}
    assert [c["country"] for c in candidates if c["country_role"] == "market"] == ["RUS"]
    assert market == {"laptops"} and mention == set()


@pytest.mark.parametrize(
    ("lang", "text", "lines"),
    [
        ("th", "เสียวหมี่เป็นอันดับ 2 ของตลาดสมาร์ตโฟนในประเทศไทย", {"smartphones"}),
        ("ru", "поставки телеком-оборудования сократились", {"networking"}),
        ("zh", "小米在歐洲銷售智能手機和空氣淨化器", {"smartphones", "air_purifiers"}),
    ],
)
def test_product_words_round3(lang, text, lines):
    assert {span.value for span in find_product_lines(fold_text(text), lang)} == lines


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("Xiaomi starts phone production in Istanbul with Salcomp.", {"Salcomp"}),
        ("Redmi Note 9Tはソフトバンクの独占販売となる。", {"SoftBank"}),  # canonical name, as in data/events
        ("The factory is run with DBG in Vietnam.", {"DBG Technology"}),
    ],
)
def test_known_manufacturers_and_carriers(text, partners):
    assert {span.value for span in find_partners(fold_text(text))} == partners


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Buyers keep ordering on mi.com and in the Mi Community app.", {"software_services"}),  # the app only
        ("Xiaomi sells phones on mi.com/uk.", {"smartphones"}),  # the shop's address is a channel
    ],
)
def test_web_addresses_are_channels(text, lines):
    assert {span.value for span in find_product_lines(fold_text(text), "en")} == lines


def test_xiaomi_home_is_a_store_word():
    assert [span.value for span in find_cues(fold_text("The Xiaomi Home in Bangalore opens."), "event_type", "en")] == [
        "store_opening"
    ]
