"""Xiaomi Market Atlas: the pure data model, figure builders and Streamlit pages."""
