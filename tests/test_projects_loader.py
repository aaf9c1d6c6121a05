"""load_projects: each class of bad input names its line, column and value."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from geo.dataset import Dataset, Text, load_dataset
from geo.projects import ProjectsFileError, load_projects
from geo.schema import COLUMN_NAMES, REQUIRED_COLUMNS

from .conftest import DATASET_DIR

GOOD = {
    "id": "toyooka-bags",
    "no": "1",
    "round": "4",
    "announced": "2016-12-09",
    "prefecture": "兵庫県",
    "lead": "豊岡市",
    "lead_en": "Toyooka City",
    "area_names_en": "Toyooka City",
    "level": "municipality",
    "area_codes": "28209",
    "name_ja": "日本一のかばんのまち豊岡プロジェクト",
    "name_en": "Toyooka bags",
    "summary_ja": "全国有数のかばん産地である豊岡市の海外市場",
    "summary_en": "Bags.",
    "applicant": "",
    "link_label": "",
    "url": "",
    "sectors": "crafts;overseas",
    "sector_evidence": "crafts:かばん産地;overseas:海外市場",
    "lat": "35.5443",
    "lon": "134.82",
    "location_note": "豊岡市役所",
    "location_note_en": "Toyooka City Hall",
}
SECOND = {**GOOD, "id": "second", "no": "2"}

KANSAI = load_dataset(DATASET_DIR)
# A dataset with no sectors and no rounds: only the core columns mean anything.
BARE = Dataset(title=Text("表"), subtitle=Text(""), publisher=Text(""), source_name=Text("表"))


def write_csv(tmp_path: Path, rows: list[dict[str, str]], columns=COLUMN_NAMES) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "projects.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ProjectsFileError) as info:
        load_projects(path, KANSAI)
    assert str(path) in str(info.value)
    return [str(p) for p in info.value.problems]


def test_good_file_loads_typed(tmp_path):
    frame = load_projects(write_csv(tmp_path, [GOOD, SECOND]), KANSAI)
    assert list(frame["id"]) == ["toyooka-bags", "second"]
    assert frame.loc[0, "sectors"] == ("crafts", "overseas")
    assert frame.loc[0, "primary_sector"] == "crafts"
    assert frame.loc[0, "area_codes"] == ("28209",)
    assert frame.loc[0, "prefecture_code"] == "28"
    assert frame.loc[0, "lat"] == pytest.approx(35.5443)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"sectors": "crafts;space"}, r"line 3, column 'sectors': unknown sector .*'space'"),
        ({"area_codes": "2820"}, r"line 3, column 'area_codes': malformed code.*'2820'"),
        ({"area_codes": "27100"}, r"line 3, column 'area_codes': code is not in 兵庫県.*'27100'"),
        (
            {"area_codes": "28"},
            r"line 3, column 'area_codes': a municipality-level project takes 5-digit.*'28'",
        ),
        ({"lat": "40.1"}, r"line 3, column 'lat': outside the Kansai bounding box.*'40.1'"),
        ({"lon": "east"}, r"line 3, column 'lon': must be a decimal number.*'east'"),
        ({"announced": "2016/12/09"}, r"line 3, column 'announced': not an ISO date.*'2016/12/09'"),
        (
            {"announced": "2016-12-02"},
            r"line 3, column 'announced': round 4 is dated 2016-12-09",
        ),
        ({"round": "5"}, r"line 3, column 'round': must be one of 1, 2, 3, 4.*'5'"),
        ({"prefecture": "東京都"}, r"line 3, column 'prefecture': unknown prefecture.*'東京都'"),
        (
            {"level": "city"},
            r"line 3, column 'level': must be one of prefecture, municipality.*'city'",
        ),
        ({"name_ja": ""}, r"line 3, column 'name_ja': required value is empty"),
        (
            {"id": "Toyooka Bags"},
            r"line 3, column 'id': must be a lowercase ASCII slug.*'Toyooka Bags'",
        ),
        ({"id": "toyooka-bags"}, r"line 3, column 'id': duplicate of line 2.*'toyooka-bags'"),
        ({"no": "1"}, r"line 3, column 'no': duplicate of line 2.*'1'"),
        (
            {"sector_evidence": "crafts:かばん産地;overseas:北米"},
            r"line 3, column 'sector_evidence': evidence word is not in summary_ja.*'北米'",
        ),
        (
            {"sector_evidence": "crafts:かばん産地"},
            r"line 3, column 'sector_evidence': no evidence words for sector 'overseas'",
        ),
        ({"url": "javascript:alert(1)"}, r"line 3, column 'url': must be an http\(s\) URL"),
        (
            {"area_names_en": "A;B"},
            r"line 3, column 'area_names_en': needs one English name per area code",
        ),
    ],
)
def test_bad_value_names_line_column_and_value(tmp_path, change, expected):
    found = problems_of(write_csv(tmp_path, [GOOD, {**SECOND, **change}]))
    assert any(re.search(expected, p) for p in found), found


@pytest.mark.parametrize("column", sorted(REQUIRED_COLUMNS))
def test_missing_required_column_names_it(tmp_path, column):
    columns = [c for c in COLUMN_NAMES if c != column]
    found = problems_of(write_csv(tmp_path, [GOOD], columns))
    assert found == [f"line 1, column '{column}': missing column (required)"]


def test_only_the_core_columns_load_with_defaults(tmp_path):
    core = {"id": "a", "name_ja": "事業A", "area_codes": "28209", "lat": "35.5", "lon": "134.8"}
    frame = load_projects(
        write_csv(tmp_path, [core, {**core, "id": "b", "area_codes": "27"}], list(core)),
        BARE,
    )
    assert list(frame["no"]) == [1, 2] and list(frame["round"]) == [0, 0]
    assert list(frame["prefecture"]) == ["兵庫県", "大阪府"]
    assert list(frame["level"]) == ["municipality", "prefecture"]
    assert frame.loc[0, "sectors"] == () and frame.loc[0, "primary_sector"] == ""
    assert frame.loc[0, "announced"] is None and frame.loc[0, "summary_ja"] == ""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"round": "1"}, r"column 'round': the dataset has no rounds"),
        ({"sectors": "crafts"}, r"column 'sectors': unknown sector \(known: none"),
        ({"area_codes": "27;27100"}, r"column 'area_codes': mixes prefecture"),
        ({"area_codes": "13101"}, r"column 'area_codes': not a code of the mapped prefectures"),
    ],
)
def test_values_outside_a_bare_datasets_vocabulary(tmp_path, change, expected):
    core = {"id": "a", "name_ja": "事業A", "area_codes": "28209", "lat": "35.5", "lon": "134.8"}
    with pytest.raises(ProjectsFileError) as info:
        load_projects(write_csv(tmp_path, [{**core, **change}], list({**core, **change})), BARE)
    assert any(re.search(expected, str(p)) for p in info.value.problems), info.value


def test_all_errors_of_a_file_reported_together(tmp_path):
    rows = [{**GOOD, "lat": "99"}, {**SECOND, "sectors": "nope", "round": "9"}]
    found = problems_of(write_csv(tmp_path, rows))
    assert any(p.startswith("line 2, column 'lat'") for p in found)
    assert any(p.startswith("line 3, column 'sectors'") for p in found)
    assert any(p.startswith("line 3, column 'round'") for p in found)


def test_line_numbers_count_multiline_cells(tmp_path):
    first = {**GOOD, "summary_ja": GOOD["summary_ja"] + "\n二行目\n三行目"}
    found = problems_of(write_csv(tmp_path, [first, {**SECOND, "lat": "1"}]))
    assert found[0].startswith("line 5, column 'lat'")


def test_shift_jis_file_is_named_as_not_utf8(tmp_path):
    path = write_csv(tmp_path, [GOOD])
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp932"))
    (message,) = problems_of(path)
    assert "not UTF-8" in message and "Shift_JIS" in message and message.startswith("line 2")


def test_utf8_bom_is_accepted(tmp_path):
    path = write_csv(tmp_path, [GOOD])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert len(load_projects(path, KANSAI)) == 1


def test_ragged_row_is_reported(tmp_path):
    path = write_csv(tmp_path, [GOOD])
    path.write_text(path.read_text(encoding="utf-8") + "a,b,c\n", encoding="utf-8")
    assert problems_of(path) == ["line 3: 3 fields, the header has 23"]


def test_empty_file(tmp_path):
    path = tmp_path / "projects.csv"
    path.write_text("", encoding="utf-8")
    assert problems_of(path) == ["line 1: the file is empty: expected a header row"]
