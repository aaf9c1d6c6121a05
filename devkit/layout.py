"""The page's geometry as a person's window shows it — the map's share of the window,
how much of the map the projects span, what lies inside the window — shared by the layout
tests and ``bench/layout.py`` (which also measures older versions, so every part is optional)."""

from __future__ import annotations

_FRAME = """() => {
  const rect = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  return {
    legend: rect(document.querySelector(".kasegi-legend")),
    attribution: rect(document.querySelector(".leaflet-control-attribution")),
    zoom: rect(document.querySelector(".leaflet-control-zoom")),
    markers: [...document.querySelectorAll(".kasegi-marker")].map(rect),
    level: window.kasegi.map.getZoom(),
  };
}"""
_PAGE = """() => {
  const rect = (e) => { if (!e) return null; const r = e.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom]; };
  const panel = document.getElementById("kasegi-side-panel")
    || document.querySelector(".st-key-side_panel");
  const title = document.querySelector("h1");
  const header = [...document.querySelectorAll(".st-key-page_header h1, .st-key-page_header p")];
  return { panel: rect(panel), title: rect(title), header: header.map(rect),
           scroll: window.scrollY };
}"""


def moved(rect, dx: float, dy: float):
    return None if rect is None else [rect[0] + dx, rect[1] + dy, rect[2] + dx, rect[3] + dy]


def overlaps(a, b) -> bool:
    return bool(a and b) and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def inside(inner, outer) -> bool:
    return inner is not None and (
        inner[0] >= outer[0] - 0.5
        and inner[1] >= outer[1] - 0.5
        and inner[2] <= outer[2] + 0.5
        and inner[3] <= outer[3] + 0.5
    )


def measure(page, frame) -> dict:
    """Rectangles in the page's coordinates, and the figures of the layout's table."""
    viewport = page.viewport_size
    box = page.locator("[data-kasegi-map]").bounding_box()
    inner = frame.evaluate(_FRAME)
    outer = page.evaluate(_PAGE)
    # An older version's map was an iframe: its rectangles are in the frame's coordinates.
    framed = page.locator("iframe[data-kasegi-map]").count() > 0
    dx, dy = (box["x"], box["y"]) if framed else (0, 0)
    markers = [moved(m, dx, dy) for m in inner["markers"]]
    span_x = max(m[2] for m in markers) - min(m[0] for m in markers)
    span_y = max(m[3] for m in markers) - min(m[1] for m in markers)
    window = [0, 0, viewport["width"], viewport["height"]]
    figures = {
        "box": box,
        "window": window,
        "map": [box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"]],
        "legend": moved(inner["legend"], dx, dy),
        "attribution": moved(inner["attribution"], dx, dy),
        "zoom": moved(inner["zoom"], dx, dy),
        "markers": markers,
        "panel": outer["panel"],
        "header": outer["header"],
        "title": outer["title"],
        "scroll": outer["scroll"],
        "level": inner["level"],
    }
    # The part of the frame the window shows (a frame taller than the window counts as far
    # as it is seen).
    seen_w = min(box["x"] + box["width"], viewport["width"]) - max(box["x"], 0)
    seen_h = min(box["y"] + box["height"], viewport["height"]) - max(box["y"], 0)
    figures["share"] = max(seen_w, 0) * max(seen_h, 0) / (viewport["width"] * viewport["height"])
    figures["span"] = max(span_x / box["width"], span_y / box["height"])
    figures["bottom_and_legend_visible"] = inside(figures["map"], window) and inside(
        figures["legend"], window
    )
    return figures
