"""Table-driven recognisers (products, partners, competitors, dates) and fixture articles in many languages."""

import datetime as dt
import json

import pytest

from components import paths
from components.ingest.competitors import find_competitors
from components.ingest.dates import find_dates
from components.ingest.extract import extract_candidates
from components.ingest.partners import find_partners
from components.ingest.products import find_product_lines

FIXTURES = paths.ROOT / "tests" / "fixtures" / "articles"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "It sells headphones and a battery pack.", {"audio", "power_banks"}),
        ("it", "Venderà cuffie e batterie esterne.", {"audio", "power_banks"}),
        ("de", "Neue Kopfhörer und ein Handy kommen.", {"audio", "smartphones"}),
        ("vi", "Công ty bán tai nghe và điện thoại.", {"audio", "smartphones"}),
        ("es", "Vende auriculares y teléfonos móviles.", {"audio", "smartphones"}),
        ("fr", "Elle vend des écouteurs et des trottinettes.", {"audio", "mobility"}),
        ("pt", "Vende fones de ouvido e celulares.", {"audio", "smartphones"}),
        ("id", "Menjual ponsel dan power bank.", {"smartphones", "power_banks"}),
        ("ko", "이어폰과 스마트폰을 판매한다.", {"audio", "smartphones"}),
        ("en", "The Redmi Note 4 and the Mi Band arrive.", {"smartphones", "wearables"}),
    ],
)
def test_product_lines(lang, text, expected):
    assert {span.value for span in find_product_lines(text, lang)} == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The firm signed with local retailers Alpha Shop and Beta Mobile.", ["Alpha Shop", "Beta Mobile"]),
        ("Ha firmato un accordo con Gamma Tel e Delta Store.", ["Gamma Tel", "Delta Store"]),
        ("Thông qua nhà phân phối địa phương như Epsilon Group và Zeta.", ["Epsilon Group", "Zeta"]),
        ("Erhältlich bei Händlern wie Eta Markt, Theta und Iota.", ["Eta Markt", "Theta", "Iota"]),
        ("Se venderá a través del distribuidor Kappa Digital.", ["Kappa Digital"]),
        ("Disponible chez le revendeur Lambda.", ["Lambda"]),
        ("Vendido pela varejista Mu Lojas.", ["Mu Lojas"]),
        ("Dijual lewat distributor Nu Sejahtera.", ["Nu Sejahtera"]),
        ("Also sold by Flipkart and Walmart.", ["Flipkart", "Walmart"]),
        ("It works with suppliers such as Qualcomm.", []),
    ],
)
def test_partners(text, expected):
    assert [span.value for span in find_partners(text)] == expected


def test_competitors_exclude_the_subject():
    spans = find_competitors("Xiaomi and Redmi take on Samsung Electronics, LG and the iPhone; 삼성 reacts.")
    assert [span.value for span in spans] == ["samsung", "lg", "apple", "samsung"]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Unlike Huawei, the firm says it has a close collaboration with Qualcomm and Google.", ["huawei"]),
        ("en", "Xiaomi works with Sony on cameras, while Samsung makes its own sensors.", ["samsung"]),
        ("en", "Its suppliers include Samsung and LG, but Apple remains the rival to beat.", ["apple"]),
        ("de", "Das Gerät entstand in Zusammenarbeit mit Google, doch Samsung bleibt Marktführer.", ["samsung"]),
        ("it", "Il telefono è nato in collaborazione con Sony; Huawei resta il concorrente principale.", ["huawei"]),
        ("vi", "Xiaomi hợp tác với Google để phát triển phần mềm, trong khi Samsung dẫn đầu thị trường.", ["samsung"]),
        ("es", "Xiaomi lanzó el equipo en colaboración con Motorola, pero Samsung sigue al frente.", ["samsung"]),
        ("fr", "La marque travaille en partenariat avec Google. Apple domine toujours le marché.", ["apple"]),
        ("pt", "O aparelho chega em parceria com Nokia, enquanto a Motorola lidera as vendas.", ["motorola"]),
        ("id", "Xiaomi bekerja sama dengan Google, sedangkan Samsung masih memimpin pasar.", ["samsung"]),
        ("ko", "샤오미는 구글과 협력해 새 기기를 만들었고 삼성전자가 시장을 이끌고 있다.", ["samsung"]),
        ("en", "A partnership with Google, Sony and Nokia was signed. Huawei declined to comment.", ["huawei"]),
    ],
)
def test_collaborators_are_not_competitors(lang, text, expected):
    assert [span.value for span in find_competitors(text, lang)] == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Often called the Apple of China, Xiaomi now faces Apple itself.", ["apple"]),
        ("en", "China's Apple takes on Samsung.", ["samsung"]),
        ("it", "La Apple cinese sfida Samsung in Corea.", ["samsung"]),
        ("es", "El Apple de China llega a México para competir con Samsung.", ["samsung"]),
        ("fr", "L'Apple chinois s'attaque à Huawei sur son terrain.", ["huawei"]),
        ("pt", "A Apple chinesa chega ao Brasil; a Motorola lidera.", ["motorola"]),
        ("vi", '"Apple của Trung Quốc" tấn công sân nhà của Samsung.', ["samsung"]),
        ("de", "Das chinesische Apple greift Samsung an.", ["samsung"]),
        ("ko", "중국의 애플로 불리는 샤오미가 삼성과 경쟁한다.", ["samsung"]),
        # a company qualified by its own country, or a local subsidiary, is still the company
        ("en", "South Korea's Samsung and China's Huawei lead.", ["samsung", "huawei"]),
        ("es", "Apple de México anunció precios nuevos.", ["apple"]),
        ("de", "Der koreanische Konzern Samsung und die chinesische Huawei reagieren.", ["samsung", "huawei"]),
    ],
)
def test_country_nicknames_are_not_mentions(lang, text, expected):
    assert [span.value for span in find_competitors(text, lang)] == expected


def test_korean_names_take_particles_but_are_not_parts_of_words():
    assert [
        span.value for span in find_competitors("애플이 새 애플리케이션을 내놓았고 화웨이의 반응은 없었다.", "ko")
    ] == ["apple", "huawei"]


@pytest.mark.parametrize(
    ("lang", "text", "published", "date", "target"),
    [
        ("en", "Xiaomi plans to enter Brazil next year.", dt.date(2018, 7, 3), "2018-07", "2019"),
        ("pt", "A Xiaomi planeja entrar no Brasil no próximo ano.", dt.date(2018, 7, 3), "2018-07", "2019"),
        ("es", "Xiaomi planea llegar a Chile en marzo de 2020.", dt.date(2019, 11, 2), "2019-11", "2020-03"),
        ("id", "Xiaomi berencana masuk ke Indonesia tahun depan.", dt.date(2013, 5, 1), "2013-05", "2014"),
        # a scheduled event (not a statement of intent) keeps its own date
        ("fr", "Xiaomi ouvrira une boutique en France le 22 mai 2018.", dt.date(2018, 5, 2), "2018-05-22", ""),
        # a plan dated in the past is dated as written
        ("en", "Xiaomi plans to expand in India after its launch in July 2014.", dt.date(2015, 1, 5), "2014-07", ""),
    ],
)
def test_plans_are_dated_when_stated(lang, text, published, date, target):
    (candidate,) = extract_candidates(text, lang, published)
    assert (candidate["date"], candidate["target_date"]) == (date, target)


PUBLISHED = dt.date(2017, 5, 11)


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "Xiaomi may launch at the end of May, then next year.", [("2017-05", "month"), ("2018", "year")]),
        ("en", "It started on March 3, 2016 and in Q3 2018.", [("2016-03-03", "day"), ("2018-Q3", "quarter")]),
        (
            "it",
            "Questo gennaio e poi l'anno prossimo, il 24 maggio 2018.",
            [("2017-01", "month"), ("2018", "year"), ("2018-05-24", "day")],
        ),
        (
            "de",
            "Ende Mai, am 11.05.2017, spätestens 2019.",
            [("2017-05", "month"), ("2017-05-11", "day"), ("2019", "year")],
        ),
        ("vi", "Từ cuối tháng 5, ngày 2 tháng 6 năm 2016.", [("2017-05", "month"), ("2016-06-02", "day")]),
        (
            "es",
            "El próximo año, a finales de mayo, el 7 de noviembre de 2017.",
            [("2018", "year"), ("2017-05", "month"), ("2017-11-07", "day")],
        ),
        ("fr", "Fin mai, le 22 mai 2018.", [("2017-05", "month"), ("2018-05-22", "day")]),
        ("pt", "No próximo ano, em 5 de março de 2019.", [("2018", "year"), ("2019-03-05", "day")]),
        ("id", "Tahun depan, 12 Januari 2019.", [("2018", "year"), ("2019-01-12", "day")]),
        ("ko", "2017년 5월 11일, 내년.", [("2017-05-11", "day"), ("2018", "year")]),
        ("en", "At the beginning of the year, sales were small.", [("2017-Q1", "quarter")]),
    ],
)
def test_dates(lang, text, expected):
    assert [(span.label, span.precision) for span in find_dates(text, lang, PUBLISHED)] == expected


def test_the_verb_may_is_not_a_month():
    assert find_dates("Xiaomi may sell phones; it may not.", "en", PUBLISHED) == []


def test_relative_dates_need_a_publication_date():
    assert find_dates("next year", "en", None) == []


@pytest.mark.parametrize(
    ("lang", "text", "country", "competitors"),
    [
        # an article about one market stays with it to the end, however long
        (
            "es",
            "Xiaomi llega a Chile. Venderá teléfonos. También pulseras. Y patinetes. Samsung lidera las ventas.",
            "CHL",
            ["samsung"],
        ),
        # with several markets, an adjective for the country in focus keeps it in focus ("marché belge")
        (
            "fr",
            "Xiaomi arrive en Belgique. Elle vend des téléphones. Et des écouteurs. Le marché belge reste difficile. "
            "Huawei y est fort. Xiaomi vise aussi l'Espagne.",
            "BEL",
            ["huawei"],
        ),
        (
            "pt",
            "A Xiaomi chega ao Brasil. Vende celulares. E fones. O mercado brasileiro é grande. "
            "A Motorola lidera. Depois vem o Chile.",
            "BRA",
            ["motorola"],
        ),
    ],
)
def test_sentences_follow_the_country_in_focus(lang, text, country, competitors):
    (candidate,) = [c for c in extract_candidates(text, lang, dt.date(2019, 5, 2)) if c["country"] == country]
    assert candidate["competitors"] == competitors


@pytest.mark.parametrize(
    ("lang", "text", "countries"),
    [
        ("vi", '"Apple của Trung Quốc" tấn công thị trường Mỹ.', ["USA"]),
        ("ko", "중국의 애플로 불리는 샤오미가 인도에 진출했다.", ["IND"]),
        ("es", "El Apple de China llega a Perú.", ["PER"]),
    ],
)
def test_the_country_of_a_nickname_is_not_a_market(lang, text, countries):
    assert [c["country"] for c in extract_candidates(text, lang, dt.date(2019, 5, 2))] == countries


@pytest.mark.parametrize("name", sorted(json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))))
def test_fixture_articles(name):
    """Each fixture article (written for these tests, 1-10 sentences) gives exactly the expected values for its
    market."""
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))[name]
    text = (FIXTURES / name).read_text(encoding="utf-8")
    candidates = extract_candidates(text, expected["lang"], dt.date.fromisoformat(expected["published"]), name)
    (candidate,) = [c for c in candidates if c["country"] == expected["country"]]
    for field in ("product_lines", "partners", "competitors"):
        assert set(candidate[field]) == set(expected[field]), field
    assert (candidate["date"], candidate["status"]) == (expected["date"], expected["status"])
    assert candidate["target_date"] == expected.get("target_date", "")
    for item in candidate["evidence"]["country"]:
        assert text[item["start"] : item["end"]] == item["text"]


def test_language_is_detected_when_not_given():
    text = (FIXTURES / "fr_fr.txt").read_text(encoding="utf-8")
    assert extract_candidates(text)[0]["language"] == "fr"
