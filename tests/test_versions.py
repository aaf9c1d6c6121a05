"""A list published again: ids that survive reordering, insertion and deletion, dated versions,
changes.csv, the Kansai history, and the refusals that leave a folder as it was."""

from __future__ import annotations

import copy
import csv
import io
import re
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from devkit.tables import firm_table
from geo.cli import main as geo_main
from geo.correction import correction_link
from geo.dataset import DatasetError, Feedback, load_dataset
from geo.projects import load_projects
from geo.versions.changes import CHANGES_FILE, compare
from geo.versions.history import read_history, version_dataset
from geo.versions.identity import RowKey, assign_ids, derived_id

from .conftest import DATASET_DIR

NAME, SECTOR = 1, 4  # columns of devkit.tables.HEADER


def _publish(tmp_path: Path, table, out: Path, when: str, built_dir: Path, *extra: str) -> int:
    source = tmp_path / f"firms-{when}.csv"
    source.write_bytes(table.csv())
    args = ["dataset", "--source", str(source), "--out", str(out), "--date", when]
    return geo_main([*args, "--boundaries", str(built_dir), *extra])


def _ids_by_name(folder: Path) -> dict[str, str]:
    projects = load_projects(folder / "projects.csv", load_dataset(folder))
    return dict(zip(projects["name_ja"], projects["id"], strict=True))


def _changes(folder: Path) -> list[tuple[str, str, str]]:
    text = (folder / CHANGES_FILE).read_text("utf-8")
    return sorted((r["id"], r["status"], r["field"]) for r in csv.DictReader(io.StringIO(text)))


@pytest.mark.slow
def test_ids_survive_reordering_insertion_and_deletion(tmp_path, boundaries, built_dir):
    municipalities = boundaries[0]
    first = firm_table(municipalities, 60, seed=3)
    out = tmp_path / "firms"
    assert _publish(tmp_path, first, out, "2017-01-10", built_dir) == 0
    before = _ids_by_name(out)
    assert len(set(before.values())) == 60 and all(i.startswith("p-") for i in before.values())

    second = copy.deepcopy(first)
    removed = second.rows.pop(30)
    second.rows[3], second.rows[4] = second.rows[4], second.rows[3]  # two rows swapped
    renamed = second.rows[10]
    old_name = renamed[NAME]
    renamed[NAME] = f"{old_name}（本社）"  # same area, a close name
    resectored = second.rows[20]
    resectored[SECTOR] = "観光" if resectored[SECTOR] != "観光" else "食品"
    newcomer = copy.deepcopy(first.rows[0])
    newcomer[NAME] = "株式会社あたらしい会社"
    second.rows.insert(0, newcomer)
    for number, row in enumerate(second.rows, start=1):  # the publisher renumbers "No"
        row[0] = number
    assert _publish(tmp_path, second, out, "2017-02-10", built_dir) == 0

    after = _ids_by_name(out)
    for name, pid in before.items():
        if name == removed[NAME]:
            assert pid not in after.values()
        elif name == old_name:
            assert after[renamed[NAME]] == pid
        else:
            assert after[name] == pid, name
    added_id = after["株式会社あたらしい会社"]
    assert added_id not in before.values()
    assert _changes(out) == sorted(
        [
            (added_id, "added", ""),
            (before[removed[NAME]], "removed", ""),
            (before[old_name], "changed", "name_ja"),
            (before[resectored[NAME]], "changed", "sectors"),
        ]
    )
    rules = {
        r["id"]: r["matched_by"]
        for r in csv.DictReader(io.StringIO((out / CHANGES_FILE).read_text("utf-8")))
    }
    assert rules[before[old_name]] == "area+similar name" and rules[added_id] == "new"
    # Every kept row's id and rule is in report.csv (unchanged rows too).
    report = list(csv.DictReader(io.StringIO((out / "report.csv").read_text("utf-8-sig"))))
    kept = {r["id"]: r["matched_by"] for r in report if r["id"]}
    assert set(kept) == set(after.values())
    assert kept[after[second.rows[1][NAME]]] == "name+area" and kept[added_id] == "new"
    # The replaced version is kept, dated; the current one is dated by --date.
    history = read_history(load_dataset(out))
    assert history.keys == ("2017-01-10", "2017-02-10")
    kept = history.get("2017-01-10")
    assert _ids_by_name(kept.directory) == before


@pytest.mark.slow
def test_rebuilding_the_same_table_changes_nothing(tmp_path, boundaries, built_dir):
    table = firm_table(boundaries[0], 20, seed=5)
    out = tmp_path / "firms"
    assert _publish(tmp_path, table, out, "2017-01-10", built_dir) == 0
    before = _ids_by_name(out)
    assert _publish(tmp_path, table, out, "2017-01-10", built_dir) == 0  # a same-day fix
    assert _ids_by_name(out) == before
    assert _changes(out) == []
    assert read_history(load_dataset(out)).keys == ("2017-01-10",)  # nothing archived


def test_derived_ids_do_not_depend_on_position_or_spelling_width():
    a = derived_id("ＡＢＣ プロジェクト", ("27100",))
    assert a == derived_id("abcプロジェクト", ("27100",))
    assert a != derived_id("abcプロジェクト", ("27140",))
    rows = [RowKey(2, "甲", ("25201",)), RowKey(3, "乙", ("25201",))]
    reversed_rows = [RowKey(2, "乙", ("25201",)), RowKey(3, "甲", ("25201",))]
    ids = {c.id for c in assign_ids(rows).values()}
    assert ids == {c.id for c in assign_ids(reversed_rows).values()}


def test_a_removed_projects_id_is_never_given_to_a_new_row():
    import pandas as pd

    gone = derived_id("甲", ("25201",))
    previous = pd.DataFrame({"id": [gone], "name_ja": ["乙乙乙乙乙"], "area_codes": [("26100",)]})
    claims = assign_ids([RowKey(2, "甲", ("25201",))], previous)
    assert claims[2].id == f"{gone}-2" and claims[2].rule == "new"


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([RowKey(2, "甲", ("25201",), "a"), RowKey(5, "乙", ("25201",), "a")], "lines 2 and 5"),
        (
            [
                RowKey(2, "株式会社甲乙丙丁X", ("25201",)),
                RowKey(4, "株式会社甲乙丙丁Y", ("25201",)),
            ],
            "lines 2 and 4",
        ),
    ],
)
def test_two_rows_claiming_one_id_are_named(rows, message):
    import pandas as pd

    from geo.versions.identity import IdentityError

    previous = pd.DataFrame(
        {"id": ["old-one"], "name_ja": ["株式会社甲乙丙丁"], "area_codes": [("25201",)]}
    )
    with pytest.raises(IdentityError, match=message):
        assign_ids(rows, previous)


@pytest.mark.slow
def test_a_refused_publication_writes_nothing(tmp_path, boundaries, built_dir, capsys):
    table = firm_table(boundaries[0], 10, seed=5)
    out = tmp_path / "firms"
    assert _publish(tmp_path, table, out, "2017-03-01", built_dir) == 0
    files = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    # An earlier date than the current version's.
    assert _publish(tmp_path, table, out, "2017-02-01", built_dir) == 1
    assert "must not be earlier" in capsys.readouterr().err
    # A --previous that is not a dataset.
    assert _publish(tmp_path, table, out, "2017-04-01", built_dir, "--previous", str(tmp_path)) == 1
    assert f"{tmp_path}: not a dataset folder" in capsys.readouterr().err
    # A damaged version folder.
    (out / "versions" / "2016-13-01").mkdir(parents=True)
    assert _publish(tmp_path, table, out, "2017-04-01", built_dir) == 1
    assert "2016-13-01: not a version folder" in capsys.readouterr().err
    (out / "versions" / "2016-13-01").rmdir()
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == files


@pytest.mark.parametrize(
    ("folder", "files", "message"),
    [
        ("2016-01-01", {"projects.csv": "x"}, "version.toml: missing"),
        ("2016-01-01", {"version.toml": "date = 2016-01-01"}, "projects.csv: missing"),
        (
            "2016-01-01",
            {"version.toml": "date = 2016-02-01", "projects.csv": ""},
            "must be the folder's name",
        ),
        (
            "2099-01-01",
            {"version.toml": "date = 2099-01-01", "projects.csv": ""},
            "not before the current",
        ),
        ("latest", {}, "not a version folder"),
        (
            "2016-01-01",
            {"version.toml": "date = 2016-01-01T10:00:00", "projects.csv": ""},
            "must be a TOML date such as 2017-03-24 \\(no time of day\\)",
        ),
    ],
)
def test_a_damaged_version_folder_is_named_and_the_others_stand(tmp_path, folder, files, message):
    """One broken folder is left out and named (by its path in the dataset folder, never the
    server's), every other version is kept; a README beside them is only listed."""
    shutil.copytree(DATASET_DIR, tmp_path, dirs_exist_ok=True)
    where = tmp_path / "versions" / folder
    where.mkdir(parents=True)
    for name, text in files.items():
        (where / name).write_text(text, "utf-8")
    (tmp_path / "versions" / "README.md").write_text("the list's earlier versions", "utf-8")
    history = read_history(load_dataset(tmp_path))
    assert history.keys == read_history(load_dataset(DATASET_DIR)).keys
    assert [where for where, _ in history.problems] == [f"versions/{folder}/"]
    assert re.search(message, history.problem_text)
    assert history.problem_text.startswith(f"versions/{folder}")
    assert str(tmp_path) not in history.problem_text
    assert history.ignored == ("versions/README.md",)


# --- the Kansai history ---


def _kansai_version(key: str):
    dataset = load_dataset(DATASET_DIR)
    version = read_history(dataset).get(key)
    return load_projects(version.projects_file, version_dataset(version, dataset))


def test_the_kansai_list_has_one_version_per_announcement(dataset):
    history = read_history(dataset)
    rounds = {r.date.isoformat(): r.number for r in dataset.rounds}
    assert history.keys == tuple(rounds)  # 第1弾 … 第4弾, each dated by its announcement
    assert dataset.source_date.isoformat() == "2017-03-24"  # the page's last update
    current = load_projects(DATASET_DIR / "projects.csv", dataset)
    for key, number in rounds.items():
        shown = _kansai_version(key)
        assert set(shown["id"]) == set(current.loc[current["round"] <= number, "id"])
        assert compare(shown, current[current["id"].isin(shown["id"])]).changed == {}


def test_changes_since_the_third_round_are_the_fourth_rounds_projects(dataset):
    current = load_projects(DATASET_DIR / "projects.csv", dataset)
    changes = compare(_kansai_version("2016-12-02"), current)
    assert set(changes.added) == set(current.loc[current["round"] == 4, "id"])
    assert changes.removed == () and dict(changes.changed) == {}


# --- the correction link ---


HOSTILE = {
    "id": 'x"><script>alert(1)</script>&p=1',
    "name": "<img src=x onerror=alert(1)> {{7*7}} [a](javascript:b) 日本語&amp;",
    "link": "http://127.0.0.1:8501/?p=x&lang=ja#frag",
}


def _hostile_link(feedback, language: str) -> str:
    return correction_link(
        feedback,
        project_id=HOSTILE["id"],
        name=HOSTILE["name"],
        link=HOSTILE["link"],
        language=language,
    )


def test_a_form_link_carries_each_value_percent_encoded():
    template = "https://example.jp/fix?id={id}&name={name}&link={link}"
    url = _hostile_link(Feedback(url=template), "ja")
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "example.jp", "/fix")
    assert not set('<>"{} ') & set(url)  # nothing a page could read as markup or a template
    assert parse_qs(parts.query) == {k: [v] for k, v in HOSTILE.items()}


def test_a_mail_link_prefills_subject_and_body():
    url = _hostile_link(Feedback(email="kasegi@example.jp"), "en")
    address, _, query = url.partition("?")
    assert address == "mailto:kasegi@example.jp" and not set('<>"{} ') & set(url)
    fields = parse_qs(query)
    assert fields["subject"] == [f"Correction: {HOSTILE['name']} ({HOSTILE['id']})"]
    assert HOSTILE["link"] in fields["body"][0]


def test_no_correction_link_without_feedback():
    assert correction_link(None, project_id="a", name="b", link="", language="ja") is None


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('url = "https://example.jp/fix"', "must contain {id}"),
        ('url = "javascript:alert({id})"', "must be an http"),
        ('url = "https://example.jp/{id}/{secret}"', "only {id}, {name}, {link}"),
        ('email = "a b@example.jp"', "e-mail address"),
        ('url = "https://e.jp/{id}"\nemail = "a@e.jp"', "one key"),
    ],
)
def test_a_bad_feedback_table_names_its_key(tmp_path, table, message):
    text = (DATASET_DIR / "dataset.toml").read_text("utf-8") + f"\n[feedback]\n{table}\n"
    (tmp_path / "dataset.toml").write_text(text, "utf-8")
    with pytest.raises(DatasetError, match=message.replace("{", r"\{").replace("}", r"\}")):
        load_dataset(tmp_path)
