"""Real data vs the seed articles: validates, seeds are sources, seed-cited events match their seed, no copying."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import pycountry
import pytest
from babel import Locale

from components.model.load import load_model

SEEDS_DIR = Path(__file__).parents[1] / "fixtures" / "seeds"  # copies of ../shared/seeds, so a clean clone tests them

NGRAM = 8  # no run of this many words from a seed may appear in data/
# Used only when components.ingest.countries (the multilingual country finder) cannot be imported.
FALLBACK_ALIASES = {
    ("USA", "en"): ("U.S.", "US"),
    ("USA", "de"): ("USA",),
    ("021", "de"): ("Nordamerika",),
    ("KOR", "it"): ("Sud Corea", "Corea"),
}


# ---------- helpers -------------------------------------------------------------------------------------------------


def normalise(text: str) -> str:
    """NFC-normalise and casefold, so 'Hàn Quốc' written either way compares equal."""
    return unicodedata.normalize("NFC", text).casefold()


def extract_words(text: str) -> list[str]:
    """Lower-case word tokens of a text, punctuation dropped."""
    return re.findall(r"\w+", normalise(text))


def compute_ngrams(words: list[str], size: int = NGRAM) -> set[tuple[str, ...]]:
    """Every run of `size` consecutive words."""
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def read_place_names(code: str, lang: str) -> set[str]:
    """Names of a country (ISO alpha-3) or region (M.49) in a language and in English: CLDR, pycountry, aliases."""
    names: set[str] = set()
    alpha2 = code
    if not code.isdigit():
        country = pycountry.countries.get(alpha_3=code)
        alpha2 = country.alpha_2
        fields = ("name", "official_name", "common_name")
        names.update(getattr(country, field) for field in fields if hasattr(country, field))
    for locale in {lang, "en"}:
        name = Locale.parse(locale).territories.get(alpha2)
        if name:
            names.add(name)
    try:
        from components.ingest.countries import country_names
    except ImportError:
        names.update(FALLBACK_ALIASES.get((code, lang), ()))
    else:
        names.update(country_names(code, lang))
    return names


def names_place(text: str, code: str, lang: str) -> bool:
    """True if the text names the place: short names (<= 3 letters, e.g. 'US') as written, others case-insensitively.

    A name must start at a word boundary; it may carry an inflection ('Lateinamerikas').
    """
    folded = normalise(text)
    for name in read_place_names(code, lang):
        letters = re.sub(r"\W", "", name)
        if len(letters) <= 3:
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                return True
        elif re.search(rf"(?<!\w){re.escape(normalise(name))}", folded):
            return True
    return False


def names_partner(text: str, partner: str) -> bool:
    """True if the partner's name occurs in the text (case-insensitive substring)."""
    return normalise(partner) in normalise(text)


def names_company(text: str, names: list[str]) -> bool:
    """True if any of a company's names or aliases (any script) occurs in the text as a word of its own.

    Latin names must not be part of a longer word ('Mi' is not 'Mile'); a Hangul or CJK alias may carry a particle.
    """
    folded = normalise(text)
    for name in names:
        wanted = normalise(name)
        if not wanted:
            continue
        if not wanted.isascii():
            if wanted in folded:
                return True
        elif re.search(rf"(?<!\w){re.escape(wanted)}(?!\w)", folded):
            return True
    return False


# ---------- fixtures ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seeds_dir() -> Path:
    folder = SEEDS_DIR
    if not folder.is_dir() or not any(folder.glob("*.txt")):
        reason = f"seed articles not found at {folder} (they live outside the repository, in ../shared/seeds)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI is set, so this is a failure, not a skip")
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="module")
def seed_texts(seeds_dir: Path) -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(seeds_dir.glob("*.txt"))}


@pytest.fixture(scope="module")
def model():
    return load_model()


@pytest.fixture(scope="module")
def seed_citations(model, seed_texts) -> list[tuple[str, str, str, list[str], str, str]]:
    """(event_id, country, seed_id, partners, seed text, seed language) for every event that cites a seed."""
    languages = dict(zip(model.sources["source_id"], model.sources["language"].astype(str), strict=True))
    rows = []
    for event in model.events.itertuples():
        for source_id in event.source_ids:
            if source_id in seed_texts:
                text, lang = seed_texts[source_id], languages[source_id]
                rows.append((event.event_id, str(event.country), source_id, event.partners, text, lang))
    return rows


@pytest.fixture(scope="module")
def company_names(model) -> dict[str, list[str]]:
    """company_id -> its name and aliases from companies.csv."""
    return {row.company_id: [row.name, *(row.aliases or ())] for row in model.companies.itertuples()}


# ---------- the helpers themselves ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code", "lang", "expected"),
    [
        ("Xiaomi entra in Corea del Sud", "KOR", "it", True),
        ("Xiaomi tấn công vào quê hương Samsung Hàn Quốc", "KOR", "vi", True),
        ("erste Handys in Mexiko", "MEX", "de", True),
        ("um andere Länder Lateinamerikas zu erreichen", "419", "de", True),
        ("a big push to enter Europe", "150", "en", True),
        ("Xiaomi entra in Corea del Sud", "MEX", "it", False),
        ("let us see what happens", "USA", "en", False),  # 'us' is not 'US'
        ("Xiaomi sells phones in India", "KOR", "en", False),
    ],
)
def test_names_place(text, code, lang, expected):
    assert names_place(text, code, lang) is expected


@pytest.mark.parametrize(
    ("text", "partner", "expected"),
    [
        ("local carrier KT Telecom supplied", "KT", True),
        ("Händlern wie Coppel, Best Buy und Sam's Club", "Sam's Club", True),
        ("Händlern wie Coppel, Best Buy und Sam's Club", "Walmart", False),
    ],
)
def test_names_partner(text, partner, expected):
    assert names_partner(text, partner) is expected


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("Proving it is not afraid of Samsung or LG", ["LG", "LG Electronics"], True),
        ("quê hương Samsung Hàn Quốc", ["Samsung", "삼성"], True),
        ("삼성전자와 애플이 시장을 이끈다", ["Samsung", "삼성"], True),
        ("a deal with Huawei fell through", ["ZTE"], False),
        ("Hugely popular", ["Huawei"], False),
        ("the Mile End store", ["Mi"], False),
    ],
)
def test_names_company(text, names, expected):
    assert names_company(text, names) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xiaomi, Inc. sells — phones!", ["xiaomi", "inc", "sells", "phones"]),
        ("Hàn Quốc", ["hàn", "quốc"]),
    ],
)
def test_extract_words(text, expected):
    assert extract_words(text) == expected


# ---------- the real data -------------------------------------------------------------------------------------------


def test_real_data_validates(model):
    assert len(model.events) > 0 and len(model.sources) > 0


def test_every_seed_is_a_source(model, seed_texts):
    missing = sorted(set(seed_texts) - set(model.sources["source_id"]))
    assert not missing, f"seed files without a source row: {missing}"


def test_every_seed_is_cited_by_an_event(model, seed_texts):
    cited = {source_id for ids in model.events["source_ids"] for source_id in ids}
    uncited = sorted(set(seed_texts) - cited)
    assert not uncited, f"seeds that no event cites: {uncited}"


def test_seed_cited_events_name_their_country(seed_citations):
    assert seed_citations, "no event cites a seed"
    failures = [
        f"{event_id} cites {seed_id} ({lang}), which never names {country}"
        for event_id, country, seed_id, _, text, lang in seed_citations
        if not names_place(text, country, lang)
    ]
    assert not failures, "\n".join(failures)


def test_seed_cited_events_name_their_partners(seed_citations):
    failures = [
        f"{event_id} lists partner '{partner}', which {seed_id} does not name"
        for event_id, _, seed_id, partners, text, _ in seed_citations
        for partner in partners
        if not names_partner(text, partner)
    ]
    assert not failures, "\n".join(failures)


def test_seed_cited_events_name_their_competitors(model, seed_texts, company_names):
    """A competitor listed on an event that cites a seed must be named in that seed (name or alias, any script).

    Only the article counts: reader comments and page furniture after it are not facts.
    """
    from components.ingest.segment import article_end

    articles = {stem: text[: article_end(text)] for stem, text in seed_texts.items()}
    failures = [
        f"{event.event_id} lists competitor '{company}', which {source_id} does not name"
        for event in model.events.itertuples()
        for source_id in event.source_ids
        if source_id in articles
        for company in event.competitors
        if not names_company(articles[source_id], company_names.get(company, [company]))
    ]
    assert not failures, "\n".join(failures)


def test_no_seed_prose_in_data(model, seed_texts):
    seed_runs = {run: stem for stem, text in seed_texts.items() for run in compute_ngrams(extract_words(text))}
    copied = []
    for path in sorted(Path(model.data_dir).rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for run in compute_ngrams(extract_words(text)) & seed_runs.keys():
            copied.append(f"{path.relative_to(model.data_dir)}: '{' '.join(run)}' (from {seed_runs[run]})")
    assert not copied, "\n".join(sorted(copied))
