"""「自分の表で地図を作る」: an uploaded table on the map, in that session only."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.ui.project_list import PAGE_SIZE
from geo.words import t

from .harness import (
    choose,
    chosen,
    facet_labels,
    legends,
    listed,
    params,
    result_text,
    run_app,
    upload,
)

SAMPLE = (Path(__file__).parent / "samples" / "spoiled.xlsx").read_bytes()


@pytest.fixture
def uploaded(built_dir, monkeypatch):
    """The sample uploaded and mapped, on real N03 boundaries (it names towns of all Kansai)."""
    monkeypatch.setenv("BOUNDARIES_DIR", str(built_dir))
    at = run_app(sector="medical")
    return upload(at, "spoiled.xlsx", SAMPLE)


def test_an_upload_becomes_the_map_with_its_own_vocabulary(uploaded):
    at = uploaded
    assert not at.exception
    assert result_text(at) == "**36 / 36 件**" and len(listed(at)) == min(36, PAGE_SIZE)
    assert at.title[0].value == "spoiled"
    assert "分野" in legends(at) and chosen(at, "sectors") == []  # the Kansai filter is gone
    assert {label.split("（")[0] for label in facet_labels(at, "sectors").values()} == {
        "観光業",
        "建設業",
        "製造業",
        "情報通信業",
        "農業",
        "医療・福祉",
        "卸売業",
    }
    assert "年" in legends(at)
    report = " ".join(m.value for m in at.markdown)
    assert "一致なし: **2**" in report and "候補が複数: **1**" in report
    assert "使えない行: **1**" in report
    (frame,) = at.dataframe
    assert sorted(frame.value["行"]) == [11, 21, 31, 41]
    assert "同じ名前の市町村が複数の府県にあります。都道府県を加えてください" in list(
        frame.value["理由"]
    )


def test_filters_work_on_the_upload_and_no_link_is_written(uploaded):
    at = uploaded
    choose(at, "prefectures", ["27"])
    osaka = int(result_text(at).split("**")[1].split(" / ")[0])
    assert 0 < osaka < 36 and all("株式会社テスト" in b for b in listed(at))
    assert "pref" not in params(at)  # a link cannot carry the table: the URL is left alone


def test_the_share_dialog_offers_exports_not_a_link(uploaded):
    at = uploaded
    at.button(key="open_share").click().run()
    assert not at.exception
    assert "リンクでは共有できません" in " ".join(i.value for i in at.info)
    assert not [c for c in at.code if c.value.startswith("http")]
    assert len(at.get("download_button")) >= 3


def test_forgetting_the_upload_restores_the_dataset(uploaded):
    at = uploaded
    at.button(key="upload_forget").click().run()
    assert result_text(at) == "**23 / 23 件**"


def test_a_table_with_no_area_column_asks_for_it(app_env):
    at = run_app()
    at = upload(at, "t.csv", "名前,メモ\nA,x\n".encode(), name="名前")
    assert "「市町村・所在地」の列を選んでください。" in [e.value for e in at.error]
    assert result_text(at) == "**23 / 23 件**"


def test_an_unreadable_file_is_named_not_a_crash(app_env):
    at = run_app()
    at.file_uploader(key="upload_file").set_value(("t.csv", b"\xff\xfeA\x00", "text/csv")).run()
    assert not at.exception and "UTF\\-16" in at.error[0].value  # markdown-escaped


def test_a_second_session_never_sees_the_upload(uploaded):
    assert result_text(uploaded) == "**36 / 36 件**"
    other = run_app()
    assert result_text(other) == "**23 / 23 件**"
    assert not [e for e in other.expander if "照合結果" in e.label]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_upload_box_says_in_one_sentence_that_a_restart_forgets_the_table(app_env, language):
    """Copies of the app restart and fail over (docs/deploy.md): the table is in the session."""
    at = run_app(lang=language)
    said = t("upload_kept", language)
    assert said in [caption.value for caption in at.sidebar.caption]
    assert ("再起動" if language == "ja" else "restart") in said
    assert said.count("。" if language == "ja" else ". ") == (0 if language == "en" else 1)


def test_no_process_wide_cache_keeps_the_upload_and_it_has_no_versions(built_dir, monkeypatch):
    """An upload's words live in its session only (``store.remembered``), never in a cache of
    the process; and the Kansai list's versions are not the upload's (a link's ``since=``
    asks nothing of it)."""
    from components.map.render import _base_map_script, _published
    from geo.choices import _options

    monkeypatch.setenv("BOUNDARIES_DIR", str(built_dir))
    at = run_app(since="2016-12-02")
    assert "以降の変更" in _said(at, "warning", "info", "markdown", "caption")
    bases, options = _base_map_script.cache_info().currsize, _options.cache_info().currsize
    published = _published.cache_info().currsize  # an upload's base script is never written
    at = upload(at, "spoiled.xlsx", SAMPLE)
    choose(at, "prefectures", ["27"])
    assert not at.exception and result_text(at) != "**36 / 36 件**"
    assert _base_map_script.cache_info().currsize == bases
    assert _published.cache_info().currsize == published
    assert _options.cache_info().currsize == options
    assert "一覧の版" not in " ".join(s.label for s in at.sidebar.selectbox)
    said = _said(at, "warning", "error", "info", "markdown", "caption")
    assert "以降の変更" not in said and "versions" not in said


def _said(at, *kinds: str) -> str:
    return " ".join(str(e.value) for kind in kinds for e in getattr(at, kind))
