"""Sidebar: filters (sector, prefecture, round, keyword), colour and base-map choice.

The app's state lives in its own session keys (slugs and codes); widgets are *controlled*: each
run sets a widget's value from that state before drawing it, and its on_change callback copies
the user's choice back. Streamlit serialises option widgets by their displayed labels, which
here change with counts and language, so a widget must never be the place the state is kept.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.interaction import mark_interaction
from components.map import BASEMAPS, COLOUR_BY
from components.project_text import round_label
from components.strings import t
from geo.filters import Filters, facet_counts
from geo.schema import PREFECTURE_BY_CODE, ROUNDS, SECTOR_BY_SLUG

OPTIONS: dict[str, tuple] = {
    "sectors": tuple(SECTOR_BY_SLUG),
    "prefectures": tuple(PREFECTURE_BY_CODE),
    "rounds": tuple(ROUNDS),
    "colour_by": COLOUR_BY,
    "basemap": tuple(BASEMAPS),
}
# State (slugs and codes) lives under the names below; widgets, under these keys, only show it.
WIDGETS = {
    "sectors": "f_sector",
    "prefectures": "f_pref",
    "rounds": "f_round",
    "keyword": "f_keyword",
    "colour_by": "w_colour_by",
    "basemap": "w_basemap",
}
DEFAULTS = {
    "sectors": (),
    "prefectures": (),
    "rounds": (),
    "keyword": "",
    "colour_by": "sector",
    "basemap": "pale",
}
FACETS = ("sectors", "prefectures", "rounds")


@dataclass(frozen=True)
class Display:
    colour_by: str = "sector"
    basemap: str = "pale"


def get(name: str):
    return st.session_state.get(name, DEFAULTS[name])


def set_state(name: str, value) -> None:
    st.session_state[name] = tuple(value) if name in FACETS else value


def current_filters() -> Filters:
    return Filters(
        sectors=frozenset(get("sectors")),
        prefectures=frozenset(get("prefectures")),
        rounds=frozenset(get("rounds")),
        keyword=get("keyword") or "",
    )


def current_display() -> Display:
    return Display(get("colour_by"), get("basemap"))


def drop_unknown_values() -> list[str]:
    """Remove values no option matches (a stale session); name them."""
    ignored = []
    for name in (*FACETS, "colour_by", "basemap"):
        value = get(name)
        values = value if name in FACETS else (value,)
        unknown = [v for v in values if v not in OPTIONS[name]]
        if unknown:
            ignored += [str(v) for v in unknown]
            kept = [v for v in values if v in OPTIONS[name]]
            set_state(name, kept if name in FACETS else DEFAULTS[name])
    return ignored


def reset_filters() -> None:
    mark_interaction()
    for name in (*FACETS, "keyword"):
        set_state(name, DEFAULTS[name])


def _commit(name: str) -> None:
    """on_change: the widget's value (read with the labels it was shown with) → state."""
    mark_interaction()
    set_state(name, st.session_state[WIDGETS[name]])


def _controlled(name: str) -> dict:
    value = get(name)
    st.session_state[WIDGETS[name]] = list(value) if name in FACETS else value
    return {"key": WIDGETS[name], "on_change": _commit, "args": (name,)}


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
        for facet in FACETS:
            counts = facet_counts(projects, filters, facet)
            st.multiselect(
                titles[facet],
                options=OPTIONS[facet],
                placeholder=t("all", language),
                format_func=lambda v, f=facet, c=counts: t(
                    "option_count", language, label=labels[f](v), count=c.get(v, 0)
                ),
                **_controlled(facet),
            )
        st.text_input(
            t("keyword", language), help=t("keyword_help", language), **_controlled("keyword")
        )
        st.button(
            t("reset", language),
            key="reset_filters",
            on_click=reset_filters,
            disabled=not filters.active,
        )
        st.divider()
        st.radio(
            t("colour_by", language),
            COLOUR_BY,
            format_func=lambda v: t(f"colour_by_{v}", language),
            horizontal=True,
            **_controlled("colour_by"),
        )
        st.selectbox(
            t("basemap", language),
            tuple(BASEMAPS),
            format_func=lambda v: t(f"basemap_{v}", language),
            **_controlled("basemap"),
        )
    return current_filters(), current_display(), ignored
