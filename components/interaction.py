"""Whether this rerun was caused by the user acting on a widget or the map.

Every callback marks it; the URL reader takes the mark (see url_sync.read_url).
"""

from __future__ import annotations

import streamlit as st

_KEY = "_interaction"


def mark_interaction() -> None:
    st.session_state[_KEY] = True


def took_interaction() -> bool:
    return bool(st.session_state.pop(_KEY, False))
