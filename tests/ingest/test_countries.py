"""Country recogniser: names in many languages, regions, and no false positives on ambiguous words."""

import pytest

from components.ingest.countries import country_names, find_country_mentions


def codes(text, lang=None):
    return [mention.code for mention in find_country_mentions(text, lang)]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "The phone maker will open stores in South Korea and the U.S. next year.", ["KOR", "USA"]),
        ("it", "L'azienda arriva in Corea del Sud e poi in Sud Corea.", ["KOR", "KOR"]),
        ("vi", "Công ty mở cửa hàng tại Hàn Quốc và thị trường Mỹ.", ["KOR", "USA"]),
        ("de", "Die Firma startet in Mexiko und will später nach Nordamerika.", ["MEX", "021"]),
        ("es", "La marca llega a México y luego a América Latina.", ["MEX", "419"]),
        ("fr", "La marque arrive en Corée du Sud puis en Europe.", ["KOR", "150"]),
        ("pt", "A empresa chega ao Brasil e à Coreia do Sul.", ["BRA", "KOR"]),
        ("id", "Perusahaan itu masuk ke Korea Selatan dan Amerika Serikat.", ["KOR", "USA"]),
        ("ko", "그 회사는 한국에서 그리고 미국시장에 진출했다.", ["KOR", "USA"]),
        ("zh", "该公司进入美国和韩国市场", ["USA", "KOR"]),
    ],
)
def test_names_in_many_languages(lang, text, expected):
    assert codes(text, lang) == expected
    assert codes(text) == expected  # also without a language hint


def test_offsets_and_surface_point_into_the_text():
    text = "Vendite in Corea del Sud."
    (mention,) = find_country_mentions(text, "it")
    assert text[mention.start : mention.end] == mention.surface == "Corea del Sud"


def test_longest_match_wins():
    assert codes("Expansion into Latin America and North America.", "en") == ["419", "021"]


def test_accents_are_optional_for_latin_names():
    assert codes("Lancamento no Mexico e na Coreia do Sul", "pt") == ["MEX", "KOR"]


@pytest.mark.parametrize(
    "text",
    [
        "Tell us what you think.",
        "Fans of Georgia Tech met in New Jersey.",
        "Michael Jordan and Chad Smith watched.",
        "Tra i mali del settore c'è la concorrenza.",
        "She bought fine china and a turkey sandwich.",
        "China Mobile and China Telecom compete.",
    ],
)
def test_ambiguous_words_are_not_countries(text):
    assert codes(text, "en") == []
    assert codes(text) == []


def test_short_names_are_case_sensitive():
    assert codes("The US market and the UK market.", "en") == ["USA", "GBR"]


def test_adjectives_are_marked():
    mentions = find_country_mentions("Il mercato sudcoreano cresce.", "it")
    assert [(m.code, m.kind) for m in mentions] == [("KOR", "adjective")]


def test_country_names_combines_cldr_pycountry_and_aliases():
    assert {"Corea del Sud", "Sud Corea"} <= country_names("KOR", "it")
    assert {"South Korea", "Korea, Republic of"} <= country_names("KOR", "en")
    assert "Südkorea" in country_names("KOR", "de")
