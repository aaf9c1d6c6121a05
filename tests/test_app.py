"""App logic through streamlit.testing.v1.AppTest (no browser)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.i18n import md_escape
from components.state.moves import MapMoves
from geo.paths import REPO_ROOT
from geo.schema import N03_ATTRIBUTION

from .harness import (
    APP,
    CJK,
    choose,
    chosen,
    detail_texts,
    facet_labels,
    legends,
    listed,
    notices,
    panel,
    params,
    pick,
    reset_filters,
    result_text,
    run_app,
    search,
    ui_texts,
)


@pytest.fixture
def app(app_env):
    return run_app()


def test_default_run_shows_all_23(app):
    assert not app.exception
    assert result_text(app) == "**23 / 23 件**"
    assert len(listed(app)) == 23
    assert not app.warning  # boundaries were found: no banner


def test_sector_narrows_to_the_expected_projects(app, projects):
    choose(app, "sectors", ["environment"])
    expected = [p.no for p in projects.itertuples() if "environment" in p.sectors]
    assert result_text(app) == f"**{len(expected)} / 23 件**"
    assert [o.split(" ")[0] for o in listed(app)] == [md_escape(f"No.{n}") for n in expected]


def medical_count(projects) -> int:
    return sum("medical" in sectors for sectors in projects["sectors"])


def test_sector_options_show_counts(app, projects):
    labels = list(facet_labels(app, "sectors").values())
    assert f"医療・健康・ライフサイエンス（{medical_count(projects)}）" in labels


def test_unknown_values_in_the_url_are_ignored_with_a_notice(app_env, projects):
    at = run_app(sector="medical,nope", base="<script>")
    assert not at.exception
    assert result_text(at) == f"**{medical_count(projects)} / 23 件**"
    notice = notices(at)
    # The notice is Markdown: the items are escaped, so they show as typed.
    assert md_escape("sector=nope") in notice
    assert md_escape("base=<script>") in notice and "<script>" not in notice


def test_stale_session_values_are_dropped(app):
    from components.state import store

    key = store.state_key("sectors")  # a session from before an option was removed
    app.session_state[key] = ("medical", "gone")
    app.run()
    assert not app.exception
    assert "gone" in notices(app)
    assert chosen(app, "sectors") == ["medical"]


def test_keyword_and_reset(app):
    search(app, "カバン")
    assert result_text(app) == "**1 / 23 件**"
    assert panel(app)[1]["keyword"] == "カバン"
    reset_filters(app)
    assert result_text(app) == "**23 / 23 件**"
    assert panel(app)[1]["keyword"] == ""


def test_empty_result_keeps_the_map_and_says_so(app):
    search(app, "該当なしの語")
    assert result_text(app) == "**0 / 23 件**"
    assert any("条件に合うプロジェクトはありません" in i.value for i in app.info)
    assert not app.exception


def test_choosing_in_the_list_selects_and_shows_details(app):
    pick(app, "kento")
    assert params(app)["p"] == "kento"
    texts = detail_texts(app)
    assert "吹田市・摂津市" in texts and "国立循環器病研究センター" in texts
    assert MapMoves(app.session_state).focus().project_id == "kento"


def test_selection_is_dropped_when_filtered_out(app):
    pick(app, "kento")
    choose(app, "prefectures", ["25"])
    assert "p" not in params(app)
    assert "国立循環器病研究センター" not in detail_texts(app)


def test_missing_boundaries_show_a_banner_and_points(tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("BOUNDARIES_DIR", str(tmp_path / "out"))
    monkeypatch.setenv("N03_SOURCE", str(empty))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    (banner,) = at.warning
    assert "python -m geo build" in banner.value and "empty" in banner.value
    assert result_text(at) == "**23 / 23 件**"


def test_bad_projects_file_shows_the_problems(tmp_path, app_env, monkeypatch):
    bad = tmp_path / "projects.csv"
    bad.write_text(
        (REPO_ROOT / "data/projects.csv")
        .read_text("utf-8")
        .replace("toyooka-bags", "Toyooka Bags"),
        "utf-8",
    )
    monkeypatch.setenv("PROJECTS_CSV", str(bad))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert at.error and "column 'id'" in at.code[0].value and "Toyooka Bags" in at.code[0].value


def test_english_ui_has_no_japanese_outside_project_data(app_env, projects):
    at = run_app(lang="en")
    pick(at, "sakai-knives")
    assert result_text(at) == "**23 / 23 projects**"
    # Project data may be Japanese: proper names quoted from the source page (applicant, link
    # label) and the original name shown beside the English one. The N03 attribution's wording
    # is required in Japanese; the language switch names each language in itself.
    data = {v for column in ("applicant", "link_label", "name_ja") for v in projects[column] if v}
    allowed = data | {N03_ATTRIBUTION, "日本語", "言語"}
    leftovers = []
    for text in ui_texts(at):
        for part in allowed:
            text = text.replace(md_escape(part), "").replace(part, "")
        if CJK.search(text):
            leftovers.append(text)
    assert leftovers == []
    shown = " ".join(m.value for m in at.markdown)
    for expected in (
        "No.9 Sakai Products Overseas Demand Expansion",
        "Sakai City",
        "Round 2 (16 Nov 2016)",
    ):
        assert md_escape(expected) in shown


def test_language_switch_changes_the_interface(app):
    assert app.sidebar.radio(key="w_language").value == "ja"
    app.sidebar.radio(key="w_language").set_value("en").run()
    assert result_text(app) == "**23 / 23 projects**"
    assert "Sector" in legends(app)
    assert facet_labels(app, "sectors")["medical"].startswith("Medical")


def test_keyword_matches_both_languages_whatever_the_ui(app):
    app.sidebar.radio(key="w_language").set_value("en").run()
    search(app, "かばん")
    assert result_text(app) == "**1 / 23 projects**"


def test_data_paths_from_arguments_then_environment(monkeypatch, tmp_path):
    from components.data import DataPaths, data_paths

    monkeypatch.delenv("PROJECTS_CSV", raising=False)
    monkeypatch.setenv("DATASET_DIR", str(tmp_path / "set"))
    monkeypatch.setenv("BOUNDARIES_DIR", str(tmp_path / "env"))
    assert data_paths(["-q", "--projects", "a.csv", "tests/x.py"]).projects.name == "a.csv"
    assert data_paths(["--boundaries", "b"]).boundaries.name == "b"
    mine = data_paths(["--dataset", "datasets/mine"])
    assert mine.dataset == Path("datasets/mine")
    assert mine.projects == Path("datasets/mine/projects.csv")
    assert data_paths(["-x", "--pdb"]) == DataPaths(
        tmp_path / "set", tmp_path / "set" / "projects.csv", tmp_path / "env"
    )
    monkeypatch.setenv("PROJECTS_CSV", str(tmp_path / "env.csv"))
    assert data_paths([]).projects == tmp_path / "env.csv"
