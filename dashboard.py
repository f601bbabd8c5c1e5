"""Xiaomi Market Atlas: the Streamlit entry point (placeholder until the dashboard lands)."""

import streamlit as st

from components.model import load_model

st.set_page_config(page_title="Xiaomi Market Atlas", layout="wide")
st.title("Xiaomi Market Atlas")
model = load_model()
st.write(f"{len(model.events)} events from {len(model.sources)} sources.")
