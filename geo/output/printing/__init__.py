"""The printable map: one page (PDF, SVG or PNG) of a view — title, the filters in words, the
map with numbered markers, legend, the numbered list, attribution, the view's link and QR code.

Rendered with geopandas and matplotlib from the app's own boundaries and projects: no browser,
no tiles, so it works offline and the same view prints the same document. Every text is drawn
with ``parse_math=False`` and TeX off: a name holding ``$x$`` or ``\\n`` prints as written.
Long lists continue in columns, then (PDF) on further pages. Every word comes from the app's
catalog (``geo.words``).

Modules: ``print_view`` (what is asked), ``sheet`` (its words), ``text_fit`` (measuring),
``pages`` and ``list_layout`` (layout), ``map_drawing`` (the map), ``backend`` (matplotlib).
"""

from __future__ import annotations

from datetime import date

import geopandas as gpd
import pandas as pd

from geo.dataset import Dataset
from geo.output.printing.backend import pyplot, save
from geo.output.printing.map_drawing import NUMBERED_MAX, declutter
from geo.output.printing.pages import first_page, footer, list_page
from geo.output.printing.print_view import (
    FORMATS,
    PAPERS,
    PRINT_MAX_PROJECTS,
    PrintError,
    PrintView,
)
from geo.output.printing.sheet import Sheet
from geo.output.printing.text_fit import wrap
from geo.table.filters import filter_projects

__all__ = [
    "FORMATS",
    "NUMBERED_MAX",
    "PAPERS",
    "PRINT_MAX_PROJECTS",
    "PrintError",
    "PrintView",
    "declutter",
    "print_map",
    "wrap",
]


def print_map(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    municipalities: gpd.GeoDataFrame | None,
    prefectures: gpd.GeoDataFrame | None,
    view: PrintView,
    paper: str = "a4-landscape",
    fmt: str = "pdf",
    as_of: str | None = None,
    printed_on: date | None = None,
) -> bytes:
    """The document of ``view`` over ``projects`` (``geo.table.prepare.prepare``'s whole table).

    Parameters
    ----------
    projects
        Every project of the dataset; the view's filters choose the shown ones.
    dataset
        Title, vocabularies, attribution.
    municipalities, prefectures
        Built boundaries; None prints the markers on a blank map.
    view
        Filters, colouring, language and the link printed with its QR code.
    paper, fmt
        A key of ``PAPERS``; "pdf", "svg" or "png" (300 dpi).
    as_of, printed_on
        The boundaries' date (attribution) and the printing date (default: today).

    Raises PrintError for an unknown paper or format, or when the CJK font is missing.
    """
    if paper not in PAPERS:
        raise PrintError(f"unknown paper '{paper}' (papers: {', '.join(PAPERS)})")
    if fmt not in FORMATS:
        raise PrintError(f"unknown format '{fmt}' (formats: {', '.join(FORMATS)})")
    pyplot()  # the font and rcParams, once per process
    shown = filter_projects(projects, view.filters)
    if len(shown) > PRINT_MAX_PROJECTS:
        raise PrintError(
            f"{len(shown):,} projects are shown; a print holds at most {PRINT_MAX_PROJECTS:,}: "
            "narrow the view with the filters (the CSV export lists them all)"
        )
    sheet = Sheet(dataset, view, shown, total=len(projects))
    sheet.with_boundaries = municipalities is not None and prefectures is not None
    width, height = PAPERS[paper]
    figures = [
        first_page(sheet, municipalities, prefectures, (width, height), one_page=fmt != "pdf")
    ]
    rest = sheet.entries[figures[0].listed :]
    if fmt == "pdf":
        while rest:
            figure = list_page(sheet, rest, (width, height))
            rest = rest[figure.listed :]
            figures.append(figure)
    for number, figure in enumerate(figures, start=1):
        footer(figure, sheet, as_of, printed_on or date.today(), number, len(figures))
    return save([f.figure for f in figures], fmt)


# --- text ---
