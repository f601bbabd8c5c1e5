"""Placeholder: about page."""

import streamlit as st

st.title("about")
