"""The map-first desktop layout in Chromium: from 1024 px up the map reaches the window's
bottom edge below a compact header, the side panel (detail, list, overview) scrolls on its
own, and the legend folds away but never covers a marker in the opening view."""

from __future__ import annotations

import pytest

from devkit.pages import open_map, shot

pytestmark = pytest.mark.browser

# The legend and every marker, as rectangles in the map frame.
_RECTS = """() => {
  const rect = (e) => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  return {
    legend: rect(document.querySelector(".kasegi-legend")),
    markers: [...document.querySelectorAll(".kasegi-marker")].map(rect),
    map: document.getElementById("map_div").offsetHeight,
  };
}"""


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize(
    "viewport", [{"width": 1400, "height": 900}, {"width": 1920, "height": 1080}]
)
def test_the_map_fills_the_window_below_a_compact_header(open_context, server, viewport):
    page = open_context(viewport=viewport).new_page()
    frame = open_map(page, server, markers=23)
    frame.wait_for_function(
        "(h) => document.getElementById('map_div').offsetHeight >= h",
        arg=viewport["height"] * 0.7,
    )
    box = page.locator("iframe[data-kasegi-map]").bounding_box()
    assert box["y"] < 200, box  # the header: title, subtitle and count
    assert viewport["height"] - 30 <= box["y"] + box["height"] <= viewport["height"], box
    rects = frame.evaluate(_RECTS)
    assert abs(rects["map"] - box["height"]) <= 2  # the map fills its frame
    assert not [m for m in rects["markers"] if _overlaps(m, rects["legend"])], rects
    side = page.locator(".st-key-side_panel")
    side_box = side.bounding_box()
    assert side_box["x"] > box["x"] + box["width"]  # beside the map
    assert side_box["y"] + side_box["height"] <= viewport["height"] + 1
    assert side.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert side.evaluate("e => e.scrollHeight > e.clientHeight")  # 23 entries: it scrolls
    side.evaluate("e => e.scrollTo(0, e.scrollHeight)")
    assert page.evaluate("window.scrollY") == 0  # the page and the map stay put
    assert page.locator("iframe[data-kasegi-map]").bounding_box()["y"] == box["y"]
    side.evaluate("e => e.scrollTo(0, 0)")
    shot(page, f"73-desktop-{viewport['width']}x{viewport['height']}")


def test_the_legend_folds_away_and_comes_back(page, server):
    frame = open_map(page, server, markers=23, idle=False)
    toggle = frame.get_by_role("button", name="凡例を閉じる")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    folded = frame.get_by_role("button", name="凡例")
    assert folded.get_attribute("aria-expanded") == "false"
    assert frame.locator(".kasegi-legend-body").is_hidden()
    folded.focus()
    page.keyboard.press("Enter")  # and by keyboard
    assert frame.locator(".kasegi-legend-body").is_visible()
    assert frame.get_by_role("button", name="凡例を閉じる").get_attribute("aria-expanded") == "true"
