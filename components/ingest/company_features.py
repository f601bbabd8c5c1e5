"""Named, language-independent features of each company an article names (for the fitted rival decision)."""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from components.ingest.lexicon import read_companies, read_partners
from components.ingest.normalise import FoldedText
from components.ingest.rivals import MIN_LISTED, SHARE_AFTER, introduces, rival_matcher
from components.ingest.spans import Span, find_terms
from components.model.schema import split_list

HEADLINE, LEDE = 1, 2  # the headline is the first sentence; the lede the first two
# Feature name -> what it says, in words (the evidence shown to the reader).
COMPANY_FEATURES = {
    "rival_cue": "a rival word in its sentence",
    "claim_cue": "a rank or share claim in its sentence",
    "share_after": "a percentage right after it",
    "listed": "named with other vendors",
    "building": "its sentence is about factories",
    "partner_near": "a partner named in its sentence",
    "colon_intro": "after a sentence ending with a colon",
    "headline": "named in the headline",
    "lede": "named in the lede (first two sentences)",
    "count": "named in several sentences",
    "competitor_role": "a main competitor in companies.csv",
    "known_partner": "also a known carrier or retailer name",
    "rule_rival": "today's rules call it a rival",
}

# The sign each weight may take (1 positive, -1 negative, 0 free), from the labelling guide: a rival is named as one
# or in a ranking or share claim; other investors in factories and partners are not.
COMPANY_SIGNS = {
    **dict.fromkeys(["rival_cue", "claim_cue", "share_after", "listed", "colon_intro", "rule_rival"], 1),
    **dict.fromkeys(["building", "partner_near", "known_partner"], -1),
    **dict.fromkeys(["headline", "lede", "count", "competitor_role"], 0),
}


@dataclass(frozen=True)
class CompanyContext:
    """What the company features need from one article besides the company spans."""

    folded: FoldedText
    language: str
    sentences: list[tuple[int, int]]
    claims: list[Span]  # market-claim cues
    building: list[Span]  # manufacturing cues
    partners: list[Span]  # partner names found


def company_features(
    context: CompanyContext, companies: list[Span], rule_rivals: frozenset[str] = frozenset()
) -> dict[str, dict[str, float]]:
    """One feature vector (feature name -> value, 0-1) per company_id among `companies` (competitor spans, nicknames
    and collaborators already left out), in order of first mention; `rule_rivals` are today's rule decisions.
    """
    starts = [start for start, _ in context.sentences]
    if not starts:
        return {}

    def sentence(offset: int) -> int:
        return bisect_right(starts, offset) - 1

    text = context.folded.text
    rival = {sentence(span.start) for span in find_terms(context.folded, rival_matcher(context.language))}
    claims = {sentence(span.start) for span in context.claims}
    colon = {i + 1 for i, bounds in enumerate(context.sentences) if introduces(text, bounds)}
    building = {sentence(span.start) for span in context.building}
    partners = {sentence(span.start) for span in context.partners}
    vendors: dict[int, set[str]] = {}
    for span in companies:
        vendors.setdefault(sentence(span.start), set()).add(span.value)
    seen: dict[str, list[int]] = {}
    shares: set[str] = set()
    for span in companies:
        seen.setdefault(span.value, []).append(sentence(span.start))
        if SHARE_AFTER.match(text, span.end):
            shares.add(span.value)
    roles, known = _company_roles(), _partner_company_ids()
    return {
        company: {
            "rival_cue": float(bool(rival & set(indices))),
            "claim_cue": float(bool(claims & set(indices))),
            "share_after": float(company in shares),
            "listed": float(any(len(vendors[i]) >= MIN_LISTED for i in indices)),
            "building": float(bool(building & set(indices))),
            "partner_near": float(bool(partners & set(indices))),
            "colon_intro": float(bool(colon & set(indices))),
            "headline": float(min(indices) < HEADLINE),
            "lede": float(min(indices) < LEDE),
            "count": round(min(math.log1p(len(set(indices))) / math.log1p(6), 1.0), 3),
            "competitor_role": float(roles.get(company) == "competitor"),
            "known_partner": float(company in known),
            "rule_rival": float(company in rule_rivals),
        }
        for company, indices in seen.items()
    }


@lru_cache(maxsize=1)
def _company_roles() -> dict[str, str]:
    return {row["company_id"]: row.get("role", "") for row in read_companies()}


@lru_cache(maxsize=1)
def _partner_company_ids() -> frozenset[str]:
    """Company ids whose name or alias is also the name of a known partner (Vivo the carrier, vivo the maker)."""
    partner_names = {
        name.casefold() for row in read_partners() for name in [row["name"], *split_list(row.get("aliases", ""))]
    }
    return frozenset(
        row["company_id"]
        for row in read_companies()
        if {name.casefold() for name in [row["name"], *split_list(row.get("aliases", ""))]} & partner_names
    )
