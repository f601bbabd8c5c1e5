"""Streamlit page "Add an article": paste or upload text, review extracted candidates, download them as data rows."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from components.ingest.extract import extract_candidates
from components.ingest.review import candidates_to_event_rows, rows_to_csv, source_row
from components.ingest.text import MAX_BYTES, ArticleError, decode_article
from components.pages.add.view import editable_frame, evidence_table
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
    upload = st.file_uploader(  # the widget's own "Limit 1MB per file" and the label say the same (as the CLI)
        f"Upload a .txt or .md file (at most {MAX_BYTES // 1_000_000} MB)",
        type=["txt", "md"],
        key="ingest_upload",
        max_upload_size=MAX_BYTES // 1_000_000,
    )
    pasted = st.text_area("…or paste the article text", height=220, key="ingest_text")
    if upload is None:
        return pasted
    try:
        return decode_article(upload.getvalue(), upload.name, MAX_BYTES)
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


st.title("Add an article")
st.caption(
    "Extraction runs on this server only; nothing is saved. Review the candidates, edit them, and download "
    "rows in the data format for a pull request (or use `python -m components.ingest review`)."
)
left, right = st.columns(2)
language = left.text_input("Language (ISO 639-1, empty = detect)", max_chars=3, key="ingest_lang").strip() or None
published = right.date_input("Publication date (for relative dates)", value=None, key="ingest_published")
text = read_input()

if text.strip():
    candidates = session_candidates(text, language, published)
    if not candidates:
        st.info("No country or region was recognised in this text, so there is no candidate event.")
    for number, candidate in enumerate(candidates, start=1):
        with st.expander(
            f"Candidate {number}: {candidate['country']} · {candidate['event_type']} · {candidate['status']}"
        ):
            render_evidence(text, candidate)
    if candidates:
        st.subheader("Review")
        edited = st.data_editor(editable_frame(candidates), num_rows="dynamic", key="ingest_editor", width="stretch")
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
            render_row_downloads(edited.to_dict("records"), source)
