"""Display tables, CSV and zip exports, and the citation text: plain frames and bytes, no Streamlit."""

from __future__ import annotations

import csv
import datetime
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from components import paths
from components.model.load import Model
from components.queries.filters import FilterSpec, describe_filters
from components.queries.names import country_name, country_names, language_name, lookup

TABLE_ROW_LIMIT = 500  # rows a page table shows; the full data is a download away

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet reads a cell starting so as a formula (OWASP)

SPREADSHEET_NOTE = """Opening these files in a spreadsheet
====================================

The CSV files in this folder are the atlas's raw data, exactly as in its repository. Their text comes from news
articles and other sources, and a cell may begin with =, +, -, @, a tab or a carriage return. Excel, LibreOffice and
Google Sheets read such a cell as a formula, which can run commands or send data to the web (CSV injection).
Read them with a CSV library (pandas.read_csv(path, dtype=str)) or import them as text (in the import dialog,
set every column's type to Text) instead of double-clicking them. The CSV downloads on the atlas's pages are
already made safe for spreadsheets: such cells start with an apostrophe there.
"""


def without_empty_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Drop columns that are blank in every shown row (most sources have no recorded title); never fill them in."""
    return frame.loc[:, [frame[c].astype(str).str.strip().ne("").any() for c in frame.columns]]


def source_table(
    model: Model, source_ids: Iterable[str] | None = None, *, rows: np.ndarray | None = None
) -> pd.DataFrame:
    """Sources (all, the given ids, or the given rows of model.sources) as a display table with a language name
    and the date as written, in the sources' order.
    """
    sources = model.sources
    if source_ids is not None:
        wanted = list(dict.fromkeys(source_ids))
        sources = sources[sources["source_id"].astype(str).isin(wanted)]
    if rows is not None:
        sources = sources.iloc[np.sort(np.asarray(rows, dtype=np.int64))]
    return pd.DataFrame(
        {
            "source_id": sources["source_id"].astype(str),
            "outlet": sources["outlet"].astype(str),
            "title": sources["title"].astype(str),
            "language": sources["language"].astype(str).map(language_name),
            "published": sources["published_label"].astype(str),
            "precision": sources["published_precision"].astype(str),
            "kind": sources["kind"].astype(str),
            "reliability": sources["reliability"].astype(str),
            "cluster": sources["cluster"].astype(str),
            "url": sources["url"].astype(str),
        }
    ).reset_index(drop=True)


def event_table(
    model: Model,
    events: pd.DataFrame,
    company_names: Mapping[str, str] | None = None,
    country_labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Events as a display table: date as written, names instead of codes (companies too: xiaomi -> Xiaomi, from
    `company_names`, e.g. Atlas.labels("companies"), else model.companies; countries from `country_labels`, e.g.
    localised_country_names(locale), else English), product-line labels, lists joined, first source link.
    """
    countries = country_labels or {}
    names = company_names if company_names is not None else lookup(model.companies, "company_id", "name")
    first_ids = events["source_ids"].map(lambda ids: str(ids[0]) if isinstance(ids, list) and ids else "")
    sources = model.sources[model.sources["source_id"].astype(str).isin(set(first_ids))]
    urls = lookup(sources, "source_id", "url")
    stage_labels = lookup(model.stages, "stage_id", "label")
    type_labels = lookup(model.event_types, "event_type", "label")
    line_labels = lookup(model.products, "product_line_id", "label")
    return pd.DataFrame(
        {
            "date": events["date_label"].astype(str),
            "precision": events["date_precision"].astype(str),
            "company": events["company"].astype(str).map(lambda c: names.get(c, c)),
            "country": events["country"].astype(str).map(lambda c: countries.get(c) or country_name(c)),
            "event": events["event_type"].astype(str).map(lambda t: type_labels.get(t, t)),
            "stage": events["stage"].astype(str).map(lambda s: stage_labels.get(s, s)),
            "status": events["status"].astype(str),
            "summary": events["summary"].astype(str),
            "product lines": events["product_lines"].map(lambda items: join_labels(items, line_labels)),
            "partners": events["partners"].map(join_list),
            "sources": events["source_ids"].map(len),
            "first source": first_ids.map(lambda source_id: urls.get(source_id, "")),
            "event_id": events["event_id"].astype(str),
        }
    )


def source_links(model: Model, events: pd.DataFrame) -> list[tuple[str, ...]]:
    """Each event's source addresses, in the order it cites them (unknown ids left out)."""
    urls = lookup(model.sources, "source_id", "url")
    return [tuple(urls[str(s)] for s in ids if str(s) in urls) for ids in events["source_ids"]]


def join_labels(items: object, labels: Mapping[str, str]) -> str:
    """A list cell's ids as their labels (unknown ids as written), joined by ', ' ('' for anything else)."""
    return join_list([labels.get(str(item), str(item)) for item in items]) if isinstance(items, list) else ""


def join_list(items: object) -> str:
    """A list cell's items joined by ', ' ('' for anything else)."""
    return ", ".join(str(item) for item in items) if isinstance(items, list) else ""


def citation_text(model: Model, address: str = "", today: datetime.date | None = None) -> str:
    """How to cite the atlas (also written into the dataset zip); `address` is where the app is served, if known."""
    today = (today or datetime.date.today()).isoformat()
    address = f" {address}" if address else ""  # no invented address
    return (
        f"Xiaomi Market Atlas: a sourced dataset of Xiaomi's market entries worldwide. Data as of {today}, "
        f"{len(model.events)} events from {len(model.sources)} sources.{address}\n\n"
        "Cite the original sources listed for each fact as well. Market-share figures: StatCounter Global Stats "
        "(CC BY-SA 3.0, https://gs.statcounter.com/) where the licence column says so; analyst shipment figures "
        "are the named firms' proprietary numbers, cited with attribution to the firm and the page reporting them.\n"
    )


EXPORT_CREDIT = "Source: Xiaomi Market Atlas, from the news and analyst sources cited for each event"


def credit_lines(model: Model, spec: FilterSpec, today: datetime.date, extra: str = "") -> list[str]:
    """The lines an exported chart carries under its title: the filters, the data date and size, the credit."""
    return [
        f"Filters: {describe_filters(spec, country_names())}",
        f"Data as of {today.isoformat()}: {len(model.events):,} events, {len(model.sources):,} sources. "
        + EXPORT_CREDIT
        + (f"; {extra}" if extra else "."),
    ]


def events_csv(model: Model, events: pd.DataFrame) -> bytes:
    """Filtered events as CSV in the data files' own format (lists joined by ';', dates as written)."""
    out = events.copy()
    for column in ("product_lines", "products", "partners", "competitors", "source_ids"):
        out[column] = out[column].map(lambda items: ";".join(items) if isinstance(items, list) else "")
    out["date"] = out["date_label"]
    columns = [c for c in model.events.columns if c not in ("date_end", "date_label")]
    return spreadsheet_safe(out[columns]).to_csv(index=False).encode("utf-8")


def neutralise_formula(cell: object) -> object:
    """A text cell a spreadsheet would read as a formula (FORMULA_STARTS), prefixed with an apostrophe (OWASP's
    CSV-injection advice); any other value unchanged.
    """
    return f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) are neutralised: see neutralise_formula."""
    safe = frame.map(neutralise_formula)
    safe.columns = [neutralise_formula(str(name)) for name in frame.columns]
    return safe


def spreadsheet_safe_csv(text: str) -> str:
    """CSV text with every formula cell neutralised (see neutralise_formula); the rest is written back as read."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for record in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([neutralise_formula(cell) for cell in record])
    return out.getvalue()


def dataset_zip_bytes(folder: str | Path, citation: str) -> bytes:
    """The data folder as a zip: every CSV (unchanged), the README, datapackage.json, a spreadsheet note, a citation."""
    folder = paths.resolve_data_dir(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*.csv")):
            archive.write(file, f"xiaomi-market-atlas/{file.relative_to(folder).as_posix()}")
        for name in ("README.md", "datapackage.json"):  # datapackage.json: the Frictionless descriptor
            if (folder / name).exists():
                archive.write(folder / name, f"xiaomi-market-atlas/{name}")
        archive.writestr("xiaomi-market-atlas/README-SPREADSHEETS.txt", SPREADSHEET_NOTE)
        archive.writestr("xiaomi-market-atlas/CITATION.txt", citation)
    return buffer.getvalue()
