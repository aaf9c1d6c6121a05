"""The one ``st_folium`` call: the base map stays loaded, the project layer is swapped."""

from __future__ import annotations

import pandas as pd
from streamlit_folium import st_folium

from components.map.catalog import MarkerCatalog
from components.map.events import RETURNED_OBJECTS, MapEvent, read_map_event
from components.map.layers import MAP_HEIGHT, MapAssets, build_base_map, build_project_layer
from components.state.moves import MoveRequest
from components.state.options import Display
from components.state.store import mark_interaction
from geo.dataset import Dataset


def render_map(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    assets: MapAssets | None,
    display: Display,
    as_of: str | None,
    language: str,
    fit: MoveRequest | None,
    focus: MoveRequest | None,
    embed: bool = False,
    catalog: MarkerCatalog | None = None,
) -> MapEvent | None:
    """Draw the map and return what it reported.

    Parameters
    ----------
    projects
        The filtered table (``geo.catalog.prepare``'s columns).
    dataset
        What the table is (legend vocabulary, attribution).
    assets
        Leaflet and boundary URLs (``assets.publish_assets``); None draws nothing (the files
        could not be published, and the page says why).
    display
        Base map and colour scheme.
    as_of
        Boundaries' date for the attribution.
    language
        Interface language.
    fit, focus
        Moves asked for by ``state.moves``.
    embed
        Embedded in another page: gesture handling on.
    catalog
        The dataset's marker catalog: a large table's markers cluster (``layers``).

    Filter changes only swap the project layer (no map reload): the base script stays
    identical, and no view is passed back into st_folium (that would setView).
    """
    if assets is None:
        return None
    base = build_base_map(
        assets,
        dataset=dataset,
        basemap=display.basemap,
        colour_by=display.colour_by,
        as_of=as_of,
        language=language,
        embed=embed,
    )
    layer = build_project_layer(
        projects,
        dataset=dataset,
        colour_by=display.colour_by,
        language=language,
        fit=fit,
        focus=focus,
        catalog=catalog,
    )
    value = st_folium(
        base,
        key="kasegi_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layer,
        returned_objects=RETURNED_OBJECTS,
        on_change=mark_interaction,
    )
    return read_map_event(value)
