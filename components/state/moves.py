"""Every map move the app asks for, and what it keeps of the views the map reports.

Pure logic over a session mapping (``st.session_state`` in the app, a dict in the unit tests):
no Streamlit import. A move is a ``MoveRequest`` with a token; the map runs each token once, so
a request can stay in the layer's config (keeping its script identical between reruns, which
spares a redraw) without moving the map again.
"""

from __future__ import annotations

from collections.abc import MutableMapping

import pandas as pd

from components.map.events import MapEvent
from components.map.geometry import LatLng, LatLngBounds, marker_bounds, points_outside
from components.map.move_request import MoveRequest
from geo.link import LL_DECIMALS, ZOOM_DECIMALS

MapView = tuple[LatLng, float]  # (centre and zoom, rounded as in the URL)

_TOKEN = "_moves_token"
_FOCUS = "_moves_focus"
_FIT = "_moves_fit"
_FILTERS = "_moves_filters"
_BOUNDS = "_moves_bounds"  # the bounds the map last reported
_VIEW = "_moves_view"  # the view worth writing to the URL, or None
_SEEN = "_moves_seen"  # the last view the map reported
_SETTLING = "_moves_settling"  # (target, reports still expected from the app's own move)
_MOUNT = "_moves_mount"  # what the base map was built from
_HOME = "_moves_home"  # (data version, bounds): the opening view of this session's map


class MapMoves:
    """Focus (a project or a link's view), fit (after a filter change), remount and settle."""

    def __init__(self, session: MutableMapping) -> None:
        self._s = session

    # --- what the map is asked to do ---
    def focus(self) -> MoveRequest | None:
        """The last move asked for (kept, so the layer's script stays the same)."""
        return self._s.get(_FOCUS)

    def focus_on(
        self,
        *,
        project_id: str | None = None,
        bounds: LatLngBounds | None = None,
        view: MapView | None = None,
    ) -> None:
        """Bring a project (its bounds, popup open) or a view into sight."""
        center, zoom = view if view else (None, None)
        self._s[_FOCUS] = MoveRequest(self._next_token(), bounds, project_id, center, zoom)

    def clear_focus(self) -> None:
        self._s.pop(_FOCUS, None)

    def fit_request(
        self, filters: object, shown: pd.DataFrame, shown_bounds: LatLngBounds | None
    ) -> MoveRequest | None:
        """Fit the map to the filtered projects when a filter change left some out of view.

        ``shown`` is the filtered table (its markers are checked against the bounds
        the map last reported). The request is kept (same token) until the next filter change.
        """
        if self._s.get(_FILTERS) != filters:
            first_run = _FILTERS not in self._s
            self._s[_FILTERS] = filters
            if not first_run and points_outside(shown, self._s.get(_BOUNDS)):
                self._s[_FIT] = MoveRequest(self._next_token(), shown_bounds)
                # The view the fit lands on is the app's, not the user's: no link writes it
                # (the link without a view reopens the same fit).
                self.settle(None, reports=1)
            else:
                self._s.pop(_FIT, None)
        return self._s.get(_FIT)

    def opening_home(self, version: str, shown: pd.DataFrame) -> LatLngBounds | None:
        """The opening view: around the markers of the projects ``shown`` when the session
        first drew this data (a link's filters included). Computed once and kept for the
        session, so the base map it is part of stays the same across reruns (a new one would
        reload the map)."""
        home = self._s.get(_HOME)
        if home is None or home[0] != version:
            home = self._s[_HOME] = (version, marker_bounds(shown))
        return home[1]

    def keep_view_on_remount(self, mount: tuple, selected: str | None) -> None:
        """A new base map (language, colours, tiles) starts from the default view: put the
        user's view back."""
        previous = self._s.get(_MOUNT)
        self._s[_MOUNT] = mount
        view = self.view()
        if previous is not None and previous != mount and view:
            self.focus_on(project_id=selected, view=view)
            self.settle(view)

    def open_link(
        self, *, view: MapView | None, project_id: str | None, bounds: LatLngBounds | None
    ) -> None:
        """A link was opened: its view and project, and nothing of the map's own reports."""
        self._s[_VIEW] = view
        if project_id or view:
            self.focus_on(project_id=project_id, bounds=bounds, view=view)
        else:
            self.clear_focus()
        # The map reports its default view first, then the one the link asked for.
        self.settle(view, reports=2 if (view or project_id) else 1)

    def settle(self, target: MapView | None, reports: int = 2) -> None:
        """The next ``reports`` views the map reports come from the app's own move."""
        self._s[_SETTLING] = (target, reports)

    # --- what the map reports ---
    def observe(self, event: MapEvent | None) -> None:
        """Keep the map's bounds (for fitting) and the view the user moved to (for the URL)."""
        if event is None:
            return
        if event.bounds:
            self._s[_BOUNDS] = event.bounds
        if event.center is None or event.zoom is None:
            return
        view = (
            (round(event.center[0], LL_DECIMALS), round(event.center[1], LL_DECIMALS)),
            round(event.zoom, ZOOM_DECIMALS),
        )
        if view == self._s.get(_SEEN):
            return  # the map's report is the same on every rerun until it sends another
        self._s[_SEEN] = view
        target, reports = self._s.get(_SETTLING, (None, 0))
        if reports > 0:
            done = view == target or reports == 1
            self._s[_SETTLING] = (None, 0) if done else (target, reports - 1)
            return
        if event.by_user:  # the map's own moves (a resize after opening) are not the link's
            self._s[_VIEW] = view

    def view(self) -> MapView | None:
        """The view worth writing to the URL: one the user moved to or a link opened."""
        return self._s.get(_VIEW)

    def _next_token(self) -> int:
        self._s[_TOKEN] = self._s.get(_TOKEN, 0) + 1
        return self._s[_TOKEN]
