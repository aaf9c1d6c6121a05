"""The two heavy steps of an uploaded table, as jobs a worker runs (``geo.jobs``): reading the
file, and building the dataset and the app's table from it under the chosen roles."""

from __future__ import annotations

from collections.abc import Mapping

import geopandas as gpd
import pandas as pd

from geo.boundaries.areas import AreaShapes
from geo.intake.builder import Build, build_dataset
from geo.intake.reader import SourceTable, read_table
from geo.table.prepare import prepare

__all__ = ["build_table", "read_table"]


def build_table(
    table: SourceTable,
    roles: Mapping[str, str],
    municipalities: gpd.GeoDataFrame,
    prefectures: gpd.GeoDataFrame,
    shapes: AreaShapes,
) -> tuple[Build, pd.DataFrame | None]:
    """The dataset of ``table`` and, when a row was kept, the app's table of it."""
    build = build_dataset(table, roles, municipalities, prefectures, shapes=shapes)
    if build.projects.empty:
        return build, None
    return build, prepare(build.projects, municipalities, prefectures, shapes=shapes)
