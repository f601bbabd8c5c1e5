"""CJK text: relative dates and Latin names without spaces, legacy encodings, BOMs, binary refusal, --lang codes."""

import datetime as dt
import random
import subprocess
import sys

import pytest

from components import paths
from components.ingest.competitors import find_competitors
from components.ingest.countries import find_country_mentions
from components.ingest.dates import find_dates
from components.ingest.language import check_language
from components.ingest.partners import find_partners
from components.ingest.text import ArticleError, decode_article

PUBLISHED = dt.date(2017, 5, 11)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("zh", "小米公司明年将进入印度市场", [("2018", "明年")]),
        ("zh", "小米今年在日本开店", [("2017", "今年")]),
        ("zh", "公司下个月发布新手机", [("2017-06", "下个月")]),
        ("ja", "シャオミは来年、日本で", [("2018", "来年")]),
        ("ko", "샤오미는 내년에 한국에 진출한다", [("2018", "내년")]),
        ("en", "Xiaomi will, next year, sell phones", [("2018", "next year")]),
        ("en", "a nextyear token", []),
    ],
)
def test_relative_dates_need_no_spaces_in_cjk(lang, text, expected):
    assert [(span.label, span.surface) for span in find_dates(text, lang, PUBLISHED)] == expected


def test_latin_names_written_against_cjk_characters_are_found():
    assert [span.value for span in find_partners("小米通过Flipkart销售手机")] == ["Flipkart"]
    assert [span.value for span in find_competitors("小米与Samsung竞争", "zh")] == ["samsung"]
    assert [mention.code for mention in find_country_mentions("小米进入India市场", "zh")] == ["IND"]
    assert find_country_mentions("Indiana Jones", "en") == []  # still not inside a Latin word


LEGACY = [
    ("ja", "シャオミは日本市場に参入し、スマートフォンを発売した。価格は三万円から。", "shift_jis"),
    ("zh", "小米公司宣布进入印度市场，并通过电商平台销售智能手机。", "gbk"),
    ("zh", "小米在2017年进入俄罗斯市场，与Flipkart合作。", "gb18030"),
    ("ko", "샤오미가 한국에 진출했다. 스마트폰과 이어폰을 판매한다.", "euc-kr"),
    ("ko", "샤오미는 2018년 구글과 협력해 LG와 경쟁한다.", "euc-kr"),
    ("fr", "Xiaomi arrive en Corée du Sud: écouteurs, trottinettes et téléphones à prix réduit.", "latin-1"),
    ("es", "¿Xiaomi llegará a España? Sí, en otoño, según el diario.", "latin-1"),
    ("de", "Xiaomi startet in Österreich und Südkorea mit Kopfhörern für 99 €.", "cp1252"),
]


@pytest.mark.parametrize(("lang", "text", "encoding"), LEGACY, ids=[f"{lang}-{enc}" for lang, _, enc in LEGACY])
def test_legacy_encodings_decode_right(lang, text, encoding):
    assert decode_article(text.encode(encoding)) == text


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_is_refused(seed):
    generator = random.Random(seed)
    data = bytes(generator.randrange(1, 256) for _ in range(4000))  # no NUL byte: the decoders must refuse it
    high = bytes(generator.randrange(0x81, 0xFF) for _ in range(4000))  # only lead/trail bytes of CJK encodings
    for blob in (data, high):
        with pytest.raises(ArticleError, match=r"not UTF-8|does not look like text"):
            decode_article(blob)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_bom_is_decoded(encoding):
    text = "Xiaomi arrive en France. 小米进入法国。"
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    assert decode_article(data) == text


def test_utf16_without_a_bom_is_refused_as_binary():
    with pytest.raises(ArticleError, match="binary"):
        decode_article("Xiaomi arrive en France.".encode("utf-16-le"))


@pytest.mark.parametrize(("code", "expected"), [("en", "en"), ("KO", "ko"), (" pt ", "pt")])
def test_known_language_codes_are_accepted(code, expected):
    assert check_language(code) == expected


@pytest.mark.parametrize("code", ["xx", "eng", "pt-BR", "", "e1"])
def test_unknown_language_codes_are_refused(code, tmp_path):
    with pytest.raises(ValueError, match="ISO 639-1"):
        check_language(code)


def test_the_cli_refuses_an_unknown_lang(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Xiaomi arrive en France.", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "components.ingest", "extract", str(article), "--lang", "xx"],
        cwd=paths.ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2 and "ISO 639-1" in result.stderr and result.stdout == ""
