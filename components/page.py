"""Page furniture: title and result count, notices and banners, attribution."""

from __future__ import annotations

import streamlit as st

from components.data import AppData
from components.strings import attribution_lines, t
from components.text import md_escape
from geo.projects import ProjectsFileError


def render_header(shown: int, total: int, language: str = "ja") -> None:
    st.title(t("app_title", language))
    st.caption(t("app_caption", language))
    st.markdown(f"**{md_escape(t('result_count', language, shown=shown, total=total))}**")


def render_embed_header(shown: int, total: int, language: str = "ja") -> None:
    st.caption(md_escape(t("embed_count", language, shown=shown, total=total)))


def render_notices(data: AppData, ignored: list[str], empty: bool, language: str = "ja") -> None:
    """Always one container, so a notice coming or going never moves the map in the page
    (Streamlit would remount the map's iframe)."""
    with st.container():
        _notices(data, ignored, empty, language)


def _notices(data: AppData, ignored: list[str], empty: bool, language: str) -> None:
    if data.boundaries_problem:
        st.warning(
            t("boundaries_missing", language, reason=md_escape(data.boundaries_problem)), icon="🗺️"
        )
    if ignored:
        st.info(md_escape(t("ignored_values", language, values=", ".join(ignored))))
    if empty:
        st.info(t("no_results", language))


def render_attribution(data: AppData, language: str = "ja") -> None:
    lines = attribution_lines(data.as_of, data.boundaries_dir is not None, language)
    st.caption("  \n".join(md_escape(line) for line in lines))


def render_data_error(err: ProjectsFileError, language: str = "ja") -> None:
    st.error(t("data_error", language))
    st.code(str(err), language=None)
