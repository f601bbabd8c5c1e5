"""Ranked candidates: market/mention classification with evidence, confidence, primary; dates, rivals, eval labels."""

import csv
import hashlib

import pycountry
import pytest

from benchmarks.extraction_eval import count_matches, read_ids, read_labels, select_rows, split_values, summarise
from components import paths
from components.ingest.extract import extract_candidates
from components.ingest.published import find_published

EVAL_DIR = paths.ROOT / "tests" / "fixtures" / "eval"


def _roles(text, lang="en"):
    return {c["country"]: c["country_role"] for c in extract_candidates(text, lang)}


@pytest.mark.parametrize(
    ("lang", "text", "markets", "mentions"),
    [
        (
            "en",
            "Xiaomi opens its first store in Spain. The Chinese company already sells phones in India since 2014.",
            {"ESP"},
            {"IND"},
        ),
        ("en", "Xiaomi, the Chinese maker, will launch in Kenya. It was founded in China in 2010.", {"KEN"}, {"CHN"}),
        (
            "fr",
            "Xiaomi ouvre un Mi Store en France. Après l'Espagne en 2017, c'est le tour de Paris.",
            {"FRA"},
            {"ESP"},
        ),
        ("en", "Xiaomi opens a factory in China this year.", {"CHN"}, set()),
    ],
)
def test_market_or_mention(lang, text, markets, mentions):
    roles = _roles(text, lang)
    assert {code for code, role in roles.items() if role == "market"} == markets
    assert {code for code, role in roles.items() if role == "mention"} == mentions


def test_ranking_marks_one_primary_best_first_with_evidence_and_confidence():
    text = "Xiaomi launches in Brazil with local retailers. It has sold phones in Mexico since 2016."
    candidates = extract_candidates(text, "en")
    assert [c["rank"] for c in candidates] == list(range(1, len(candidates) + 1))
    assert [c["primary"] for c in candidates] == [True] + [False] * (len(candidates) - 1)
    first = candidates[0]
    assert first["country"] == "BRA" and first["country_role"] == "market"
    assert {reason["why"] for reason in first["role_evidence"]} >= {"lede", "lede_cue"}
    assert all(0 <= c["confidence"] <= 1 for c in candidates)
    assert first["confidence"] > max(c["confidence"] for c in candidates[1:])


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("A court in India bans the sale of Xiaomi phones. Xiaomi sells many phones in India.", "regulatory"),
        ("Xiaomi will open a factory in Turkey. It sells phones there through retailers.", "manufacturing"),
        ("Xiaomi opens its first store in Chennai, India. The store sells phones.", "store_opening"),
    ],
)
def test_primary_takes_the_event_type_of_the_lede(text, event_type):
    assert extract_candidates(text, "en")[0]["event_type"] == event_type


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2025-09-22 Xiaomi estrena tienda", "2025-09-22"),
        (" date 2019-01 Par Gaël, publié le 18/01/2019. Xiaomi", "2019-01-18"),
        ("샤오미, 인도 1위 / 2018.11.22 오후 2:51 / 2019년말까지", "2018-11-22"),
        ("中 샤오미 / 2018-04-26 15:34 / 5월", "2018-04-26"),
        ("Xiaomi opened a store on 26 May 2018.", ""),
        ("Jumat (10/2/2017) Xiaomi", ""),
    ],
)
def test_publication_date_only_as_the_text_gives_it(text, expected):
    assert find_published(text) == expected
    assert extract_candidates(text + " Xiaomi opens in Spain.", "en").published == expected


@pytest.mark.parametrize(
    ("text", "rivals"),
    [
        ("Samsung is the main rival of Xiaomi in Spain.", {"samsung"}),
        ("The supplier Salcomp also builds chargers for Apple in Turkey, where Xiaomi opens a factory.", set()),
        ("Xiaomi overtook Samsung and Apple in market share in Poland.", {"samsung", "apple"}),
    ],
)
def test_rivals_need_a_rival_or_ranking_cue(text, rivals):
    assert {v for c in extract_candidates(text, "en") for v in c["competitors"]} == rivals


def test_eval_labels_parse_and_resolve():
    rows = read_labels(EVAL_DIR)
    regions = {r["region_code"] for r in csv.DictReader(open(paths.DATA_DIR / "regions.csv", encoding="utf-8"))}
    lines = {r["product_line_id"] for r in csv.DictReader(open(paths.DATA_DIR / "product_lines.csv", encoding="utf-8"))}
    firms = {r["company_id"] for r in csv.DictReader(open(paths.DATA_DIR / "companies.csv", encoding="utf-8"))}
    types = {r["event_type"] for r in csv.DictReader(open(paths.DATA_DIR / "event_types.csv", encoding="utf-8"))}
    assert len(rows) >= 40 and {r["split"] for r in rows} == {"dev", "test"}
    assert len({r["language"] for r in rows}) >= 12
    for row in rows:
        assert (EVAL_DIR / "articles" / f"{row['article_id']}.txt").is_file()
        markets, mentioned = split_values(row["market_countries"]), split_values(row["mentioned_countries"])
        assert not markets & mentioned, row["article_id"]
        for code in markets | mentioned:
            assert code in regions or pycountry.countries.get(alpha_3=code), (row["article_id"], code)
        assert split_values(row["product_lines"]) <= lines, row["article_id"]
        assert split_values(row["competitors"]) <= firms, row["article_id"]
        assert row["primary_event_type"] in types, row["article_id"]


@pytest.mark.parametrize("round_file", ["round3_ids.txt", "round4_ids.txt", "round5_ids.txt"])
def test_later_rounds_follow_the_split_rule(round_file):
    """Rows added in the third, fourth and fifth rounds take their split from sha1(article_id) % 5 < 2 -> test."""
    new_ids = read_ids(EVAL_DIR / round_file)
    rows = {r["article_id"]: r for r in read_labels(EVAL_DIR)}
    assert len(new_ids) >= 30 and new_ids <= set(rows)
    for article_id in new_ids:
        rule = "test" if int(hashlib.sha1(article_id.encode()).hexdigest(), 16) % 5 < 2 else "dev"
        assert rows[article_id]["split"] == rule, article_id


def test_read_ids_skips_blanks_and_comments(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("# comment\na-one\n\n  b-two  \n", encoding="utf-8")
    assert read_ids(path) == {"a-one", "b-two"}


@pytest.mark.parametrize(
    ("splits", "ids", "exclude", "expected"),
    [
        (["dev", "test"], None, None, ["a", "b", "c"]),
        (["dev"], None, None, ["a", "c"]),
        (["dev", "test"], {"b", "c"}, None, ["b", "c"]),
        (["dev", "test"], None, {"a"}, ["b", "c"]),
        (["test"], {"a"}, None, []),
    ],
)
def test_select_rows(splits, ids, exclude, expected):
    rows = [
        {"article_id": "a", "split": "dev"},
        {"article_id": "b", "split": "test"},
        {"article_id": "c", "split": "dev"},
    ]
    assert [r["article_id"] for r in select_rows(rows, splits, ids, exclude)] == expected


@pytest.mark.parametrize(
    ("predicted", "gold", "field", "expected"),
    [
        ({"IND", "CHN"}, {"IND"}, "market_countries", (1, 1)),
        ({"Flipkart"}, {"Flipkart India", "Amazon"}, "partners", (1, 1)),
        (set(), {"Amazon"}, "partners", (0, 0)),
    ],
)
def test_count_matches(predicted, gold, field, expected):
    assert count_matches(predicted, gold, field) == expected


def test_summarise_micro_averages():
    scored = [
        {
            **dict.fromkeys(("market_countries", "competitors", "product_lines", "partners"), (1, 2, 1, 1)),
            "event_type": True,
            "published": (True, False),
        },
        {
            **dict.fromkeys(("market_countries", "competitors", "product_lines", "partners"), (1, 1, 3, 1)),
            "event_type": False,
            "published": (False, False),
        },
    ]
    summary = summarise(scored)
    assert summary["market_countries_p"] == pytest.approx(2 / 3)
    assert summary["market_countries_r"] == pytest.approx(2 / 4)
    assert summary["event_type"] == 0.5 and summary["published"] == 0.0 and summary["published_n"] == 1
