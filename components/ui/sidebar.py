"""Sidebar: the filter panel (sector, prefecture, round, keyword: ``filter_panel``), colour
scheme and base map; the line above the map that names the active filters and opens the
sidebar on a phone.

Each value has one input on the page: a facet is a group of checkboxes in the panel, each
labelled with its count under the other filters; the others are widgets keyed by the field
registry (``state.inputs``).
"""

from __future__ import annotations

import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.state import inputs
from components.ui.filter_panel import render_filter_panel
from components.ui.upload_form import render_upload
from components.ui.versions_panel import render_version_choices
from geo.choices import Options, options_for
from geo.dataset import Dataset
from geo.table.filters import Filters
from geo.versions.history import History
from geo.words import t
from geo.words.facet_text import filters_in_words


def render_sidebar(
    panel: dict,
    dataset: Dataset,
    language: str,
    *,
    upload_base: AppData,
    options: Options,
    history: History,
) -> None:
    """The sidebar: the filter panel (its ``filter_panel.panel_data``), colours and base map,
    the list's versions (``options``' and ``history``'s, when it has some), and the upload of
    one's own table (matched against ``upload_base``'s boundaries)."""
    with st.sidebar:
        st.header(t("filters", language))
        render_filter_panel(panel)
        st.divider()
        render_display_choices(dataset, language)
        render_version_choices(options, history, language)
        st.divider()
        render_upload(upload_base, language)


def render_filter_line(filters: Filters, dataset: Dataset, language: str) -> None:
    """Above the map on a phone (the stylesheet shows it below 768 px, where the sidebar
    hides behind its arrow): the active filters in words, and a button (the page's script)
    that opens the sidebar, where the filters' one set of inputs is."""
    parts = filters_in_words(filters, dataset, language)
    summary = t("filter_line", language, filters=" / ".join(parts)) if parts else None
    with st.container(key="filter_line"):
        st.caption(md_escape(summary or t("filter_line_none", language)))


def render_display_choices(dataset: Dataset, language: str) -> None:
    """Colour scheme (the dataset's) and base map."""
    choices = options_for(dataset).choices
    st.radio(
        t("colour_by", language),
        choices["colour_by"][0],
        format_func=lambda v: md_escape(  # radio options render Markdown
            dataset.round_name.get(language) if v == "round" else t(f"colour_by_{v}", language)
        ),
        horizontal=True,
        **inputs.widget("colour_by", labels=(language, dataset.round_name.get(language))),
    )
    st.selectbox(
        t("basemap", language),
        choices["basemap"][0],
        format_func=lambda v: t(f"basemap_{v}", language),
        **inputs.widget("basemap", labels=language),
    )
