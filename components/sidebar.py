"""Sidebar: filters (sector, prefecture, round, keyword), colour and base-map choice."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.map import BASEMAPS, COLOUR_BY
from components.project_text import round_label
from components.strings import t
from geo.filters import Filters, facet_counts
from geo.schema import PREFECTURE_BY_CODE, ROUNDS, SECTOR_BY_SLUG

KEYS = {"sectors": "f_sector", "prefectures": "f_pref", "rounds": "f_round"}
KEYWORD_KEY = "f_keyword"
OPTIONS: dict[str, tuple] = {
    "sectors": tuple(SECTOR_BY_SLUG),
    "prefectures": tuple(PREFECTURE_BY_CODE),
    "rounds": tuple(ROUNDS),
}


@dataclass(frozen=True)
class Display:
    colour_by: str = "sector"
    basemap: str = "pale"


def current_filters() -> Filters:
    """The filters as the widgets hold them (valid values only, see drop_unknown_values)."""
    state = st.session_state
    return Filters(
        sectors=frozenset(state.get(KEYS["sectors"], ())),
        prefectures=frozenset(state.get(KEYS["prefectures"], ())),
        rounds=frozenset(state.get(KEYS["rounds"], ())),
        keyword=state.get(KEYWORD_KEY, "") or "",
    )


def drop_unknown_values() -> list[str]:
    """Remove values no option matches (stale sessions, hand-edited state); name them."""
    ignored = []
    for facet, key in KEYS.items():
        values = st.session_state.get(key)
        if values is None:
            continue
        known = [v for v in values if v in OPTIONS[facet]]
        ignored += [str(v) for v in values if v not in OPTIONS[facet]]
        if len(known) != len(values):
            st.session_state[key] = known
    for key, choices in (("colour_by", COLOUR_BY), ("basemap", tuple(BASEMAPS))):
        if key in st.session_state and st.session_state[key] not in choices:
            ignored.append(str(st.session_state.pop(key)))
    return ignored


def reset_filters() -> None:
    for key in KEYS.values():
        st.session_state[key] = []
    st.session_state[KEYWORD_KEY] = ""


def render_sidebar(
    projects: pd.DataFrame, language: str = "ja"
) -> tuple[Filters, Display, list[str]]:
    ignored = drop_unknown_values()
    filters = current_filters()
    labels = {
        "sectors": lambda s: getattr(SECTOR_BY_SLUG[s], language),
        "prefectures": lambda c: getattr(PREFECTURE_BY_CODE[c], language),
        "rounds": lambda r: round_label(r, ROUNDS[r], language),
    }
    titles = {
        "sectors": t("sector", language),
        "prefectures": t("prefecture", language),
        "rounds": t("round", language),
    }
    with st.sidebar:
        st.header(t("filters", language))
        for facet, key in KEYS.items():
            counts = facet_counts(projects, filters, facet)
            st.multiselect(
                titles[facet],
                options=OPTIONS[facet],
                key=key,
                placeholder=t("all", language),
                format_func=lambda v, f=facet, c=counts: t(
                    "option_count", language, label=labels[f](v), count=c.get(v, 0)
                ),
            )
        st.text_input(t("keyword", language), key=KEYWORD_KEY, help=t("keyword_help", language))
        st.button(t("reset", language), on_click=reset_filters, disabled=not filters.active)
        st.divider()
        colour_by = st.radio(
            t("colour_by", language),
            COLOUR_BY,
            key="colour_by",
            format_func=lambda v: t(f"colour_by_{v}", language),
            horizontal=True,
        )
        basemap = st.selectbox(
            t("basemap", language),
            tuple(BASEMAPS),
            key="basemap",
            format_func=lambda v: t(f"basemap_{v}", language),
        )
    return current_filters(), Display(colour_by, basemap), ignored
