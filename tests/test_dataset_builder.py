"""Datasets as data (dataset.toml) and the builder from a publisher's table, with its report."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from devkit.tables import SECTOR_WORDS, SPOILS, firm_table
from geo.cli import main as geo_main
from geo.dataset import DatasetError, load_dataset
from geo.dataset_file import dataset_toml
from geo.intake.build_report import KEPT
from geo.intake.builder import BuildError, build_dataset
from geo.intake.publisher_words import load_sector_table
from geo.intake.reader import MAX_ROWS, TableError, read_table
from geo.intake.roles import apply_overrides, guess_roles
from geo.projects import load_projects

from .conftest import DATASET_DIR

SAMPLES = Path(__file__).parent / "samples"
SAMPLE = SAMPLES / "sample.xlsx"  # the README's example: 40 firms
SPOILED = SAMPLES / "spoiled.xlsx"  # the same, every tenth row spoiled


def build(table_bytes: bytes, name: str, boundaries, **kwargs):
    municipalities, prefectures, _ = boundaries
    table = read_table(table_bytes, name)
    roles = kwargs.pop("roles", None) or guess_roles(table.columns)
    return build_dataset(table, roles, municipalities, prefectures, **kwargs)


# --- dataset.toml ---


def test_the_kansai_dataset_round_trips_through_toml(tmp_path, dataset):
    (tmp_path / "dataset.toml").write_text(dataset_toml(dataset), "utf-8")
    again = load_dataset(tmp_path)
    assert replace(again, directory=None) == replace(dataset, directory=None)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", r"title: needs a Japanese text"),
        ('title = "t"', r"source: missing"),
        ('title = "t"\n[source]\nname = "s"\nurl = "javascript:x"', r"source.url: must be an http"),
        ('title = "t"\nexpected_rows = 0\n[source]\nname = "s"', r"expected_rows"),
        (
            'title = "t"\n[source]\nname = "s"\n[[sectors]]\nslug = "A B"\nja = "a"',
            r"sectors\[0\]\.slug",
        ),
        (
            'title = "t"\n[source]\nname = "s"\n[[sectors]]\nslug = "a"\nja = "a"\ncolour = "red"',
            r"sectors\[0\]\.colour: must be #RRGGBB",
        ),
        (
            'title = "t"\n[source]\nname = "s"\n[rounds]\nvalues = [{number = 1, ja = "x"}, '
            '{number = 1, ja = "y"}]',
            r"rounds\.values\[1\]\.number: 1 is listed twice",
        ),
        ("title = ", r"not valid TOML"),
    ],
)
def test_a_bad_dataset_toml_names_the_key(tmp_path, text, message):
    (tmp_path / "dataset.toml").write_text(text, "utf-8")
    with pytest.raises(DatasetError, match=message) as info:
        load_dataset(tmp_path)
    assert str(tmp_path / "dataset.toml") in str(info.value)


def test_sector_colours_default_to_the_palette_in_order(tmp_path):
    text = 'title = "t"\n[source]\nname = "s"\n' + "".join(
        f'[[sectors]]\nslug = "s{i}"\nja = "分野{i}"\n' for i in range(3)
    )
    (tmp_path / "dataset.toml").write_text(text, "utf-8")
    assert [s.colour for s in load_dataset(tmp_path).sectors] == ["#CC6677", "#332288", "#117733"]


# --- reading publishers' tables ---


def test_shift_jis_csv_is_detected_and_named(boundaries):
    table = firm_table(boundaries[0], 5)
    read = read_table(table.csv("cp932"), "firms.csv")
    assert (
        read.encoding == "Shift_JIS (cp932)" and read.rows[0][1]["企業名"] == "株式会社テスト00001"
    )
    assert read_table(b"\xef\xbb\xbf" + table.csv(), "f.csv").encoding == "UTF-8 (BOM)"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\xff\xfea\x00", "UTF-16"),
        (b"a,b\n\x00", "NUL"),
        (b"PK\x03\x04not a zip", "not a readable .xlsx"),
        (b"a,a\n1,2\n", "repeated column names: a"),
        (b"name\n" + b"x\n" * (MAX_ROWS + 1), "more than 20,000 rows"),
    ],
)
def test_unreadable_tables_say_why(data, message):
    with pytest.raises(TableError, match=message):
        read_table(data, "t.csv")


def test_spreadsheet_formulas_are_never_evaluated():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["企業名", "所在地"])
    sheet.append(['=HYPERLINK("http://evil","x")', "=1+1"])
    buffer = io.BytesIO()
    book.save(buffer)
    ((_, cells),) = read_table(buffer.getvalue(), "f.xlsx").rows
    # No cached value (never opened in Excel): the formula arrives as its text, not run.
    assert cells == {"企業名": '=HYPERLINK("http://evil","x")', "所在地": "=1+1"}


def test_roles_are_guessed_from_japanese_and_english_headers():
    assert guess_roles(
        ["No", "企業名", "都道府県", "所在地", "業種", "選定年度", "緯度", "経度"]
    ) == {
        "name": "企業名",
        "area": "所在地",
        "prefecture": "都道府県",
        "sector": "業種",
        "date": "選定年度",
        "lat": "緯度",
        "lon": "経度",
    }  # "No" numbers the rows: it is no id (a row inserted above would renumber it)
    assert guess_roles(["ID", "企業名", "所在地"])["id"] == "ID"
    assert guess_roles(["Company name", "Address", "Industry"]) == {
        "name": "Company name",
        "area": "Address",
        "sector": "Industry",
    }


def test_role_overrides_and_their_errors():
    roles = apply_overrides({"name": "a", "area": "b"}, {"name": "c", "area": ""}, ["a", "b", "c"])
    assert roles == {"name": "c"}
    with pytest.raises(ValueError, match="unknown role 'colour'"):
        apply_overrides({}, {"colour": "a"}, ["a"])
    with pytest.raises(ValueError, match="no column 'z' for name"):
        apply_overrides({}, {"name": "z"}, ["a"])


# --- building ---


def test_a_5000_row_excel_file_builds_and_reports_exactly_the_spoiled_rows(boundaries):
    table = firm_table(boundaries[0], 5000, spoil_every=97)
    result = build(table.xlsx(), "firms.xlsx", boundaries)
    rejected = {r.line: r.status for r in result.rejected}
    assert rejected == table.spoiled and len(rejected) >= 50
    assert set(rejected.values()) == set(SPOILS.values())
    assert len(result.projects) == 5000 - len(table.spoiled)
    # Every kept row is in its area: the loader and the join accepted the built table.
    assert result.projects["area_codes"].map(len).min() == 1
    assert {s.label.ja for s in result.dataset.sectors} == set(SECTOR_WORDS)
    assert [r.label.ja for r in result.dataset.rounds] == [f"{y}年" for y in range(2017, 2022)]


def test_given_coordinates_outside_the_area_are_reported_and_replaced(boundaries):
    text = "企業名,所在地,緯度,経度\nA,吹田市,34.77,135.54\nB,吹田市,35.5,134.8\n"
    result = build(text.encode(), "t.csv", boundaries)
    a, b = result.projects.itertuples()
    assert (a.lat, a.location_note) == (34.77, "表の座標")
    assert b.location_note == "位置は概略（吹田市の代表点）"
    (warning,) = [r for r in result.report if r.status == "warning"]
    assert warning.line == 3 and "outside the area" in str(warning.reason)


def test_a_sector_table_maps_words_and_reports_unknown_ones(boundaries, tmp_path):
    sectors = "word,slug,ja,en\n製造業,making,ものづくり,Making\n情報通信業,digital,IT,IT\n"
    vocabulary = load_sector_table(read_table(sectors.encode(), "s.csv"))
    text = "企業名,所在地,業種\nA,吹田市,製造業\nB,吹田市,情報通信業;不明業\n"
    result = build(text.encode(), "t.csv", boundaries, sectors=vocabulary)
    assert [s.slug for s in result.dataset.sectors] == ["making", "digital"]
    assert list(result.projects["sectors"]) == [("making",), ("digital",)]
    (warning,) = [r for r in result.report if r.status == "warning"]
    assert warning.line == 3 and "不明業" in str(warning.reason)


# --- the command ---


@pytest.mark.parametrize(("path", "spoil_every"), [(SAMPLE, 0), (SPOILED, 10)])
def test_the_samples_are_what_the_generator_makes(boundaries, path, spoil_every):
    """tests/samples/*.xlsx are ``devkit.tables.write_sample``'s (regenerate them there)."""
    table = firm_table(boundaries[0], 40, spoil_every=spoil_every, seed=1, coordinates=False)
    sheet = openpyxl.load_workbook(path, read_only=True).worksheets[0]

    def trimmed(row):  # a sheet does not keep trailing empty cells
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        return row

    rows = [trimmed(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [trimmed(r) for r in (table.header, *table.rows)]


def test_the_readme_example_makes_a_whole_dataset(tmp_path, built_dir, capsys):
    out = tmp_path / "mine"
    args = ["dataset", "--source", str(SAMPLE), "--out", str(out), "--boundaries", str(built_dir)]
    assert geo_main(args) == 0  # every row used: `… && streamlit run app.py -- --dataset …`
    assert "40 of 40 rows on the map" in capsys.readouterr().out
    dataset = load_dataset(out)
    assert dataset.slug == "mine" and dataset.title.ja == "sample"
    assert {s.label.ja for s in dataset.sectors} <= set(SECTOR_WORDS)
    assert len(load_projects(out / "projects.csv", dataset)) == 40


@pytest.mark.slow
def test_geo_dataset_reports_rejected_rows_and_keeps_the_rest(tmp_path, built_dir, capsys):
    out = tmp_path / "mine"
    args = ["dataset", "--source", str(SPOILED), "--out", str(out), "--boundaries", str(built_dir)]
    assert geo_main(args) == 2  # rows were rejected
    printed = capsys.readouterr()
    assert "企業名" in printed.out and "所在地" in printed.out  # the mapping it used
    assert "4 rows rejected" in printed.err
    for line in (11, 21, 31, 41):
        assert f"line {line}, column" in printed.out
    assert "candidates: 太子町 (大阪府 27381) / 太子町 (兵庫県 28464)" in printed.out
    report = list(csv.DictReader(io.StringIO((out / "report.csv").read_text("utf-8-sig"))))
    assert {int(r["line"]) for r in report if r["status"] not in KEPT} == {11, 21, 31, 41}
    assert geo_main([*args, "--allow-partial"]) == 0
    assert geo_main(["validate", "--dataset", str(out), "--boundaries", str(built_dir)]) == 0
    assert len(load_projects(out / "projects.csv", load_dataset(out))) == 36


@pytest.mark.slow
def test_geo_dataset_errors_without_a_traceback(tmp_path, built_dir, capsys):
    base = ["dataset", "--out", str(tmp_path / "x"), "--boundaries", str(built_dir)]
    assert geo_main([*base, "--source", str(tmp_path / "none.csv")]) == 1
    (tmp_path / "t.csv").write_text("a,b\n1,2\n", "utf-8")
    assert geo_main([*base, "--source", str(tmp_path / "t.csv")]) == 1
    assert geo_main([*base, "--source", str(SPOILED), "--map", "colour=業種"]) == 1
    err = capsys.readouterr().err
    assert "does not exist" in err and "no column for: name, area" in err
    assert "unknown role 'colour'" in err and "Traceback" not in err


def test_report_cells_that_a_spreadsheet_would_run_are_neutralised(boundaries):
    text = '企業名,所在地\n=cmd|x,"=HYPERLINK(""http://e"")"\n'
    result = build(text.encode(), "t.csv", boundaries)
    from geo.intake.build_report import report_csv

    (row,) = list(csv.DictReader(io.StringIO(report_csv(result.report).lstrip("\ufeff"))))
    assert row["value"].startswith("'=HYPERLINK") and row["status"] == "unmatched"


def test_the_kansai_dataset_description_is_complete():
    kansai = load_dataset(DATASET_DIR)
    assert kansai.expected_rows == 23 and kansai.slug == "kasegigashira"
    assert kansai.source_date.isoformat() == "2017-03-24"
    assert "近畿経済産業局" in kansai.attribution.ja and kansai.attribution.en


def test_a_sector_per_row_is_refused_naming_the_column(boundaries):
    """The name column mapped as the sector: 6,000 sectors would be 6,000 checkboxes."""
    municipalities, _, _ = boundaries
    data = firm_table(municipalities, 600, distinct_sectors=True, coordinates=False).csv()
    with pytest.raises(BuildError, match=r"column '業種' \(sector\) has 600 different values"):
        build(data, "firms.csv", boundaries)


def test_an_unreadable_date_keeps_the_row_without_a_year(boundaries):
    text = "企業名,所在地,年度\nA,吹田市,2019年度\nB,吹田市,令和元年\nC,吹田市,2021-04-01\n"
    result = build(text.encode(), "t.csv", boundaries)
    assert list(result.projects["round"]) == [1, 0, 2]
    assert [r.label.ja for r in result.dataset.rounds] == ["2019年", "2021年"]
    assert result.projects.loc[2, "announced"].isoformat() == "2021-04-01"
    (warning,) = [r for r in result.report if r.status == "warning"]
    assert warning.line == 3 and "not a date or year" in str(warning.reason)
