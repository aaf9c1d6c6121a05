"""The numbered list of a printed sheet: as many columns as the box holds at a readable size,
continued on further pages (PDF) or packed compactly (SVG, PNG)."""

from __future__ import annotations

from collections.abc import Sequence

from geo.output.printing.backend import draw_text
from geo.output.printing.sheet import Entry, Sheet
from geo.output.printing.text_fit import wrap

MIN_COLUMN_PT = 125.0  # a list column narrower than this wraps names into too many lines

# (font size, narrowest column, compact): readable first; compact entries (the name on one
# line, no lead or area) only for a one-page format that must hold the whole list.
_LIST_STYLES = [(f, MIN_COLUMN_PT, False) for f in (8.0, 7.0, 6.0, 5.0)]
_COMPACT_STYLES = [(f, 64.0, True) for f in (5.0, 4.5, 4.0)]


def draw_list(
    figure,
    sheet: Sheet,
    entries: Sequence[Entry],
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
    draw_text(figure, left, bottom + height, title, size=9, weight="bold", va="top")
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
        more = sheet.word("print_list_cut", count=len(entries) - drawn)
        draw_text(figure, left, bottom, more, size=font, va="bottom", weight="bold")
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
            draw_text(figure, x, y, "\n".join(lines), size=font, va="top", linespacing=1.3)
        return len(placed)
    for column, y, name, detail, entry in placed:
        x = left + column * col_pt / (page_w * 72)
        yy = bottom + height - (16 + y) / (page_h * 72)
        text = draw_text(figure, x, yy, "\n".join(name), size=font, va="top", linespacing=1.3)
        text.set_gid(f"entry-{entry.project_id}")
        if detail:
            dy = len(name) * line / (page_h * 72)
            draw_text(
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
