"""Streamlit glue shared by every page: cached loading, global sidebar filters kept in the URL, notices, downloads."""

from __future__ import annotations

import datetime
import functools
import gc
import hashlib
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry
import streamlit as st
from babel import Locale, UnknownLocaleError

from components import aggregate, corroboration, filters, paths, schema, stages
from components.competitors import english_country_name
from components.model import Model, load_model

FILTER_PARAMS = ("country", "product", "from", "to", "status", "lang")  # public URL params = widget keys
FILTER_SPEC_KEY = "_filter_spec"
FILTERS_WRITTEN_KEY = "_filters_written"
NOTICES_KEY = "_filter_notices"
GEO_CONFIG = {"topojsonURL": "app/static/", "scrollZoom": False, "displaylogo": False}
PAGE_FILES = {
    "map": "components/pages/map.py",
    "timeline": "components/pages/timeline.py",
    "country": "components/pages/country.py",
    "sources": "components/pages/sources.py",
    "add": "components/pages/add_article.py",
    "about": "components/pages/about.py",
}


# --- loading and cached views ----------------------------------------------------------------------------------------
#
# The model and everything derived from it below are st.cache_resource values: ONE shared object per key, not a
# copy per rerun (st.cache_data would unpickle the whole model on every rerun: 2.3 s at 1e5 events). They are
# READ-ONLY: query functions return new frames, pages never assign into them (tests/test_app_pages.py checks that
# a run of every page leaves the cached model unchanged). Keys include the data version (the folder and every
# CSV file's size and mtime), so editing a file reloads the model and every view derived from it.

TABLE_ROW_LIMIT = aggregate.TABLE_ROW_LIMIT
_VERSIONS: dict[int, str] = {}  # id(model) -> the data version it was loaded from (set on every load_atlas_model)


def data_version(folder: str | Path) -> str:
    """A short fingerprint of the data folder: every CSV file's path, size and mtime (changes when a file does)."""
    folder = Path(folder)
    digest = hashlib.sha1(str(folder.resolve()).encode())
    for file in sorted(folder.rglob("*.csv")):
        try:
            stat = file.stat()
        except OSError:
            continue
        digest.update(f"|{file.relative_to(folder).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:20]


@st.cache_resource(show_spinner="Loading the atlas…", max_entries=4)
def _load_model_cached(data_dir: str, version: str) -> Model:
    model = load_model(data_dir)
    keep_out_of_garbage_collection()
    return model


def keep_out_of_garbage_collection() -> None:
    """Move every object alive now (above all the model just loaded) out of the cyclic garbage collector's reach.

    The model is long-lived and read-only, and its list cells are millions of container objects: every full
    collection walked them all (60 ms at 1e5 events, 200 ms at 1e6), at random moments inside reruns. Frozen
    objects are still freed by reference counting, but not cycles among them: so each load first unfreezes and
    collects everything (a model replaced since the last load, and what referred to it, goes now), then freezes
    what is still alive. One full collection per load, none per rerun.
    """
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def cached_model(data_dir: str | Path) -> Model:
    """The shared, read-only model of `data_dir` (loaded on first use or when a file changed); raises on errors."""
    version = data_version(data_dir)
    model = _load_model_cached(str(data_dir), version)
    _VERSIONS[id(model)] = version
    return model


def load_atlas_model() -> Model:
    """The validated model of the data folder in use ($ATLAS_DATA_DIR or data/), loaded once; stops on errors."""
    try:
        return cached_model(paths.resolve_data_dir())
    except schema.DataValidationError as error:
        st.error("The data folder did not pass validation, so the atlas cannot be shown. Problems found:")
        st.text(str(error))
        st.stop()
        raise  # unreachable: st.stop() raises


def model_version(model: Model) -> str:
    """The data version `model` was loaded from: the key of every cached view of it."""
    return _VERSIONS.get(id(model)) or data_version(model.data_dir)


@functools.lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Everyday English names (CLDR) of every ISO 3166-1 alpha-3 code, e.g. KOR -> South Korea (built once)."""
    return {c.alpha_3: english_country_name(c.alpha_3) for c in pycountry.countries}


def country_name(code: str) -> str:
    return country_names().get(str(code), str(code))


@functools.lru_cache(maxsize=1024)
def language_name(code: str) -> str:
    try:
        return Locale.parse(str(code)).get_display_name("en") or str(code)
    except (UnknownLocaleError, ValueError, TypeError):
        return str(code)


@st.cache_data
def read_centroids() -> pd.DataFrame:
    """Country centroids from static/country_centroids.csv (iso3, lon, lat, area_km2, in_110m...); empty if absent."""
    file = paths.STATIC_DIR / "country_centroids.csv"
    if not file.exists():
        return pd.DataFrame(columns=["iso3", "name", "lon", "lat", "area_km2", "in_110m"])
    return pd.read_csv(file, keep_default_na=False, na_values=[""])


@st.cache_resource(max_entries=64, show_spinner=False)
def _matching_rows_cached(_model: Model, version: str, spec: filters.FilterSpec) -> np.ndarray:
    rows = aggregate.matching_rows(_model.events, spec, _model.sources)
    rows.setflags(write=False)
    return rows


def matching_rows(model: Model, spec: filters.FilterSpec) -> np.ndarray:
    """Positions of the events matching `spec` (read-only array), cached per (data version, spec)."""
    return _matching_rows_cached(model, model_version(model), spec)


def filtered_events(model: Model, spec: filters.FilterSpec, limit: int | None = None) -> pd.DataFrame:
    """filters.apply_filters(model.events, spec, model.sources) (its first `limit` rows), from the cached rows."""
    return aggregate.take_rows(model.events, matching_rows(model, spec), limit)


@st.cache_resource(max_entries=256, show_spinner=False)
def _stage_as_of_cached(_model: Model, version: str, spec: filters.FilterSpec, as_of: datetime.date) -> pd.DataFrame:
    events = _model.events[[c for c in stages.AS_OF_INPUT_COLUMNS if c in _model.events.columns]]
    return stages.compute_stage_as_of(aggregate.take_rows(events, matching_rows(_model, spec)), _model.stages, as_of)


def stage_as_of(model: Model, spec: filters.FilterSpec, as_of: datetime.date) -> pd.DataFrame:
    """stages.compute_stage_as_of over the events matching `spec`, cached per (data version, spec, date); shared by
    every session, so READ-ONLY like the model."""
    return _stage_as_of_cached(model, model_version(model), spec, as_of)


@st.cache_resource(max_entries=64, show_spinner=False)
def _view_cached(_model: Model, _build, version: str, name: str, args: tuple):  # noqa: ANN001, ANN202
    return _build(_model, *args)


def cached_view(model: Model, name: str, build, *args):  # noqa: ANN001, ANN201
    """build(model, *args), computed once per (data version, `name`, args) and shared by every session.

    For a page's figures and capped tables (small values). The result is shared, not copied: READ-ONLY.
    `name` must be unique per build function (e.g. "timeline.figure"); args must be hashable by Streamlit.
    """
    return _view_cached(model, build, model_version(model), name, tuple(args))


def colour_order(model: Model, color_by: str) -> list[str]:
    """The order of the timeline's colour categories: stages by rank, or event types as listed."""
    if color_by == "stage":
        return model.stages.sort_values("rank")["stage_id"].astype(str).tolist()
    return model.event_types["event_type"].astype(str).tolist()


@st.cache_resource(max_entries=4, show_spinner=False)
def _marker_codes_cached(_model: Model, version: str, group_by: str, color_by: str) -> aggregate.MarkerCodes:
    return aggregate.compute_marker_codes(_model.events, group_by=group_by, color_by=color_by,
                                          colour_order=colour_order(_model, color_by))


def marker_codes(model: Model, group_by: str, color_by: str) -> aggregate.MarkerCodes:
    """The timeline's markers of every event as integer codes (read-only), built once per data version and toggles."""
    return _marker_codes_cached(model, model_version(model), group_by, color_by)


@st.cache_resource(max_entries=2, show_spinner=False)
def _citation_codes_cached(_model: Model, version: str) -> corroboration.CitationCodes:
    return corroboration.compute_citation_codes(_model.events, _model.sources)


def citation_codes(model: Model) -> corroboration.CitationCodes:
    """Every event's distinct cited sources and their clusters as integer codes (read-only), once per data version."""
    return _citation_codes_cached(model, model_version(model))


@st.cache_resource(max_entries=8, show_spinner=False)
def _covered_countries_cached(_model: Model, version: str) -> tuple[str, ...]:
    codes = set(_model.events["country"].astype(str)) | set(_model.market_share["country"].astype(str))
    return tuple(sorted(code for code in codes if len(code) == 3 and code.isalpha()))


def covered_countries(model: Model) -> list[str]:
    """ISO3 countries that appear in any event (any company) or market-share row: the atlas covers them."""
    return list(_covered_countries_cached(model, model_version(model)))


def lookup(frame: pd.DataFrame, key: str, value: str) -> dict[str, str]:
    return dict(zip(frame[key].astype(str), frame[value].astype(str), strict=False))


# --- filters kept in the URL ---------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _countries_by_name() -> tuple[str, ...]:
    return tuple(sorted(country_names(), key=country_name))


@st.cache_resource(max_entries=8, show_spinner=False)
def _languages_cached(_model: Model, version: str) -> tuple[str, ...]:
    return tuple(sorted(set(_model.sources["language"].astype(str)) - {""}, key=language_name))


def _filter_options(model: Model) -> dict[str, list[str]]:
    return {
        "country": list(_countries_by_name()),
        "product": list(model.products["product_line_id"].astype(str)),
        "status": list(schema.STATUSES),
        "lang": list(_languages_cached(model, model_version(model))),
    }


def _url_filter_params() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in FILTER_PARAMS if st.query_params.get_all(name)}


def _seed_filter_widgets(spec: filters.FilterSpec) -> None:
    st.session_state["country"] = list(spec.countries)
    st.session_state["product"] = list(spec.product_lines)
    st.session_state["status"] = list(spec.statuses)
    st.session_state["lang"] = list(spec.languages)
    st.session_state["from"] = spec.start
    st.session_state["to"] = spec.end


def _spec_from_widgets() -> filters.FilterSpec:
    start, end = st.session_state.get("from"), st.session_state.get("to")
    if start and end and start > end:
        start, end = end, start
    return filters.FilterSpec(
        countries=tuple(st.session_state.get("country") or ()),
        product_lines=tuple(st.session_state.get("product") or ()),
        start=start,
        end=end,
        statuses=tuple(st.session_state.get("status") or ()),
        languages=tuple(st.session_state.get("lang") or ()),
    )


def _clear_notices() -> None:
    st.session_state[NOTICES_KEY] = []


def render_sidebar_filters(model: Model) -> filters.FilterSpec:
    """Draw the global filters in the sidebar, in sync with the URL, and return the FilterSpec they describe.

    The URL seeds the widgets on a session's first run and whenever it changes from outside (a shared link, a
    map click); after that the widgets lead and the URL is rewritten to match, so links always reproduce the view.
    """
    options = _filter_options(model)
    from_url = _url_filter_params()
    written = st.session_state.get(FILTERS_WRITTEN_KEY)
    if written is None or (from_url and from_url != written):
        spec, notices = filters.read_filters_from_query_params(
            st.query_params,
            known_countries=options["country"],
            known_product_lines=options["product"],
            known_statuses=options["status"],
            known_languages=options["lang"],
        )
        _seed_filter_widgets(spec)
        st.session_state[NOTICES_KEY] = notices
    products = lookup(model.products, "product_line_id", "label")
    today = datetime.date.today()
    bounds = {"min_value": datetime.date(2000, 1, 1), "max_value": datetime.date(today.year + 5, 12, 31)}
    with st.sidebar:
        st.header("Filters")
        st.multiselect("Countries", options["country"], key="country", format_func=country_name,
                       placeholder="All countries", on_change=_clear_notices)
        st.multiselect("Product lines", options["product"], key="product", format_func=lambda p: products.get(p, p),
                       placeholder="All product lines", on_change=_clear_notices)
        left, right = st.columns(2)
        left.date_input("From", key="from", format="YYYY-MM-DD", on_change=_clear_notices, **bounds)
        right.date_input("To", key="to", format="YYYY-MM-DD", on_change=_clear_notices, **bounds)
        st.multiselect("Status", options["status"], key="status", placeholder="All (plans and rumours shown)",
                       format_func=str.capitalize, on_change=_clear_notices,
                       help="Keep only 'happened' to hide plans, announcements and rumours.")
        st.multiselect("Source language", options["lang"], key="lang", format_func=language_name,
                       placeholder="All languages", on_change=_clear_notices)
    spec = _spec_from_widgets()
    params = filters.to_query_params(spec)
    if params != from_url:
        for name in FILTER_PARAMS:
            if name in st.query_params:
                del st.query_params[name]
        for name, values in params.items():
            st.query_params[name] = values
    st.session_state[FILTERS_WRITTEN_KEY] = params
    st.session_state[FILTER_SPEC_KEY] = spec
    return spec


def filter_spec() -> filters.FilterSpec:
    """The FilterSpec drawn by the sidebar on this run."""
    return st.session_state.get(FILTER_SPEC_KEY, filters.FilterSpec())


def render_notices() -> None:
    """Say which URL values were ignored (unknown country codes, malformed dates...)."""
    notices = st.session_state.get(NOTICES_KEY) or []
    if notices:
        st.warning("Some link parameters were ignored:\n\n" + "\n".join(f"- {escape_markdown(n)}" for n in notices))


def render_filter_caption(spec: filters.FilterSpec, n_events: int | None = None) -> None:
    text = filters.describe_filters(spec, country_names())
    prefix = f"{n_events} events · " if n_events is not None else ""
    st.caption(escape_markdown(f"{prefix}Filters: {text}"))


def selected_id(event: object) -> str | None:
    """The id of the first clicked point in a plotly selection (a dict or Streamlit's PlotlyState): its map location,
    else customdata[0] (every chart here puts the country code or event id there)."""
    try:
        points = event["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points if isinstance(points, list) else []:
        if not isinstance(point, dict):
            continue
        custom = point.get("customdata")
        first = custom[0] if isinstance(custom, list | tuple) and custom else None
        code = point.get("location") or first
        if isinstance(code, str) and code:  # counted timeline cells carry numbers (or a typed array), not an id
            return code
    return None


def open_country_profile(code: str) -> None:
    """Go to the country page for `code`, keeping the other filters (the URL becomes /country?country=XXX&...)."""
    spec = filter_spec()
    params = filters.to_query_params(filters.FilterSpec(**{**spec.__dict__, "countries": (code,)}))
    st.switch_page(PAGE_FILES["country"], query_params=params)


# --- text and tables -----------------------------------------------------------------------------------------------

_MARKDOWN_SPECIALS = "\\`*_{}[]()<>#+-.!|~$:"


def escape_markdown(text: object) -> str:
    """Data text made inert in st.markdown / st.caption: every Markdown or HTML special character is escaped."""
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIALS else ch for ch in str(text))


def source_table(model: Model, source_ids: Iterable[str] | None = None, *,
                 rows: np.ndarray | None = None) -> pd.DataFrame:
    """Sources (all, the given ids, or the given rows of model.sources) as a display table with a language name
    and the date as written, in the sources' order."""
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


LINK = st.column_config.LinkColumn
SOURCE_COLUMNS = {
    "url": LINK("Link", display_text=r"https?://(?:www\.)?([^/]+)"),
    "source_id": st.column_config.TextColumn("Source id"),
}


def event_table(model: Model, events: pd.DataFrame) -> pd.DataFrame:
    """Events as a display table: date as written, names instead of codes, lists joined, first source link."""
    first_ids = events["source_ids"].map(lambda ids: str(ids[0]) if isinstance(ids, list) and ids else "")
    sources = model.sources[model.sources["source_id"].astype(str).isin(set(first_ids))]
    urls = lookup(sources, "source_id", "url")
    stage_labels = lookup(model.stages, "stage_id", "label")
    type_labels = lookup(model.event_types, "event_type", "label")
    return pd.DataFrame(
        {
            "date": events["date_label"].astype(str),
            "precision": events["date_precision"].astype(str),
            "company": events["company"].astype(str),
            "country": events["country"].astype(str).map(country_name),
            "event": events["event_type"].astype(str).map(lambda t: type_labels.get(t, t)),
            "stage": events["stage"].astype(str).map(lambda s: stage_labels.get(s, s)),
            "status": events["status"].astype(str),
            "summary": events["summary"].astype(str),
            "product lines": events["product_lines"].map(join_list),
            "partners": events["partners"].map(join_list),
            "sources": events["source_ids"].map(len),
            "first source": first_ids.map(lambda source_id: urls.get(source_id, "")),
            "event_id": events["event_id"].astype(str),
        }
    )


EVENT_COLUMNS = {"first source": LINK("First source", display_text=r"https?://(?:www\.)?([^/]+)")}


def join_list(items: object) -> str:
    return ", ".join(str(item) for item in items) if isinstance(items, list) else ""


# --- downloads and citation ----------------------------------------------------------------------------------------


def citation_text(model: Model) -> str:
    """How to cite the atlas (also written into the dataset zip)."""
    today = datetime.date.today().isoformat()
    address = f" {st.context.url}" if st.context.url else ""  # where this app is served; no invented address
    return (
        f"Xiaomi Market Atlas: a sourced dataset of Xiaomi's market entries worldwide. Data as of {today}, "
        f"{len(model.events)} events from {len(model.sources)} sources.{address}\n\n"
        "Cite the original sources listed for each fact as well. Market-share figures: StatCounter Global Stats "
        "(CC BY-SA 3.0, https://gs.statcounter.com/) where the licence column says so; analyst shipment figures "
        "are the named firms' proprietary numbers, cited with attribution to the firm and the page reporting them.\n"
    )


def events_csv(model: Model, events: pd.DataFrame) -> bytes:
    """Filtered events as CSV in the data files' own format (lists joined by ';', dates as written)."""
    out = events.copy()
    for column in ("product_lines", "products", "partners", "competitors", "source_ids"):
        out[column] = out[column].map(lambda items: ";".join(items) if isinstance(items, list) else "")
    out["date"] = out["date_label"]
    columns = [c for c in model.events.columns if c not in ("date_end", "date_label")]
    return out[columns].to_csv(index=False).encode("utf-8")


def dataset_zip_bytes(folder: str | Path, citation: str) -> bytes:
    """The data folder as a zip: every CSV, the data README and the citation text."""
    folder = paths.resolve_data_dir(folder)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*.csv")):
            archive.write(file, f"xiaomi-market-atlas/{file.relative_to(folder).as_posix()}")
        readme = folder / "README.md"
        if readme.exists():
            archive.write(readme, "xiaomi-market-atlas/README.md")
        archive.writestr("xiaomi-market-atlas/CITATION.txt", citation)
    return buffer.getvalue()


def dataset_zip(model: Model) -> bytes:
    """The whole data folder as a zip: every CSV, the data README and the citation text."""
    return dataset_zip_bytes(model.data_dir, citation_text(model))


def render_downloads(model: Model, spec: filters.FilterSpec, n_events: int, *, key: str) -> None:
    """Download buttons: the events matching `spec` (CSV) and the whole dataset (zip).

    Both files are built only when their button is clicked (a callable as `data`, run by Streamlit on click), not
    on every rerun; the callables use no Streamlit API (they may run outside the script thread).
    """
    left, right = st.columns(2)
    left.download_button(
        f"Download these {n_events} events (CSV)",
        lambda: events_csv(model, aggregate.take_rows(model.events,
                                                      aggregate.matching_rows(model.events, spec, model.sources))),
        "xiaomi-atlas-events.csv", "text/csv", key=f"{key}_csv", on_click="ignore", icon=":material/download:",
    )
    citation = citation_text(model)
    right.download_button(
        "Download the whole dataset (zip)", lambda: dataset_zip_bytes(model.data_dir, citation),
        "xiaomi-market-atlas.zip", "application/zip", key=f"{key}_zip", on_click="ignore",
        icon=":material/folder_zip:",
    )


def render_row_cap_note(shown: int, total: int, what: str = "rows") -> None:
    """Say that a table shows only its first rows (and where the rest are), when it does."""
    if shown < total:
        st.caption(f"Showing the first {shown:,} of {total:,} {what}, to keep the page light. "
                   "The download buttons give them all.")
