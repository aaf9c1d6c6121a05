"""Which project is selected, and the choice offered when a clicked area holds several.

Pure logic over a session mapping, like ``moves``. The map's report (``components.map.
component``) holds the last click on every rerun, so a click is read as an event: new when its
counter changed.
"""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping

import pandas as pd

from components.map.events import MapEvent
from components.map.geometry import LatLngBounds
from components.state.moves import MapMoves

_SELECTED = "_selection_project"
_CHOICES = "_selection_choices"
_CLICKS = "_selection_clicks"
_UNSHOWN = "_selection_unshown"  # the last selection dropped as not shown


class Selection:
    def __init__(self, session: MutableMapping, moves: MapMoves) -> None:
        self._s = session
        self._moves = moves

    def selected(self, visible_ids: Iterable[str]) -> str | None:
        """The selected project while it stays visible; a filtered-out one is deselected."""
        project_id = self._s.get(_SELECTED)
        if project_id is not None and not _among(visible_ids, [project_id]):
            self._s.pop(_SELECTED, None)
            self._s[_UNSHOWN] = project_id
            return None
        return project_id

    def unshown(self) -> str | None:
        """The selection last dropped because it was not shown (a link's project that the
        list shown does not hold), until something else is selected: what the notice of a
        removed project names."""
        return self._s.get(_UNSHOWN)

    def select(self, project_id: str | None, *, bounds: LatLngBounds | None = None) -> None:
        """Select a project; with ``bounds`` the map brings it into view with its popup."""
        self._s[_SELECTED] = project_id
        self._s.pop(_CHOICES, None)
        self._s.pop(_UNSHOWN, None)
        if bounds is not None and project_id is not None:
            self._moves.focus_on(project_id=project_id, bounds=bounds)

    def clear(self) -> None:
        self._s.pop(_SELECTED, None)
        self._s.pop(_UNSHOWN, None)

    def choices(self, known_ids: Iterable[str]) -> list[str]:
        """Projects offered for a clicked area that several share (known ones only)."""
        offered = self._s.get(_CHOICES, [])
        known = _among(known_ids, offered) if offered else set()
        return [pid for pid in offered if pid in known]

    def on_map_event(self, event: MapEvent | None, known_ids: Iterable[str]) -> list[str]:
        """A new click on a marker or area: select its project, or offer a choice. The ids
        it did either with (none: the page around the map has nothing new to show)."""
        if event is None or event.click_count is None:
            return []
        if event.click_count == self._s.get(_CLICKS):
            return []
        self._s[_CLICKS] = event.click_count
        known = _among(known_ids, event.clicked_ids)
        ids = [pid for pid in event.clicked_ids if pid in known]
        if len(ids) == 1:
            self.select(ids[0])
        elif ids:
            self._s[_CHOICES] = ids
        return ids


def _among(ids: Iterable[str], wanted: Iterable[str]) -> set[str]:
    """Which of ``wanted`` ``ids`` holds: vectorised for a table's column (thousands of rows,
    on every rerun), not a set built of all of them."""
    wanted = list(wanted)
    if isinstance(ids, pd.Series):
        return set(ids[ids.isin(wanted)])
    return set(ids) & set(wanted)
