"""The selected project in full, or a choice when a clicked area holds several projects."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import md_escape
from components.state import inputs, store
from components.ui.versions_panel import render_field_changes
from components.versions import Since
from geo.correction import correction_link
from geo.dataset import Dataset
from geo.versions.changes import FieldChange
from geo.words import project_fields, project_title, t, text


def render_detail(
    projects: pd.DataFrame,
    selected: str | None,
    dataset: Dataset,
    language: str,
    *,
    changes: tuple[FieldChange, ...] = (),
    since: Since | None = None,
    link: str = "",
) -> None:
    """The selected project's facts; what the dataset does not have is left out. ``changes``:
    its fields changed since ``since``'s version; ``link``: the project's own link, which a
    correction request carries (offered when the dataset names ``[feedback]``)."""
    st.subheader(t("detail_title", language))
    choices = store.selection().choices(projects["id"])
    if choices:
        _render_choice(projects, choices, language)
    if selected is None:
        if not choices:
            st.caption(t("detail_empty", language))
        return
    row = projects.set_index("id", drop=False).loc[selected]
    with st.container(border=True, key="detail_panel"):
        st.markdown(f"#### {md_escape(project_title(row, language))}")
        for field in project_fields(row, dataset, language):
            st.markdown(f"**{md_escape(field.label)}**: {md_escape(field.value)}")
        if summary := text(row, "summary", language):
            st.markdown(f"**{md_escape(t('summary', language))}**  \n{md_escape(summary)}")
        if row["url"]:
            st.link_button(md_escape(row["link_label"] or t("link", language)), row["url"])
        elif row["link_label"]:
            st.caption(md_escape(t("link_no_url", language, label=row["link_label"])))
        other = text(row, "name", "en" if language == "ja" else "ja")
        if other != text(row, "name", language):
            st.caption(f"{md_escape(t('name_other_language', language))}: {md_escape(other)}")
        if place := text(row, "location", language):
            st.caption(f"{md_escape(t('marker_place', language))}: {md_escape(place)}")
        if changes and since is not None:
            render_field_changes(changes, since.key, language)
        name = text(row, "name", language)
        correction = correction_link(
            dataset.feedback, project_id=row["id"], name=name, link=link, language=language
        )
        if correction:
            st.link_button(t("correction_link", language), correction, icon=":material/edit:")


def _render_choice(projects: pd.DataFrame, choices: list[str], language: str) -> None:
    st.markdown(f"**{md_escape(t('choose_in_area', language))}**")
    rows = projects.set_index("id", drop=False)
    for project_id in choices:
        st.button(
            md_escape(project_title(rows.loc[project_id], language)),
            key=f"choose_{project_id}",
            on_click=inputs.choose,
            args=(project_id, None, "area"),
            use_container_width=True,
        )
