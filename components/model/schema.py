"""The data contract: the columns of every file in data/, partial-date parsing, and the problems validation reports."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import pycountry

from components.model.vocabulary import (
    COMPANY_ROLES,
    DATE_BASES,
    LIST_SEPARATOR,
    MARKET_SHARE_METRICS,
    SOURCE_KINDS,
    SOURCE_RELIABILITY,
    STAGE_EFFECTS,
    STATUSES,
)


@dataclass(frozen=True)
class Column:
    """One column of a data file: its name, what kind of value it holds and whether it may be empty."""

    name: str
    kind: str = "text"  # text | id | list | date | precision | choice | ref | refs | country | language | number |
    # integer | percent (a number in vocabulary.SHARE_RANGE) | url
    required: bool = True
    choices: tuple[str, ...] = ()
    refers_to: str = ""  # "table.column" for ref/refs columns
    dtype: str = ""  # the typed model's dtype: category | int | float | stage (ordered by rank); else from `kind`

    @property
    def typed_as(self) -> str:
        """The dtype of this column in the loaded model: the declared one, or list / date / text from the kind."""
        if self.dtype:
            return self.dtype
        return {"list": "list", "refs": "list", "date": "date"}.get(self.kind, "text")


@dataclass(frozen=True)
class TableSpec:
    """A table of the model: the files it is read from and its columns."""

    name: str
    pattern: str  # glob under the data folder
    columns: tuple[Column, ...]
    id_column: str = ""

    @property
    def column_names(self) -> list[str]:
        """The names of this table's columns, in schema order."""
        return [column.name for column in self.columns]

    def columns_typed_as(self, dtype: str) -> tuple[str, ...]:
        """The names of this table's columns whose typed dtype is `dtype` (list, date, category, ...)."""
        return tuple(column.name for column in self.columns if column.typed_as == dtype)


TABLES: dict[str, TableSpec] = {
    spec.name: spec
    for spec in (
        TableSpec(
            "stages",
            "stages.csv",
            (Column("stage_id", "id"), Column("rank", "integer", dtype="int"), Column("label"), Column("description")),
            "stage_id",
        ),
        TableSpec(
            "event_types",
            "event_types.csv",
            (
                Column("event_type", "id"),
                Column("label"),
                Column("description"),
                Column("effect", "choice", choices=STAGE_EFFECTS),
                Column("stage_with_phones", "ref", refers_to="stages.stage_id"),
                Column("stage_without_phones", "ref", refers_to="stages.stage_id"),
                Column("other_stages", "refs", required=False, refers_to="stages.stage_id"),
            ),
            "event_type",
        ),
        TableSpec("regions", "regions.csv", (Column("region_code", "id"), Column("name")), "region_code"),
        TableSpec(
            "companies",
            "companies.csv",
            (
                Column("company_id", "id"),
                Column("name"),
                Column("home_country", "country"),
                Column("role", "choice", choices=COMPANY_ROLES),
                Column("aliases", "list", required=False),
            ),
            "company_id",
        ),
        TableSpec(
            "products",
            "product_lines.csv",
            (
                Column("product_line_id", "id"),
                Column("label"),
                Column("products", "list", required=False),
                Column("description"),
            ),
            "product_line_id",
        ),
        TableSpec(
            "sources",
            "sources/*.csv",
            (
                Column("source_id", "id"),
                Column("outlet"),
                Column("title", required=False),
                Column("author", required=False),
                Column("language", "language", dtype="category"),
                Column("published", "date", required=False),
                Column("published_precision", "precision", dtype="category", required=False),
                Column("published_basis", "choice", dtype="category", required=False, choices=DATE_BASES),
                Column("published_note", required=False),
                Column("url", "url", required=False),
                Column("kind", "choice", dtype="category", choices=SOURCE_KINDS),
                Column("reliability", "choice", dtype="category", choices=SOURCE_RELIABILITY),
                Column("cluster", required=False),
                Column("notes", required=False),
            ),
            "source_id",
        ),
        TableSpec(
            "events",
            "events/*.csv",
            (
                Column("event_id", "id"),
                Column("company", "ref", dtype="category", refers_to="companies.company_id"),
                Column("country", "country", dtype="category"),
                Column("date", "date"),
                Column("date_precision", "precision", dtype="category"),
                Column("date_basis", "choice", dtype="category", choices=DATE_BASES),
                Column("date_note", required=False),
                Column("event_type", "ref", dtype="category", refers_to="event_types.event_type"),
                Column("stage", "ref", dtype="stage", refers_to="stages.stage_id"),
                Column("status", "choice", dtype="category", choices=STATUSES),
                Column("product_lines", "refs", required=False, refers_to="products.product_line_id"),
                Column("products", "list", required=False),
                Column("partners", "list", required=False),
                Column("competitors", "refs", required=False, refers_to="companies.company_id"),
                Column("summary"),
                Column("source_ids", "refs", refers_to="sources.source_id"),
            ),
            "event_id",
        ),
        TableSpec(
            "market_share",
            "market_share/*.csv",
            (
                Column("observation_id", "id"),
                Column("country", "country", dtype="category"),
                Column("period", "date"),
                Column("period_precision", "precision", dtype="category"),
                Column("vendor", "ref", dtype="category", refers_to="companies.company_id"),
                Column("metric", "choice", dtype="category", choices=MARKET_SHARE_METRICS),
                Column("firm", required=False),
                Column("value", "percent", dtype="float"),
                Column("source_id", "ref", dtype="category", refers_to="sources.source_id"),
                Column("licence"),
                Column("quality_flag", required=False),
                Column("note", required=False),
            ),
            "observation_id",
        ),
        TableSpec(
            "conflicts",
            "conflicts.csv",
            (
                Column("claim_id", "id"),
                Column("conflict_id"),
                Column("topic"),
                Column("country", "country"),
                Column("event_ids", "refs", required=False, refers_to="events.event_id"),
                Column("observation_ids", "refs", required=False, refers_to="market_share.observation_id"),
                Column("claim"),
                Column("source_ids", "refs", refers_to="sources.source_id"),
                Column("assessment", required=False),
            ),
            "claim_id",
        ),
    )
}

# Order matters: a table's references must be read before it is checked.
TABLE_ORDER = (
    "stages",
    "event_types",
    "regions",
    "companies",
    "products",
    "sources",
    "events",
    "market_share",
    "conflicts",
)

_DATE_FORMS = (  # ASCII digits only (\d would accept fullwidth and other scripts' digits)
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$", re.ASCII), "day"),
    (re.compile(r"^(\d{4})-(\d{2})$", re.ASCII), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$", re.ASCII), "quarter"),
    (re.compile(r"^(\d{4})-H([12])$", re.ASCII), "half"),
    (re.compile(r"^(\d{4})$", re.ASCII), "year"),
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a data file, with its location (row is the line number in the file, 1 = header)."""

    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.row}" if self.row else self.file
        column = f", column '{self.column}'" if self.column else ""
        return f"{where}{column}: {self.message}"


class DataValidationError(ValueError):
    """Raised when a data folder fails validation; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"{len(self.problems)} problem(s) in the data folder:\n{lines}")


def parse_partial_date(text: str) -> tuple[pd.Timestamp, str]:
    """Parse YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD into (first day of the period, precision)."""
    value = text.strip()
    for pattern, precision in _DATE_FORMS:
        match = pattern.match(value)
        if not match:
            continue
        year = int(match.group(1))
        if precision == "day":
            return pd.Timestamp(year, int(match.group(2)), int(match.group(3))), precision
        if precision == "month":
            return pd.Timestamp(year, int(match.group(2)), 1), precision
        if precision == "quarter":
            return pd.Timestamp(year, 3 * int(match.group(2)) - 2, 1), precision
        if precision == "half":
            return pd.Timestamp(year, 6 * int(match.group(2)) - 5, 1), precision
        return pd.Timestamp(year, 1, 1), precision
    raise ValueError(f"'{text}' is not a date of the form YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM or YYYY-MM-DD")


def period_end(start: pd.Timestamp, precision: str) -> pd.Timestamp:
    """Last day of the period that starts at `start` with the given precision."""
    months = {"day": 0, "month": 1, "quarter": 3, "half": 6, "year": 12}[precision]
    if months == 0:
        return start
    return start + pd.DateOffset(months=months) - pd.Timedelta(days=1)


@lru_cache(maxsize=1)
def iso3_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-3 code pycountry knows."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """Every ISO 639-1 two-letter language code pycountry knows."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if hasattr(lang, "alpha_2"))


def split_list(cell: str) -> list[str]:
    """Split a ';'-separated cell into its trimmed, non-empty items."""
    return [item.strip() for item in str(cell).split(LIST_SEPARATOR) if item.strip()]
