"""The selected project in full, or a choice when a clicked area holds several projects."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.project_text import project_fields, project_title, text
from components.selection import CHOICES, choose
from components.strings import t
from components.text import md_escape


def render_detail(projects: pd.DataFrame, selected: str | None, language: str = "ja") -> None:
    st.subheader(t("detail_title", language))
    choices = [pid for pid in st.session_state.get(CHOICES, []) if pid in set(projects["id"])]
    if choices:
        _render_choice(projects, choices, language)
    if selected is None:
        if not choices:
            st.caption(t("detail_empty", language))
        return
    row = projects.set_index("id", drop=False).loc[selected]
    with st.container(border=True, key="detail_panel"):
        st.markdown(f"#### {md_escape(project_title(row, language))}")
        for field in project_fields(row, language):
            st.markdown(f"**{md_escape(field.label)}**: {md_escape(field.value)}")
        st.markdown(
            f"**{md_escape(t('summary', language))}**  \n{md_escape(text(row, 'summary', language))}"
        )
        if row["url"]:
            st.link_button(row["link_label"] or t("link", language), row["url"])
        elif row["link_label"]:
            st.caption(md_escape(t("link_no_url", language, label=row["link_label"])))
        other = "en" if language == "ja" else "ja"
        st.caption(
            f"{md_escape(t('name_other_language', language))}: {md_escape(text(row, 'name', other))}"
        )
        st.caption(
            f"{md_escape(t('marker_place', language))}: {md_escape(text(row, 'location', language))}"
        )


def _render_choice(projects: pd.DataFrame, choices: list[str], language: str) -> None:
    st.markdown(f"**{md_escape(t('choose_in_area', language))}**")
    rows = projects.set_index("id", drop=False)
    for pid in choices:
        st.button(
            project_title(rows.loc[pid], language),
            key=f"choose_{pid}",
            on_click=choose,
            args=(pid, False),
            use_container_width=True,
        )
