"""The pages of a printed map: the first page's layout (title, map, legend, overview, list),
the list's further pages, and every page's footer (attribution, link and QR code, date)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
import segno

from geo.output.printing.backend import draw_text
from geo.output.printing.list_layout import draw_list
from geo.output.printing.map_drawing import draw_map
from geo.output.printing.sheet import Entry, Sheet
from geo.output.printing.text_fit import wrap
from geo.table.aggregates import sector_prefecture_counts
from geo.words.facet_text import prefecture_short_name

_MARGIN = 0.35  # inches around the page


@dataclass
class Page:
    figure: object
    listed: int  # how many list entries the page holds


def first_page(sheet: Sheet, municipalities, prefectures, size, *, one_page: bool) -> Page:
    width, height = size
    from matplotlib.figure import Figure  # a figure pyplot does not keep

    figure = Figure(figsize=size)
    top = 1 - _MARGIN / height
    draw_text(figure, _MARGIN / width, top, sheet.title(), size=15, weight="bold", va="top")
    draw_text(figure, _MARGIN / width, top - 0.3 / height, sheet.subtitle(), size=8.5, va="top")
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
    draw_map(axes, sheet, municipalities, prefectures)
    list_box = _draw_legend(figure, sheet, list_box, size)
    if sheet.view.overview:
        list_box = _draw_overview(figure, sheet, list_box, size)
    listed = draw_list(
        figure, sheet, sheet.entries, list_box, size, sheet.word("project_list"), one_page=one_page
    )
    return Page(figure, listed)


def list_page(sheet: Sheet, entries: Sequence[Entry], size) -> Page:
    width, height = size
    from matplotlib.figure import Figure  # a figure pyplot does not keep

    figure = Figure(figsize=size)
    top = 1 - _MARGIN / height
    draw_text(figure, _MARGIN / width, top, sheet.title(), size=11, weight="bold", va="top")
    footer_h = 0.75 / height
    box = (
        _MARGIN / width,
        footer_h + 0.02,
        1 - 2 * _MARGIN / width,
        top - 0.35 / height - footer_h,
    )
    listed = draw_list(
        figure,
        sheet,
        entries,
        box,
        size,
        sheet.word("print_list_more"),
        one_page=False,
        merged=True,
    )
    return Page(figure, max(listed, 1))


def _draw_legend(figure, sheet: Sheet, box, size) -> tuple:
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
    draw_text(figure, left, y, title, size=8, weight="bold", va="top")
    y -= 0.2 * inch
    col_w = width / columns
    for k, (colour, label) in enumerate(items):
        x = left + (k // rows) * col_w
        yy = y - (k % rows) * row
        figure.add_artist(_rectangle((x, yy - 0.1 * inch), 0.12 / size[0], 0.1 * inch, colour))
        label = wrap(label, (col_w * size[0] * 72 - 14) / 7, max_lines=1)[0]
        draw_text(figure, x + 0.17 / size[0], yy - 0.05 * inch, label, size=7, va="center")
    used = 0.2 * inch + rows * row + 0.12 * inch
    return (left, bottom, width, height - used)


def _draw_overview(figure, sheet: Sheet, box, size) -> tuple:
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
    draw_text(figure, left, y, sheet.word("overview_matrix_title"), size=8, weight="bold", va="top")
    y -= 0.2 * inch
    label_w = min(0.4 * width, 1.6 / size[0])
    column_w = (width - label_w) / max(len(codes), 1)
    for k, code in enumerate(codes):
        short = prefecture_short_name(code, sheet.language)
        x = left + label_w + (k + 0.5) * column_w
        draw_text(figure, x, y, short, size=6.5, ha="center", va="top")
    for sector in sectors:
        y -= row
        label = wrap(sector.label.get(sheet.language), (label_w * size[0] * 72) / 6.5, max_lines=1)
        draw_text(figure, left, y, label[0], size=6.5, va="top")
        for k, code in enumerate(codes):
            if count := cells.get((sector.slug, code)):
                x = left + label_w + (k + 0.5) * column_w
                draw_text(figure, x, y, str(count), size=6.5, ha="center", va="top")
    y -= row
    total = int(counts["count"].sum())
    if total > len(sheet.shown):
        note = sheet.word("print_overview_note", total=total)
        draw_text(figure, left, y, note, size=6, va="top")
        y -= row
    used = (bottom + height) - y + 0.1 * inch
    return (left, bottom, width, height - used)


def _rectangle(xy, width, height, colour):
    from matplotlib.patches import Rectangle

    return Rectangle(xy, width, height, facecolor=colour, edgecolor="#222", linewidth=0.4)


def footer(page: Page, sheet: Sheet, as_of, printed_on: date, number: int, pages: int) -> None:
    figure = page.figure
    width, height = figure.get_size_inches()
    left = _MARGIN / width
    y = _MARGIN / height
    link = sheet.view.link
    qr = qr_matrix(link) if link else None
    qr_w = 0.62 / width if qr is not None else 0
    if qr is not None and number == 1:
        axes = figure.add_axes((1 - _MARGIN / width - qr_w, y, qr_w, 0.62 / height))
        axes.imshow(qr, cmap="gray_r", interpolation="nearest")
        axes.set_axis_off()
        axes.set_gid("qr-code")
    lines = sheet.attribution(as_of)
    if link:
        no_code = "" if qr is not None else " " + sheet.word("print_link_no_qr")
        lines.append(f"{sheet.word('print_link')}{no_code}: {link}")  # the note before the cut
    printed = f"{sheet.word('print_printed')}: {printed_on.isoformat()}"
    if pages > 1:
        printed += "　" + sheet.word("print_page", page=number, pages=pages)
    lines.append(printed)
    text_w = (width - 2 * _MARGIN - (0.75 if qr is not None else 0)) * 72 / 6.0
    wrapped = [part for line in lines for part in wrap(line, text_w, max_lines=2)]
    draw_text(figure, left, y, "\n".join(wrapped), size=6, va="bottom", linespacing=1.35)


def qr_matrix(link: str) -> np.ndarray | None:
    """The link's QR code, or None when the link is too long for one (it is printed as
    text all the same)."""
    try:
        code = segno.make(link, error="m")
    except segno.DataOverflowError:
        return None
    return np.array([[1 if dark else 0 for dark in row] for row in code.matrix], dtype=float)
