"""The words of a printed sheet, in its language, all from the one catalog (``geo.words``):
title, the filters in words, legend, list entries and attribution."""

from __future__ import annotations

import functools
from dataclasses import dataclass

import pandas as pd

from geo.colours import project_colour
from geo.dataset import Dataset
from geo.output.printing.print_view import PrintView
from geo.table.choropleth import CountClasses, classify_counts, municipality_counts, prefecture_wide
from geo.words import attribution_lines, t, text
from geo.words.facet_text import filters_in_words


@dataclass(frozen=True)
class Entry:
    project_id: str
    no: int
    name: str
    detail: str  # lead and areas


class Sheet:
    """The words of the document, in its language."""

    def __init__(self, dataset: Dataset, view: PrintView, shown: pd.DataFrame, total: int):
        self.dataset, self.view, self.shown, self.total = dataset, view, shown, total
        self.language = view.language
        self.with_boundaries = True
        self.entries = [
            Entry(row["id"], int(row["no"]), text(row, "name", self.language), self._detail(row))
            for row in shown.to_dict("records")
        ]

    def word(self, key: str, **values: object) -> str:
        """The catalog's word ``key`` in the sheet's language."""
        return t(key, self.language, **values)

    def title(self) -> str:
        return self.dataset.title.get(self.language)

    def subtitle(self) -> str:
        """The filters in words: 「分野: 医療… / 府県: 大阪府 — 4 / 23 件」."""
        parts = filters_in_words(self.view.filters, self.dataset, self.language)
        count = self.word("result_count", shown=len(self.shown), total=self.total)
        return f"{' / '.join(parts) or self.word('print_all')} — {count}"

    @functools.cached_property
    def counts(self) -> tuple[dict[str, int], CountClasses | None]:
        """The count colouring: each municipality's count and their classes."""
        counts = municipality_counts(self.shown)
        return counts, classify_counts(list(counts.values()))

    def legend(self) -> tuple[str, list[tuple[str, str]]]:
        """The legend's title and (colour, label) items: the app's legend words."""
        dataset, language = self.dataset, self.language
        if self.view.colour_by == "count":
            _, classes = self.counts
            wide = prefecture_wide(self.shown)
            title = (
                self.word("print_legend_count_wide", count=wide)
                if wide
                else self.word("legend_count_municipality")
            )
            if classes is None:
                return title, []
            return title, [
                (
                    colour,
                    self.word("count_class", lower=lower)
                    if lower == upper
                    else self.word("count_class_range", lower=lower, upper=upper),
                )
                for lower, upper, colour in zip(
                    classes.lower, classes.upper, classes.colours, strict=True
                )
            ]
        if self.view.colour_by == "round" and dataset.rounds:
            return dataset.round_name.get(language), [
                (r.colour, r.label.get(language)) for r in dataset.rounds
            ]
        if self.view.colour_by == "sector" and dataset.sectors:
            return self.word("legend_sector"), [
                (s.colour, s.label.get(language)) for s in dataset.sectors
            ]
        return "", []

    def colour(self, row) -> str:
        return project_colour(
            self.dataset,
            self.view.colour_by,
            primary_sector=row.primary_sector,
            round_no=row.round,
        )

    def attribution(self, as_of: str | None) -> list[str]:
        """The app's attribution lines: the dataset's source and, with boundaries, N03's."""
        return attribution_lines(self.dataset, as_of, self.with_boundaries, self.language)

    def _detail(self, row: dict) -> str:
        lead = text(row, "lead", self.language)
        area = text(row, "area", self.language)
        if lead and lead in area.split("・") + area.split(", "):
            return area  # the lead is one of the areas: name it once
        return " · ".join(p for p in (lead, area) if p)
