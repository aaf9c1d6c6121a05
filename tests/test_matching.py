"""Municipality names and addresses → official codes, on tiny hand-made squares."""

from __future__ import annotations

import geopandas as gpd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import box

from geo.intake.matching import AreaIndex, check_digit, normalise
from geo.schema import PREFECTURE_BY_CODE

# code → name; the squares' places do not matter to matching.
TOWNS = {
    "27100": "大阪市",
    "27205": "吹田市",
    "27224": "摂津市",
    "27321": "豊能町",
    "27381": "太子町",
    "28464": "太子町",
    "18442": "美浜町",
    "30381": "美浜町",
    "26100": "京都市",
    "28209": "豊岡市",
    "29999": "龍ケ岡町",  # made up: a ケ name (Kansai has none)
}
MUNICIPALITIES = gpd.GeoDataFrame(
    {
        "code": list(TOWNS),
        "name": list(TOWNS.values()),
        "prefecture": [PREFECTURE_BY_CODE[c[:2]].ja for c in TOWNS],
    },
    geometry=[box(i, 0, i + 1, 1) for i in range(len(TOWNS))],
    crs="EPSG:4326",
)
INDEX = AreaIndex(MUNICIPALITIES)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("吹田市", ("27205",)),
        ("大阪府吹田市", ("27205",)),
        ("大阪府吹田市岸部新町6-1", ("27205",)),
        ("大阪府 吹田市 岸部新町６－１", ("27205",)),
        ("吹田市・摂津市", ("27205", "27224")),
        ("吹田市、摂津市", ("27205", "27224")),
        ("大阪府吹田市岸部新町6-1, 4F", ("27205",)),
        ("大阪市北区梅田1-1", ("27100",)),  # a designated city's ward → the city
        ("京都府京都市中京区", ("26100",)),
        ("大阪府豊能郡豊能町余野", ("27321",)),  # 郡 is not in N03's municipality names
        ("兵庫県揖保郡太子町", ("28464",)),
        ("大阪府太子町", ("27381",)),
        ("龍ヶ岡町", ("29999",)),
        ("龍ケ岡町", ("29999",)),
        ("ﾄﾖｵｶ", None),  # half-width kana is folded, but a reading is not a name
        ("27205", ("27205",)),
        ("272051", ("27205",)),  # 6-digit code with its check digit
        ("２７２０５", ("27205",)),
        ("大阪府", ("27",)),  # prefecture-wide
        ("27", ("27",)),
    ],
)
def test_names_addresses_and_codes_match(text, codes):
    found = INDEX.match(text)
    if codes is None:
        assert found.status == "unmatched"
    else:
        assert (found.status, found.codes) == ("matched", codes)


@pytest.mark.parametrize(
    ("text", "prefecture", "status", "reason"),
    [
        ("太子町", None, "ambiguous", "more than one prefecture"),
        ("美浜町", None, "ambiguous", "more than one prefecture"),
        ("太子町", "28", "matched", ""),
        ("吹田", None, "unmatched", "no municipality matches"),
        ("272050", None, "unmatched", "wrong check digit"),
        ("13101", None, "unmatched", "no mapped area has the code 13101"),
        ("大阪府吹田市", "28", "unmatched", "大阪府 in the area, 兵庫県 in the prefecture column"),
        ("吹田市", "28", "unmatched", "no municipality in 兵庫県 matches"),
        ("大阪府・吹田市", None, "unmatched", "mixes a prefecture-wide and a municipal area"),
        ("", None, "unmatched", "empty"),
    ],
)
def test_ambiguous_and_unmatched_say_why(text, prefecture, status, reason):
    found = INDEX.match(text, prefecture=prefecture)
    assert found.status == status and reason in str(found.reason)


def test_ambiguity_lists_both_candidates_and_is_never_guessed():
    found = INDEX.match("太子町")
    assert found.codes == ()
    assert found.candidates == ("太子町 (大阪府 27381)", "太子町 (兵庫県 28464)")


def test_unmatched_names_the_nearest_names():
    assert "吹田市" in INDEX.match("吹田").candidates


@pytest.mark.parametrize(
    ("code5", "digit"), [("01100", "2"), ("27100", "4"), ("13101", "6"), ("27205", "1")]
)
def test_check_digit(code5, digit):
    assert check_digit(code5) == digit


@pytest.mark.parametrize(
    ("text", "code"),
    [("大阪府", "27"), ("大阪", "27"), ("Osaka", "27"), ("28", "28"), ("東京都", None)],
)
def test_prefecture_column_values(text, code):
    assert INDEX.prefecture_code(text) == code


_WIDE = str.maketrans("0123456789-", "０１２３４５６７８９－")


@settings(max_examples=200, deadline=None)
@given(
    wide=st.booleans(),
    separator=st.sampled_from(["・", "、", ",", "，", ";", "；", "/", "／"]),
    spaces=st.sampled_from(["", " ", "\u3000"]),
    prefix=st.booleans(),
    number=st.integers(1, 99),
)
def test_any_width_and_separator_still_matches(wide, separator, spaces, prefix, number):
    address = f"{'大阪府' if prefix else ''}{spaces}吹田市{spaces}千里{number}-1"
    text = f"{address}{spaces}{separator}{spaces}摂津市"
    if wide:
        text = text.translate(_WIDE)
    assert INDEX.match(text).codes == ("27205", "27224"), text


def test_normalise_folds_width_space_and_small_ke():
    assert normalise("Ｏｓａｋａ　１ヶ") == "Osaka1ケ"
