"""Join projects to their area geometries by official code and check every marker."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries.areas import AreaShapes
from geo.schema import METRIC_CRS, WGS84

# Simplified borders move by tens of metres: a marker this close to its area is accepted
# (and reported); farther away it is an error.
MARKER_TOLERANCE_M = 300.0
AREA_NAME_SEPARATOR = "・"
AREA_NAME_SEPARATOR_EN = ", "


class JoinError(ValueError):
    """Projects that cannot be placed; ``problems`` names each project and bad value."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def join_projects_to_areas(
    projects: pd.DataFrame,
    municipalities: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    *,
    shapes: AreaShapes | None = None,
) -> gpd.GeoDataFrame:
    """Projects with their area (union of their codes), area names and marker offset.

    ``shapes``: the boundaries' ``AreaShapes`` when the caller keeps them (made here
    otherwise). Raises JoinError naming every unknown code and every marker more than
    MARKER_TOLERANCE_M outside its area.
    """
    areas = shapes if shapes is not None else AreaShapes(municipalities, prefectures)
    lines = projects["line"] if "line" in projects else pd.Series(0, index=projects.index)
    problems = [
        f"{_where(line, 'area_codes')}: project '{pid}': area code matches no boundary "
        f"(value '{code}')"
        for pid, codes, line in zip(projects["id"], projects["area_codes"], lines, strict=True)
        for code in codes
        if code not in areas
    ]
    if problems:
        raise JoinError(problems)
    geometry_of, name_of = areas.geometry, areas.name
    geometries = [
        geometry_of[codes[0]]
        if len(codes) == 1
        else shapely.union_all([geometry_of[c] for c in codes])
        for codes in projects["area_codes"]
    ]
    joined = gpd.GeoDataFrame(projects.copy(), geometry=geometries, crs=WGS84)
    joined["area_names"] = [tuple(name_of[c] for c in codes) for codes in projects["area_codes"]]
    joined["area_label"] = joined["area_names"].map(AREA_NAME_SEPARATOR.join)
    if "area_names_en" in joined:
        joined["area_label_en"] = joined["area_names_en"].map(AREA_NAME_SEPARATOR_EN.join)
    joined["marker_offset_m"] = marker_offsets_m(joined)
    far = joined[joined["marker_offset_m"] > MARKER_TOLERANCE_M]
    if not far.empty:
        raise JoinError(
            [
                f"{_where(getattr(row, 'line', 0), 'lat')}: project '{row.id}': marker "
                f"({row.lat}, {row.lon}) is {row.marker_offset_m:.0f} m outside its area "
                f"{row.area_label} (allowed: {MARKER_TOLERANCE_M:.0f} m)"
                for row in far.itertuples()
            ]
        )
    return joined


def _where(line: int, column: str) -> str:
    return f"line {line}, column '{column}'" if line else f"column '{column}'"


def marker_offsets_m(joined: gpd.GeoDataFrame) -> pd.Series:
    """Metres from each project's marker to its area (0 inside)."""
    points = gpd.GeoSeries(
        gpd.points_from_xy(joined["lon"], joined["lat"]), crs=WGS84, index=joined.index
    )
    areas = joined.geometry.to_crs(METRIC_CRS)
    return points.to_crs(METRIC_CRS).distance(areas, align=False).round(1)
