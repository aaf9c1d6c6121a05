"""data/projects.csv is faithful to the source page and places every project correctly."""

from __future__ import annotations

import itertools
import re
from datetime import date

import geopandas as gpd
import pytest

from geo.schema import METRIC_CRS, PREFECTURE_BY_NAME

from .conftest import SEED_PAGE, missing_input
from .seed_page import PAGE_SPACING, parse_page


@pytest.fixture(scope="module")
def page():
    if not SEED_PAGE.exists():
        missing_input(f"source page text not found at {SEED_PAGE}")
    return parse_page(SEED_PAGE)


def test_page_lists_23_projects_in_four_rounds(page):
    assert len(page) == 23
    assert sorted({p.round for p in page}) == [1, 2, 3, 4]


def test_every_page_project_appears_once_with_round_date_prefecture_lead(page, projects):
    by_name = {name: group for name, group in projects.groupby("name_ja")}
    assert len(projects) == len(page)
    for item in page:
        assert item.name in by_name, item.name
        (row,) = by_name[item.name].itertuples()
        assert row.round == item.round
        assert (row.announced.month, row.announced.day) == (item.month, item.day)
        assert row.prefecture == item.prefecture
        assert row.lead == item.lead


def test_summaries_applicants_and_link_labels_match_the_page(page, projects):
    rows = projects.set_index("name_ja")
    for item in page:
        row = rows.loc[item.name]
        assert row["summary_ja"] == item.summary
        assert row["applicant"] == item.applicant
        assert row["link_label"] == item.link_label
        assert "申込機関" not in row["summary_ja"]


def test_numbers_follow_rounds_then_page_order(page, projects):
    expected = [p.name for p in sorted(page, key=lambda p: p.round)]
    assert list(projects.sort_values("no")["name_ja"]) == expected
    assert list(projects["no"]) == list(range(1, 24))


def test_levels_match_leads(projects):
    for row in projects.itertuples():
        is_prefecture = row.lead in PREFECTURE_BY_NAME
        assert row.level == ("prefecture" if is_prefecture else "municipality"), row.id
        if is_prefecture:
            assert row.area_codes == (PREFECTURE_BY_NAME[row.lead].code,)


def test_sector_evidence_words_are_in_the_summary(projects):
    for row in projects.itertuples():
        assert set(row.sector_evidence) == set(row.sectors), row.id
        for slug, words in row.sector_evidence.items():
            assert words, (row.id, slug)
            for word in words:
                assert word in row.summary_ja, (row.id, slug, word)


def test_every_sector_of_the_vocabulary_is_used(projects, dataset):
    used = {s for sectors in projects["sectors"] for s in sectors}
    assert used == set(dataset.sector_by_slug) and len(used) == 9


# The page's four rounds: 第1弾 10月24日 … 第4弾 12月9日, all in 2016 (see ../shared/seed).
SEED_ROUNDS = {
    1: ("第1弾", date(2016, 10, 24)),
    2: ("第2弾", date(2016, 11, 16)),
    3: ("第3弾", date(2016, 12, 2)),
    4: ("第4弾", date(2016, 12, 9)),
}


def test_the_dataset_rounds_are_the_pages_and_every_project_has_its_date(projects, dataset):
    assert {r.number: (r.label.ja, r.date) for r in dataset.rounds} == SEED_ROUNDS
    assert {(r, a) for r, a in zip(projects["round"], projects["announced"], strict=True)} <= {
        (n, d) for n, (_, d) in SEED_ROUNDS.items()
    }
    assert dataset.expected_rows == len(projects) == 23


def test_no_two_markers_closer_than_500_m(projects):
    points = gpd.GeoSeries(gpd.points_from_xy(projects["lon"], projects["lat"]), crs=4326)
    metric = points.to_crs(METRIC_CRS)
    for a, b in itertools.combinations(range(len(metric)), 2):
        distance = metric.iloc[a].distance(metric.iloc[b])
        assert distance >= 500, (projects["id"][a], projects["id"][b], distance)


def test_kento_spans_suita_and_settsu(projects):
    row = projects.set_index("id").loc["kento"]
    assert row["area_codes"] == ("27205", "27224")


def test_urls_are_empty_or_https(projects):
    # URLs are given only when known to be right; none is invented.
    assert all(u == "" or re.match(r"^https://", u) for u in projects["url"])


def test_each_marker_lies_in_the_municipality_its_note_names(projects, boundaries):
    municipalities, _, _ = boundaries
    points = gpd.GeoDataFrame(
        projects[["id", "location_note"]],
        geometry=gpd.points_from_xy(projects["lon"], projects["lat"]),
        crs=4326,
    )
    hits = gpd.sjoin(points, municipalities[["name", "geometry"]], predicate="within")
    assert len(hits) == len(projects)
    for row in hits.itertuples():
        assert row.name in row.location_note, (row.id, row.name, row.location_note)


def test_page_spacing_is_dropped_from_the_table(projects):
    """Decision: the page's no-break spaces are layout. The one glued to No.4's summary on the
    page is not in the table, and no cell starts or ends with spacing or holds a U+00A0."""
    text = SEED_PAGE.read_text("utf-8") if SEED_PAGE.exists() else ""
    if not text:
        missing_input(f"source page text not found at {SEED_PAGE}")
    asago = projects.set_index("id").loc["asago-university", "summary_ja"]
    assert asago + "\u00a0" in text and not asago.endswith("\u00a0")
    for column in projects.columns:
        for value in projects[column]:
            if isinstance(value, str) and value:
                assert "\u00a0" not in value and value == value.strip(PAGE_SPACING), column


def test_yosano_marker_is_at_the_town_office(projects):
    office = gpd.GeoSeries(gpd.points_from_xy([135.1529], [35.5653]), crs=4326).to_crs(METRIC_CRS)
    row = projects.set_index("id").loc["yosano-brand"]
    marker = gpd.GeoSeries(gpd.points_from_xy([row["lon"]], [row["lat"]]), crs=4326)
    assert marker.to_crs(METRIC_CRS).distance(office).iloc[0] <= 200
    assert row["location_note"].startswith("与謝野町役場") and "沿岸" not in row["location_note"]


# The primary-sector rule (docs/data-format.md, sectors) applied to the pairs it was written for.
@pytest.mark.parametrize(
    ("project_id", "primary"),
    [
        ("koka-herbs", "agri-food"),  # 薬用作物 (crops) in its name
        ("nara-kampo", "medical"),  # 漢方 (medicine) in its name
        (
            "sakai-knives",
            "crafts",
        ),  # 堺産品 (knives, a traditional industry); overseas is the means
        ("toyooka-bags", "crafts"),  # かばん; overseas markets are the means
        ("wakayama-smart-mfg", "manufacturing"),  # スマートものづくり; AI/IoT are the means
        ("kyoto-silk", "networks"),  # no single industry named: the network is the product
    ],
)
def test_primary_sector_follows_the_rule(projects, project_id, primary):
    assert projects.set_index("id").loc[project_id, "primary_sector"] == primary


def test_every_english_marker_note_names_its_district(projects):
    for row in projects.itertuples():
        assert re.search(r"\([^)]*[A-Z][a-z]+", row.location_note_en), row.id


# Filled in every row of the Kansai table, although a dataset needs only the required core.
KANSAI_FILLED = (
    *("id", "no", "round", "announced", "prefecture", "lead", "lead_en", "level"),
    *("area_codes", "area_names_en", "name_ja", "name_en", "summary_ja", "summary_en"),
    *("sectors", "sector_evidence", "lat", "lon", "location_note", "location_note_en"),
)


def test_the_kansai_table_has_every_column_and_fills_its_own():
    import csv

    from geo.paths import REPO_ROOT
    from geo.schema import COLUMN_NAMES

    with open(REPO_ROOT / "data" / "projects.csv", encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        rows = list(reader)
    assert tuple(reader.fieldnames) == COLUMN_NAMES
    empty = [(row["id"], c) for row in rows for c in KANSAI_FILLED if not row[c].strip()]
    assert empty == []
