"""Group an article's sentences into clusters per country: those naming it and those that follow it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from components.ingest.budget import Budget
from components.ingest.countries import Mention

NOT_MARKETS = {"001"}  # "the world" is not a market
CARRY_OVER = 2  # sentences without a country name still belong to the last named country, up to this many


def cluster_sentences(
    sentences: list[tuple[int, int]], mentions: list[Mention], budget: Budget | None = None
) -> list[tuple[str, list[int]]]:
    """(country, consecutive sentence indices) for every country named in the text, in order of first mention
    (of the mentions met before the `budget` ran out).
    """
    named: dict[str, set[int]] = {}
    referred: dict[int, set[str]] = {}  # sentences that refer back to a country with an adjective ("marché belge")
    starts = [start for start, _ in sentences]
    for mention in (
        budget.keep_while(mentions) if budget else mentions
    ):  # mentions are in text order, so countries are met in order of first mention
        index = bisect_right(starts, mention.start) - 1
        if index < 0 or mention.start >= sentences[index][1] or mention.code in NOT_MARKETS:
            continue
        if mention.kind == "name":
            named.setdefault(mention.code, set()).add(index)
        else:
            referred.setdefault(index, set()).add(mention.code)
    by_code: dict[str, list[int]] = {}
    for index, codes in enumerate(_carry_over(len(sentences), named, referred)):
        for code in codes:
            by_code.setdefault(code, []).append(index)
    clusters = [(code, group) for code in named for group in _consecutive(by_code.get(code, []))]
    return sorted(clusters, key=lambda item: item[1][0])


def _carry_over(count: int, named: dict[str, set[int]], referred: dict[int, set[str]]) -> list[set[str]]:
    """The countries each sentence is about: those it names, else the last named ones for up to CARRY_OVER sentences.

    An article that names a single market is about it to the end; a sentence that refers back to the country in
    focus with an adjective ("le marché belge", "mercado brasileiro") keeps the focus alive.
    """
    limit = count if len(named) == 1 else CARRY_OVER
    naming: list[set[str]] = [set() for _ in range(count)]
    for code, indices in named.items():
        for index in indices:
            naming[index].add(code)
    focus: list[set[str]] = []
    last: set[str] = set()
    quiet = 0
    for index in range(count):
        here = naming[index]
        if here:
            last, quiet = here, 0
        elif last and quiet <= limit and last & referred.get(index, set()):
            here, quiet = set(last), 0
        else:
            quiet += 1
            here = set(last) if quiet <= limit else set()
        focus.append(here)
    return focus


def _consecutive(indices: list[int]) -> Iterable[list[int]]:
    group: list[int] = []
    for index in indices:
        if group and index != group[-1] + 1:
            yield group
            group = []
        group.append(index)
    if group:
        yield group
