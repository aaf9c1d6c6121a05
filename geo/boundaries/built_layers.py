"""The built boundary layers on disk: their names, and reading them back checked, so a
damaged file is named (and rebuilt by the app where it can be) instead of drawn broken."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pyogrio

MUNICIPALITIES_FILE = "municipalities.geojson"


PREFECTURES_FILE = "prefectures.geojson"


META_FILE = "boundaries-meta.json"


class BoundaryInputError(ValueError):
    """An N03 input that cannot be read or does not look like N03."""


class DamagedBoundariesError(BoundaryInputError):
    """A built boundary file that is truncated, empty, not GeoJSON or of another schema."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        super().__init__(f"{path}: {reason}")


def read_boundaries(directory: Path | str) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame, dict]:
    """Read the built layers and their metadata.

    FileNotFoundError when not built yet; DamagedBoundariesError naming the file and what is
    wrong when a file cannot be read or is not what ``geo build`` writes (so the app can
    rebuild it or say so, instead of drawing a broken map).
    """
    directory = Path(directory)
    for name in (MUNICIPALITIES_FILE, PREFECTURES_FILE):
        if not (directory / name).is_file():
            raise FileNotFoundError(f"{directory / name} does not exist")
    municipalities = _read_layer(directory / MUNICIPALITIES_FILE, _MUNICIPALITY_COLUMNS)
    prefectures = _read_layer(directory / PREFECTURES_FILE, _PREFECTURE_COLUMNS)
    return municipalities, prefectures, _read_meta(directory / META_FILE)


_MUNICIPALITY_COLUMNS = ("code", "name", "prefecture", "prefecture_code")


_PREFECTURE_COLUMNS = ("code", "name")


_CODE_PATTERN = {MUNICIPALITIES_FILE: r"[0-9]{5}", PREFECTURES_FILE: r"[0-9]{2}"}


def _read_layer(path: Path, columns: tuple[str, ...]) -> gpd.GeoDataFrame:
    if path.stat().st_size == 0:
        raise DamagedBoundariesError(path, "the file is empty (0 bytes)")
    try:
        frame = gpd.read_file(path)
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, ValueError) as err:
        raise DamagedBoundariesError(path, f"not readable as GeoJSON ({err})") from None
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise DamagedBoundariesError(path, f"missing properties: {', '.join(missing)}")
    if frame.empty:
        raise DamagedBoundariesError(path, "no features")
    for column in columns:
        frame[column] = frame[column].astype(str)
    bad_codes = frame.loc[~frame["code"].str.fullmatch(_CODE_PATTERN[path.name]), "code"]
    if not bad_codes.empty:
        raise DamagedBoundariesError(path, f"malformed code {bad_codes.iloc[0]!r}")
    kinds = set(frame.geometry.geom_type.dropna())
    if frame.geometry.isna().any() or not kinds <= {"Polygon", "MultiPolygon"}:
        raise DamagedBoundariesError(path, "features without (multi)polygon geometry")
    return frame


def _read_meta(path: Path) -> dict:
    if not path.exists():
        return {}
    try:
        meta = json.loads(path.read_text("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DamagedBoundariesError(path, f"not readable as JSON ({err})") from None
    if not isinstance(meta, dict) or not isinstance(meta.get("as_of", ""), str | None):
        raise DamagedBoundariesError(path, "not the metadata `geo build` writes")
    return meta
