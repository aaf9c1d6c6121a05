"""The filtered projects as a list; choosing one selects it and brings it into view.

Buttons, not a radio: a click is an event, while a radio's value could be sent back stale by a
rerun that the map requests during a run, undoing a selection made on the map.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import md_escape, project_title, t
from components.map.geometry import latlng_bounds
from components.state import store


def render_project_list(filtered: pd.DataFrame, selected: str | None, language: str) -> None:
    st.subheader(t("project_list", language))
    with st.container(key="project_list"):
        for _, row in filtered.sort_values("no").iterrows():
            st.button(
                md_escape(project_title(row, language)),
                key=f"pick_{row['id']}",
                type="primary" if row["id"] == selected else "tertiary",
                on_click=store.choose,
                args=(row["id"], latlng_bounds(row["bounds"])),
                use_container_width=True,
            )
