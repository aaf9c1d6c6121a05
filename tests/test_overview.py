"""The overview's aggregates (``geo.table.aggregates``): tiny hand-made tables, and for any filter of
the Kansai table the matrix adds up to the shown projects plus one per extra sector."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geo.table.aggregates import multi_sector, round_counts, sector_prefecture_counts
from geo.table.filters import Filters, filter_projects

from .harness import (
    choose,
    chosen,
    facet_labels,
    notices,
    open_overview,
    params,
    result_text,
    run_app,
    select_in_chart,
)


def tiny(*rows: tuple[tuple[str, ...], str, int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sectors": [r[0] for r in rows],
            "prefecture_code": [r[1] for r in rows],
            "round": [r[2] for r in rows],
        }
    )


def test_a_project_of_two_sectors_is_counted_in_each():
    table = tiny((("food", "crafts"), "27", 1), (("food",), "27", 2), (("food",), "26", 2))
    counts = sector_prefecture_counts(table)
    assert counts.to_dict("records") == [
        {"sectors": "crafts", "prefectures": "27", "count": 1},
        {"sectors": "food", "prefectures": "26", "count": 1},
        {"sectors": "food", "prefectures": "27", "count": 2},
    ]
    assert multi_sector(table) == 1
    assert round_counts(table).to_dict("records") == [
        {"rounds": 1, "count": 1},
        {"rounds": 2, "count": 2},
    ]


def test_a_sector_named_twice_counts_once():
    table = tiny((("food", "food"), "27", 1))
    assert sector_prefecture_counts(table)["count"].tolist() == [1]
    assert multi_sector(table) == 0


@pytest.mark.parametrize("aggregate", [sector_prefecture_counts, round_counts])
def test_no_projects_no_rows(aggregate):
    assert aggregate(tiny()).empty


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_the_counts_add_up_for_any_filter(table, dataset, data):
    pick = lambda values: frozenset(data.draw(st.sets(st.sampled_from(sorted(values)))))  # noqa: E731
    filters = Filters(
        sectors=pick(s.slug for s in dataset.sectors),
        prefectures=pick(set(table["prefecture_code"])),
        rounds=pick(r.number for r in dataset.rounds),
    )
    shown = filter_projects(table, filters)
    matrix = sector_prefecture_counts(shown)
    assert matrix["count"].sum() == len(shown) + sum(len(set(s)) - 1 for s in shown["sectors"])
    assert (matrix["count"].sum() > len(shown)) == (multi_sector(shown) > 0)
    assert round_counts(shown)["count"].sum() == len(shown)
    if filters.prefectures:
        assert set(matrix["prefectures"]) <= filters.prefectures


# --- the charts in the app (AppTest): a click filters through the same state and URL ---


@pytest.fixture
def app(app_env):
    return open_overview(run_app())


def test_the_overview_is_computed_only_when_open(app_env):
    closed = run_app()
    assert not closed.get("vega_lite_chart") and not closed.table
    opened = open_overview(closed)
    assert len(opened.get("vega_lite_chart")) == 2 and not opened.table
    tables = open_overview(opened, tab="数値の表")
    assert len(tables.table) == 2 and not tables.get("vega_lite_chart")


def test_a_matrix_cell_filters_by_its_sector_and_prefecture_and_a_second_click_clears(app):
    grid = open_overview(app, tab="数値の表").table[0].value  # the matrix's numbers
    (medical,) = [label for label in grid.index if label.startswith("医療")]
    cell = int(grid.loc[medical, "大阪府"])
    at = select_in_chart(
        open_overview(app, tab="グラフ"),
        "matrix",
        "cell",
        {"sectors": "medical", "prefectures": "27"},
    )
    assert not at.exception
    assert chosen(at, "sectors") == ["medical"]
    assert chosen(at, "prefectures") == ["27"]
    assert params(at)["sector"] == "medical" and params(at)["pref"] == "27"
    shown = int(result_text(at).split("/")[0].strip("* "))
    assert shown == cell == 4  # 医療 in 大阪府
    at = select_in_chart(at, "matrix", "cell", {"sectors": "medical", "prefectures": "27"})
    assert chosen(at, "sectors") == [] and chosen(at, "prefectures") == []
    assert "sector" not in params(at) and "pref" not in params(at)
    assert result_text(at).startswith("**23 / 23")


def test_a_round_bar_filters_by_its_round(app):
    at = select_in_chart(app, "rounds", "bar", {"rounds": 2})
    assert chosen(at, "rounds") == [2]
    assert params(at)["round"] == "2"
    table = open_overview(at, tab="数値の表").table[-1].value  # the bars' numbers
    assert table.iloc[:-1, 0].tolist() == [int(table.iloc[-1, 0])]


@pytest.mark.parametrize(
    "point", [{"sectors": "no-such"}, {"rounds": "2"}, {"rounds": 1.5}, {"other": "x"}, {}]
)
def test_a_strange_selection_is_ignored_or_named(app, point):
    at = select_in_chart(app, "matrix", "cell", point)
    assert not at.exception
    assert chosen(at, "rounds") == []
    if point.get("sectors"):  # an unknown value: dropped with a notice, as from a link
        assert "no\\-such" in notices(at)  # Markdown-escaped
    assert chosen(at, "sectors") == []


def test_the_matrix_numbers_add_up_to_the_result_with_each_extra_sector_said(app):
    table = open_overview(app, tab="数値の表").table[0].value
    total = int(table.iloc[-1].sum())
    captions = " ".join(c.value for c in app.caption)
    assert "23件" in captions
    assert f"マスの合計は{total}です" in captions


# --- the rounds: one group of checkboxes (no second input for the same value), with counts ---


def test_the_rounds_are_one_input_with_counts(app_env):
    at = run_app()
    assert list(facet_labels(at, "rounds").values())[0] == "第1弾（2016年10月24日）（5）"
    assert not [s for s in at.select_slider]  # the range slider was a second input for rounds
    at = choose(at, "rounds", [2, 3])
    assert chosen(at, "rounds") == [2, 3]
    assert params(at)["round"] == "2,3"
    assert result_text(at).startswith("**11 / 23")
    at = choose(at, "rounds", [])
    assert chosen(at, "rounds") == [] and "round" not in params(at)
