"""build_boundaries on tiny hand-made N03 inputs (both editions, every format) and on the real
simplified set beside the repository."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import box

from geo.boundaries.built_layers import (
    MUNICIPALITIES_FILE,
    PREFECTURES_FILE,
    BoundaryInputError,
    read_boundaries,
)
from geo.boundaries.n03_build import build_boundaries, count_vertices, read_n03
from geo.boundaries.n03_sources import fetch_sources

# Two wards of 大阪市, a city split in two rows, a county town, a boundary-undetermined row
# (no code) and a Tokyo ward that must be dropped.
WARD_A = box(135.50, 34.70, 135.52, 34.72)
WARD_B = box(135.52, 34.70, 135.54, 34.72)
SUITA_1 = box(135.50, 34.76, 135.52, 34.78)
SUITA_2 = box(135.52, 34.76, 135.53, 34.77)
SHIMAMOTO = box(135.60, 34.86, 135.62, 34.88)


def n03_rows(edition: int) -> gpd.GeoDataFrame:
    def row(county, municipality, ward, code, geom, pref="大阪府"):
        if edition == 2021:
            # Up to 2022: designated city in N03_003, ward in N03_004.
            props = {
                "N03_003": county if ward is None else municipality,
                "N03_004": ward or municipality,
            }
        else:
            props = {"N03_003": county, "N03_004": municipality, "N03_005": ward}
        return {"N03_001": pref, "N03_002": None, **props, "N03_007": code, "geometry": geom}

    rows = [
        row(None, "大阪市", "都島区", "27102", WARD_A),
        row(None, "大阪市", "福島区", "27103", WARD_B),
        row(None, "吹田市", None, "27205", SUITA_1),
        row(None, "吹田市", None, "27205", SUITA_2),
        row("三島郡", "島本町", None, "27301", SHIMAMOTO),
        row(None, "所属未定地", None, None, box(135.7, 34.7, 135.71, 34.71)),
        row(None, "千代田区", None, "13101", box(139.7, 35.6, 139.8, 35.7), pref="東京都"),
    ]
    return gpd.GeoDataFrame(rows, crs=4326)


def write_n03(directory: Path, edition: int, fmt: str) -> Path:
    frame = n03_rows(edition)
    stem = "N03-21_27_210101" if edition == 2021 else "N03-20240101_27"
    if fmt == "geojson":
        path = directory / f"{stem}.geojson"
        frame.to_file(path, driver="GeoJSON")
        return path
    shp_dir = directory / "shp"
    shp_dir.mkdir()
    shp = shp_dir / f"{stem}.shp"
    frame.to_file(shp, encoding="cp932")
    shp.with_suffix(".cpg").unlink(missing_ok=True)  # older N03 Shapefiles declare nothing
    if fmt == "shp":
        return shp
    path = directory / f"{stem}_GML.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for part in shp_dir.iterdir():
            archive.write(part, f"{stem}_GML/{part.name}")
    return path


@pytest.mark.parametrize("edition", [2021, 2024])
@pytest.mark.parametrize("fmt", ["geojson", "shp", "zip"])
def test_both_editions_in_every_format(tmp_path, edition, fmt):
    source = write_n03(tmp_path, edition, fmt)
    result = build_boundaries([source], tmp_path / "out")
    frame = result.municipalities.set_index("code")
    assert list(frame.index) == ["27100", "27205", "27301"]
    assert list(frame["name"]) == ["大阪市", "吹田市", "島本町"]
    assert set(frame["prefecture"]) == {"大阪府"}
    assert frame.loc["27100", "geometry"].area == pytest.approx(
        shapely.union_all([WARD_A, WARD_B]).area
    )
    assert frame.loc["27205", "geometry"].area == pytest.approx(
        shapely.union_all([SUITA_1, SUITA_2]).area
    )
    assert result.as_of == ("2021-01-01" if edition == 2021 else "2024-01-01")
    assert list(result.prefectures["code"]) == ["27"]


def test_written_files_have_the_documented_properties(tmp_path):
    build_boundaries([write_n03(tmp_path, 2024, "geojson")], tmp_path / "out")
    data = json.loads((tmp_path / "out" / MUNICIPALITIES_FILE).read_text("utf-8"))
    assert set(data["features"][0]["properties"]) == {
        "code",
        "name",
        "prefecture",
        "prefecture_code",
    }
    municipalities, prefectures, meta = read_boundaries(tmp_path / "out")
    assert municipalities.crs.to_epsg() == 4326 and prefectures.crs.to_epsg() == 4326
    assert meta["as_of"] == "2024-01-01"
    assert (tmp_path / "out" / PREFECTURES_FILE).exists()


def test_invalid_geometry_is_repaired(tmp_path):
    frame = n03_rows(2024)
    bowtie = shapely.Polygon([(135.6, 34.6), (135.62, 34.62), (135.62, 34.6), (135.6, 34.62)])
    frame.loc[4, "geometry"] = bowtie
    path = tmp_path / "N03-20240101_27.geojson"
    frame.to_file(path, driver="GeoJSON")
    result = build_boundaries([path], tmp_path / "out")
    assert result.municipalities.is_valid.all()
    assert result.municipalities.set_index("code").loc["27301", "geometry"].area > 0


def test_non_n03_file_is_named(tmp_path):
    path = tmp_path / "roads.geojson"
    gpd.GeoDataFrame({"kind": ["road"]}, geometry=[box(0, 0, 1, 1)], crs=4326).to_file(path)
    with pytest.raises(BoundaryInputError, match=r"roads.geojson: not an N03 .* \(missing N03_001"):
        read_n03(path)


def test_zip_without_vector_data_is_named(tmp_path):
    path = tmp_path / "empty.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "nothing")
    with pytest.raises(
        BoundaryInputError, match="empty.zip: the zip holds no GeoJSON or Shapefile"
    ):
        read_n03(path)


def test_input_without_kansai_features_is_an_error(tmp_path):
    frame = n03_rows(2024)
    path = tmp_path / "tokyo.geojson"
    frame[frame["N03_001"] == "東京都"].to_file(path, driver="GeoJSON")
    with pytest.raises(BoundaryInputError, match="no features of prefectures 18, 25"):
        build_boundaries([path], tmp_path / "out")


# --- the real simplified N03 set beside the repository -------------------------------------


@pytest.fixture(scope="module")
def real_files(n03_dir):
    return fetch_sources([str(n03_dir)], Path("/nonexistent"))


def test_real_build_counts(boundaries, real_files):
    municipalities, prefectures, meta = boundaries
    assert sum(len(read_n03(p)) for p in real_files) == 262 == meta["input_features"]
    assert len(municipalities) == 215
    counts = municipalities.groupby("prefecture_code").size().to_dict()
    assert counts == {"18": 17, "25": 19, "26": 26, "27": 43, "28": 41, "29": 39, "30": 30}
    assert list(prefectures["code"]) == ["18", "25", "26", "27", "28", "29", "30"]
    assert meta["as_of"] == "2021-01-01" and meta["tolerance_m"] == 0


def test_real_build_dissolves_every_ward(boundaries):
    municipalities, _, _ = boundaries
    codes = set(municipalities["code"])
    assert {"26100", "27100", "27140", "28100"} <= codes
    ward_ranges = [(26101, 26111), (27102, 27128), (27141, 27147), (28101, 28111)]
    assert [c for c in codes if any(lo <= int(c) <= hi for lo, hi in ward_ranges)] == []
    names = municipalities.set_index("code")["name"]
    assert names["26100"] == "京都市" and names["28100"] == "神戸市"


def test_every_project_code_is_found(boundaries, projects):
    municipalities, prefectures, _ = boundaries
    known = set(municipalities["code"]) | set(prefectures["code"])
    assert {c for codes in projects["area_codes"] for c in codes} <= known


def test_real_output_is_a_valid_coverage_per_prefecture(boundaries):
    municipalities, _, _ = boundaries
    assert municipalities.is_valid.all()
    for code, group in municipalities.groupby("prefecture_code"):
        assert shapely.coverage_is_valid(group.geometry.values), code


def test_simplification_reduces_vertices_and_keeps_a_valid_coverage(
    real_files, boundaries, tmp_path
):
    municipalities, _, _ = boundaries
    simplified = build_boundaries(real_files, tmp_path, tolerance_m=200).municipalities
    assert count_vertices(simplified) < count_vertices(municipalities)
    assert simplified.is_valid.all() and len(simplified) == 215
    for code, group in simplified.groupby("prefecture_code"):
        assert shapely.coverage_is_valid(group.geometry.values), code


def test_real_output_is_small(built_dir):
    size = (built_dir / MUNICIPALITIES_FILE).stat().st_size + (
        built_dir / PREFECTURES_FILE
    ).stat().st_size
    assert size <= 1.5 * 1024 * 1024
