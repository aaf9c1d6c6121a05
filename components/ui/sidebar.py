"""Sidebar: filters (sector, prefecture, round, keyword), colour scheme and base map.

Widgets only show the state: ``state.store.controlled`` sets each one's value and copies the
user's choice back (see ``components.state.store``).
"""

from __future__ import annotations

import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.state import store
from components.ui.upload_form import render_upload
from components.ui.versions_panel import render_version_choices
from geo.choices import Options, options_for
from geo.dataset import Dataset
from geo.table.filters import FacetIndex, Filters
from geo.versions.history import History
from geo.words import t
from geo.words.facet_text import facet_label, facet_title


def filter_counts(facets: FacetIndex, filters: Filters, dataset: Dataset) -> dict[str, dict]:
    """Each facet's counts under ``filters`` (from the table's ``FacetIndex``): computed once a
    rerun, shown by both the sidebar and the filter bar."""
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
        render_filters(counts, filters, dataset, language, place="sidebar")
        st.divider()
        render_display_choices(dataset, language, place="sidebar")
        render_version_choices(options, history, language)
        st.divider()
        render_upload(upload_base, language)


def render_filter_bar(
    counts: dict[str, dict], filters: Filters, dataset: Dataset, language: str
) -> None:
    """The same filters above the map, shown by CSS on narrow screens only, where the sidebar
    hides behind its arrow (a phone's filters without hunting)."""
    with st.container(key="filter_bar"), st.expander(t("filters", language)):
        render_filters(counts, filters, dataset, language, place="bar")


def render_filters(
    counts: dict[str, dict], filters: Filters, dataset: Dataset, language: str, *, place: str
) -> None:
    """Draw the dataset's filters (showing ``filters``) with ``filter_counts``; the state
    they set is read back with ``store.filters()`` on the next run."""
    for facet, options in options_for(dataset).facets.items():
        st.multiselect(
            md_escape(facet_title(facet, dataset, language)),  # a label renders Markdown
            options=options,
            placeholder=t("all", language),
            format_func=lambda v, f=facet, c=counts[facet]: t(
                "option_count",
                language,
                label=facet_label(f, v, dataset, language),
                count=c.get(v, 0),
            ),
            **store.controlled(facet, place),
        )
    _render_round_range(counts, dataset, language, place=place)
    st.text_input(
        t("keyword", language),
        help=t("keyword_help", language),
        **store.controlled("keyword", place),
    )
    st.button(
        t("reset", language),
        key="reset_filters" if place == "sidebar" else f"{place}_reset_filters",
        on_click=store.reset_filters,
        disabled=not filters.active,
    )


def _render_round_range(
    counts: dict[str, dict], dataset: Dataset, language: str, *, place: str
) -> None:
    """The rounds (or years) as a range: from one to another, each with its count."""
    rounds = tuple(sorted(options_for(dataset).facets.get("rounds", ())))
    if len(rounds) < 3:  # two rounds: the multiselect says it all
        return
    round_counts = counts["rounds"]
    st.select_slider(
        md_escape(t("round_range", language, round_name=dataset.round_name.get(language))),
        options=rounds,
        value=(rounds[0], rounds[-1]),  # a range slider (its value comes from the state)
        format_func=lambda v: md_escape(  # a slider's values render Markdown
            t(
                "option_count",
                language,
                label=dataset.round_by_number[v].label.get(language),  # short: a thumb's label
                count=round_counts.get(v, 0),
            )
        ),
        **store.controlled_range(rounds, place),
    )


def render_display_choices(dataset: Dataset, language: str, *, place: str) -> None:
    """Colour scheme (the dataset's) and base map."""
    choices = options_for(dataset).choices
    st.radio(
        t("colour_by", language),
        choices["colour_by"][0],
        format_func=lambda v: md_escape(  # radio options render Markdown
            dataset.round_name.get(language) if v == "round" else t(f"colour_by_{v}", language)
        ),
        horizontal=True,
        **store.controlled("colour_by", place),
    )
    st.selectbox(
        t("basemap", language),
        choices["basemap"][0],
        format_func=lambda v: t(f"basemap_{v}", language),
        **store.controlled("basemap", place),
    )
