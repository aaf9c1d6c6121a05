"""Sidebar: filters (sector, prefecture, round, keyword), colour scheme and base map; the
line above the map that names the active filters and opens the sidebar on a phone.

Each value has one input on the page (``state.store``: the field registry's widget keys): a
facet is a group of checkboxes, each labelled with its count under the other filters.
"""

from __future__ import annotations

import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.state import inputs, store
from components.ui.upload_form import render_upload
from components.ui.versions_panel import render_version_choices
from geo.choices import Options, options_for
from geo.dataset import Dataset
from geo.table.filters import FacetIndex, Filters
from geo.versions.history import History
from geo.words import t
from geo.words.facet_text import facet_label, facet_title, filters_in_words

# A facet with more options than this scrolls in a box of its own (an uploaded table's sectors).
FACET_SCROLL = 12
FACET_BOX_HEIGHT = 320


def filter_counts(facets: FacetIndex, filters: Filters, dataset: Dataset) -> dict[str, dict]:
    """Each facet's counts under ``filters`` (from the table's ``FacetIndex``): computed once a
    rerun."""
    return {facet: facets.counts(filters, facet) for facet in options_for(dataset).facets}


def render_sidebar(
    counts: dict[str, dict],
    filters: Filters,
    dataset: Dataset,
    language: str,
    *,
    upload_base: AppData,
    options: Options,
    history: History,
) -> None:
    """The sidebar: filters (with ``filter_counts``), colours and base map, the list's
    versions (``options``' and ``history``'s, when it has some), and the upload of one's own
    table (matched against ``upload_base``'s boundaries)."""
    with st.sidebar:
        st.header(t("filters", language))
        render_filters(counts, filters, dataset, language)
        st.divider()
        render_display_choices(dataset, language)
        render_version_choices(options, history, language)
        st.divider()
        render_upload(upload_base, language)


def render_filters(
    counts: dict[str, dict], filters: Filters, dataset: Dataset, language: str
) -> None:
    """Draw the dataset's filters (showing ``filters``) with ``filter_counts``; the state
    they set is read back with ``store.filters()`` on the next run."""
    for facet, values in options_for(dataset).facets.items():
        _render_facet(facet, values, counts[facet], dataset, language)
    st.text_input(
        t("keyword", language),
        help=t("keyword_help", language),
        **inputs.widget("keyword"),
    )
    st.button(
        t("reset", language),
        key="reset_filters",
        on_click=store.reset_filters,
        disabled=not filters.active,
    )


def _render_facet(facet: str, values: tuple, counts: dict, dataset: Dataset, language: str) -> None:
    """A facet's checkboxes under its name (the page names the group with it)."""
    with st.container(key=f"facet_{facet}"):
        st.markdown(f"**{md_escape(facet_title(facet, dataset, language))}**")
        many = len(values) > FACET_SCROLL
        with st.container(height=FACET_BOX_HEIGHT) if many else st.container():
            for value, args in inputs.facet_options(facet, values).items():
                label = facet_label(facet, value, dataset, language)
                count = counts.get(value, 0)
                st.checkbox(  # a checkbox's label renders Markdown
                    md_escape(t("option_count", language, label=label, count=count)), **args
                )


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
