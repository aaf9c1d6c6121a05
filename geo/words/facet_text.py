"""The filters in words: a facet's title and an option's name in the reader's language, for
the app's filters and the printed map's subtitle alike."""

from __future__ import annotations

from geo.dataset import Dataset
from geo.fields import REGISTRY
from geo.schema import PREFECTURE_BY_CODE, PREFECTURE_SUFFIXES
from geo.table.filters import Filters
from geo.words.project_text import round_label
from geo.words.strings import CATALOG, t


def facet_title(facet: str, dataset: Dataset, language: str) -> str:
    """The facet's word (「分野」, 「府県」), or the dataset's own name for a facet without one
    (its rounds: 「登録回」, "Year" …)."""
    word = REGISTRY[facet].word
    return t(word, language) if word else dataset.round_name.get(language)


def facet_label(facet: str, value, dataset: Dataset, language: str, *, dated: bool = True) -> str:
    """An option's name in the reader's language; a round with its date unless not ``dated``
    (a short label where space is tight). A facet the dataset does not name takes its option
    words from the catalog (``<word>_<value>``), else the value itself."""
    if facet == "sectors":
        return dataset.sector_by_slug[value].label.get(language)
    if facet == "prefectures":
        return getattr(PREFECTURE_BY_CODE[value], language)
    if facet == "rounds":
        round_ = dataset.round_by_number[value]
        return round_label(round_, language) if dated else round_.label.get(language)
    key = f"{REGISTRY[facet].word}_{value}"
    return t(key, language) if key in CATALOG[language] else str(value)


def filters_in_words(filters: Filters, dataset: Dataset, language: str) -> list[str]:
    """Each active filter in words, in the registry's order: 「分野: 医療…・環境…」, 「キーワー
    ド: 「かばん」」. The values in the order the dataset offers them; one it does not offer is
    left out. What the printed map's subtitle and a phone's filter line say."""
    parts = []
    for field in REGISTRY.facets:
        chosen = filters.chosen(field.name)
        values = [v for v in field.values(dataset) if v in chosen] if chosen else []
        if values:
            names = "・".join(
                facet_label(field.name, v, dataset, language, dated=False) for v in values
            )
            parts.append(f"{facet_title(field.name, dataset, language)}: {names}")
    if filters.keyword.strip():
        parts.append(f"{t('keyword', language)}: 「{filters.keyword.strip()}」")
    return parts


def prefecture_short_name(code: str, language: str) -> str:
    """A prefecture's name where columns are narrow: 「大阪」 for 大阪府 (Japanese only)."""
    name = getattr(PREFECTURE_BY_CODE[code], language)
    return name[:-1] if language == "ja" and name[-1:] in PREFECTURE_SUFFIXES else name
