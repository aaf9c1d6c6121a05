"""The list's versions in the app, through AppTest: the header's last update, a pinned version,
the changes since one (marked in the list, removed ones listed apart, old → new in the
detail), a link to a removed project, and the correction link of a dataset with [feedback]."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from .conftest import DATASET_DIR
from .harness import detail_texts, listed, notices, params, result_text, run_app
from .harness import plain as _plain

ROUND_4 = {
    "fukui-open-innovation",
    "sabae-next-industry",
    "kyoto-life-science",
    "seika-subculture",
    "toyooka-bags",
    "shimokitayama-forest",
    "wakayama-smart-mfg",
}


def test_the_header_says_when_the_list_was_last_updated_and_how(app_env):
    at = run_app()
    assert not at.exception
    captions = _plain(" ".join(c.value for c in at.caption))
    assert "2017-03-24 更新: 追加 7・変更 0・削除 0" in captions
    assert "一覧の版: 2016-12-09（第4弾 発表）" in captions  # the attribution names the version


def test_changes_since_the_third_round_mark_exactly_the_fourth_rounds_projects(app_env):
    at = run_app(since="2016-12-02")
    assert not at.exception
    assert "2016-12-02（第3弾 発表）以降の変更: 追加 7・変更 0・削除 0" in _plain(notices(at))
    # Each list entry's caption (its sectors, lead and area), in the list's order.
    captions = [_plain(c.value) for c in at.caption if "主体:" in _plain(c.value)]
    entries = [b.key.removeprefix("pick_") for b in at.button if (b.key or "").startswith("pick_")]
    assert len(captions) == len(entries) == 23
    badged = {pid for pid, caption in zip(entries, captions, strict=True) if "【追加】" in caption}
    assert badged == ROUND_4
    labels = [_plain(label) for label in listed(at)]
    numbers = {int(label.split()[0].removeprefix("No.")) for label in labels}
    assert numbers == set(range(1, 24))
    assert result_text(at) == "**23 / 23 件**"
    assert at.selectbox(key="w_since").value == "2016-12-02"
    assert params(at) == {"since": "2016-12-02"}  # the link as given, nothing rewritten
    at.selectbox(key="w_since").set_value("").run()
    assert "since" not in params(at)
    assert not [c for c in at.caption if c.value.startswith("【追加】")]


def test_a_pinned_version_shows_exactly_that_list_and_the_way_back(app_env):
    at = run_app(v="2016-10-24")
    assert not at.exception
    assert result_text(at) == "**5 / 5 件**"
    assert "2016-10-24（第1弾 発表）時点の一覧を表示しています。" in _plain(notices(at))
    assert {label.split()[0] for label in [_plain(label) for label in listed(at)]} == {
        f"No.{n}" for n in range(1, 6)
    }
    at.button(key="open_current_version").click().run()
    assert result_text(at) == "**23 / 23 件**"
    assert "v" not in params(at)


def test_a_link_to_a_project_not_yet_in_a_pinned_version_says_so(app_env):
    at = run_app(v="2016-10-24", p="toyooka-bags")
    assert not at.exception
    warnings = _plain(" ".join(w.value for w in at.warning))
    assert "この版（2016-10-24）の一覧にはありません" in warnings
    assert "豊岡" in warnings


@pytest.mark.parametrize(("key", "value"), [("v", "2099-01-01"), ("since", "latest"), ("v", "<x>")])
def test_an_unknown_version_is_ignored_with_a_notice(app_env, key, value):
    at = run_app(**{key: value})
    assert not at.exception
    assert f"{key}={value}" in _plain(notices(at))
    assert result_text(at) == "**23 / 23 件**"


# --- a list with a removed and a changed project, and [feedback] ---


@pytest.fixture
def edited_list(app_env, tmp_path, monkeypatch) -> Path:
    """The Kansai list whose 2016-12-02 version also held a project the 4th round's update
    removed, and named kento differently; corrections go to a form."""
    folder = tmp_path / "kansai"
    shutil.copytree(
        DATASET_DIR, folder, ignore=shutil.ignore_patterns("raw", "*.geojson", "*.json")
    )
    earlier = folder / "versions" / "2016-12-02" / "projects.csv"
    rows = list(csv.DictReader(io.StringIO(earlier.read_text("utf-8"))))
    gone = dict(rows[0], id="gone-project", no="99", name_ja="廃止されたプロジェクト")
    for row in rows:
        if row["id"] == "kento":
            row["name_ja"] = "健都（旧名称）"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows([*rows, gone])
    earlier.write_text(out.getvalue(), "utf-8")
    toml = folder / "dataset.toml"
    toml.write_text(
        toml.read_text("utf-8")
        + '\n[feedback]\nurl = "https://example.jp/fix?project={id}&name={name}&from={link}"\n',
        "utf-8",
    )
    monkeypatch.setenv("DATASET_DIR", str(folder))
    return folder


def test_a_link_to_a_removed_project_says_which_update_removed_it(edited_list):
    at = run_app(p="gone-project")
    assert not at.exception
    warnings = _plain(" ".join(w.value for w in at.warning))
    assert "「廃止されたプロジェクト」は 2016-12-09 の更新で削除されました" in warnings
    assert "gone-project" not in _plain(detail_texts(at))
    assert "p" not in params(at)  # the link now says what is shown


def test_the_compared_view_lists_removed_projects_and_old_to_new_values(edited_list):
    at = run_app(since="2016-12-02", p="kento")
    assert not at.exception
    assert "追加 7・変更 1・削除 1" in _plain(notices(at))
    expander = _plain(" ".join(e.label for e in at.expander))
    assert "2016-12-02以降に削除されたプロジェクト（1件）" in expander
    assert "廃止されたプロジェクト" in _plain(detail_texts(at))
    assert "名称: 健都（旧名称） →" in _plain(detail_texts(at))
    assert len([c for c in at.caption if c.value.startswith("【変更】")]) == 1


def test_the_correction_link_carries_the_project_encoded(edited_list):
    at = run_app(p="kento")
    buttons = [b for b in at.get("link_button") if "訂正" in b.proto.label]
    assert len(buttons) == 1
    url = buttons[0].proto.url
    query = parse_qs(urlsplit(url).query)
    assert urlsplit(url).netloc == "example.jp" and query["project"] == ["kento"]
    assert query["name"][0].startswith("健都")
    assert "p=kento" in query["from"][0]


def test_no_correction_link_without_feedback(app_env):
    at = run_app(p="kento")
    assert not [b for b in at.get("link_button") if "訂正" in b.proto.label]


@pytest.mark.parametrize("key", ["v", "since"])
def test_an_unreadable_version_is_named_and_the_current_list_shown(
    app_env, tmp_path, monkeypatch, key
):
    folder = tmp_path / "kansai"
    shutil.copytree(
        DATASET_DIR, folder, ignore=shutil.ignore_patterns("raw", "*.geojson", "*.json")
    )
    broken = folder / "versions" / "2016-11-16" / "projects.csv"
    broken.write_text("id,name_ja\nx,y\n", "utf-8")  # required columns missing
    monkeypatch.setenv("DATASET_DIR", str(folder))
    at = run_app(**{key: "2016-11-16"})
    assert not at.exception
    warnings = _plain(" ".join(w.value for w in at.warning))
    assert "過去の版を読めないため" in warnings
    assert "versions/2016-11-16/projects.csv" in warnings and str(tmp_path) not in warnings
    assert result_text(at) == "**23 / 23 件**"
    assert not [c for c in at.caption if c.value.startswith("【")]  # nothing marked as added
    broken.write_text((DATASET_DIR / "versions/2016-11-16/projects.csv").read_text("utf-8"))
    fixed = run_app(**{key: "2016-11-16"})  # fixed in place: read again, no restart
    assert not fixed.exception and "過去の版を読めないため" not in _plain(
        " ".join(w.value for w in fixed.warning)
    )


@pytest.mark.parametrize(
    ("entry", "files"),
    [
        ("2016-11-16/dataset.toml", {"2016-11-16/dataset.toml": "title = 1\n"}),
        ("2016-11-16/version.toml", {"2016-11-16/version.toml": "date = 2016-11-16T10:00:00\n"}),
        (
            "2030-01-01/",
            {"2030-01-01/version.toml": "date = 2030-01-01\n", "2030-01-01/projects.csv": ""},
        ),
    ],
)
def test_a_broken_earlier_version_is_a_notice_and_the_others_stand(
    app_env, tmp_path, monkeypatch, entry, files
):
    """Every page opens; the broken version is named without a server path; the current list
    and every other version keep working, and a README beside them changes nothing."""
    folder = tmp_path / "kansai"
    shutil.copytree(
        DATASET_DIR, folder, ignore=shutil.ignore_patterns("raw", "*.geojson", "*.json")
    )
    for name, text in {**files, "README.md": "earlier lists"}.items():
        (folder / "versions" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "versions" / name).write_text(text, "utf-8")
    monkeypatch.setenv("DATASET_DIR", str(folder))
    said = ""
    for query in ({}, {"v": "2016-11-16"}, {"since": "2016-11-16"}, {"since": "2016-12-02"}):
        at = run_app(**query)
        assert not at.exception, query
        said += _plain(" ".join(w.value for w in at.warning))
    assert f"versions/{entry}" in said and str(tmp_path) not in said
    assert "README" not in said
    assert result_text(run_app(v="2016-10-24")) == "**5 / 5 件**"
