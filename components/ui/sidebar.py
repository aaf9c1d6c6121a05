"""Sidebar: filters (sector, prefecture, round, keyword), colour scheme and base map.

Widgets only show the state: ``state.store.controlled`` sets each one's value and copies the
user's choice back (see ``components.state.store``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import round_label, t
from components.state import store
from components.state.options import CHOICES, FACETS
from geo.filters import facet_counts
from geo.schema import PREFECTURE_BY_CODE, ROUNDS, SECTOR_BY_SLUG

_FACET_TITLES = {"sectors": "sector", "prefectures": "prefecture", "rounds": "round"}


def facet_label(facet: str, value, language: str) -> str:
    """An option's name in the interface language."""
    if facet == "sectors":
        return getattr(SECTOR_BY_SLUG[value], language)
    if facet == "prefectures":
        return getattr(PREFECTURE_BY_CODE[value], language)
    return round_label(value, ROUNDS[value], language)


def render_sidebar(projects: pd.DataFrame, language: str) -> None:
    """The sidebar: filters, colours and base map."""
    with st.sidebar:
        st.header(t("filters", language))
        render_filters(projects, language, place="sidebar")
        st.divider()
        render_display_choices(language, place="sidebar")


def render_filter_bar(projects: pd.DataFrame, language: str) -> None:
    """The same filters above the map, shown by CSS on narrow screens only, where the sidebar
    hides behind its arrow (a phone's filters without hunting)."""
    with st.container(key="filter_bar"), st.expander(t("filters", language)):
        render_filters(projects, language, place="bar")


def render_filters(projects: pd.DataFrame, language: str, *, place: str) -> None:
    """Draw the filters; the state they set is read back with ``store.filters()``."""
    filters = store.filters()
    for facet, options in FACETS.items():
        counts = facet_counts(projects, filters, facet)
        st.multiselect(
            t(_FACET_TITLES[facet], language),
            options=options,
            placeholder=t("all", language),
            format_func=lambda v, f=facet, c=counts: t(
                "option_count", language, label=facet_label(f, v, language), count=c.get(v, 0)
            ),
            **store.controlled(facet, place),
        )
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


def render_display_choices(language: str, *, place: str) -> None:
    """Colour scheme and base map."""
    st.radio(
        t("colour_by", language),
        CHOICES["colour_by"][0],
        format_func=lambda v: t(f"colour_by_{v}", language),
        horizontal=True,
        **store.controlled("colour_by", place),
    )
    st.selectbox(
        t("basemap", language),
        CHOICES["basemap"][0],
        format_func=lambda v: t(f"basemap_{v}", language),
        **store.controlled("basemap", place),
    )
