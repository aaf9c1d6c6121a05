"""The standalone HTML map: one file of the current filter and view that works from file://
with no server and no internet (tiles aside): Leaflet, styles and boundaries inlined."""

from __future__ import annotations

import functools
import html
from pathlib import Path

import pandas as pd
import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_markercluster as xcluster

from components.map.assets import MapAssets
from components.map.base_map import build_base_map
from components.map.marker_catalog import CLUSTER_THRESHOLD, make_catalog
from components.map.move_request import MoveRequest
from components.map.project_layer import build_project_layer
from components.map.script import Verbatim, map_code
from geo.choices import Display
from geo.dataset import Dataset


def standalone_html(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    boundaries: tuple[dict, dict] | None,
    display: Display,
    as_of: str | None,
    move: MoveRequest | None,
    language: str,
) -> str:
    """The HTML document.

    Parameters
    ----------
    projects
        The filtered table (``geo.table.prepare.prepare``'s columns).
    dataset
        What the table is: title, legend vocabulary, attribution.
    boundaries
        (municipalities, prefectures) GeoJSON to inline, or None for a points-only map.
    display
        Base map and colour scheme.
    as_of
        Boundaries' date for the attribution.
    move
        The view to open at (a link's centre and zoom, or the projects' bounds).
    language
        Interface language.
    """
    fmap = build_base_map(
        MapAssets("", ""),
        dataset=dataset,
        basemap=display.basemap,
        colour_by=display.colour_by,
        as_of=as_of,
        language=language,
        inline_boundaries=boundaries,
    )
    fmap.default_js = []
    fmap.default_css = []
    js, css = _package(xleaflet.BASE_DIR, "leaflet.js", "leaflet.css")
    header = fmap.get_root().header
    header.add_child(
        Verbatim(f"<title>{html.escape(dataset.title.get(language))}</title>"), name="title"
    )
    header.add_child(Verbatim(f"<style>{css}</style>"), name="leaflet_css_inline")
    header.add_child(Verbatim(f"<script>{js}</script>"), name="leaflet_js_inline")
    header.add_child(Verbatim(f"<script>{map_code()}</script>"), name="kasegi_map_inline")
    clustered = len(projects) > CLUSTER_THRESHOLD
    if clustered:  # a large table's markers cluster here too, with everything inline
        cluster_js, cluster_css = _package(
            xcluster.BASE_DIR, "leaflet.markercluster.js", "MarkerCluster.css"
        )
        header.add_child(Verbatim(f"<style>{cluster_css}</style>"), name="cluster_css_inline")
        header.add_child(Verbatim(f"<script>{cluster_js}</script>"), name="cluster_js_inline")
    build_project_layer(
        projects,
        dataset=dataset,
        catalog=make_catalog(projects, dataset, url=None),
        colour_by=display.colour_by,
        language=language,
        focus=move,
    ).add_to(fmap)
    return fmap.get_root().render()


@functools.cache
def _package(base_dir: str, script: str, stylesheet: str) -> tuple[str, str]:
    """A package's script (safe inside an inline <script>) and stylesheet, read once."""
    folder = Path(base_dir)
    js = (folder / script).read_text("utf-8").replace("</script", "<\\/script")
    return js, (folder / stylesheet).read_text("utf-8")
