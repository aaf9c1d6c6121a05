"""The printable map: one page (PDF, SVG or PNG) of a view — title, the filters in words, the
map with numbered markers, legend, the numbered list, attribution, the view's link and QR code.

Rendered with geopandas and matplotlib from the app's own boundaries and projects: no browser,
no tiles, so it works offline and the same view prints the same document. Every text is drawn
with ``parse_math=False`` and TeX off: a name holding ``$x$`` or ``\\n`` prints as written.
Long lists continue in columns, then (PDF) on further pages.
"""

from __future__ import annotations

import functools
import io
import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import segno

from geo.boundaries import METRIC_CRS, WGS84
from geo.choropleth import CountClasses, classify_counts, municipality_counts, prefecture_wide
from geo.colours import project_colour, text_colour
from geo.dataset import Dataset, Text
from geo.filters import Filters, filter_projects
from geo.overview import sector_prefecture_counts
from geo.schema import KANSAI_BBOX, N03_ATTRIBUTION, PREFECTURE_BY_CODE

PAPERS: dict[str, tuple[float, float]] = {  # inches (width, height)
    "a4-landscape": (11.69, 8.27),
    "a4-portrait": (8.27, 11.69),
    "a3-landscape": (16.54, 11.69),
    "a3-portrait": (11.69, 16.54),
}
FORMATS = ("pdf", "svg", "png")
PNG_DPI = 300
FONT_FAMILY = "Noto Sans CJK JP"
FONT_PACKAGE = "fonts-noto-cjk"
FONT_FILES = tuple(
    Path("/usr/share/fonts/opentype/noto") / f"NotoSansCJK-{w}.ttc" for w in ("Regular", "Bold")
)
MARKER_PT = 13.0  # marker box, points
MIN_COLUMN_PT = 125.0
NUMBERED_MAX = 300  # above this many shown projects the map shows dots, not numbers  # a list column narrower than this wraps names into too many lines
_MARGIN = 0.35  # inches around the page

# The document's own words (the app's interface strings live in components/i18n; this export,
# like the CSV's source line, is made by geo alone so that `python -m geo print` needs no UI).
LABELS: dict[str, dict[str, str]] = {
    "ja": {
        "sector": "分野",
        "prefecture": "府県",
        "keyword": "キーワード",
        "all": "すべてのプロジェクト",
        "count": "{shown} / {total} 件",
        "legend_sector": "分野（主分野で色分け）",
        "legend_count": "市町村ごとの件数",
        "legend_count_wide": "市町村ごとの件数（府県全域の{count}件は含まない）",
        "count_class": "{lower}件",
        "overview": "分野 × 府県の件数",
        "overview_note": "複数の分野をもつプロジェクトは分野ごとに数える（合計 {total}）",
        "count_class_range": "{lower}–{upper}件",
        "list": "プロジェクト一覧",
        "list_more": "プロジェクト一覧（続き）",
        "link": "この地図のリンク",
        "printed": "印刷日",
        "boundaries": "境界: {credit}（{as_of}時点）",
        "unknown": "時点不明",
        "page": "{page} / {pages} ページ",
        "list_cut": "ほか {count} 件は入りきりません。全件の一覧は PDF 版にあります。",
    },
    "en": {
        "sector": "Sector",
        "prefecture": "Prefecture",
        "keyword": "Keyword",
        "all": "All projects",
        "count": "{shown} / {total} projects",
        "legend_sector": "Sector (primary sector's colour)",
        "legend_count": "Projects per municipality",
        "legend_count_wide": "Projects per municipality ({count} prefecture-wide not counted)",
        "count_class": "{lower}",
        "overview": "Projects by sector and prefecture",
        "overview_note": "Projects of several sectors count in each (total {total})",
        "count_class_range": "{lower}–{upper}",
        "list": "Projects",
        "list_more": "Projects (continued)",
        "link": "Link of this map",
        "printed": "Printed",
        "boundaries": "Boundaries: {credit} (as of {as_of})",
        "unknown": "date unknown",
        "page": "page {page} of {pages}",
        "list_cut": "{count} more do not fit here; the PDF lists them all.",
    },
}


PREFECTURE_NAMES = {code: Text(p.ja, p.en) for code, p in PREFECTURE_BY_CODE.items()}


class PrintError(ValueError):
    """A print that cannot be made (a missing font, an unknown paper or format)."""


@dataclass(frozen=True)
class PrintView:
    """What to print: the view's filters, colouring and language, and its link."""

    filters: Filters = Filters()
    colour_by: str = "sector"
    language: str = "ja"
    link: str = ""
    overview: bool = False  # the sector × prefecture counts beside the legend


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
    """The document of ``view`` over ``projects`` (``geo.catalog.prepare``'s whole table).

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
    _pyplot()  # the font and rcParams, once per process
    shown = filter_projects(projects, view.filters).sort_values("no")
    sheet = _Sheet(dataset, view, shown, total=len(projects))
    sheet.with_boundaries = municipalities is not None and prefectures is not None
    width, height = PAPERS[paper]
    figures = [
        _first_page(sheet, municipalities, prefectures, (width, height), one_page=fmt != "pdf")
    ]
    rest = sheet.entries[figures[0].listed :]
    if fmt == "pdf":
        while rest:
            figure = _list_page(sheet, rest, (width, height))
            rest = rest[figure.listed :]
            figures.append(figure)
    for number, figure in enumerate(figures, start=1):
        _footer(figure, sheet, as_of, printed_on or date.today(), number, len(figures))
    return _save([f.figure for f in figures], fmt)


# --- text ---


@dataclass(frozen=True)
class _Entry:
    project_id: str
    no: int
    name: str
    detail: str  # lead and areas


class _Sheet:
    """The words of the document, in its language."""

    def __init__(self, dataset: Dataset, view: PrintView, shown: pd.DataFrame, total: int):
        self.dataset, self.view, self.shown, self.total = dataset, view, shown, total
        self.language = view.language
        self.with_boundaries = True
        self.words = LABELS[self.language]
        self.entries = [
            _Entry(row.id, int(row.no), _text(row, "name", self.language), self._detail(row))
            for row in shown.itertuples()
        ]

    def title(self) -> str:
        return self.dataset.title.get(self.language)

    def subtitle(self) -> str:
        """The filters in words: 「分野: 医療… / 府県: 大阪府 — 4 / 23 件」."""
        words, filters, language, dataset = (
            self.words,
            self.view.filters,
            self.language,
            self.dataset,
        )
        facets = (
            (
                words["sector"],
                filters.sectors,
                {k: s.label for k, s in dataset.sector_by_slug.items()},
            ),
            (words["prefecture"], filters.prefectures, PREFECTURE_NAMES),
            (
                dataset.round_name.get(language),
                filters.rounds,
                {k: r.label for k, r in dataset.round_by_number.items()},
            ),
        )
        parts = [
            f"{title}: {'・'.join(labels[v].get(language) for v in sorted(chosen) if v in labels)}"
            for title, chosen, labels in facets
            if chosen
        ]
        if filters.keyword.strip():
            parts.append(f"{words['keyword']}: 「{filters.keyword.strip()}」")
        count = words["count"].format(shown=len(self.shown), total=self.total)
        return f"{' / '.join(parts) or words['all']} — {count}"

    @functools.cached_property
    def counts(self) -> tuple[dict[str, int], CountClasses | None]:
        """The count colouring: each municipality's count and their classes."""
        counts = municipality_counts(self.shown)
        return counts, classify_counts(list(counts.values()))

    def legend(self) -> tuple[str, list[tuple[str, str]]]:
        dataset, language, words = self.dataset, self.language, self.words
        if self.view.colour_by == "count":
            _, classes = self.counts
            wide = prefecture_wide(self.shown)
            title = words["legend_count_wide"].format(count=wide) if wide else words["legend_count"]
            if classes is None:
                return title, []
            return title, [
                (
                    colour,
                    words["count_class"].format(lower=lower)
                    if lower == upper
                    else words["count_class_range"].format(lower=lower, upper=upper),
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
            return self.words["legend_sector"], [
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

    def attribution(self, as_of: str | None, with_boundaries: bool) -> list[str]:
        lines = [self.dataset.attribution.get(self.language)]
        if with_boundaries:
            when = as_of or self.words["unknown"]
            lines.append(self.words["boundaries"].format(credit=N03_ATTRIBUTION, as_of=when))
        return lines

    def _detail(self, row) -> str:
        lead = _text(row, "lead", self.language)
        area = _text(row, "area", self.language)
        if lead and lead in area.split("・") + area.split(", "):
            return area  # the lead is one of the areas: name it once
        return " · ".join(p for p in (lead, area) if p)


_TEXT_COLUMNS = {
    "name": ("name_ja", "name_en"),
    "lead": ("lead", "lead_en"),
    "area": ("area_label", "area_label_en"),
}


def _text(row, field: str, language: str) -> str:
    ja, en = (getattr(row, c, "") or "" for c in _TEXT_COLUMNS[field])
    return str(en if language == "en" and en else ja)


def text_width_em(text: str) -> float:
    """Width of ``text`` in ems: wide (CJK) characters 1, others about 0.55."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.55 for c in text)


def wrap(text: str, width_em: float, *, max_lines: int = 4) -> list[str]:
    """Lines of at most ``width_em``; the last of ``max_lines`` ends with "…" when cut."""
    lines, line, used = [], "", 0.0
    for char in text.replace("\n", " "):
        w = text_width_em(char)
        if used + w > width_em and line:
            lines.append(line)
            line, used = "", 0.0
            if len(lines) == max_lines:
                break
        line += char
        used += w
    else:
        if line:
            lines.append(line)
        return lines or [""]
    last = lines[-1]
    while last and text_width_em(last + "…") > width_em:
        last = last[:-1]
    return [*lines[:-1], last + "…"]


# --- pages ---


@dataclass
class _Page:
    figure: object
    listed: int  # how many list entries the page holds


def _first_page(sheet: _Sheet, municipalities, prefectures, size, *, one_page: bool) -> _Page:
    width, height = size
    from matplotlib.figure import Figure  # a figure pyplot does not keep

    figure = Figure(figsize=size)
    top = 1 - _MARGIN / height
    _draw_text(figure, _MARGIN / width, top, sheet.title(), size=15, weight="bold", va="top")
    _draw_text(figure, _MARGIN / width, top - 0.3 / height, sheet.subtitle(), size=8.5, va="top")
    footer_h = 0.75 / height
    body_top = top - 0.5 / height
    portrait = height > width
    if portrait:  # map above, list below
        map_box = (_MARGIN / width, 0.45, 1 - 2 * _MARGIN / width, body_top - 0.45)
        list_box = (
            _MARGIN / width,
            footer_h + 0.02,
            1 - 2 * _MARGIN / width,
            0.43 - footer_h - 0.02,
        )
    else:  # map left, legend and list right
        map_w = 0.6
        map_box = (_MARGIN / width, footer_h + 0.02, map_w, body_top - footer_h - 0.02)
        list_left = _MARGIN / width + map_w + 0.02
        list_box = (
            list_left,
            footer_h + 0.02,
            1 - _MARGIN / width - list_left,
            body_top - footer_h - 0.02,
        )
    axes = figure.add_axes(map_box)
    _draw_map(axes, sheet, municipalities, prefectures)
    list_box = _draw_legend(figure, sheet, list_box, size)
    if sheet.view.overview:
        list_box = _draw_overview(figure, sheet, list_box, size)
    listed = _draw_list(
        figure, sheet, sheet.entries, list_box, size, sheet.words["list"], one_page=one_page
    )
    return _Page(figure, listed)


def _list_page(sheet: _Sheet, entries: Sequence[_Entry], size) -> _Page:
    width, height = size
    from matplotlib.figure import Figure  # a figure pyplot does not keep

    figure = Figure(figsize=size)
    top = 1 - _MARGIN / height
    _draw_text(figure, _MARGIN / width, top, sheet.title(), size=11, weight="bold", va="top")
    footer_h = 0.75 / height
    box = (
        _MARGIN / width,
        footer_h + 0.02,
        1 - 2 * _MARGIN / width,
        top - 0.35 / height - footer_h,
    )
    listed = _draw_list(
        figure, sheet, entries, box, size, sheet.words["list_more"], one_page=False, merged=True
    )
    return _Page(figure, max(listed, 1))


def _draw_text(figure, x, y, text, *, size, **options):
    """All document text goes through here: never mathtext, never TeX."""
    return figure.text(x, y, text, fontsize=size, parse_math=False, usetex=False, **options)


def _draw_legend(figure, sheet: _Sheet, box, size) -> tuple:
    """The legend at the top of ``box``; returns what remains of the box below it."""
    title, items = sheet.legend()
    if not items:
        return box
    left, bottom, width, height = box
    inch = 1 / size[1]
    row = 0.16 * inch
    columns = 2 if len(items) > 5 else 1
    rows = math.ceil(len(items) / columns)
    y = bottom + height
    _draw_text(figure, left, y, title, size=8, weight="bold", va="top")
    y -= 0.2 * inch
    col_w = width / columns
    for k, (colour, label) in enumerate(items):
        x = left + (k // rows) * col_w
        yy = y - (k % rows) * row
        figure.add_artist(_rectangle((x, yy - 0.1 * inch), 0.12 / size[0], 0.1 * inch, colour))
        label = wrap(label, (col_w * size[0] * 72 - 14) / 7, max_lines=1)[0]
        _draw_text(figure, x + 0.17 / size[0], yy - 0.05 * inch, label, size=7, va="center")
    used = 0.2 * inch + rows * row + 0.12 * inch
    return (left, bottom, width, height - used)


def _draw_overview(figure, sheet: _Sheet, box, size) -> tuple:
    """The sector × prefecture counts of the shown projects as a small table at the top of
    ``box`` (what the app's overview shows); returns what remains of the box below it."""
    counts = sector_prefecture_counts(sheet.shown)
    cells = {(r.sectors, r.prefectures): r.count for r in counts.itertuples()}
    sectors = [s for s in sheet.dataset.sectors if any(k[0] == s.slug for k in cells)]
    codes = sorted({code for _, code in cells})
    if not sectors:
        return box
    left, bottom, width, height = box
    inch = 1 / size[1]
    row = 0.15 * inch
    y = bottom + height
    _draw_text(figure, left, y, sheet.words["overview"], size=8, weight="bold", va="top")
    y -= 0.2 * inch
    label_w = min(0.4 * width, 1.6 / size[0])
    column_w = (width - label_w) / max(len(codes), 1)
    names = [PREFECTURE_NAMES[c].get(sheet.language) for c in codes]
    for k, name in enumerate(names):
        short = name[:-1] if sheet.language == "ja" and name[-1:] in ("府", "県") else name
        x = left + label_w + (k + 0.5) * column_w
        _draw_text(figure, x, y, short, size=6.5, ha="center", va="top")
    for sector in sectors:
        y -= row
        label = wrap(sector.label.get(sheet.language), (label_w * size[0] * 72) / 6.5, max_lines=1)
        _draw_text(figure, left, y, label[0], size=6.5, va="top")
        for k, code in enumerate(codes):
            if count := cells.get((sector.slug, code)):
                x = left + label_w + (k + 0.5) * column_w
                _draw_text(figure, x, y, str(count), size=6.5, ha="center", va="top")
    y -= row
    total = int(counts["count"].sum())
    if total > len(sheet.shown):
        note = sheet.words["overview_note"].format(total=total)
        _draw_text(figure, left, y, note, size=6, va="top")
        y -= row
    used = (bottom + height) - y + 0.1 * inch
    return (left, bottom, width, height - used)


def _rectangle(xy, width, height, colour):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=colour, edgecolor="#222", linewidth=0.4)


# (font size, narrowest column, compact): readable first; compact entries (the name on one
# line, no lead or area) only for a one-page format that must hold the whole list.
_LIST_STYLES = [(f, MIN_COLUMN_PT, False) for f in (8.0, 7.0, 6.0, 5.0)]
_COMPACT_STYLES = [(f, 64.0, True) for f in (5.0, 4.5, 4.0)]


def _draw_list(
    figure,
    sheet: _Sheet,
    entries: Sequence[_Entry],
    box,
    size,
    title,
    *,
    one_page: bool,
    merged: bool = False,
) -> int:
    """Numbered entries in as many columns as the box holds at a readable size; returns how
    many were drawn. The rest continue on another page (PDF); a one-page format (SVG, PNG)
    packs the whole list in compact columns, and names any entries that still do not fit."""
    left, bottom, width, height = box
    page_w, page_h = size
    box_w_pt, box_h_pt = width * page_w * 72, height * page_h * 72
    _draw_text(figure, left, bottom + height, title, size=9, weight="bold", va="top")
    top_pt = box_h_pt - 16
    best = None
    for font, narrowest, compact in _LIST_STYLES + (_COMPACT_STYLES if one_page else []):
        for columns in range(1, max(1, int(box_w_pt // narrowest)) + 1):
            col_pt = box_w_pt / columns
            layout = _layout(
                entries,
                font,
                col_pt - 8,
                top_pt - (font * 2 if one_page else 0),
                columns,
                compact=compact,
            )
            if best is None or layout[1] > best[1][1]:
                best = (font, layout, col_pt)
            if layout[1] == len(entries):
                return _place(figure, layout[0], font, box, size, col_pt, top_pt, merged)
    font, layout, col_pt = best
    drawn = _place(figure, layout[0], font, box, size, col_pt, top_pt, merged)
    if one_page:
        more = sheet.words["list_cut"].format(count=len(entries) - drawn)
        _draw_text(figure, left, bottom, more, size=font, va="bottom", weight="bold")
    return drawn


def _layout(entries, font, col_pt, height_pt, columns, *, compact: bool = False):
    """[(column, y from the top in points, lines, entry)], and how many entries fit."""
    line = font * 1.3
    width_em = col_pt / font
    placed, column, y = [], 0, 0.0
    for entry in entries:
        name = wrap(f"{entry.no}. {entry.name}", width_em, max_lines=1 if compact else 4)
        detail = (
            wrap(entry.detail, width_em / 0.9 - 1, max_lines=2)
            if entry.detail and not compact
            else []
        )
        need = (len(name) + len(detail) * 0.9) * line + font * 0.5
        if y + need > height_pt:
            column, y = column + 1, 0.0
            if column == columns:
                break
        placed.append((column, y, name, detail, entry))
        y += need
    return placed, len(placed)


def _place(figure, placed, font, box, size, col_pt, top_pt, merged: bool = False) -> int:
    """Draw the laid-out entries: each its own text (an SVG element with the project's id),
    or, ``merged`` (the PDF's list pages), one text per column — thousands of entries draw
    in seconds, not minutes."""
    left, bottom, width, height = box
    page_w, page_h = size
    line = font * 1.3
    if merged:
        columns: dict[int, list[str]] = {}
        for column, _, name, detail, _ in placed:
            columns.setdefault(column, []).extend([*name, *("　" + d for d in detail)])
        for column, lines in columns.items():
            x = left + column * col_pt / (page_w * 72)
            y = bottom + height - 16 / (page_h * 72)
            _draw_text(figure, x, y, "\n".join(lines), size=font, va="top", linespacing=1.3)
        return len(placed)
    for column, y, name, detail, entry in placed:
        x = left + column * col_pt / (page_w * 72)
        yy = bottom + height - (16 + y) / (page_h * 72)
        text = _draw_text(figure, x, yy, "\n".join(name), size=font, va="top", linespacing=1.3)
        text.set_gid(f"entry-{entry.project_id}")
        if detail:
            dy = len(name) * line / (page_h * 72)
            _draw_text(
                figure,
                x + 0.12 / page_w,
                yy - dy,
                "\n".join(detail),
                size=font * 0.9,
                va="top",
                color="#333",
                linespacing=1.3,
            )
    return len(placed)


def _footer(page: _Page, sheet: _Sheet, as_of, printed_on: date, number: int, pages: int) -> None:
    figure = page.figure
    width, height = figure.get_size_inches()
    left = _MARGIN / width
    y = _MARGIN / height
    link = sheet.view.link
    qr_w = 0.62 / width if link else 0
    if link and number == 1:
        axes = figure.add_axes((1 - _MARGIN / width - qr_w, y, qr_w, 0.62 / height))
        axes.imshow(_qr_matrix(link), cmap="gray_r", interpolation="nearest")
        axes.set_axis_off()
        axes.set_gid("qr-code")
    lines = sheet.attribution(as_of, sheet.with_boundaries)
    if link:
        lines.append(f"{sheet.words['link']}: {link}")
    printed = f"{sheet.words['printed']}: {printed_on.isoformat()}"
    if pages > 1:
        printed += "　" + sheet.words["page"].format(page=number, pages=pages)
    lines.append(printed)
    text_w = (width - 2 * _MARGIN - (0.75 if link else 0)) * 72 / 6.0
    wrapped = [part for line in lines for part in wrap(line, text_w, max_lines=2)]
    _draw_text(figure, left, y, "\n".join(wrapped), size=6, va="bottom", linespacing=1.35)


def _qr_matrix(link: str) -> np.ndarray:
    code = segno.make(link, error="m")
    return np.array([[1 if dark else 0 for dark in row] for row in code.matrix], dtype=float)


# --- the map ---


def _draw_map(axes, sheet: _Sheet, municipalities, prefectures) -> None:
    axes.set_axis_off()
    axes.set_gid("map")
    shown = sheet.shown
    points = gpd.GeoSeries(
        gpd.points_from_xy(shown["lon"], shown["lat"]), crs=WGS84, index=shown.index
    ).to_crs(METRIC_CRS)
    extent = _extent(shown, points, filtered=sheet.view.filters.active)
    if municipalities is not None and prefectures is not None:
        munis = municipalities.to_crs(METRIC_CRS)
        prefs = prefectures.to_crs(METRIC_CRS)
        munis.plot(ax=axes, facecolor="#ffffff", edgecolor="#b0b0b0", linewidth=0.25)
        _draw_areas(axes, sheet, munis, prefs)
        prefs.boundary.plot(ax=axes, color="#333333", linewidth=0.8)
    _fit(axes, extent)
    _draw_markers(axes, sheet, points)
    _draw_scale_bar(axes)
    axes.set_facecolor("#eef3f7")


def _draw_areas(axes, sheet: _Sheet, munis, prefs) -> None:
    """Prefecture-wide areas first, municipal ones over them; one fill per area (the first
    project's colour, as on the screen; under the count colouring, its count's class)."""
    colours: dict[str, str] = {}
    if sheet.view.colour_by == "count":
        counts, classes = sheet.counts
        colours = {code: classes.colour_of(n) for code, n in counts.items()} if classes else {}
    else:
        for row in sheet.shown.itertuples():
            for code in row.area_codes:
                colours.setdefault(code, sheet.colour(row))
    for frame in (prefs, munis):
        chosen = frame[frame["code"].isin(colours)]
        if not chosen.empty:
            chosen.plot(
                ax=axes,
                color=[colours[c] for c in chosen["code"]],
                alpha=0.45,
                edgecolor="#555555",
                linewidth=0.4,
            )


def _extent(shown: pd.DataFrame, points: gpd.GeoSeries, *, filtered: bool):
    """(xmin, ymin, xmax, ymax) in metres: the shown projects' areas and markers with a
    margin, or the whole region when nothing is filtered."""
    if filtered and not shown.empty:
        boxes = [b for b in shown["bounds"]]
        west = min(b[0] for b in boxes)
        south = min(b[1] for b in boxes)
        east = max(b[2] for b in boxes)
        north = max(b[3] for b in boxes)
    else:
        west, south, east, north = KANSAI_BBOX
        west, south, east, north = west + 0.4, south + 0.3, east - 0.1, north - 0.2
    corners = gpd.GeoSeries(gpd.points_from_xy([west, east], [south, north]), crs=WGS84).to_crs(
        METRIC_CRS
    )
    (x0, x1), (y0, y1) = sorted(corners.x), sorted(corners.y)
    pad = max(x1 - x0, y1 - y0, 8_000) * 0.08
    return (x0 - pad, y0 - pad, x1 + pad, y1 + pad)


def _fit(axes, extent) -> None:
    """The extent, widened to the axes' shape so the map keeps its true proportions."""
    x0, y0, x1, y1 = extent
    box = axes.get_position()
    fig_w, fig_h = axes.figure.get_size_inches()
    ratio = (box.width * fig_w) / (box.height * fig_h)
    width, height = x1 - x0, y1 - y0
    if width / height < ratio:
        grow = height * ratio - width
        x0, x1 = x0 - grow / 2, x1 + grow / 2
    else:
        grow = width / ratio - height
        y0, y1 = y0 - grow / 2, y1 + grow / 2
    axes.set_xlim(x0, x1, auto=None)
    axes.set_ylim(y0, y1, auto=None)
    axes.set_aspect("equal", adjustable="datalim")
    axes.apply_aspect()
    axes.set_autoscale_on(False)  # the markers and the scale bar must not move the view


def declutter(points: np.ndarray, size: float, numbers: Sequence[int]) -> np.ndarray:
    """Marker boxes of ``size`` pushed apart until none overlaps, each overlap undone along
    its shorter axis (the interactive map's rule, ``leaflet/base.js``); ``points`` (n × 2)
    in the same unit as ``size``."""
    placed = points.astype(float).copy()
    gap = size * 1.08
    for _ in range(300):
        moved = False
        for i in range(len(placed)):
            d = placed[i + 1 :] - placed[i]
            overlap = gap - np.abs(d)
            hits = np.nonzero((overlap[:, 0] > 0) & (overlap[:, 1] > 0))[0]
            for k in hits:
                j = i + 1 + k
                dx, dy = placed[j] - placed[i]
                ox, oy = gap - abs(dx), gap - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                if abs(dx) < 1e-6 and abs(dy) < 1e-6:  # the same spot: a fixed direction
                    angle = (numbers[j] * 2.399) % (2 * math.pi)
                    dx, dy, ox, oy = math.cos(angle), math.sin(angle), gap, gap
                along_x = ox < oy
                push = (ox if along_x else oy) / 2 + 1e-3
                sign = -1 if (dx if along_x else dy) < 0 else 1
                axis = 0 if along_x else 1
                placed[i, axis] -= sign * push
                placed[j, axis] += sign * push
                moved = True
        if not moved:
            break
    return placed


def _draw_markers(axes, sheet: _Sheet, points: gpd.GeoSeries) -> None:
    """Numbered markers where they do not overlap, leader lines to their true places; a
    table of more than ``NUMBERED_MAX`` shown projects is drawn as coloured dots (numbers
    could not be read, and the list gives them)."""
    if points.empty:
        return
    if len(points) > NUMBERED_MAX:
        colours = [sheet.colour(row) for row in sheet.shown.itertuples()]
        dots = axes.scatter(
            points.x, points.y, s=9, c=colours, edgecolors="#222222", linewidths=0.3, zorder=5
        )
        dots.set_gid("markers-dots")
        return
    axes.apply_aspect()
    to_display = axes.transData
    true = to_display.transform(np.column_stack([points.x, points.y]))
    dpi = axes.figure.dpi
    size = MARKER_PT * dpi / 72
    rows = list(sheet.shown.itertuples())
    placed = declutter(true, size, [int(r.no) for r in rows])
    back = to_display.inverted()
    data_true = back.transform(true)
    data_placed = back.transform(placed)
    radius = (back.transform([[size / 2, 0]]) - back.transform([[0, 0]]))[0][0]
    from matplotlib.patches import Circle

    for row, (tx, ty), (px, py) in zip(rows, data_true, data_placed, strict=True):
        colour = sheet.colour(row)
        if abs(px - tx) + abs(py - ty) > radius * 0.3:
            axes.plot([tx, px], [ty, py], color="#222222", linewidth=0.5, zorder=4)
            axes.plot(
                [tx],
                [ty],
                marker="o",
                markersize=2.4,
                color=colour,
                markeredgecolor="#222222",
                markeredgewidth=0.5,
                zorder=4,
            )
        circle = Circle(
            (px, py), radius, facecolor=colour, edgecolor="#222222", linewidth=0.6, zorder=5
        )
        circle.set_gid(f"marker-{row.id}")
        axes.add_patch(circle)
        number = axes.text(
            px,
            py,
            str(row.no),
            ha="center",
            va="center",
            fontsize=6.5,
            weight="bold",
            color=text_colour(colour),
            zorder=6,
            parse_math=False,
            usetex=False,
        )
        number.set_gid(f"marker-{row.id}-no")


def _draw_scale_bar(axes) -> None:
    x0, x1 = axes.get_xlim()
    y0, y1 = axes.get_ylim()
    target = (x1 - x0) * 0.2
    step = 10 ** math.floor(math.log10(target))
    length = max(m * step for m in (1, 2, 5) if m * step <= target)
    left, bottom = x0 + (x1 - x0) * 0.04, y0 + (y1 - y0) * 0.04
    axes.plot([left, left + length], [bottom, bottom], color="#000", linewidth=2, zorder=7)
    for x in (left, left + length):
        axes.plot([x, x], [bottom, bottom + (y1 - y0) * 0.01], color="#000", linewidth=1)
    km = length / 1000
    axes.text(
        left + length / 2,
        bottom + (y1 - y0) * 0.015,
        f"{km:g} km",
        ha="center",
        va="bottom",
        fontsize=6.5,
        zorder=7,
        parse_math=False,
        usetex=False,
    ).set_gid("scale-bar")


# --- output ---


def _pyplot():
    """matplotlib with the CJK font, headless; PDF fonts embedded as outlines with their
    Unicode (text stays selectable), SVG text kept as text."""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    try:
        _find_font(font_manager)
    except ValueError:
        raise PrintError(
            f"the font '{FONT_FAMILY}' is missing: install the Debian package {FONT_PACKAGE} "
            f"(apt-get install {FONT_PACKAGE})"
        ) from None
    plt.rcParams.update(
        {
            "font.family": FONT_FAMILY,
            "pdf.fonttype": 42,
            "ps.fonttype": 42,  # the PDF backend groups glyphs by it: 3 would split every
            # 256 characters into another subset of the whole CJK font (1.5 s each)
            "svg.fonttype": "none",
            "text.usetex": False,
            # One shaping for every text: without a language, digits next to kana and kanji
            # take other glyphs than digits alone, and each set is another font subset.
            "text.language": "ja",
            "axes.unicode_minus": False,
            "svg.hashsalt": "kasegi",  # the same view gives the same SVG
        }
    )
    return plt


def _find_font(font_manager) -> None:
    """Raises ValueError when the font is not found, even after adding the Debian package's
    files (matplotlib's font cache may predate the font's installation)."""
    properties = font_manager.FontProperties(family=FONT_FAMILY)
    try:
        font_manager.findfont(properties, fallback_to_default=False)
        return
    except ValueError:
        for path in FONT_FILES:
            if path.exists():
                font_manager.fontManager.addfont(str(path))
    font_manager.findfont(properties, fallback_to_default=False)


def _save(figures, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "pdf":
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(buffer, metadata={"Creator": "kasegi map", "CreationDate": None}) as pdf:
            for figure in figures:
                pdf.savefig(figure)
    elif fmt == "svg":
        figures[0].savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figures[0].savefig(buffer, format="png", dpi=PNG_DPI)
    return buffer.getvalue()
