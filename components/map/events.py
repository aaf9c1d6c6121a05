"""What the map reports back, decoded once.

The map component reports a dict (``leaflet/component.js``: a click counter, the clicked
layer's feature, the view); the clicked project ids travel explicitly: each marker and project
area reports itself (``K.reportsAs`` in ``leaflet/base.js``) as a feature whose property
``CLICK_PROPERTY`` lists its project ids. ``click_feature`` builds that feature (used to build
the script's config) and ``read_map_event`` reads it back: one pair, so no id ever travels
through display text.
"""

from __future__ import annotations

from dataclasses import dataclass

CLICK_PROPERTY = "kasegi_ids"
# A clustered layer's area names its projects by marker-catalog position; the browser reports
# them as ids (base.js, with the catalog it holds), so the app only ever reads ids.
POSITION_PROPERTY = "kasegi_pos"
# A marker says so (markers.js); any other clicked feature is an area.
VIA_PROPERTY = "kasegi_via"

LatLng = tuple[float, float]


@dataclass(frozen=True)
class MapEvent:
    """One report of the map: a click counter (a click is new when it changed), the ids of the
    clicked marker or area, and the view."""

    click_count: int | None = None
    clicked_ids: tuple[str, ...] = ()
    center: LatLng | None = None
    zoom: float | None = None
    bounds: tuple[LatLng, LatLng] | None = None  # ((south, west), (north, east))
    # The view was moved by the person, not by the map itself (a fit, a resize): only such a
    # view is worth a link. A report without the field (a scripted one) counts as theirs.
    by_user: bool = True
    via: str = "area"  # what was clicked: "marker" or "area" (counted, ``geo.counts``)
    # The browser asks not to be tracked (DNT, GPC); None: the report does not say.
    counting_refused: bool | None = None


def click_feature(project_ids: list[str]) -> dict:
    """The feature a marker or area reports when clicked."""
    return {"type": "Feature", "geometry": None, "properties": {CLICK_PROPERTY: project_ids}}


def position_click(positions: list[int]) -> dict:
    """The feature of an area of the clustered layer, before the browser resolves it."""
    return {"type": "Feature", "geometry": None, "properties": {POSITION_PROPERTY: positions}}


def read_map_event(value: dict | None) -> MapEvent | None:
    """The map's report → MapEvent; anything malformed reads as absent."""
    if not isinstance(value, dict):
        return None
    return MapEvent(
        click_count=_int(value.get("last_object_clicked_count")),
        clicked_ids=_clicked_ids(value.get("last_active_drawing")),
        center=_latlng(value.get("center")),
        zoom=_number(value.get("zoom")),
        bounds=_bounds(value.get("bounds")),
        by_user=value.get("user") is not False,
        via=_via(value.get("last_active_drawing")),
        counting_refused=refused
        if isinstance(refused := value.get("counting_refused"), bool)
        else None,
    )


def _clicked_ids(feature: object) -> tuple[str, ...]:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    ids = properties.get(CLICK_PROPERTY) if isinstance(properties, dict) else None
    if not isinstance(ids, list):
        return ()
    return tuple(i for i in ids if isinstance(i, str))


def _via(feature: object) -> str:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    marker = isinstance(properties, dict) and properties.get(VIA_PROPERTY) == "marker"
    return "marker" if marker else "area"


def _int(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _latlng(value: object) -> LatLng | None:
    if not isinstance(value, dict):
        return None
    lat, lng = value.get("lat"), value.get("lng")
    if isinstance(lat, int | float) and isinstance(lng, int | float):
        return (float(lat), float(lng))
    return None


def _bounds(value: object) -> tuple[LatLng, LatLng] | None:
    if not isinstance(value, dict):
        return None
    south_west, north_east = _latlng(value.get("_southWest")), _latlng(value.get("_northEast"))
    return (south_west, north_east) if south_west and north_east else None
