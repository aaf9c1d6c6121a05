"""The filtered projects as a list; choosing one selects it and brings it into view."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.project_text import project_title
from components.selection import LIST_KEY, on_list_change
from components.strings import t


def render_project_list(
    filtered: pd.DataFrame, all_projects: pd.DataFrame, selected: str | None, language: str = "ja"
) -> None:
    ids = list(filtered.sort_values("no")["id"])
    # Controlled: the selection lives in the app's state (a click on the map changes it too);
    # the radio shows it and reports choices back through on_change.
    st.session_state[LIST_KEY] = selected
    titles = dict(
        zip(
            all_projects["id"],
            (project_title(r, language) for _, r in all_projects.iterrows()),
            strict=True,
        )
    )
    st.subheader(t("project_list", language))
    if not ids:
        return
    st.radio(
        t("project_list", language),
        ids,
        key=LIST_KEY,
        index=None,
        format_func=titles.__getitem__,
        on_change=on_list_change,
        args=(all_projects,),
        label_visibility="collapsed",
    )
