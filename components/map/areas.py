"""The count colouring's two levels with their classed legends: one entry per area code
(colour, tooltip, click). The other colourings' areas are drawn by the browser from the
marker catalog (``leaflet/layer.js``), with the two numbers below."""

from __future__ import annotations

import html
from collections.abc import Mapping

import pandas as pd

from components.map.events import click_feature, position_click
from components.map.popups import tooltip_html
from geo.table.choropleth import CountClasses, classify_counts, prefecture_wide
from geo.words import t

# The count colouring shows prefectures below this zoom and municipalities from it.
COUNT_ZOOM = 9

# An area's tooltip names this many projects, then counts the rest; its click reports at most
# AREA_CLICK_MAX (the detail panel offers them as a choice).
AREA_LISTED = 10
AREA_CLICK_MAX = 20


def count_levels(
    projects: pd.DataFrame, language: str, *, positions: Mapping[str, int] | None = None
) -> dict:
    """The count colouring: for prefectures (all shown projects) and municipalities (those
    naming them), each area's colour by its count's class, and each level's legend."""
    ordered = projects
    groupings = {
        "prefecture": [[code] for code in ordered["prefecture_code"]],
        "municipality": [[c for c in codes if len(c) == 5] for codes in ordered["area_codes"]],
    }
    wide = prefecture_wide(projects)
    levels = {}
    for level, codes in groupings.items():
        areas = _AreaIndex(projects, codes)
        classes = classify_counts([len(p) for p in areas.by_code.values()])

        def colour(positions: list[int], classes=classes) -> str:
            return classes.colour_of(len(positions))

        entries = areas.entries(colour, language, counted=True, positions=positions)
        for entry in entries.values():
            entry.update(level=level, fill_opacity=0.75, border="#444")
        levels[level] = {
            "areas": entries,
            "legend_html": count_legend_html(classes, level, wide, language),
        }
    return {"zoom": COUNT_ZOOM, "levels": levels}


def count_legend_html(
    classes: CountClasses | None, level: str, prefecture_wide: int, language: str
) -> str:
    title = t(f"legend_count_{level}", language)
    rows = ""
    if classes is not None:
        for lower, upper, colour in zip(classes.lower, classes.upper, classes.colours, strict=True):
            label = (
                t("count_class", language, lower=lower)
                if lower == upper
                else t("count_class_range", language, lower=lower, upper=upper)
            )
            rows += f'<div><i style="background:{colour}"></i>{html.escape(label)}</div>'
        rows += (
            f'<div class="note">{html.escape(t(f"count_method_{classes.method}", language))}</div>'
        )
    if prefecture_wide:
        note = t(f"count_prefecture_wide_{level}", language, count=prefecture_wide)
        rows += f'<div class="note">{html.escape(note)}</div>'
    return f'<div class="title">{html.escape(title)}</div>{rows}'


class _AreaIndex:
    """The shown projects in number order, and for each area code the positions of those
    naming it: what an area's entry (colour, tooltip, click) is built from."""

    def __init__(self, projects: pd.DataFrame, codes: list[list[str]]) -> None:
        self._ordered = projects
        self._columns: dict[str, list] = {}
        self.by_code: dict[str, list[int]] = {}
        for k, row_codes in enumerate(codes):
            for code in row_codes:
                self.by_code.setdefault(code, []).append(k)

    def column(self, name: str) -> list:
        if name not in self._columns:
            self._columns[name] = self._ordered[name].tolist()
        return self._columns[name]

    def entries(
        self,
        colour,
        language: str,
        *,
        counted: bool = False,
        positions: Mapping[str, int] | None = None,
    ) -> dict[str, dict]:
        ids = self.column("id")
        rows = [self.column(c) for c in ("no", "name_ja", "name_en")]

        def row(k: int) -> dict:  # what a tooltip line reads (built for the listed few only)
            return {
                c: values[k] for c, values in zip(("no", "name_ja", "name_en"), rows, strict=True)
            }

        entries = {}
        for code, listed in self.by_code.items():
            tooltip = tooltip_html([row(k) for k in listed[:AREA_LISTED]], language)
            if len(listed) > AREA_LISTED:
                tooltip += html.escape(t("and_more", language, count=len(listed) - AREA_LISTED))
            if counted:
                heading = html.escape(t("count_tooltip", language, count=len(listed)))
                tooltip = f"<strong>{heading}</strong><br>{tooltip}"
            entries[code] = {
                "colour": colour(listed),
                "level": "prefecture" if len(code) == 2 else "municipality",
                "tooltip": tooltip,
                "click": _click([ids[k] for k in listed[:AREA_CLICK_MAX]], positions),
            }
        return entries


def _click(project_ids: list[str], positions: Mapping[str, int] | None) -> dict:
    """An area's click: its projects by id, or by catalog position when the layer clusters
    (thousands of rows: a number is shorter than an id, and the browser holds the catalog)."""
    if positions is None:
        return click_feature(project_ids)
    return position_click([positions[pid] for pid in project_ids])
