"""Pure geometry on the prepared table (``geo.table.prepare``): what to fit, what is out of view."""

from __future__ import annotations

import pandas as pd

from geo.view import box_of

LatLng = tuple[float, float]
LatLngBounds = tuple[LatLng, LatLng]


def latlng_bounds(box: tuple[float, float, float, float]) -> LatLngBounds:
    """(west, south, east, north) → Leaflet's ((south, west), (north, east))."""
    west, south, east, north = box
    return ((south, west), (north, east))


def bounds_of(projects: pd.DataFrame) -> LatLngBounds | None:
    """Leaflet bounds around the projects' markers and areas (their ``bounds`` column)."""
    box = box_of(projects)
    return latlng_bounds(box) if box is not None else None


def points_outside(projects: pd.DataFrame, view: LatLngBounds | None) -> bool:
    """Whether any project's marker lies outside ``view`` (the map's reported bounds)."""
    if view is None or projects.empty:
        return False
    (south, west), (north, east) = view
    inside = projects["lat"].between(south, north) & projects["lon"].between(west, east)
    return not bool(inside.all())


def marker_bounds(projects: pd.DataFrame) -> LatLngBounds | None:
    """Leaflet bounds around the projects' markers (not their areas)."""
    if projects.empty:
        return None
    lat, lon = projects["lat"], projects["lon"]
    return ((float(lat.min()), float(lon.min())), (float(lat.max()), float(lon.max())))
