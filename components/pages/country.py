"""Placeholder: country page."""

import streamlit as st

st.title("country")
