"""Filtering the project table: facets (sector, prefecture, round) and a folded keyword search."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace

import pandas as pd

# Katakana ァ (U+30A1) … ヶ (U+30F6) map to hiragana by a fixed offset.
_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
SEARCH_COLUMNS: tuple[str, ...] = (
    "name_ja",
    "name_en",
    "summary_ja",
    "summary_en",
    "lead",
    "lead_en",
    "area_label",
    "area_label_en",
    "applicant",
)


@dataclass(frozen=True)
class Filters:
    """What the sidebar selects; empty facets mean "all"."""

    sectors: frozenset[str] = field(default_factory=frozenset)
    prefectures: frozenset[str] = field(default_factory=frozenset)
    rounds: frozenset[int] = field(default_factory=frozenset)
    keyword: str = ""

    @property
    def active(self) -> bool:
        return bool(self.sectors or self.prefectures or self.rounds or self.keyword.strip())


def fold_text(text: str) -> str:
    """Normalise for matching: NFKC (full-width → ASCII), casefold, katakana → hiragana.

    So 「ＩＰＳ」 finds 「iPS」 and 「カバン」 finds 「かばん」.
    """
    return unicodedata.normalize("NFKC", text).casefold().translate(_KATAKANA_TO_HIRAGANA)


def search_text(projects: pd.DataFrame) -> pd.Series:
    """One folded string per project over every searchable column (computed once)."""
    present = [c for c in SEARCH_COLUMNS if c in projects.columns]
    columns = [projects[c].fillna("").astype(str).tolist() for c in present]
    joined = ["\n".join(cells) for cells in zip(*columns, strict=True)]
    return pd.Series([fold_text(text) for text in joined], index=projects.index, dtype=object)


def filter_projects(projects: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Projects matching every active facet (any of its values) and every keyword term."""
    return projects[_mask(projects, filters)]


def facet_counts(projects: pd.DataFrame, filters: Filters, facet: str) -> dict:
    """For each value of ``facet``, how many projects match it under the *other* filters."""
    others = replace(filters, **{facet: frozenset()})
    column = {"sectors": "sectors", "prefectures": "prefecture_code", "rounds": "round"}[facet]
    values = projects[column][_mask(projects, others)]  # one column, not the whole table
    if facet == "sectors":
        return pd.Series([s for sectors in values for s in sectors]).value_counts().to_dict()
    return values.value_counts().to_dict()


def _mask(projects: pd.DataFrame, filters: Filters) -> pd.Series:
    mask = pd.Series(True, index=projects.index)
    if filters.sectors:
        mask &= projects["sectors"].map(lambda s: not filters.sectors.isdisjoint(s))
    if filters.prefectures:
        mask &= projects["prefecture_code"].isin(filters.prefectures)
    if filters.rounds:
        mask &= projects["round"].isin(filters.rounds)
    terms = fold_text(filters.keyword).split()
    if terms:
        haystack = projects["search_text"] if "search_text" in projects else search_text(projects)
        for term in terms:
            mask &= haystack.str.contains(term, regex=False)
    return mask
