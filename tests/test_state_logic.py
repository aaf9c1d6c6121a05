"""Map moves and selection, driven by scripted map events over a plain dict (no Streamlit)."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import pytest

from components.map.events import MapEvent, read_map_event
from components.state.moves import MapMoves
from components.state.selection import Selection

OSAKA = ((34.5, 135.3), (35.0, 135.8))
KANSAI = ((33.3, 134.0), (36.4, 136.9))


def shown(*points: tuple[float, float]) -> pd.DataFrame:
    return pd.DataFrame({"lat": [p[0] for p in points], "lon": [p[1] for p in points]})


def report(center=(34.7, 135.5), zoom=9, bounds=OSAKA, clicks=None, ids=()) -> MapEvent:
    return MapEvent(
        click_count=clicks, clicked_ids=tuple(ids), center=center, zoom=zoom, bounds=bounds
    )


@pytest.fixture
def session() -> dict:
    return {}


@pytest.fixture
def moves(session) -> MapMoves:
    return MapMoves(session)


@pytest.fixture
def selection(session, moves) -> Selection:
    return Selection(session, moves)


def test_first_run_never_fits(moves):
    assert moves.fit_request("f1", shown((36.0, 136.2)), KANSAI) is None


def test_a_filter_change_fits_only_when_a_marker_is_out_of_view(moves):
    moves.fit_request("all", shown(), None)
    moves.observe(report(bounds=OSAKA))
    assert moves.fit_request("osaka", shown((34.7, 135.5)), OSAKA) is None
    fit = moves.fit_request("fukui", shown((36.0, 136.2)), KANSAI)
    assert fit is not None and fit.bounds == KANSAI
    # Kept, with the same token, until the filters change again: the layer script stays the same.
    assert moves.fit_request("fukui", shown((36.0, 136.2)), KANSAI) == fit
    assert moves.fit_request("osaka", shown((34.7, 135.5)), OSAKA) is None


def test_the_users_view_is_kept_rounded_and_repeats_are_ignored(moves):
    moves.observe(report(center=(34.70049, 135.50051), zoom=10))
    assert moves.view() == ((34.7, 135.501), 10)
    moves.observe(report(center=(34.70049, 135.50051), zoom=10))  # the same report, again
    assert moves.view() == ((34.7, 135.501), 10)
    moves.observe(report(center=None))
    assert moves.view() == ((34.7, 135.501), 10)


def test_a_move_the_map_made_itself_never_becomes_the_links_view(moves):
    """A resize after opening (the page fitting the map to the window) is reported like any
    move, but not by the person: the link keeps saying nothing of the view."""
    moves.observe(report(center=(35.0, 135.6), zoom=8))
    moves.observe(replace(report(center=(35.1, 135.6), zoom=8.2), by_user=False))
    assert moves.view() == ((35.0, 135.6), 8)
    moves.observe(replace(report(center=(34.9, 135.6), zoom=12), by_user=True))
    assert moves.view() == ((34.9, 135.6), 12)
    assert read_map_event({"user": False}).by_user is False
    assert read_map_event({"user": True}).by_user and read_map_event({}).by_user


def test_a_link_view_is_not_overwritten_by_the_maps_own_reports(moves):
    link = ((34.77, 135.52), 11)
    moves.open_link(view=link, project_id=None, bounds=None)
    focus = moves.focus()
    assert focus.center == link[0] and focus.zoom == 11 and focus.project_id is None
    moves.observe(report(center=(35.0, 135.6), zoom=8))  # the default view, first
    assert moves.view() == link
    moves.observe(report(center=link[0], zoom=11))  # then the link's
    assert moves.view() == link
    moves.observe(report(center=(34.9, 135.6), zoom=12))  # then the user's
    assert moves.view() == ((34.9, 135.6), 12)


def test_a_link_without_view_or_project_clears_the_focus(moves):
    moves.focus_on(project_id="kento", bounds=OSAKA)
    moves.open_link(view=None, project_id=None, bounds=None)
    assert moves.focus() is None


def test_every_move_has_a_new_token(moves):
    moves.focus_on(project_id="a", bounds=OSAKA)
    first = moves.focus().token
    moves.focus_on(project_id="a", bounds=OSAKA)
    assert moves.focus().token > first


def test_a_remount_puts_the_users_view_back(moves):
    moves.keep_view_on_remount(("pale", "sector", "ja"), None)
    assert moves.focus() is None
    moves.observe(report(center=(34.9, 135.6), zoom=12))
    moves.keep_view_on_remount(("pale", "sector", "ja"), None)
    assert moves.focus() is None  # same base map: nothing to do
    moves.keep_view_on_remount(("none", "sector", "en"), "kento")
    focus = moves.focus()
    assert focus.center == (34.9, 135.6) and focus.zoom == 12 and focus.project_id == "kento"
    moves.observe(report(center=(35.0, 135.6), zoom=8))  # the new map's default view
    assert moves.view() == ((34.9, 135.6), 12)


def test_a_new_click_on_a_marker_selects_its_project(selection):
    selection.on_map_event(report(clicks=1, ids=["kento"]), ["kento", "yao-economy"])
    assert selection.selected(["kento", "yao-economy"]) == "kento"


def test_a_repeated_click_report_is_not_a_new_click(selection):
    selection.on_map_event(report(clicks=1, ids=["kento"]), ["kento", "yao-economy"])
    selection.select("yao-economy")
    selection.on_map_event(report(clicks=1, ids=["kento"]), ["kento", "yao-economy"])
    assert selection.selected(["kento", "yao-economy"]) == "yao-economy"


def test_a_shared_area_offers_a_choice(selection):
    ids = ["shiga-water", "shiga-med-eng"]
    selection.on_map_event(report(clicks=3, ids=ids), ids)
    assert selection.selected(ids) is None
    assert selection.choices(ids) == ids
    selection.select("shiga-med-eng")
    assert selection.choices(ids) == [] and selection.selected(ids) == "shiga-med-eng"


def test_a_click_on_a_plain_municipality_or_an_unknown_id_selects_nothing(selection):
    selection.on_map_event(report(clicks=1, ids=[]), ["kento"])
    selection.on_map_event(report(clicks=2, ids=["<script>"]), ["kento"])
    assert selection.selected(["kento"]) is None and selection.choices(["kento"]) == []


def test_a_filtered_out_selection_is_dropped(selection):
    selection.select("kento")
    assert selection.selected(["yao-economy"]) is None
    assert selection.selected(["kento"]) is None  # gone, not hidden


def test_choosing_in_the_list_brings_the_project_into_view(selection, moves):
    selection.select("kento", bounds=OSAKA)
    focus = moves.focus()
    assert focus.project_id == "kento" and focus.bounds == OSAKA


def test_scripted_st_folium_values_end_to_end(selection, moves):
    value = {
        "last_object_clicked_count": 2,
        "last_active_drawing": {"type": "Feature", "properties": {"kasegi_ids": ["kento"]}},
        "center": {"lat": 34.77, "lng": 135.54},
        "zoom": 11,
        "bounds": {
            "_southWest": {"lat": 34.7, "lng": 135.4},
            "_northEast": {"lat": 34.8, "lng": 135.7},
        },
    }
    event = read_map_event(value)
    moves.observe(event)
    selection.on_map_event(event, ["kento"])
    assert selection.selected(["kento"]) == "kento" and moves.view() == ((34.77, 135.54), 11)
