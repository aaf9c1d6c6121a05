"""The interface language: ``?lang=``, else the browser's language, else Japanese; then the
sidebar switch."""

from __future__ import annotations

import streamlit as st

from components.interaction import mark_interaction
from components.strings import LANGUAGES, pick_language, t

LANGUAGE_KEY = "lang"


def current_language() -> str:
    """Decided before anything is drawn (the page title needs it)."""
    if st.session_state.get(LANGUAGE_KEY) not in LANGUAGES:
        st.session_state[LANGUAGE_KEY] = pick_language(
            st.query_params.get("lang"), st.context.locale
        )
    return st.session_state[LANGUAGE_KEY]


def render_language_switch(language: str) -> None:
    with st.sidebar:
        st.radio(
            t("language", language),
            LANGUAGES,
            key=LANGUAGE_KEY,
            horizontal=True,
            on_change=mark_interaction,
            format_func=lambda code: t(f"language_{code}", language),
        )
