"""Build the municipal and prefectural boundary layers from MLIT N03 (行政区域) files.

N03 comes as GeoJSON or Shapefile, loose or zipped, in two editions: up to 2022 a designated
city's ward sits in N03_004 with the city in N03_003; from 2023 the city is in N03_004 and the
ward in N03_005. Both are normalised to one row per municipality, wards dissolved into their
city, so projects join by the official 5-digit code.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import pandas as pd
import shapely

from geo.boundaries.built_layers import (
    META_FILE,
    MUNICIPALITIES_FILE,
    PREFECTURES_FILE,
    BoundaryInputError,
)
from geo.files import write_atomic
from geo.schema import DESIGNATED_CITIES, METRIC_CRS, PREFECTURE_BY_CODE, WGS84

# 1e-5 degrees is about 1 m: finer than the data, coarse enough to keep files small.
GRID_DEGREES = 1e-5
# Inputs with more vertices than this are full-resolution MLIT files and get simplified.
FULL_RESOLUTION_VERTICES = 200_000
FULL_RESOLUTION_TOLERANCE_M = 30.0

_VECTOR_SUFFIXES = (".geojson", ".json", ".shp")
_DESIGNATED_CODE_BY_NAME = {(code[:2], name): code for code, name in DESIGNATED_CITIES.items()}
_EDITION = re.compile(r"N03-(?:(\d{2})_\d{2}_(\d{2})(\d{2})(\d{2})|(\d{4})(\d{2})(\d{2}))")


@dataclass(frozen=True)
class BuildResult:
    municipalities: gpd.GeoDataFrame
    prefectures: gpd.GeoDataFrame
    input_features: int
    tolerance_m: float
    as_of: str | None


def read_n03(path: Path | str) -> gpd.GeoDataFrame:
    """Read one N03 file (GeoJSON, Shapefile, or a zip holding either) as raw N03 rows."""
    path = Path(path)
    if path.suffix.lower() == ".zip":
        inner = _pick_zip_member(path)
        frame = _read_vector(f"/vsizip/{path}/{inner}", _shapefile_encoding_in_zip(path, inner))
    elif path.suffix.lower() in _VECTOR_SUFFIXES:
        frame = _read_vector(str(path), _shapefile_encoding(path))
    else:
        raise BoundaryInputError(f"{path}: not a GeoJSON, Shapefile or zip file")
    missing = {"N03_001", "N03_004", "N03_007"} - set(frame.columns)
    if missing:
        raise BoundaryInputError(
            f"{path}: not an N03 行政区域 file (missing {', '.join(sorted(missing))})"
        )
    if frame.crs is None:
        frame = frame.set_crs(WGS84)
    return frame.to_crs(WGS84)


def normalise_n03(raw: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per input feature with municipality ``code``/``name``; wards → their city."""
    raw = raw[raw["N03_007"].notna() & (raw["N03_007"].astype(str).str.strip() != "")]
    code = raw["N03_007"].astype(str).str.strip().str.zfill(5)
    ward = raw["N03_005"] if "N03_005" in raw.columns else pd.Series(None, index=raw.index)
    county = raw["N03_003"] if "N03_003" in raw.columns else pd.Series(None, index=raw.index)
    has_ward = ward.notna() & (ward.astype(str).str.strip() != "")
    # 2023+: city in N03_004, ward in N03_005. Up to 2022: city in N03_003, ward in N03_004.
    city_name = raw["N03_004"].where(has_ward, county)
    designated = [
        _DESIGNATED_CODE_BY_NAME.get((c[:2], n))
        for c, n in zip(code, city_name.fillna(""), strict=True)
    ]
    designated = pd.Series(designated, index=raw.index)
    out = gpd.GeoDataFrame(
        {
            "code": designated.fillna(code),
            "name": city_name.where(designated.notna(), raw["N03_004"]),
            "prefecture": raw["N03_001"],
            "prefecture_code": code.str[:2],
        },
        geometry=raw.geometry.values,
        crs=raw.crs,
    )
    return out


def build_boundaries(
    sources: Iterable[Path | str],
    out_dir: Path | str,
    tolerance_m: float | None = None,
    prefecture_codes: Iterable[str] = tuple(PREFECTURE_BY_CODE),
) -> BuildResult:
    """Build and write municipalities.geojson and prefectures.geojson from N03 files.

    ``tolerance_m`` None picks one from the input: 0 for already-simplified files, tens of
    metres for MLIT's full-resolution ones.
    """
    paths = [Path(s) for s in sources]
    if not paths:
        raise BoundaryInputError("no N03 input files were given")
    raw = pd.concat([read_n03(p) for p in paths], ignore_index=True)
    keep = set(prefecture_codes)
    rows = normalise_n03(raw)
    rows = rows[rows["prefecture_code"].isin(keep)]
    if rows.empty:
        raise BoundaryInputError(
            f"no features of prefectures {', '.join(sorted(keep))} in: "
            + ", ".join(str(p) for p in paths)
        )
    if tolerance_m is None:
        tolerance_m = _default_tolerance(rows)
    municipalities = _dissolve_municipalities(rows)
    municipalities = simplify_per_prefecture(municipalities, tolerance_m)
    prefectures = _dissolve_prefectures(municipalities)
    result = BuildResult(municipalities, prefectures, len(raw), tolerance_m, _edition(paths))
    write_boundaries(result, Path(out_dir), paths)
    return result


def simplify_per_prefecture(frame: gpd.GeoDataFrame, tolerance_m: float) -> gpd.GeoDataFrame:
    """Simplify as a coverage per prefecture (shared edges stay shared) and snap to ~1 m.

    Per prefecture because neighbouring prefectures' N03 files overlap slightly, which is not a
    valid coverage across the border.
    """
    parts = []
    for _, group in frame.groupby("prefecture_code", sort=True):
        geoms = group.geometry
        if tolerance_m > 0:
            metric = geoms.to_crs(METRIC_CRS)
            geoms = metric.simplify_coverage(tolerance_m).to_crs(WGS84)
        snapped = shapely.set_precision(geoms.values, GRID_DEGREES)
        parts.append(group.set_geometry(_polygonal(snapped), crs=WGS84))
    return gpd.GeoDataFrame(pd.concat(parts), crs=WGS84).sort_values("code").reset_index(drop=True)


def write_boundaries(result: BuildResult, out_dir: Path, sources: list[Path]) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for frame, name in (
        (result.municipalities, MUNICIPALITIES_FILE),
        (result.prefectures, PREFECTURES_FILE),
    ):
        write_atomic(out_dir / name, frame.to_json(drop_id=True, ensure_ascii=False))
    meta = {
        "as_of": result.as_of,
        "tolerance_m": result.tolerance_m,
        "input_features": result.input_features,
        "municipalities": len(result.municipalities),
        "sources": [p.name for p in sources],
    }
    write_atomic(out_dir / META_FILE, json.dumps(meta, ensure_ascii=False, indent=1))


def count_vertices(frame: gpd.GeoDataFrame) -> int:
    return int(shapely.get_num_coordinates(frame.geometry.values).sum())


def _dissolve_municipalities(rows: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    rows = rows.set_geometry(_polygonal(shapely.make_valid(rows.geometry.values)), crs=rows.crs)
    dissolved = rows.dissolve(by="code", aggfunc="first", as_index=False)
    return dissolved[["code", "name", "prefecture", "prefecture_code", "geometry"]]


def _dissolve_prefectures(municipalities: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    groups = municipalities.groupby("prefecture_code", sort=True)
    records = [
        {
            "code": code,
            "name": PREFECTURE_BY_CODE[code].ja
            if code in PREFECTURE_BY_CODE
            else group["prefecture"].iloc[0],
            "geometry": shapely.union_all(group.geometry.values),
        }
        for code, group in groups
    ]
    frame = gpd.GeoDataFrame(records, geometry="geometry", crs=WGS84)
    return frame.set_geometry(shapely.set_precision(frame.geometry.values, GRID_DEGREES), crs=WGS84)


def _polygonal(geoms) -> gpd.array.GeometryArray:
    """Keep only polygon parts: repairs and snapping can leave stray lines or points."""
    fixed = []
    for geom in geoms:
        if geom is None or geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
            fixed.append(geom)
        else:
            polys = [
                g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")
            ]
            fixed.append(shapely.union_all(polys) if polys else shapely.Polygon())
    return gpd.array.from_shapely(fixed, crs=WGS84)


def _default_tolerance(rows: gpd.GeoDataFrame) -> float:
    return FULL_RESOLUTION_TOLERANCE_M if count_vertices(rows) > FULL_RESOLUTION_VERTICES else 0.0


def _read_vector(source: str, encoding: str | None) -> gpd.GeoDataFrame:
    try:
        if encoding:
            return gpd.read_file(source, encoding=encoding)
        return gpd.read_file(source)
    except Exception as err:  # pyogrio raises its own DataSourceError family
        raise BoundaryInputError(f"{source}: cannot be read as vector data ({err})") from err


def _pick_zip_member(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
    except zipfile.BadZipFile as err:
        raise BoundaryInputError(f"{path}: not a valid zip file ({err})") from err
    for suffixes in ((".geojson", ".json"), (".shp",)):
        found = sorted(
            n for n in names if n.lower().endswith(suffixes) and "N03" in Path(n).name.upper()
        )
        found = found or sorted(n for n in names if n.lower().endswith(suffixes))
        if found:
            return found[0]
    raise BoundaryInputError(f"{path}: the zip holds no GeoJSON or Shapefile")


def _shapefile_encoding(path: Path) -> str | None:
    # Older N03 Shapefiles are cp932 without a .cpg file saying so.
    if path.suffix.lower() != ".shp":
        return None
    return (
        None if path.with_suffix(".cpg").exists() or path.with_suffix(".CPG").exists() else "cp932"
    )


def _shapefile_encoding_in_zip(path: Path, inner: str) -> str | None:
    if not inner.lower().endswith(".shp"):
        return None
    with zipfile.ZipFile(path) as archive:
        names = {n.lower() for n in archive.namelist()}
    return None if inner[:-4].lower() + ".cpg" in names else "cp932"


def _edition(paths: list[Path]) -> str | None:
    """The as-of date from N03 file names (N03-21_18_210101, N03-20240101_27_GML)."""
    dates = set()
    for p in paths:
        m = _EDITION.search(p.name)
        if m and m.group(2):
            dates.add(date(2000 + int(m.group(2)), int(m.group(3)), int(m.group(4))))
        elif m and m.group(5):
            dates.add(date(int(m.group(5)), int(m.group(6)), int(m.group(7))))
    return max(dates).isoformat() if dates else None
