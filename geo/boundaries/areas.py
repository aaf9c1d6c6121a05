"""Every area a project may name — municipalities and prefectures — by official code: its
shape and name, its shape in metres and a point inside it. Built once per boundary set (the
app keeps one per process), so neither joining a table nor building an upload merges and
reprojects the boundaries again."""

from __future__ import annotations

import functools

import geopandas as gpd
import pandas as pd
import shapely
from pyproj import Transformer

from geo.schema import METRIC_CRS, WGS84


class AreaShapes:
    """The areas of ``municipalities`` and ``prefectures`` (``read_boundaries``' layers)."""

    def __init__(self, municipalities: gpd.GeoDataFrame, prefectures: gpd.GeoDataFrame) -> None:
        columns = ["code", "name", "geometry"]
        frame = pd.concat([municipalities[columns], prefectures[columns]], ignore_index=True)
        self.frame = gpd.GeoDataFrame(frame, crs=WGS84).set_index("code")
        # Plain dicts, not ``.loc`` per project: thousands of rows join in a fraction of a second.
        self.geometry = dict(zip(self.frame.index, self.frame.geometry, strict=True))
        self.name = dict(zip(self.frame.index, self.frame["name"], strict=True))

    def __getstate__(self) -> dict:
        """Pickled for a worker (``geo.jobs``) without the transformer, made again there."""
        return {k: v for k, v in self.__dict__.items() if k != "_to_metric"}

    def __contains__(self, code: object) -> bool:
        return code in self.geometry

    @functools.cached_property
    def points(self) -> dict[str, tuple[float, float]]:
        """code → (lat, lon) of a point inside the area: ``representative_point``, not the
        centroid, which can fall outside a crescent-shaped town."""
        points = self.frame.geometry.representative_point()
        return {
            code: (round(p.y, 6), round(p.x, 6))
            for code, p in zip(points.index, points, strict=True)
        }

    @functools.cached_property
    def _metric(self) -> dict[str, shapely.Geometry]:
        metric = self.frame.geometry.to_crs(METRIC_CRS)
        return dict(zip(metric.index, metric.values, strict=True))

    @functools.cached_property
    def _to_metric(self) -> Transformer:
        return Transformer.from_crs(WGS84, METRIC_CRS, always_xy=True)

    @functools.cached_property
    def bounds(self) -> dict[str, tuple[float, float, float, float]]:
        """code → (west, south, east, north)."""
        boxes = self.frame.geometry.bounds
        return {code: tuple(box) for code, box in zip(boxes.index, boxes.values, strict=True)}

    def distance_m(self, codes: tuple[str, ...], lon: float, lat: float) -> float:
        """Metres from (lon, lat) to the areas ``codes`` together (0 inside one): the least
        distance to each, which is the distance to their union without making it."""
        point = shapely.Point(*self._to_metric.transform(lon, lat))
        return float(min(self._metric[c].distance(point) for c in codes))

    def box(self, codes: tuple[str, ...]) -> tuple[float, float, float, float]:
        """The bounds of the areas ``codes`` together."""
        boxes = [self.bounds[c] for c in codes]
        return (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
