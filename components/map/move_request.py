"""A view change the app asks the map for: the one type the map's scripts and the app's state
(``components.state.moves``) share."""

from __future__ import annotations

from dataclasses import dataclass

from components.map.geometry import LatLng, LatLngBounds


@dataclass(frozen=True)
class MoveRequest:
    """A view change the app asks for, run once per ``token``.

    ``center``/``zoom`` (a shared link's view) win over ``bounds``; ``project_id`` opens that
    project's popup.
    """

    token: int
    bounds: LatLngBounds | None = None
    project_id: str | None = None
    center: LatLng | None = None
    zoom: float | None = None

    def as_config(self) -> dict:
        return {
            "token": self.token,
            "bounds": self.bounds,
            "id": self.project_id,
            "center": self.center if self.zoom is not None else None,
            "zoom": self.zoom,
        }
