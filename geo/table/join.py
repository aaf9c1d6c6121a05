"""Join projects to their area geometries by official code and check every marker."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries.areas import AreaShapes
from geo.schema import WGS84

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
    placed = place_projects(projects, areas)
    unions: dict[tuple[str, ...], object] = {}  # one union per distinct set of codes

    def union(codes: tuple[str, ...]):
        if codes not in unions:
            parts = [areas.geometry[c] for c in codes]
            unions[codes] = parts[0] if len(parts) == 1 else shapely.union_all(parts)
        return unions[codes]

    geometry = [union(tuple(codes)) for codes in placed["area_codes"]]
    return gpd.GeoDataFrame(placed, geometry=geometry, crs=WGS84)


def place_projects(projects: pd.DataFrame, areas: AreaShapes) -> pd.DataFrame:
    """Projects with their area names and marker offsets (no geometry: what the app's table
    needs). Near-linear in rows × codes: a marker's distance to its areas is the least of
    its distances to each (never a union of them), each area in metres once per process.

    Raises JoinError naming every unknown code and every marker more than
    MARKER_TOLERANCE_M outside its area."""
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
    placed = projects.copy()
    codes_of = placed["area_codes"]
    placed["area_names"] = [tuple(areas.name[c] for c in codes) for codes in codes_of]
    placed["area_label"] = placed["area_names"].map(AREA_NAME_SEPARATOR.join)
    if "area_names_en" in placed:
        placed["area_label_en"] = placed["area_names_en"].map(AREA_NAME_SEPARATOR_EN.join)
    placed["marker_offset_m"] = [
        round(areas.distance_m(tuple(codes), lon, lat), 1)
        for codes, lon, lat in zip(codes_of, placed["lon"], placed["lat"], strict=True)
    ]
    far = placed[placed["marker_offset_m"] > MARKER_TOLERANCE_M]
    if not far.empty:
        raise JoinError(
            [
                f"{_where(getattr(row, 'line', 0), 'lat')}: project '{row.id}': marker "
                f"({row.lat}, {row.lon}) is {row.marker_offset_m:.0f} m outside its area "
                f"{row.area_label} (allowed: {MARKER_TOLERANCE_M:.0f} m)"
                for row in far.itertuples()
            ]
        )
    return placed


def _where(line: int, column: str) -> str:
    return f"line {line}, column '{column}'" if line else f"column '{column}'"
