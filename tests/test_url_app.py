"""The URL as the source of truth, through AppTest: params in → widgets; widgets → params out."""

from __future__ import annotations

import pytest

from components.state.moves import MapMoves

from .harness import (
    choose,
    chosen,
    detail_texts,
    notices,
    params,
    result_text,
    run_app,
    search,
)


@pytest.fixture
def make_app(app_env):
    return run_app


def test_params_in_set_widgets_and_selection(make_app):
    at = make_app(
        sector="manufacturing,medical",
        pref="27",
        round="2",
        p="kento",
        color="round",
        base="none",
        lang="en",
    )
    assert not at.exception
    assert chosen(at, "sectors") == ["medical", "manufacturing"]  # in the order offered
    assert chosen(at, "prefectures") == ["27"]
    assert chosen(at, "rounds") == [2]
    assert (
        at.radio(key="w_colour_by").value == "round"
        and at.selectbox(key="w_basemap").value == "none"
    )
    assert "Kento Innovation Park" in detail_texts(at)
    assert MapMoves(at.session_state).focus().project_id == "kento"
    assert result_text(at) == "**3 / 23 projects**"  # Nos. 8, 10, 11


def test_view_in_the_url_moves_the_map(make_app):
    at = make_app(z="11", ll="34.770,135.520")
    focus = MapMoves(at.session_state).focus()
    assert focus.center == (34.77, 135.52) and focus.zoom == 11 and focus.project_id is None


def test_an_unchanged_view_writes_nothing(make_app):
    at = make_app()
    assert params(at) == {}
    at.run()
    assert params(at) == {}


def test_widget_change_writes_canonical_params(make_app):
    at = make_app()
    choose(at, "sectors", ["medical", "manufacturing"])
    assert params(at) == {"sector": "manufacturing,medical", "lang": "ja"}
    at.button(key="pick_kento").click().run()
    assert params(at)["p"] == "kento"
    search(at, "医療")
    assert params(at)["q"] == "医療"


def test_a_changed_url_is_read_again(make_app):
    at = make_app(sector="medical")
    at.query_params.clear()
    at.query_params["pref"] = "25"
    at.run()
    assert chosen(at, "sectors") == []
    assert chosen(at, "prefectures") == ["25"]


def test_mangled_link_opens_the_default_view_with_a_notice(make_app):
    at = make_app(sector="nope", z="999", p="<script>")
    assert not at.exception
    assert result_text(at) == "**23 / 23 件**"
    notice = notices(at)
    for item in ("nope", "999", "script"):
        assert item in notice
    assert MapMoves(at.session_state).focus() is None
    assert "詳細" in " ".join(h.value for h in at.subheader)
    assert any("プロジェクトを選んでください" in c.value for c in at.caption)  # nothing selected


def test_embed_view_shows_the_map_only(make_app):
    at = make_app(view="embed", sector="medical")
    assert not at.exception
    components = [n.proto.component_name for n in at.get("bidi_component")]
    assert components == ["kasegi_map"] and len(at.sidebar.radio) == 0  # no filter panel
    assert not [b for b in at.button if (b.key or "").startswith("pick_")]
    assert not at.title
    captions = " ".join(c.value for c in at.caption)
    assert "/ 23" in captions and "国土数値情報" in captions  # count and attribution kept


def test_share_dialog_links_to_this_view(make_app):
    at = make_app(sector="medical", p="kento")
    at.button(key="open_share").click().run()
    assert not at.exception
    codes = [c.value for c in at.code]
    assert any(c.endswith("?sector=medical&p=kento&lang=ja") for c in codes), codes
    snippet = next(c for c in codes if c.startswith("<iframe"))
    assert "view=embed" in snippet and "embed=true" in snippet and "&amp;" in snippet
    labels = [b.label for b in at.get("download_button")]
    assert len(labels) == 3


def test_share_dialog_makes_the_printable_map_only_when_asked(make_app):
    at = make_app(sector="medical", lang="en")
    at.button(key="open_share").click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert "Save the PDF" not in labels  # nothing is built before the click
    assert at.selectbox(key="print_paper").value == "a4-landscape"
    # In the browser the dialog reruns alone (a fragment); AppTest reruns the page, so the
    # dialog is opened again in the same run as the click.
    at.button(key="open_share").click()
    at.button(key="print_make").click().run()
    assert not at.exception
    assert "Save the PDF" in [b.label for b in at.get("download_button")]
