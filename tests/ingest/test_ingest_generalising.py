"""Table-driven tests of the second tuning round's general rules: maker words, negation, rival cues, lede weights."""

from __future__ import annotations

import pytest

from components.ingest.normalise import fold_text
from components.ingest.products import find_product_lines
from components.ingest.rank import choose_lede_value
from components.ingest.rivals import keep_rivals
from components.ingest.segment import split_sentences
from components.ingest.spans import Span


@pytest.mark.parametrize(
    ("lang", "text", "lines"),
    [
        ("en", "Smartphone company Xiaomi opened a store in India.", set()),
        ("en", "Xiaomi sells smartphones and TVs in India.", {"smartphones", "tv"}),
        ("pt", "A gigante chinesa, fabricante de smartphones, abre lojas.", set()),
        ("it", "Il secondo produttore di smartphone in Italia apre un negozio.", {"smartphones"}),
        ("zh", "小米是全球第三大手机厂商。", set()),
        ("en", "Xiaomi does not sell laptops or scooters in India.", set()),
        ("en", "It is not only phones: laptops arrive too.", {"smartphones", "laptops"}),
        ("pt", "A Xiaomi planeja voltar ao Brasil no próximo ano com celulares.", {"smartphones"}),
        ("ru", "Компания не планирует продавать смартфоны.", set()),
        ("de", "Xiaomi bringt das Elektroauto nach Deutschland.", {"electric_vehicles"}),
        ("ar", "تبيع شاومي الهواتف الذكية في المغرب.", {"smartphones"}),
        ("en", "The online store opens in the US.", set()),
    ],
)
def test_product_lines_sold(lang, text, lines):
    assert {span.value for span in find_product_lines(fold_text(text), lang)} == lines


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Samsung 21%, Xiaomi 18%.", {"samsung"}),
        ("Salcomp also supplies Apple.", set()),
        ("Compared with the rivals:\nHuawei cannot sell in Europe.", {"huawei"}),
        ("Huawei opened a plant.", set()),
    ],
)
def test_rival_cues(text, kept):
    article = fold_text(text)
    companies = [
        Span(value, text.index(name), text.index(name) + len(name), name)
        for value, name in (("samsung", "Samsung"), ("apple", "Apple"), ("huawei", "Huawei"))
        if name in text
    ]
    spans = keep_rivals(companies, article, split_sentences(text), "en", [])
    assert {span.value for span in spans} == kept


def test_the_headline_cue_weighs_most():
    text = "Xiaomi opens a store in Milan.\nThe company plans to grow.\nIt plans more."
    sentences = split_sentences(text)
    cues = [
        Span("store_opening", text.index("store"), text.index("store") + 5, "store"),
        Span("plan_statement", text.index("plans"), text.index("plans") + 5, "plans"),
        Span("plan_statement", text.rindex("plans"), text.rindex("plans") + 5, "plans"),
    ]
    assert choose_lede_value(cues, sentences)[0] == "store_opening"
