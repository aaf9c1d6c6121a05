"""The count colouring (``geo.table.choropleth`` and the layer built from it): what is counted where,
and classes that hold every count exactly once."""

from __future__ import annotations

import mapclassify
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from components.map.areas import count_levels
from components.map.base_map import legend_html
from geo.table.choropleth import (
    CLASS_COLOURS,
    classify_counts,
    municipality_counts,
    prefecture_counts,
    prefecture_wide,
)


def tiny(*rows: tuple[str, ...]) -> pd.DataFrame:
    """Projects naming these area codes (the first code's prefecture is theirs)."""
    return pd.DataFrame(
        {
            "area_codes": [codes for codes in rows],
            "prefecture_code": [codes[0][:2] for codes in rows],
        }
    )


def test_what_is_counted_where():
    table = tiny(("27100", "27205"), ("27100",), ("26",), ("26100", "26100"))
    assert municipality_counts(table) == {"27100": 2, "27205": 1, "26100": 1}
    assert prefecture_counts(table) == {"27": 2, "26": 2}
    assert prefecture_wide(table) == 1


@pytest.mark.parametrize(
    ("counts", "upper"),
    [([1, 1, 1], (1,)), ([3, 1, 2, 1], (1, 2, 3)), ([1, 2, 3, 4, 9], (1, 2, 3, 4, 9))],
)
def test_few_distinct_counts_are_each_their_own_class(counts, upper):
    classes = classify_counts(counts)
    assert classes.method == "each" and classes.upper == upper and classes.lower == upper
    if len(upper) > 1:  # the lightest and the darkest, whatever the number of classes
        assert classes.colours[0] == CLASS_COLOURS[0] and classes.colours[-1] == CLASS_COLOURS[-1]


def test_no_counts_no_classes():
    assert classify_counts([]) is None


@pytest.mark.filterwarnings("ignore:Not enough unique values")
def test_the_better_fitting_of_natural_breaks_and_quantiles_is_chosen():
    counts = list(np.random.default_rng(3).zipf(1.8, 400).clip(max=300))
    classes = classify_counts(counts)
    assert classes.method in ("natural_breaks", "quantiles")
    chosen = mapclassify.UserDefined(np.array(counts), bins=list(classes.upper)).adcm
    quantiles = mapclassify.Quantiles(np.array(counts), k=5)
    assert chosen <= mapclassify.UserDefined(np.array(counts), bins=list(quantiles.bins)).adcm


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=500), min_size=1, max_size=300))
def test_every_count_falls_in_exactly_one_class(counts):
    classes = classify_counts(counts)
    assert 1 <= len(classes.upper) <= len(CLASS_COLOURS)
    assert classes.lower[0] == min(counts) and classes.upper[-1] == max(counts)
    for k in range(len(classes.upper)):
        assert classes.lower[k] <= classes.upper[k]
        if classes.method == "each":
            assert classes.lower[k] == classes.upper[k]
        elif k:
            assert classes.lower[k] == classes.upper[k - 1] + 1  # contiguous, no overlap
    assert len(set(classes.colours)) == len(classes.colours)
    for count in counts:
        (k,) = [
            k for k in range(len(classes.upper)) if classes.lower[k] <= count <= classes.upper[k]
        ]
        assert classes.colour_of(count) == classes.colours[k]


# --- the map's layer under the count colouring (the Kansai table) ---


def test_the_count_layer_has_both_levels_with_their_legends(table, dataset):
    levels = count_levels(table, "ja")["levels"]
    prefectures = levels["prefecture"]["areas"]
    assert set(prefectures) == set(table["prefecture_code"])
    assert sum(int(a["tooltip"].split("件")[0].split(">")[-1]) for a in prefectures.values()) == 23
    municipalities = levels["municipality"]["areas"]
    assert municipalities and all(len(code) == 5 for code in municipalities)
    wide = prefecture_wide(table)
    assert wide > 0
    assert f"府県全域のプロジェクト{wide}件を含みます" in levels["prefecture"]["legend_html"]
    assert (
        f"府県全域のプロジェクト{wide}件は市町村には数えません"
        in levels["municipality"]["legend_html"]
    )
    assert "件数" in legend_html("count", dataset, "ja")


def test_a_count_legend_escapes_nothing_it_does_not_own(table):
    html = count_levels(table, "en")["levels"]["prefecture"]["legend_html"]
    assert "Projects per prefecture" in html and "<script" not in html
