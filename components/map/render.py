"""The map's one component: the base map stays loaded, the project layer is swapped."""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Mapping

import pandas as pd

from components.map.assets import MapAssets, publish_base_script
from components.map.base_map import MAP_HEIGHT, build_base_map
from components.map.base_script import BaseScript, base_script
from components.map.component import MAP_KEY, component_data, mount_map
from components.map.events import MapEvent, read_map_event
from components.map.geometry import LatLngBounds
from components.map.marker_catalog import MarkerCatalog
from components.map.move_request import MoveRequest
from components.map.project_layer import project_layer_config
from geo.choices import Display
from geo.dataset import Dataset
from geo.words import t


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
    catalog: MarkerCatalog,
    embed: bool = False,
    home: LatLngBounds | None = None,
    on_report: Callable[[], None] | None = None,
    marks: Mapping[str, str] | None = None,
    app_url: str = "",
    remember: Callable[[Hashable, Callable[[], BaseScript]], BaseScript] | None = None,
    seq: int = 0,
) -> MapEvent | None:
    """Draw the map and return what it reported.

    Parameters
    ----------
    projects
        The filtered table (``geo.table.prepare.prepare``'s columns).
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
    catalog
        The dataset's marker catalog: the layer names the shown projects by their positions
        in it (``project_layer``).
    embed
        Embedded in another page: gesture handling on.
    home
        The bounds of all the dataset's markers, for the opening view
        (``geometry.marker_bounds``).
    on_report
        Called when the map reports something (a click, a move), before the rerun it causes:
        the caller marks the rerun as the user's.
    marks, app_url
        The compared view's added and changed projects; the app's address (correction
        links), as ``project_layer.project_layer_config`` takes them.

    remember
        Keeps an upload's base map with the visitor's session (``store.remembered``): its
        words never go into the process-wide cache. None: made on each run.
    seq
        The filter panel's change this run answers (``store.filters_seq``): the map, which
        drew a newer change at once, does not draw an older one again.

    Filter changes only swap the project layer (no map reload): the base script stays
    identical (a static file, like our code, ``script.map_code``), and no view is sent back
    to the map (moves travel as requests with tokens, ``fit`` and ``focus``).
    """
    if assets is None:
        return None
    args = (assets, dataset, display.basemap, display.colour_by, as_of, language, embed, home)
    if dataset.directory is None:  # an upload: its words are kept with its session only
        make = lambda: _base_map_script.__wrapped__(*args, None)  # noqa: E731
        base = remember(args, make) if remember is not None else make()
        script_url = None
    else:
        base = _base_map_script(*args, catalog.url)
        script_url = _published(base.script)
    layer = project_layer_config(
        projects,
        dataset=dataset,
        catalog=catalog,
        colour_by=display.colour_by,
        language=language,
        fit=fit,
        focus=focus,
        marks=marks,
        app_url=app_url,
    )
    data = component_data(
        base,
        layer,
        script_url=script_url,
        label=t("map_title", language),
        height=MAP_HEIGHT,
        seq=seq,
        prefetch=tuple(
            url for url in (catalog.url, assets.municipalities_url, assets.prefectures_url) if url
        ),
    )
    return read_map_event(mount_map(data, key=MAP_KEY, on_report=on_report))


@functools.lru_cache(maxsize=64)
def _base_map_script(
    assets: MapAssets,
    dataset: Dataset,
    basemap: str,
    colour_by: str,
    as_of: str | None,
    language: str,
    embed: bool,
    home: LatLngBounds | None,
    catalog_url: str | None,
) -> BaseScript:
    """Rendered once per process for each base map, colouring, language and dataset folder
    (an upload's: once per session, ``store.remembered``)."""
    fmap = build_base_map(
        assets,
        dataset=dataset,
        basemap=basemap,
        colour_by=colour_by,
        as_of=as_of,
        language=language,
        embed=embed,
        home=home,
        catalog_url=catalog_url,
    )
    return base_script(fmap)


@functools.lru_cache(maxsize=64)
def _published(script: str) -> str:
    """The script's static URL, written once per process (``assets.publish_base_script``)."""
    return publish_base_script(script)
