"""Placeholder: timeline page."""

import streamlit as st

st.title("timeline")
