"""The floor for page-load time: an empty Streamlit page."""

import streamlit as st

st.write("empty page ready")
