"""The URL query string is the single source of truth for the shareable state.

Read at the start of a run whenever it differs from what the app last wrote (first load,
Back/Forward, a pasted link) and applied to the state, the selection and the map; written at
the end of a run when the user changed something. Streamlit pushes a history entry per write,
so nothing is written for a rerun that changed nothing, and the map view only when it moved by
more than the URL's rounding step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd
import streamlit as st

from components.map.geometry import bounds_of
from components.state import store, usage
from geo.choices import Display
from geo.link import LinkState, encode, normalise
from geo.table.filters import Filters
from geo.view import ListSource, read_link

_LAST = "_url_last"  # the query parameters last applied or written
_APPLIED = "_url_state"  # the state they describe
_IGNORED = "_url_ignored"  # what the applied URL held that the app does not know


def read_url(table_of: Callable[[str], pd.DataFrame], source: ListSource) -> list[str]:
    """Apply the URL if it changed since the app last wrote it; return what it ignored.

    The link is read over ``source`` as every reader of links reads it (``geo.view``);
    ``table_of(version)``: the table of a version of the list ("" the current one), where a
    linked project is looked for."""
    params = st.query_params.to_dict()
    interacted = store.took_interaction()
    # A rerun caused by a widget or the map carries the browser's query string as it was when
    # the user acted, which may predate the app's last write: only a rerun with no interaction
    # (first load, Back/Forward) is a new URL to apply.
    if params != st.session_state.get(_LAST) and not interacted:
        state, ignored = read_link(params, source)
        _apply(state, table_of(state.version))
        usage.count_link_opened(params, state.project)
        st.session_state[_LAST] = params
        st.session_state[_APPLIED] = state
        # Shown until the user changes something (the reruns the map itself causes keep it).
        st.session_state[_IGNORED] = [str(item) for item in ignored]  # plain text
    return list(st.session_state.get(_IGNORED, []))


def write_url(link: LinkState) -> dict[str, str]:
    """Write the link state (``link_state``) to the URL when the user changed it; never for
    an uploaded table, which no link can carry. Returns the parameters the URL now holds."""
    if store.upload() is not None:
        return st.query_params.to_dict()
    state = replace(link, embed=store.embedded())
    applied = st.session_state.get(_APPLIED)
    if applied is not None and state == normalise(replace(applied, lang=applied.lang or link.lang)):
        return dict(st.session_state.get(_LAST, {}))  # nothing the user did: no history entry
    params = encode(state)
    if params != st.query_params.to_dict():
        st.query_params.from_dict(params)
    st.session_state[_LAST] = params
    st.session_state[_APPLIED] = state
    st.session_state.pop(_IGNORED, None)
    return params


def link_state(
    filters: Filters, display: Display, language: str, selected: str | None
) -> LinkState:
    """The shareable state as it stands (what the share dialog links to)."""
    version, since = store.versions()
    return LinkState.of_view(
        filters,
        display=display,
        language=language,
        project=selected,
        view=store.moves().view(),
        version=version,
        since=since,
    )


def _apply(state: LinkState, projects: pd.DataFrame) -> None:
    store.set_filters(state.filters)
    store.set_display(state.display)
    store.set_versions(state.version, state.since)
    store.set_embedded(state.embed)
    if state.lang:
        store.set_language(state.lang)
    view = (state.center, state.zoom) if state.center and state.zoom else None
    selection = store.selection()
    if state.project:
        selection.select(state.project)
    else:
        selection.clear()
    bounds = bounds_of(projects[projects["id"] == state.project]) if state.project else None
    store.moves().open_link(view=view, project_id=state.project, bounds=bounds)
