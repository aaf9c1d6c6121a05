"""The filters in words: a facet's title and an option's name in the reader's language, for
the app's filters and the printed map's subtitle alike."""

from __future__ import annotations

from geo.dataset import Dataset
from geo.schema import PREFECTURE_BY_CODE, PREFECTURE_SUFFIXES
from geo.words.project_text import round_label
from geo.words.strings import t


def facet_title(facet: str, dataset: Dataset, language: str) -> str:
    """「分野」, 「府県」, or the dataset's name for its rounds (「登録回」, "Year" …)."""
    if facet == "rounds":
        return dataset.round_name.get(language)
    return t({"sectors": "sector", "prefectures": "prefecture"}[facet], language)


def facet_label(facet: str, value, dataset: Dataset, language: str, *, dated: bool = True) -> str:
    """An option's name in the reader's language; a round with its date unless not ``dated``
    (a short label where space is tight)."""
    if facet == "sectors":
        return dataset.sector_by_slug[value].label.get(language)
    if facet == "prefectures":
        return getattr(PREFECTURE_BY_CODE[value], language)
    round_ = dataset.round_by_number[value]
    return round_label(round_, language) if dated else round_.label.get(language)


def prefecture_short_name(code: str, language: str) -> str:
    """A prefecture's name where columns are narrow: 「大阪」 for 大阪府 (Japanese only)."""
    name = getattr(PREFECTURE_BY_CODE[code], language)
    return name[:-1] if language == "ja" and name[-1:] in PREFECTURE_SUFFIXES else name
