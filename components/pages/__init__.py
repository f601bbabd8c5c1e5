"""Dashboard pages: each module is a Streamlit page script registered in dashboard.py with st.navigation."""
