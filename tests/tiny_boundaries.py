"""A tiny hand-made boundary set: squares with the codes and names of the real municipalities
the 23 projects name (and the prefectural capitals), around the projects' markers. Not N03
data: it lets the app-level tests run on a bare checkout without ``../shared``."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pandas as pd
from shapely.geometry import box

from geo.boundaries.built_layers import META_FILE, MUNICIPALITIES_FILE, PREFECTURES_FILE
from geo.schema import PREFECTURE_BY_CODE

HALF = 0.03  # degrees: ~3 km around each marker
# code → (name, a point inside: (lat, lon))
MUNICIPALITIES: dict[str, tuple[str, tuple[float, float]]] = {
    "18201": ("福井市", (36.0652, 136.2216)),
    "18207": ("鯖江市", (35.9566, 136.1843)),
    "25201": ("大津市", (35.0045, 135.8686)),
    "25209": ("甲賀市", (34.96654, 136.1653)),
    "25443": ("多賀町", (35.2221, 136.2922)),
    "26100": ("京都市", (34.9936, 135.7386)),
    "26201": ("福知山市", (35.2964, 135.1264)),
    "26211": ("京田辺市", (34.8147, 135.7679)),
    "26366": ("精華町", (34.7594, 135.7856)),
    "26465": ("与謝野町", (35.5653, 135.1529)),
    "27100": ("大阪市", (34.6937, 135.5019)),
    "27140": ("堺市", (34.562, 135.5033)),
    "27205": ("吹田市", (34.7728, 135.541)),
    "27212": ("八尾市", (34.6268, 135.6011)),
    "27224": ("摂津市", (34.7728, 135.601)),
    "27227": ("東大阪市", (34.6797, 135.6008)),
    "28209": ("豊岡市", (35.5443, 134.82)),
    "28213": ("西脇市", (34.9934, 134.9693)),
    "28225": ("朝来市", (35.3392, 134.8527)),
    "29201": ("奈良市", (34.6851, 135.8328)),
    "29450": ("下北山村", (34.0048, 135.9568)),
    "30201": ("和歌山市", (34.24, 135.258)),
}
AS_OF = "2021-01-01"


def write_tiny_boundaries(directory: Path) -> Path:
    """Write the three files ``geo build`` writes, in its format; return ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "code": code,
            "name": name,
            "prefecture_code": code[:2],
            "prefecture": PREFECTURE_BY_CODE[code[:2]].ja,
            "geometry": box(lon - HALF, lat - HALF, lon + HALF, lat + HALF),
        }
        for code, (name, (lat, lon)) in MUNICIPALITIES.items()
    ]
    municipalities = gpd.GeoDataFrame(pd.DataFrame(rows), crs="EPSG:4326")
    prefectures = municipalities.dissolve(by="prefecture_code", as_index=False)[
        ["prefecture_code", "prefecture", "geometry"]
    ].rename(columns={"prefecture_code": "code", "prefecture": "name"})
    municipalities.to_file(directory / MUNICIPALITIES_FILE, driver="GeoJSON")
    prefectures.to_file(directory / PREFECTURES_FILE, driver="GeoJSON")
    (directory / META_FILE).write_text(json.dumps({"as_of": AS_OF}), "utf-8")
    return directory
