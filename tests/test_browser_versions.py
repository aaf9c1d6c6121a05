"""End to end: a list published again keeps every shared link on its project, says so of a
removed one, and shows what changed since an earlier version."""

from __future__ import annotations

import copy

import pytest

from devkit.browser import streamlit_server
from devkit.pages import open_map, shot, wait_markers
from devkit.tables import firm_table
from geo.cli import main as geo_main
from geo.dataset import load_dataset
from geo.projects import load_projects

expect = pytest.importorskip("playwright.sync_api").expect

NAME = 1  # devkit.tables.HEADER's name column


@pytest.fixture(scope="module")
def republished(tmp_path_factory, boundaries, built_dir):
    """A generated table published, then published again with a row inserted at the top and
    one deleted: (folder, the first version's table, the deleted row's id)."""
    tmp = tmp_path_factory.mktemp("republished")
    table = firm_table(boundaries[0], 30, seed=11)
    out = tmp / "firms"

    def publish(rows, when: str) -> None:
        source = tmp / f"{when}.csv"
        source.write_bytes(rows.csv())
        args = ["dataset", "--source", str(source), "--out", str(out), "--date", when]
        assert geo_main([*args, "--boundaries", str(built_dir)]) == 0

    publish(table, "2020-04-01")
    first = load_projects(out / "projects.csv", load_dataset(out))
    second = copy.deepcopy(table)
    deleted = second.rows.pop(5)
    newcomer = copy.deepcopy(table.rows[0])
    newcomer[NAME] = "株式会社あとから追加"
    second.rows.insert(0, newcomer)
    publish(second, "2020-10-01")
    gone = first.loc[first["name_ja"] == deleted[NAME], "id"].iloc[0]
    return out, first, gone


@pytest.fixture(scope="module")
def republished_server(republished, built_dir):
    out, _, _ = republished
    with streamlit_server({"DATASET_DIR": str(out), "BOUNDARIES_DIR": str(built_dir)}) as base:
        yield base


def test_a_link_made_before_the_update_opens_the_same_project(
    page, republished, republished_server
):
    _, first, _ = republished
    for row in first.iloc[[0, 10, 29]].itertuples():  # rows that moved down by the insertion
        open_map(page, f"{republished_server}/?p={row.id}", markers=30, idle=False)
        expect(page.locator(".st-key-detail_panel")).to_contain_text(row.name_ja, timeout=20_000)
    shot(page, "40-link-after-update")


def test_a_link_to_a_removed_project_says_so(page, republished, republished_server):
    _, first, gone = republished
    name = first.loc[first["id"] == gone, "name_ja"].iloc[0]
    open_map(page, f"{republished_server}/?p={gone}", markers=30, idle=False)
    notice = page.get_by_text(
        f"リンクのプロジェクト「{name}」は 2020-10-01 の更新で削除されました。"
    )
    expect(notice).to_be_visible(timeout=20_000)
    expect(page.locator(".st-key-detail_panel")).to_have_count(0)
    shot(page, "41-removed-project-link")


def test_changes_since_mark_the_added_project_and_list_the_removed_one(
    page, republished, republished_server
):
    _, first, gone = republished
    frame = open_map(page, f"{republished_server}/?since=2020-04-01", markers=30, idle=False)
    added = frame.locator(".kasegi-marker.kasegi-added")
    expect(added).to_have_count(1)
    expect(added.first).to_have_attribute("title", "No.1 株式会社あとから追加 (追加)")
    name = first.loc[first["id"] == gone, "name_ja"].iloc[0]
    page.get_by_text("2020-04-01以降に削除されたプロジェクト（1件）").click()
    expect(page.locator(".st-key-removed_projects")).to_contain_text(name)
    shot(page, "42-changes-since")


def test_a_pinned_version_shows_that_list(page, republished, republished_server):
    frame = open_map(page, f"{republished_server}/?v=2020-04-01", idle=False)
    wait_markers(frame, 30)
    expect(page.get_by_text("2020-04-01時点の一覧を表示しています。")).to_be_visible()
    titles = frame.locator(".kasegi-marker").evaluate_all("els => els.map(e => e.title)")
    assert not [t for t in titles if "あとから追加" in t]  # added later: not in this version
    _, first, gone = republished
    removed_name = first.loc[first["id"] == gone, "name_ja"].iloc[0]
    assert len([t for t in titles if removed_name in t]) == 1  # removed later: still here
