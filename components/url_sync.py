"""The URL query string is the single source of truth for the shareable view.

Read at the start of a run whenever it differs from what the app last wrote (first load,
Back/Forward, a pasted link) and applied to the widgets, the selection and the map; written at
the end of a run when the user changed something. Streamlit pushes a history entry per write,
so nothing is written for a rerun that changed nothing, and the map view only when it moved by
more than the URL's rounding step.
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from components.interaction import took_interaction
from components.language import LANGUAGE_KEY
from components.map import BASEMAPS, COLOUR_BY, MoveRequest, bounds_of
from components.selection import SELECTED, next_token, select
from components.sidebar import Display, set_state
from components.view_state import ViewState, Vocabulary, decode, encode, normalise
from geo.filters import Filters
from geo.schema import PREFECTURE_BY_CODE, ROUNDS, SECTOR_BY_SLUG

EMBED_KEY = "embed_view"
_LAST = "_url_last"  # the query parameters last applied or written
_APPLIED = "_url_state"  # the state they describe
_VIEW = "_url_view"  # (center, zoom) worth writing, or None
_IGNORED = "_url_ignored"  # what the applied URL held that the app does not know


def vocabulary(projects: pd.DataFrame) -> Vocabulary:
    return Vocabulary(
        sectors=frozenset(SECTOR_BY_SLUG),
        prefectures=frozenset(PREFECTURE_BY_CODE),
        rounds=frozenset(ROUNDS),
        projects=frozenset(projects["id"]),
        colour_by=frozenset(COLOUR_BY),
        basemaps=frozenset(BASEMAPS),
    )


def read_url(projects: pd.DataFrame) -> list[str]:
    """Apply the URL if it changed since the app last wrote it; return what it ignored."""
    params = st.query_params.to_dict()
    interacted = took_interaction()
    # A rerun caused by a widget or the map carries the browser's query string as it was when
    # the user acted, which may predate the app's last write: only a rerun with no interaction
    # (first load, Back/Forward) is a new URL to apply.
    if params != st.session_state.get(_LAST) and not interacted:
        state, ignored = decode(params, vocabulary(projects))
        _apply(state, projects)
        st.session_state[_LAST] = params
        st.session_state[_APPLIED] = state
        # Shown until the user changes the view (the reruns the map itself causes keep it).
        st.session_state[_IGNORED] = ignored
    return list(st.session_state.get(_IGNORED, []))


def write_url(
    filters: Filters, display: Display, language: str, selected: str | None, event: dict | None
) -> None:
    """Write the view to the URL when the user changed it."""
    _track_view(event)
    state = replace(
        current_view(filters, display, language, selected),
        embed=bool(st.session_state.get(EMBED_KEY)),
    )
    applied = st.session_state.get(_APPLIED)
    if applied is not None and state == normalise(_with_lang(applied, language)):
        return  # nothing the user did: no history entry
    params = encode(state)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[_LAST] = params
    st.session_state[_APPLIED] = state
    st.session_state.pop(_IGNORED, None)


def current_view(
    filters: Filters, display: Display, language: str, selected: str | None
) -> ViewState:
    """The view as it stands (what the share panel links to)."""
    view = st.session_state.get(_VIEW)
    return normalise(
        ViewState(
            sectors=tuple(filters.sectors),
            prefectures=tuple(filters.prefectures),
            rounds=tuple(filters.rounds),
            keyword=filters.keyword,
            project=selected,
            colour_by=display.colour_by,
            basemap=display.basemap,
            center=view[0] if view else None,
            zoom=view[1] if view else None,
            lang=language,
        )
    )


def keep_view_on_remount(display: Display, language: str, selected: str | None) -> None:
    """A new base map (language, colours, tiles) starts from the default view: put it back."""
    key = (display.basemap, display.colour_by, language)
    previous = st.session_state.get("_map_key")
    st.session_state["_map_key"] = key
    view = st.session_state.get(_VIEW)
    if previous is not None and previous != key and view:
        st.session_state["focus"] = MoveRequest(next_token(), None, selected, *view)
        _settle(view)


def _apply(state: ViewState, projects: pd.DataFrame) -> None:
    session = st.session_state
    set_state("sectors", state.sectors)
    set_state("prefectures", state.prefectures)
    set_state("rounds", state.rounds)
    set_state("keyword", state.keyword)
    set_state("colour_by", state.colour_by)
    set_state("basemap", state.basemap)
    session[EMBED_KEY] = state.embed
    if state.lang:
        session[LANGUAGE_KEY] = state.lang
    view = (state.center, state.zoom) if state.center and state.zoom else None
    session[_VIEW] = view
    if state.project:
        select(state.project, move_map=False)
        row = projects[projects["id"] == state.project]
        session["focus"] = MoveRequest(
            next_token(), bounds_of(row), state.project, *(view or (None, None))
        )
    else:
        session.pop(SELECTED, None)
        session.pop("focus", None)
        if view:
            session["focus"] = MoveRequest(next_token(), None, None, *view)
    # The map reports its default view first, then the one the link asked for.
    _settle(view, reports=2 if (view or state.project) else 1)


def _settle(target, reports: int = 2) -> None:
    """The next ``reports`` views the map reports come from the app's own moves, not the user."""
    st.session_state["_view_settling"] = (target, reports)


def _track_view(event: dict | None) -> None:
    """Keep the map view worth writing: one the user moved to (rounded as in the URL)."""
    if not event or not event.get("center") or event.get("zoom") is None:
        return
    view = (
        (round(event["center"]["lat"], 3), round(event["center"]["lng"], 3)),
        int(event["zoom"]),
    )
    if view == st.session_state.get("_view_seen"):
        return  # st_folium repeats its last value on every rerun
    st.session_state["_view_seen"] = view
    target, reports = st.session_state.get("_view_settling", (None, 0))
    if reports > 0:
        done = view == target or reports == 1
        st.session_state["_view_settling"] = (None, 0) if done else (target, reports - 1)
        return
    st.session_state[_VIEW] = view


def _with_lang(state: ViewState, language: str) -> ViewState:
    return replace(state, lang=state.lang or language)
