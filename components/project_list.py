"""The filtered projects as a list; choosing one selects it and brings it into view.

Buttons, not a radio: a click is an event, while a radio's value could be sent back stale by a
rerun that the map requests during a run, undoing a selection made on the map.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.project_text import project_title
from components.selection import choose
from components.strings import t


def render_project_list(
    filtered: pd.DataFrame, all_projects: pd.DataFrame, selected: str | None, language: str = "ja"
) -> None:
    st.subheader(t("project_list", language))
    with st.container(key="project_list"):
        for _, row in filtered.sort_values("no").iterrows():
            st.button(
                project_title(row, language),
                key=f"pick_{row['id']}",
                type="primary" if row["id"] == selected else "tertiary",
                on_click=choose,
                args=(row["id"], True, all_projects),
                use_container_width=True,
            )
