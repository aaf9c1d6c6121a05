"""A corpus of malformed project files: each one gives a clear error that names the file, the
line and (where one is involved) the column, in the loader, in `geo validate` and in the app,
and never a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

import pytest

from geo.cli import main as geo_main
from geo.dataset import load_dataset
from geo.paths import REPO_ROOT
from geo.projects import ProjectsFileError, load_projects

from .conftest import DATASET_DIR
from .harness import run_app

GOOD = (REPO_ROOT / "data/projects.csv").read_text("utf-8")

KANSAI = load_dataset(DATASET_DIR)


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(GOOD)))


def _csv(rows: list[dict[str, str]], fields: list[str] | None = None) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields or list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _cell(row: int, column: str, value: str) -> Callable[[], str]:
    def make() -> str:
        rows = _rows()
        rows[row][column] = value
        return _csv(rows)

    return make


def _line_of_row(row: int) -> int:
    """Line where row ``row`` (0-based) starts in the good file (summaries span lines)."""
    reader = csv.reader(io.StringIO(GOOD, newline=""))
    next(reader)
    for index, _ in enumerate(reader):
        if index + 1 == row:
            return reader.line_num + 1
    return 2


def _drop_column(name: str) -> str:
    rows = [{k: v for k, v in r.items() if k != name} for r in _rows()]
    return _csv(rows)


def _rename_column(old: str, new: str) -> str:
    return GOOD.replace(old, new, 1)


def _duplicate_column(name: str) -> str:
    header, rest = GOOD.split("\n", 1)
    return f"{header},{name}\n" + "".join(
        line + ",x\n" if line else "" for line in rest.split("\n")
    )


# name → (file content: str or bytes, or a callable making it; column the error names)
CASES: dict[str, tuple[object, str | None]] = {
    "missing column": (lambda: _drop_column("lat"), "lat"),
    "extra column": (lambda: _rename_column("location_note_en", "location_note_en,extra"), "extra"),
    "duplicated column": (lambda: _duplicate_column("name_ja"), "name_ja"),
    "renamed column": (lambda: _rename_column("name_ja", "name"), "name_ja"),
    "empty file": ("", None),
    "header only": (GOOD.split("\n", 1)[0] + "\n", None),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
    "shift_jis": (GOOD.encode("cp932", errors="replace"), None),
    "utf-16": (GOOD.encode("utf-16"), None),
    "nul byte in a cell": (GOOD.replace("甲賀市役所", "甲賀\x00市役所"), None),
    "duplicate id": (_cell(1, "id", "koka-herbs"), "id"),
    "duplicate no": (_cell(1, "no", "1"), "no"),
    "duplicate no with a leading zero": (_cell(1, "no", "01"), "no"),
    "full-width no": (_cell(0, "no", "５"), "no"),
    "superscript no": (_cell(0, "no", "²"), "no"),
    "circled round": (_cell(0, "round", "①"), "round"),
    "full-width round": (_cell(0, "round", "１"), "round"),
    "negative no": (_cell(0, "no", "-1"), "no"),
    "bad date": (_cell(0, "announced", "2016-13-40"), "announced"),
    "date of another round": (_cell(0, "announced", "2016-12-09"), "announced"),
    "japanese date": (_cell(0, "announced", "平成28年10月24日"), "announced"),
    "latitude out of range": (_cell(0, "lat", "12.5"), "lat"),
    "latitude NaN": (_cell(0, "lat", "nan"), "lat"),
    "latitude infinite": (_cell(0, "lat", "inf"), "lat"),
    "latitude as text": (_cell(0, "lat", "北緯34度"), "lat"),
    "longitude in full-width digits": (_cell(0, "lon", "１３６.１６"), "lon"),
    "latitude with a comma": (_cell(0, "lat", "34,96"), "lat"),
    "malformed area code": (_cell(0, "area_codes", "2520"), "area_codes"),
    "area code of another prefecture": (_cell(0, "area_codes", "27205"), "area_codes"),
    "prefecture-level with a municipal code": (_cell(4, "area_codes", "29201"), "area_codes"),
    "area names count mismatch": (_cell(0, "area_names_en", "Koka;Otsu"), "area_names_en"),
    "unknown prefecture": (_cell(0, "prefecture", "滋賀"), "prefecture"),
    "unknown level": (_cell(0, "level", "city"), "level"),
    "unknown sector": (_cell(0, "sectors", "agri-food;space"), "sectors"),
    "sector listed twice": (_cell(0, "sectors", "agri-food;agri-food;medical"), "sectors"),
    "evidence word not in the summary": (
        _cell(0, "sector_evidence", "agri-food:宇宙;medical:医薬品製造企業"),
        "sector_evidence",
    ),
    "no evidence for a sector": (
        _cell(0, "sector_evidence", "agri-food:農作物"),
        "sector_evidence",
    ),
    "id not a slug": (_cell(0, "id", "Koka Herbs"), "id"),
    "empty required value": (_cell(0, "name_ja", ""), "name_ja"),
    "javascript url": (_cell(0, "url", "javascript:alert(1)"), "url"),
    "url with a quote": (_cell(0, "url", 'https://example.org/"onmouseover=x'), "url"),
    "a 200 KB cell": (_cell(0, "summary_en", "x" * 200_000), "summary_en"),
    "row with too many fields": (
        GOOD.rstrip("\n") + "\nx," * 1 + ",".join(["y"] * 30) + "\n",
        None,
    ),
    "row with too few fields": (GOOD.rstrip("\n") + "\nonly,three,fields\n", None),
    "unterminated quote": (GOOD.rstrip("\n") + '\nbroken,24,4,"2016-12-09\n', None),
}


def _write(tmp_path: Path, name: str) -> Path:
    content, _ = CASES[name]
    content = content() if callable(content) else content
    path = tmp_path / "projects.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, "utf-8")
    return path


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("name", list(CASES))
def test_loader_names_file_line_and_column(tmp_path, name):
    path = _write(tmp_path, name)
    with pytest.raises(ProjectsFileError) as caught:
        load_projects(path, KANSAI)
    message = str(caught.value)
    assert str(path) in message and "line " in message, message
    column = CASES[name][1]
    if column:
        assert f"column '{column}'" in message, message


@pytest.mark.parametrize("name", list(CASES))
def test_validate_reports_without_a_traceback(tmp_path, app_boundaries_dir, capsys, name):
    path = _write(tmp_path, name)
    code = geo_main(["validate", "--projects", str(path), "--boundaries", str(app_boundaries_dir)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: ") and "Traceback" not in err
    assert str(path) in err and "line " in err


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("directory", "is a directory"), ("missing", "does not exist")],
)
def test_a_path_that_is_not_a_file(tmp_path, capsys, kind, expected):
    path = tmp_path if kind == "directory" else tmp_path / "nope.csv"
    with pytest.raises(ProjectsFileError, match=expected):
        load_projects(path, KANSAI)
    assert geo_main(["validate", "--projects", str(path)]) == 1
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("variant", ["crlf", "bom", "cr"])
def test_line_ending_and_bom_variants_load_the_same(tmp_path, projects, variant):
    text = {
        "crlf": GOOD.replace("\n", "\r\n"),
        "bom": "\ufeff" + GOOD,
        "cr": GOOD.replace("\n", "\r"),
    }[variant]
    path = tmp_path / "projects.csv"
    path.write_bytes(text.encode("utf-8"))
    loaded = load_projects(path, KANSAI)
    assert list(loaded["id"]) == list(projects["id"])
    # Multi-line summaries keep their line break as "\n", whatever the file's line ending.
    assert list(loaded["summary_ja"]) == list(projects["summary_ja"])


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.slow
def test_the_app_shows_the_problem_not_a_traceback(tmp_path, app_env, monkeypatch, name):
    path = _write(tmp_path, name)
    monkeypatch.setenv("PROJECTS_CSV", str(path))
    at = run_app()
    assert not at.exception
    assert at.error and at.code
    assert str(path) in at.code[0].value and "line " in at.code[0].value


def test_an_unknown_area_code_is_named_with_its_line_in_validate_and_the_app(
    tmp_path, app_env, monkeypatch, capsys
):
    path = tmp_path / "projects.csv"
    path.write_text(_cell(2, "area_codes", "28299")(), "utf-8")
    code = geo_main(["validate", "--projects", str(path), "--boundaries", str(app_env)])
    err = capsys.readouterr().err
    assert code == 1 and f"line {_line_of_row(2)}, column 'area_codes'" in err and "28299" in err
    monkeypatch.setenv("PROJECTS_CSV", str(path))
    at = run_app()
    assert not at.exception
    (banner,) = at.warning
    assert "python -m geo validate" in banner.value and "28299" in banner.value
    assert "境界データがない" not in banner.value  # not "boundaries are missing"
