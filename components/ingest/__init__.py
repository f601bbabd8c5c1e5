"""Multilingual article ingestion: read an article, extract candidate events, review them into data rows."""
