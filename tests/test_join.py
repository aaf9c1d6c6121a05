"""join_projects_to_areas on tiny hand-made polygons."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from geo.table.join import JoinError, join_projects_to_areas

MUNICIPALITIES = gpd.GeoDataFrame(
    {"code": ["27205", "27224", "27212"], "name": ["吹田市", "摂津市", "八尾市"]},
    geometry=[
        box(135.50, 34.76, 135.54, 34.80),
        box(135.54, 34.76, 135.58, 34.80),
        box(135.58, 34.60, 135.62, 34.64),
    ],
    crs=4326,
)
PREFECTURES = gpd.GeoDataFrame(
    {"code": ["27"], "name": ["大阪府"]}, geometry=[box(135.3, 34.3, 135.7, 35.0)], crs=4326
)


def projects(*rows: tuple[str, tuple[str, ...], float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"id": pid, "area_codes": codes, "lat": lat, "lon": lon} for pid, codes, lat, lon in rows]
    )


def test_area_is_the_union_of_codes_and_names_are_joined():
    joined = join_projects_to_areas(
        projects(("kento", ("27205", "27224"), 34.77, 135.53)), MUNICIPALITIES, PREFECTURES
    )
    row = joined.iloc[0]
    assert row.geometry.equals(box(135.50, 34.76, 135.58, 34.80))  # topological equality
    assert row["area_label"] == "吹田市・摂津市"
    assert row["marker_offset_m"] == 0


def test_prefecture_code_takes_the_prefecture():
    joined = join_projects_to_areas(
        projects(("osaka", ("27",), 34.69, 135.5)), MUNICIPALITIES, PREFECTURES
    )
    assert joined.iloc[0]["area_label"] == "大阪府"


def test_unknown_code_is_named():
    with pytest.raises(
        JoinError, match=r"project 'x': area code matches no boundary \(value '27999'\)"
    ):
        join_projects_to_areas(
            projects(("x", ("27205", "27999"), 34.77, 135.52)), MUNICIPALITIES, PREFECTURES
        )


def test_displaced_marker_is_caught_with_its_distance():
    # About 2 km north of 八尾市's box.
    with pytest.raises(
        JoinError,
        match=r"project 'yao': marker \(34.66, 135.6\) is 22\d\d m outside its area 八尾市",
    ):
        join_projects_to_areas(
            projects(("yao", ("27212",), 34.66, 135.60)), MUNICIPALITIES, PREFECTURES
        )


def test_marker_just_outside_is_reported_not_rejected():
    # ~110 m north of the box: within the 300 m allowed for simplified borders.
    joined = join_projects_to_areas(
        projects(("yao", ("27212",), 34.641, 135.60)), MUNICIPALITIES, PREFECTURES
    )
    assert 80 < joined.iloc[0]["marker_offset_m"] < 140


def test_every_real_marker_lies_inside_its_area(projects, boundaries):
    municipalities, prefectures, _ = boundaries
    joined = join_projects_to_areas(projects, municipalities, prefectures)
    assert len(joined) == 23
    assert (joined["marker_offset_m"] == 0).all()
    assert joined.set_index("id").loc["kento", "area_label"] == "吹田市・摂津市"


def test_the_tiny_test_boundaries_place_every_project(tiny_dir, projects):
    """The hand-made set the app tests use on a bare checkout must keep fitting the table."""
    from geo.boundaries.built_layers import read_boundaries

    municipalities, prefectures, meta = read_boundaries(tiny_dir)
    joined = join_projects_to_areas(projects, municipalities, prefectures)
    assert len(joined) == len(projects) and meta["as_of"]
    assert joined.set_index("id").loc["kento", "area_label"] == "吹田市・摂津市"


@pytest.mark.parametrize("with_boundaries", [True, False])
def test_prepare_adds_every_declared_derived_column(app_boundaries, projects, with_boundaries):
    from geo.schema import COLUMN_NAMES, DERIVED_COLUMN_NAMES
    from geo.table.prepare import prepare

    municipalities, prefectures, _ = app_boundaries
    table = prepare(projects, municipalities, prefectures) if with_boundaries else prepare(projects)
    assert set(COLUMN_NAMES) | set(DERIVED_COLUMN_NAMES) <= set(table.columns)
    west, south, east, north = table.set_index("id").loc["kento", "bounds"]
    assert west <= 135.541 <= east and south <= 34.7728 <= north
