"""The language switch in the sidebar (the language itself is state: ``store.language``)."""

from __future__ import annotations

import streamlit as st

from components.state import inputs
from geo.words import LANGUAGES, t


def render_language_switch(language: str) -> None:
    with st.sidebar:
        st.radio(
            t("language", language),
            LANGUAGES,
            horizontal=True,
            format_func=lambda code: t(f"language_{code}", language),
            **inputs.language_widget(),
        )
