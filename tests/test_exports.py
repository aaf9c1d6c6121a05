"""Exports: CSV for Excel, GeoJSON for GIS, a standalone HTML map that needs no server."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from components.map.move_request import MoveRequest
from components.map.standalone import standalone_html
from geo.boundaries.built_layers import MUNICIPALITIES_FILE, PREFECTURES_FILE
from geo.choices import Display
from geo.output.exports import projects_csv, projects_geojson, source_text
from geo.table.prepare import prepare


@pytest.fixture(scope="module")
def joined(projects, app_boundaries):
    municipalities, prefectures, _ = app_boundaries
    return prepare(projects, municipalities, prefectures)


def test_csv_has_bom_japanese_and_source(joined, dataset):
    data = projects_csv(joined[joined["prefecture"] == "大阪府"], dataset, "2021-01-01")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["no"] for r in rows] == ["8", "9", "10", "11", "16"]
    kento = next(r for r in rows if r["id"] == "kento")
    assert kento["area_codes"] == "27205;27224" and kento["area_label"] == "吹田市・摂津市"
    assert kento["source"] == source_text(dataset) and "近畿経済産業局" in kento["source"]
    assert "2017-03-24" in kento["source"]
    assert kento["boundaries_as_of"] == "2021-01-01"
    source = joined.set_index("id").loc["kento"]
    assert kento["summary_ja"] == source["summary_ja"] and kento["name_en"] == source["name_en"]


def test_geojson_points_with_all_fields(joined, dataset):
    data = json.loads(projects_geojson(joined, dataset, "2021-01-01"))
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 23
    first = data["features"][0]
    assert first["geometry"]["type"] == "Point"
    lon, lat = first["geometry"]["coordinates"]
    assert 134 < lon < 137 and 33 < lat < 37
    assert first["properties"]["area_codes"] == ["25209"]
    assert first["properties"]["announced"] == "2016-10-24"
    assert data["metadata"]["boundaries_as_of"] == "2021-01-01"
    assert "国土数値情報" in data["metadata"]["boundaries_attribution"]


def test_geojson_opens_in_gdal(joined, dataset, tmp_path):
    import geopandas as gpd

    path = tmp_path / "projects.geojson"
    path.write_bytes(projects_geojson(joined, dataset, "2021-01-01"))
    frame = gpd.read_file(path)
    assert len(frame) == 23 and frame.crs.to_epsg() == 4326
    assert frame.loc[frame["id"] == "kento", "name_ja"].item().startswith("健都")


def test_csv_reads_back_in_pandas_with_japanese_intact(joined, dataset):
    import pandas as pd

    frame = pd.read_csv(io.BytesIO(projects_csv(joined, dataset, None)), encoding="utf-8-sig")
    assert list(frame["prefecture"].unique()) == [
        "滋賀県",
        "京都府",
        "兵庫県",
        "奈良県",
        "大阪府",
        "福井県",
        "和歌山県",
    ]


def test_standalone_html_is_one_offline_file(joined, dataset, app_boundaries_dir):
    boundaries = tuple(
        json.loads((app_boundaries_dir / n).read_text("utf-8"))
        for n in (MUNICIPALITIES_FILE, PREFECTURES_FILE)
    )
    page = standalone_html(
        joined.head(5),
        dataset=dataset,
        boundaries=boundaries,
        display=Display(),
        as_of="2021-01-01",
        move=MoveRequest(1, center=(34.7, 135.5), zoom=9),
        language="ja",
    )
    assert "<script src" not in page and 'rel="stylesheet"' not in page
    assert "L.map(" in page and "leaflet-container" in page  # Leaflet inlined (JS and CSS)
    assert '"boundaries_inline":[{' in page
    assert "No.5 " in page and "No.6 " not in page
    # Nothing is loaded from elsewhere: no external script, stylesheet or fetch (tile URLs are
    # templates for the base map, which is the only part that needs a network).
    assert not re.search(
        r"""(?:src|href)\s*=\s*["']https?://(?!maps\.gsi\.go\.jp|www\.openstreetmap\.org|leafletjs\.com)""",
        page,
    )
    assert not re.search(r"<link\b", page) and "@import" not in page
