"""Shared pytest fixtures."""

import pytest
import streamlit as st


@pytest.fixture(autouse=True)
def clear_streamlit_caches():
    """AppTests share the process: clear st.cache_data / st.cache_resource so no test sees another's data."""
    st.cache_data.clear()
    st.cache_resource.clear()
    yield
    st.cache_data.clear()
    st.cache_resource.clear()
