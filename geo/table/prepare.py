"""The table the app shows: projects joined to their areas and indexed for search.

``prepare`` is the one place where a loaded ``projects.csv`` becomes the app's table; its extra
columns are declared in ``geo.schema.DERIVED_COLUMNS``. Like geopandas' ``sjoin``, the public
function validates, computes and assembles over small private steps.
"""

from __future__ import annotations

import geopandas as gpd
import pandas as pd

from geo.boundaries.areas import AreaShapes
from geo.table.filters import search_text
from geo.table.join import AREA_NAME_SEPARATOR_EN, place_projects

Bounds = tuple[float, float, float, float]


def prepare(
    projects: pd.DataFrame,
    municipalities: gpd.GeoDataFrame | None = None,
    prefectures: gpd.GeoDataFrame | None = None,
    *,
    shapes: AreaShapes | None = None,
) -> pd.DataFrame:
    """The projects with every derived column, in number order, ready to filter, draw and
    export.

    Parameters
    ----------
    projects
        A table from ``load_projects``.
    municipalities, prefectures
        Built boundaries (``read_boundaries``). Without them (a points-only map) the area
        labels fall back to the lead body and the bounds to the marker.
    shapes
        The boundaries' ``AreaShapes``, when the caller keeps them.

    Raises ``JoinError`` (from ``join_projects_to_areas``) naming every unknown code and every
    marker far outside its area.
    """
    if municipalities is None or prefectures is None:
        table = _points_only(projects)
    else:
        table = _joined(projects, municipalities, prefectures, shapes)
    table["search_text"] = search_text(table)
    # Sorted here, once: every list, layer, export and print shows projects in number order,
    # and filtering keeps it.
    return table.sort_values("no", kind="stable")


def _joined(
    projects: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    shapes: AreaShapes | None,
) -> pd.DataFrame:
    areas = shapes if shapes is not None else AreaShapes(municipalities, prefectures)
    table = place_projects(projects, areas)
    table["bounds"] = [
        _with_point(areas.box(tuple(codes)), lon, lat)
        for codes, lon, lat in zip(table["area_codes"], table["lon"], table["lat"], strict=True)
    ]
    return table


def _points_only(projects: pd.DataFrame) -> pd.DataFrame:
    return projects.assign(
        area_label=projects["lead"].where(projects["lead"] != "", projects["prefecture"]),
        area_label_en=projects["area_names_en"].map(AREA_NAME_SEPARATOR_EN.join),
        bounds=[
            (lon, lat, lon, lat) for lon, lat in zip(projects["lon"], projects["lat"], strict=True)
        ],
    )


def _with_point(bounds: Bounds, lon: float, lat: float) -> Bounds:
    west, south, east, north = bounds
    return (min(west, lon), min(south, lat), max(east, lon), max(north, lat))
