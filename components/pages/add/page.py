"""Streamlit page "Add an article": paste or upload text, review extracted candidates, download them as data rows."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.app.cache import load_atlas
from components.ingest.extract import extract_candidates
from components.ingest.language import check_language
from components.ingest.review import candidates_to_event_rows, rows_to_csv, source_row
from components.ingest.text import MAX_TEXT_BYTES, ArticleError, check_text_size, decode_article
from components.pages.add.view import column_options, editable_frame, evidence_table, primary_first, validate_rows
from components.queries.links import is_web_address
from components.queries.tables import spreadsheet_safe_csv

CANDIDATES_KEY = "_ingest_candidates"


def session_candidates(text: str, lang: str | None, published: dt.date | None) -> list[dict]:
    """Extraction is pure and deterministic: run it once per input in this session (kept in session state)."""
    key = (hash(text), lang, published)
    kept = st.session_state.get(CANDIDATES_KEY)
    if not kept or kept[0] != key:
        with st.spinner("Extracting candidate events…"):
            kept = (key, extract_candidates(text, lang, published, "pasted article"))
        st.session_state[CANDIDATES_KEY] = kept
    return kept[1]


def read_input() -> str:
    """The article text from the upload (preferred) or the text area; errors shown, never raised."""
    upload = st.file_uploader(  # 1 MB is the smallest upload limit Streamlit sets; the text limit is the CLI's
        f"Upload a .txt or .md file (the file at most 1 MB, its text at most {MAX_TEXT_BYTES // 1000} kB)",
        type=["txt", "md"],
        key="ingest_upload",
        max_upload_size=1,
    )
    pasted = st.text_area("…or paste the article text", height=220, key="ingest_text")
    if upload is None:
        return pasted
    try:
        return decode_article(upload.getvalue(), upload.name, MAX_TEXT_BYTES)
    except ArticleError as error:
        st.error(str(error))
        return ""


def render_evidence(text: str, candidate: dict) -> None:
    """Evidence as a table of offsets and quoted text (rendered as data, never as HTML or Markdown)."""
    st.dataframe(evidence_table(candidate), hide_index=True, width="stretch")
    span = candidate["span"]
    st.code(text[span["start"] : span["end"]], language=None, wrap_lines=True)


def render_row_downloads(edited: list[dict], source: dict[str, str]) -> None:
    """The events and source rows as CSV downloads, formula cells neutralised for spreadsheets (OWASP)."""
    source_id = source["source_id"]
    events = candidates_to_event_rows(edited, source_id)
    one, two = st.columns(2)
    one.download_button(
        "Download events CSV", spreadsheet_safe_csv(rows_to_csv(events, "events")), f"ingested-{source_id}.csv",
        mime="text/csv", key="ingest_download_events",
    )  # fmt: skip
    two.download_button(
        "Download source CSV", spreadsheet_safe_csv(rows_to_csv([source], "sources")),
        f"ingested-{source_id}-source.csv", mime="text/csv", key="ingest_download_source",
    )  # fmt: skip


def review_columns(options: dict[str, list[str]]) -> dict[str, object]:
    """Option columns for the review table: one choice per row for codes, several for lists."""
    single = {name: st.column_config.SelectboxColumn(name.replace("_", " "), options=values, required=True)
              for name, values in options.items() if name not in ("product_lines", "competitors")}  # fmt: skip
    lists = {name: st.column_config.MultiselectColumn(name.replace("_", " "), options=options[name])
             for name in ("product_lines", "competitors")}  # fmt: skip
    return {**single, **lists}


def render_problems(problems: dict[int, list[str]]) -> None:
    """Every problem of the reviewed rows, per row (as text, never Markdown)."""
    st.error(f"{sum(map(len, problems.values()))} problem(s): fix them in the table above; no download until then.")
    for index, messages in sorted(problems.items()):
        where = "Source row" if index < 0 else f"Row {index + 1}"
        st.text("\n".join(f"{where}: {message}" for message in messages))


def read_language() -> str | None:
    """The language typed in, if it is a known ISO 639-1 code; else None (detect), with a message if it was wrong."""
    raw = st.session_state.get("ingest_lang", "").strip()
    if not raw:
        return None
    try:
        return check_language(raw)
    except ValueError as error:
        st.error(f"{error}; the language is detected instead.")
        return None


def extract(text: str, language: str | None, published: dt.date | None) -> list[dict]:
    """The candidates of the text, primary first; size errors shown, never raised."""
    try:
        check_text_size(text, "the pasted text")
        candidates = session_candidates(text, language, published)
    except ArticleError as error:
        st.error(str(error))
        return []
    notice = getattr(candidates, "notice", "")
    if notice:  # the time budget ran out: what was found so far is shown
        st.warning(f"{notice[0].upper()}{notice[1:]}: the candidates below are those found so far.")
    dropped = getattr(candidates, "dropped", 0)
    if dropped:
        st.warning(f"Only the first {len(candidates)} candidates are shown; {dropped} more were left out.")
    return primary_first(list(candidates))


st.title("Add an article")
st.caption(
    "Extraction runs on this server only; nothing is saved. Review the candidates, edit them, and download "
    "rows in the data format for a pull request (or use `python -m components.ingest review`)."
)
left, right = st.columns(2)
left.text_input("Language (ISO 639-1, empty = detect)", max_chars=3, key="ingest_lang")
language = read_language()
published = right.date_input("Publication date (for relative dates)", value=None, key="ingest_published")
text = read_input()

if text.strip():
    candidates = extract(text, language, published)
    if not candidates:
        st.info("No country or region was recognised in this text, so there is no candidate event.")
    for number, candidate in enumerate(candidates, start=1):
        primary = " (primary)" if candidate.get("primary") else ""
        with st.expander(
            f"Candidate {number}{primary}: {candidate['country']} · {candidate['event_type']} · {candidate['status']}",
            expanded=bool(primary),
        ):
            render_evidence(text, candidate)
    if candidates:
        st.subheader("Review")
        options = column_options(load_atlas())
        edited = st.data_editor(
            editable_frame(candidates),
            num_rows="dynamic",
            key="ingest_editor",
            width="stretch",
            column_config=review_columns(options),
        )
        source_id = st.text_input("Source id for the rows", value="new-article", max_chars=60, key="ingest_source_id")
        outlet = st.text_input("Outlet", max_chars=120, key="ingest_outlet")
        url = st.text_input("Address (http/https)", max_chars=500, key="ingest_url").strip()
        if url and not is_web_address(url):
            st.error("The address must start with http:// or https:// (no spaces): no rows to download until it does.")
        else:
            source = source_row(
                source_id.strip() or "new-article", outlet.strip() or "unknown", url, candidates[0]["language"],
                published.isoformat() if published else "",
            )  # fmt: skip
            rows = candidates_to_event_rows(edited.to_dict("records"), source["source_id"])
            problems = validate_rows(load_atlas(), rows, source)
            if problems:
                render_problems(problems)
            else:
                render_row_downloads(edited.to_dict("records"), source)
