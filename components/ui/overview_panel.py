"""The overview below the list, beside the map: how many of the shown projects fall in each
sector × prefecture and in each round, as charts that filter when clicked (a second click
clears), each with a title, a sentence saying what it shows and its numbers as a table
(WCAG 1.1.1).

Vega-Lite specs written here and drawn by ``st.vega_lite_chart`` (Streamlit's own chart stack):
only the aggregates of ``geo.table.aggregates`` travel, never rows, and no Altair schema validation
runs on each rerun.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from components.i18n import md_escape
from components.state.chart_picks import chart_widget
from geo.dataset import Dataset
from geo.schema import PREFECTURE_SUFFIXES
from geo.table.aggregates import multi_sector, round_counts, sector_prefecture_counts
from geo.table.filters import Filters
from geo.words import round_label, t
from geo.words.facet_text import facet_label

OVERVIEW_KEY = "overview"
# Axis labels without the prefecture suffix (as ``prefecture_short_name``): the cells keep the
# full names. Written as \\uXXXX escapes: Vega's expression is ASCII.
_SUFFIXES = "".join(f"\\u{ord(c):04x}" for c in PREFECTURE_SUFFIXES)
_SHORT_PREFECTURE = f"replace(datum.label, /[{_SUFFIXES}]$/, '')"
FACET_FIELDS = ("sectors", "prefectures")  # the data's columns a cell click filters by
_LABELS = ("sector", "prefecture", "round")  # the data's label columns (rows, columns, bars)

# Sequential, colour-blind safe: the light half of ColorBrewer Blues, from 0 to the largest
# count, so that the black numbers in the cells keep 8:1 or more on every cell.
_CELL_COLOURS = ["#eff3ff", "#6baed6"]
# Black axis text (Vega and the theme default to greys below 4.5:1 on white).
_FONT = {"labelFontSize": 12, "titleFontSize": 13, "labelColor": "#000", "titleColor": "#000"}


@dataclass(frozen=True)
class OverviewChart:
    """One chart of the overview: what the page shows of it, built without Streamlit."""

    name: str  # its widget's name
    param: str  # its point selection: a click's fields are filter facets
    title: str
    description: str  # what it shows, in one or two sentences (also the chart's own)
    data: pd.DataFrame  # the aggregates it draws (empty: nothing shown)
    spec: dict  # Vega-Lite
    rows: tuple[str, ...]  # its numbers as a table (its text alternative): row labels,
    columns: tuple[str, ...] = ()  # column labels (none: one column of counts)


def render_overview(
    filtered: pd.DataFrame, filters: Filters, dataset: Dataset, language: str
) -> None:
    """The overview, collapsed until opened; only what is open is computed and sent (an
    expander and tabs that report their state)."""
    round_name = md_escape(dataset.round_name.get(language))  # labels render Markdown
    overview = st.expander(
        t("overview", language, round_name=round_name), key=OVERVIEW_KEY, on_change="rerun"
    )
    if not overview.open:
        return
    with overview:
        for chart in overview_charts(filtered, dataset, language):
            _render(chart, filters, language)


def overview_charts(filtered: pd.DataFrame, dataset: Dataset, language: str) -> list[OverviewChart]:
    """The dataset's charts: the sector × prefecture matrix and the bars by round (each
    when the dataset has that vocabulary)."""
    charts = []
    if dataset.sectors:
        charts.append(matrix_chart(filtered, dataset, language))
    if dataset.rounds:
        charts.append(rounds_chart(filtered, dataset, language))
    return charts


def matrix_chart(filtered: pd.DataFrame, dataset: Dataset, language: str) -> OverviewChart:
    counts = sector_prefecture_counts(filtered)
    sectors = {s.slug: s.label.get(language) for s in dataset.sectors}
    codes = sorted(set(counts["prefectures"]))
    names = {c: facet_label("prefectures", c, dataset, language) for c in codes}
    counts["sector"] = counts["sectors"].map(sectors)
    counts["prefecture"] = counts["prefectures"].map(names)
    description = t("overview_matrix_description", language, shown=len(filtered))
    if extra := multi_sector(filtered):
        total = int(counts["count"].sum())
        description += " " + t("overview_multi_sector", language, count=extra, total=total)
    top = int(counts["count"].max()) if len(counts) else 1
    spec = {
        "description": description,
        "height": {"step": 26},
        "width": "container",
        "encoding": {
            "x": _axis(
                "prefecture",
                list(names.values()),
                orient="top",
                labelAngle=-40,
                labelExpr=_SHORT_PREFECTURE,
            ),
            "y": _axis("sector", list(sectors.values()), labelLimit=150),
        },
        "layer": [
            {
                "params": [_selection("cell", FACET_FIELDS)],
                "mark": {"type": "rect", "cursor": "pointer", "stroke": "#fff"},
                "encoding": {
                    "color": {
                        "field": "count",
                        "type": "quantitative",
                        "scale": {"range": _CELL_COLOURS, "domain": [0, top]},
                        "legend": None,  # the numbers are written in the cells
                    }
                },
            },
            {
                "mark": {"type": "text", "fontSize": 12, "color": "#000"},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }
    return OverviewChart(
        name="matrix",
        param="cell",
        title=t("overview_matrix_title", language),
        description=description,
        data=counts[[*FACET_FIELDS, "sector", "prefecture", "count"]],
        spec=spec,
        rows=tuple(s for s in sectors.values() if s in set(counts["sector"])),
        columns=tuple(names.values()),
    )


def rounds_chart(filtered: pd.DataFrame, dataset: Dataset, language: str) -> OverviewChart:
    counts = round_counts(filtered)
    labels = {r.number: round_label(r, language) for r in dataset.rounds}
    counts["round"] = [labels.get(n, str(n)) for n in counts["rounds"]]
    round_name = dataset.round_name.get(language)
    description = t(
        "overview_rounds_description", language, shown=len(filtered), round_name=round_name
    )
    spec = {
        "description": description,
        "width": "container",
        "height": {"step": 26},
        "encoding": {
            "y": _axis("round", list(labels.values()), labelLimit=260),
            "x": {
                "field": "count",
                "type": "quantitative",
                "title": t("overview_count", language),
                "axis": {"tickMinStep": 1, **_FONT},
            },
        },
        "layer": [
            {
                "params": [_selection("bar", ("rounds",))],
                "mark": {"type": "bar", "cursor": "pointer", "color": "#6baed6"},
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 12, "color": "#000"},
                "encoding": {"text": {"field": "count", "type": "quantitative"}},
            },
        ],
    }
    return OverviewChart(
        name="rounds",
        param="bar",
        title=t("overview_rounds_title", language, round_name=round_name),
        description=description,
        data=counts[["rounds", "round", "count"]],
        spec=spec,
        rows=tuple(counts["round"]),
    )


def _render(chart: OverviewChart, filters: Filters, language: str) -> None:
    """Title, description, then the chart or its numbers (tabs), each only when shown."""
    st.markdown(f"#### {md_escape(chart.title)}")
    st.caption(md_escape(chart.description))
    if chart.data.empty:
        return
    drawing, table = st.tabs(
        [t("overview_chart", language), t("overview_table", language)],
        key=f"{OVERVIEW_KEY}_{chart.name}_view",
        on_change="rerun",
    )
    if drawing.open:
        drawing.vega_lite_chart(
            chart.data,
            chart.spec,
            width="stretch",
            **chart_widget(chart.name, chart.param, filters),
        )
    if table.open:
        table.table(numbers_table(chart, language))


def numbers_table(chart: OverviewChart, language: str) -> pd.DataFrame:
    """The chart's numbers with a total row (built only when shown); st.table renders
    Markdown, so every label is escaped."""
    data = chart.data
    if chart.columns:  # a matrix: rows × columns
        pairs = zip(data[_LABELS[0]], data[_LABELS[1]], strict=True)
        cells = dict(zip(pairs, data["count"], strict=True))
        columns = [md_escape(c) for c in chart.columns]
        body = [[cells.get((r, c), 0) for c in chart.columns] for r in chart.rows]
    else:  # bars: one count per row
        cells = dict(zip(data[_LABELS[2]], data["count"], strict=True))
        columns = [t("overview_count", language)]
        body = [[cells.get(r, 0)] for r in chart.rows]
    total = [sum(column) for column in zip(*body, strict=True)]
    index = [md_escape(r) for r in chart.rows] + [t("overview_total", language)]
    return pd.DataFrame([*body, total], index=index, columns=columns, dtype=int)


def _selection(name: str, fields: tuple[str, ...]) -> dict:
    return {"name": name, "select": {"type": "point", "fields": list(fields)}}


def _axis(field: str, order: list[str], **axis) -> dict:
    return {
        "field": field,
        "type": "nominal",
        "sort": order,
        "title": None,
        "axis": {**axis, **_FONT},
    }
