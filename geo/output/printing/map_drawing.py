"""The map of a printed sheet: boundaries, the shown projects' areas, numbered markers pushed
apart with leader lines to their true places, and a scale bar (geopandas over matplotlib)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd

from geo.colours import LAND_COLOUR, SEA_COLOUR, text_colour
from geo.output.printing.sheet import Sheet
from geo.schema import KANSAI_BBOX, METRIC_CRS, WGS84

MARKER_PT = 13.0  # marker box, points
NUMBERED_MAX = 300  # above this many shown projects the map shows dots, not numbers


def draw_map(axes, sheet: Sheet, municipalities, prefectures) -> None:
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
        munis.plot(ax=axes, facecolor=LAND_COLOUR, edgecolor="#b0b0b0", linewidth=0.25)
        _draw_areas(axes, sheet, munis, prefs)
        prefs.boundary.plot(ax=axes, color="#333333", linewidth=0.8)
    _fit(axes, extent)
    _draw_markers(axes, sheet, points)
    _draw_scale_bar(axes, sheet)
    axes.set_facecolor(SEA_COLOUR)  # the app's built-in base: sea behind, land filled


def _draw_areas(axes, sheet: Sheet, munis, prefs) -> None:
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


def _draw_markers(axes, sheet: Sheet, points: gpd.GeoSeries) -> None:
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


def _draw_scale_bar(axes, sheet: Sheet) -> None:
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
        sheet.word("print_scale_km", km=f"{km:g}"),
        ha="center",
        va="bottom",
        fontsize=6.5,
        zorder=7,
        parse_math=False,
        usetex=False,
    ).set_gid("scale-bar")
