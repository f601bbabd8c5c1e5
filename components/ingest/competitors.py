"""Recognise competitors and other vendors (data/companies.csv names and aliases) in text.

Two kinds of company mention are not competitors:
- a collaborator of the subject: a company named after a collaboration cue ("in collaboration with", "hợp tác với",
  "em parceria com"...) in the same clause, or before a Korean/Japanese/Chinese collaboration postposition
  ("퀄컴과 협력", "と提携");
- a comparison nickname: a company qualified by a country other than its home ("the Apple of China", "Apple cinese",
  "chinesische Apple", "중국의 애플"): that names another firm, usually the subject, after the company.
"""

from __future__ import annotations

import re
from functools import lru_cache

from components.countries import find_country_mentions
from components.ingest.lexicon import LEXICON_DIR, read_companies, read_csv_rows
from components.ingest.spans import Span, TermMatcher, build_matcher, find_terms
from components.model.schema import split_list

# Cues after which, up to the end of the clause, named companies work with the subject (lower case, as written).
COLLABORATION_CUES = (
    "collaboration with", "collaborating with", "collaborates with", "collaborated with", "cooperation with",
    "cooperating with", "cooperates with", "works with", "working with", "worked with", "partnership with",
    "partnered with", "partners with", "partnering with", "teamed up with", "teams up with", "supplier", "suppliers",
    "supplied by", "chips from", "in zusammenarbeit mit", "zusammenarbeit mit", "kooperation mit",
    "partnerschaft mit", "arbeitet mit", "lieferant", "lieferanten", "zulieferer",
    "in collaborazione con", "collaborazione con", "collabora con", "in partnership con", "partnership con",
    "lavora con", "fornitore", "fornitori",
    "hợp tác với", "cộng tác với", "bắt tay với", "làm việc với", "nhà cung cấp",
    "en colaboración con", "colaboración con", "colabora con", "en alianza con", "alianza con", "asociación con",
    "trabaja con", "proveedor", "proveedores",
    "en partenariat avec", "partenariat avec", "en collaboration avec", "collaboration avec", "collabore avec",
    "travaille avec", "fournisseur", "fournisseurs",
    "em parceria com", "parceria com", "em colaboração com", "colaboração com", "colabora com", "trabalha com",
    "fornecedor", "fornecedores", "fornecedora",
    "bekerja sama dengan", "kerja sama dengan", "bekerjasama dengan", "bermitra dengan", "berkolaborasi dengan",
    "kolaborasi dengan", "pemasok",
)  # fmt: skip
# Words that end the collaborators' clause: contrast and competition (lower case, as written).
CLAUSE_BREAKS = (
    "while", "whereas", "but", "unlike", "although", "against", "compete", "competes", "competing", "rival", "rivals",
    "beat", "mentre", "ma", "però", "contro", "rivale", "rivali", "während", "aber", "doch", "gegen", "konkurrent",
    "konkurrenten", "mientras", "pero", "frente a", "competir", "rival", "rivales", "tandis que", "alors que", "mais",
    "face à", "concurrent", "concurrents", "enquanto", "mas", "porém", "contra", "concorrente", "concorrentes",
    "sedangkan", "tetapi", "namun", "melawan", "pesaing", "nhưng", "trong khi", "đối thủ", "cạnh tranh",
)  # fmt: skip
SENTENCE_END = re.compile(r"[.!?;。！？\n]")
# Collaboration after the company in languages that put the relation after the name (Korean, Japanese, Chinese).
POSTPOSED_COLLABORATION = re.compile(r"\s*(?:(?:와|과)(?:의)?\s*(?:협력|협업|제휴|손잡|파트너십|공동\s*개발)|と(?:の)?\s*(?:提携|協力|協業)|(?:合作|携手))")
# Genitive words between a company and a country ("Apple of China", "Apple de China", "Apple của Trung Quốc").
OF = r"(?:of(?: the)?|de(?: la| l'| los| las)?|del|des|du|di|della|dello|da|do|dos|das|của|dari|von|aus)"
# In languages with articles the nickname takes one ("the Apple of China", "el Apple de China"); without it,
# "Apple de México" or "Samsung do Brasil" is the local subsidiary. Vietnamese and Indonesian have no articles.
ARTICLE = re.compile(
    r"(?:^|\W)(?:the|an?|el|la|los|las|un|una|le|les|l'|l’|une|il|lo|gli|o|os|a|as|um|uma|der|die|das|den|dem|des|ein|eine|einen|einem)\s+$",
    re.IGNORECASE,
)
NO_ARTICLE_GENITIVE = ("của", "dari")
# A country's genitive before a company ("China's Apple", "중국의 애플", "中国的苹果").
POSSESSIVE = r"(?:'s|’s|s'|의|的)\s*"
# Hangul endings allowed right after a Korean name: particles and the copula (so 애플이, 삼성과의, but not 애플리케이션).
KOREAN_ENDINGS = (
    "에서는", "에서도", "에게서", "으로는", "까지", "부터", "보다", "처럼", "이나", "이랑", "하고", "에서", "에게", "으로",
    "과의", "와의", "이다", "이며", "였다", "이고", "이", "가", "은", "는", "을", "를", "의", "와", "과", "도", "에", "로",
    "만", "나", "랑",
)  # fmt: skip


def find_competitors(text: str, lang: str | None = None) -> list[Span]:
    """Spans whose value is a company_id of a competitor or vendor: never the subject, a collaborator or a nickname."""
    spans = find_companies(text)
    blocked = [*_collaborator_ranges(text, spans), *_nickname_ranges(text, spans, lang)]
    return [span for span in spans if not any(lo <= span.start < hi for lo, hi in blocked)]


def find_companies(text: str) -> list[Span]:
    """Every mention of a company other than the subject (company_id as value), whatever its role in the sentence."""
    return [span for span in find_terms(text, _matcher()) if span.value and _korean_ending_ok(text, span)]


def find_subject_mentions(text: str) -> list[Span]:
    """Spans naming the subject company (Xiaomi and its aliases)."""
    return [span for span in find_terms(text, _subject_matcher()) if span.value and _korean_ending_ok(text, span)]


def collaborator_ranges(text: str) -> list[tuple[int, int]]:
    """(start, end) of the stretches where named companies are collaborators of the subject."""
    return _collaborator_ranges(text, find_terms(text, _matcher()))


def nickname_ranges(text: str, lang: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of nickname phrases, company and country together ("Apple of China", "중국의 애플").

    The country named inside such a phrase is not a market of the article either.
    """
    return _nickname_ranges(text, find_terms(text, _matcher()), lang)


def _collaborator_ranges(text: str, companies: list[Span]) -> list[tuple[int, int]]:
    ranges = []
    for cue in _cue_pattern().finditer(text):
        ranges.append((cue.end(), _clause_end(text, cue.end(), companies)))
    for span in companies:  # Korean writes 'with' as a particle on the name itself (퀄컴과 협력)
        if POSTPOSED_COLLABORATION.match(text, span.end):
            ranges.append((span.start, span.end))
    return ranges


def _clause_end(text: str, start: int, companies: list[Span]) -> int:
    """End of the clause that starts at `start`: the sentence end, a contrast word, or a comma that ends a list."""
    sentence = SENTENCE_END.search(text, start)
    end = sentence.start() if sentence else len(text)
    contrast = _break_pattern().search(text, start, end)
    if contrast:
        end = contrast.start()
    starts = {span.start for span in companies}
    ends = {span.end for span in companies}
    for comma in re.finditer(r",\s*", text[start:end]):
        before, after = start + comma.start(), start + comma.end()
        if not (before in ends and after in starts):  # a comma inside a list of companies does not end the clause
            return before
    return end


def _nickname_ranges(text: str, companies: list[Span], lang: str | None) -> list[tuple[int, int]]:
    """Company names qualified by a country that is not their home: a genitive, a nationality adjective or a possessive."""
    homes = {row["company_id"]: row["home_country"] for row in read_companies()}
    mentions = find_country_mentions(text, lang)
    starting = {mention.start: mention for mention in mentions}
    ending = {mention.end: mention for mention in mentions}
    ranges = []
    for span in companies:
        home = homes.get(span.value, "")
        after = re.compile(rf"\s+(?:({OF})\s+)?").match(text, span.end)
        country = starting.get(after.end()) if after else None
        if country is not None and country.code != home:
            genitive = after[1]
            has_article = bool(ARTICLE.search(text[max(0, span.start - 12) : span.start]))
            if country.kind == "adjective" or (genitive and (has_article or genitive.casefold() in NO_ARTICLE_GENITIVE)):
                ranges.append((span.start, country.end))
                continue
        before = re.search(rf"(?:{POSSESSIVE}|\s+)$", text[max(0, span.start - 6) : span.start])
        country = ending.get(span.start - len(before[0])) if before else None
        if country is not None and (country.kind == "adjective" or before[0].strip()) and country.code != home:
            ranges.append((country.start, span.end))
    return ranges


def _korean_ending_ok(text: str, span: Span) -> bool:
    """A name ending in Hangul may only be followed by a particle, not by more of a longer word (애플 in 애플리케이션)."""
    if not span.surface or not _is_hangul(span.surface[-1]):
        return True
    tail = re.match(r"[\uac00-\ud7a3]*", text[span.end :])[0]
    return _is_particles(tail)


def _is_particles(tail: str) -> bool:
    if not tail:
        return True
    return any(tail.startswith(ending) and _is_particles(tail[len(ending) :]) for ending in KOREAN_ENDINGS)


def _is_hangul(char: str) -> bool:
    return "\uac00" <= char <= "\ud7a3"


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern[str]:
    cues = sorted(set(COLLABORATION_CUES), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(cue) for cue in cues) + r")(?!\w)", re.IGNORECASE)


@lru_cache(maxsize=1)
def _break_pattern() -> re.Pattern[str]:
    words = sorted(set(CLAUSE_BREAKS), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(word) for word in words) + r")(?!\w)", re.IGNORECASE)


def _company_names() -> list[tuple[str, str, str]]:
    """(company_id, role, name) from companies.csv plus names in other scripts from lexicon/company_names.csv."""
    rows = read_companies()
    names = [(row["company_id"], row["role"], name) for row in rows for name in [row["name"], *split_list(row["aliases"])]]
    roles = {row["company_id"]: row["role"] for row in rows}
    path = LEXICON_DIR / "company_names.csv"
    if path.is_file():
        names.extend((row["company_id"], roles.get(row["company_id"], ""), row["name"]) for row in read_csv_rows(path))
    return names


@lru_cache(maxsize=1)
def _matcher() -> TermMatcher:
    """Company names are proper nouns: matched as written. The subject's names map to '' so they block overlaps."""
    pairs = [(name, "" if role == "subject" else company) for company, role, name in _company_names()]
    return build_matcher((), exact_terms=pairs)


@lru_cache(maxsize=1)
def _subject_matcher() -> TermMatcher:
    return build_matcher((), exact_terms=[(name, company) for company, role, name in _company_names() if role == "subject"])
