"""Which project is selected, and the one-time map moves the app asks for.

st_folium's return value repeats the last click on every rerun, so clicks are read as events:
a click is new when its counter changed.
"""

from __future__ import annotations

import streamlit as st

from components.interaction import mark_interaction
from components.map import MoveRequest, bounds_of, clicked_numbers, points_outside
from geo.filters import Filters

SELECTED = "selected_project"
CHOICES = "area_choice"


def selected_id(visible_ids: list[str]) -> str | None:
    """The selected project while it stays visible; a filtered-out one is deselected."""
    pid = st.session_state.get(SELECTED)
    if pid not in visible_ids:
        st.session_state.pop(SELECTED, None)
        return None
    return pid


def select(project_id: str | None, move_map: bool, projects=None) -> None:
    st.session_state[SELECTED] = project_id
    st.session_state.pop(CHOICES, None)
    if move_map and project_id is not None and projects is not None:
        row = projects[projects["id"] == project_id]
        st.session_state["focus"] = MoveRequest(next_token(), bounds_of(row), project_id)


def choose(project_id: str, move_map: bool, projects=None) -> None:
    """Callback of the list's and the area choice's buttons."""
    mark_interaction()
    select(project_id, move_map, projects)


def handle_map_event(event: dict | None, projects) -> None:
    """Turn a new click on a marker or area into a selection (or a choice, for shared areas)."""
    if not event:
        return
    count = event.get("last_object_clicked_count")
    if count is None or count == st.session_state.get("_last_click_count"):
        return
    st.session_state["_last_click_count"] = count
    numbers = clicked_numbers(event.get("last_object_clicked_tooltip"))
    ids = list(projects[projects["no"].isin(numbers)].sort_values("no")["id"])
    if len(ids) == 1:
        select(ids[0], move_map=False)
    elif ids:
        st.session_state[CHOICES] = ids


def fit_request(filters: Filters, filtered) -> MoveRequest | None:
    """Fit the map to the filtered projects only when a filter change left some out of view.

    The request is kept (same token) until the next filter change, so the map layer's script
    stays identical between reruns and the map is not redrawn.
    """
    if st.session_state.get("_last_filters") != filters:
        first_run = "_last_filters" not in st.session_state
        st.session_state["_last_filters"] = filters
        # The view the map last reported (render_map keeps it).
        if not first_run and points_outside(filtered, st.session_state.get("_view")):
            st.session_state["fit"] = MoveRequest(next_token(), bounds_of(filtered))
        else:
            st.session_state.pop("fit", None)
    return st.session_state.get("fit")


def current_focus() -> MoveRequest | None:
    """The last move the app asked for (kept, so the map layer's script stays the same)."""
    return st.session_state.get("focus")


def next_token() -> int:
    st.session_state["_token"] = st.session_state.get("_token", 0) + 1
    return st.session_state["_token"]
