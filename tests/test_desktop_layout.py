"""The map as the page, on desktops and laptops (from 1024 px), measured from the page's
geometry in Chromium: the map frame takes most of the window below a one-line header, its
bottom edge, controls, legend and attribution are inside the window, the projects fill the
map at opening (fitted in tenths of a zoom), and detail, list and overview sit in a panel over
the map's right side that scrolls on its own and folds away."""

from __future__ import annotations

import pytest

from devkit.layout import inside, measure, overlaps
from devkit.pages import open_map, shot

SIZES = [
    ({"width": 1280, "height": 720}, 0.60),
    ({"width": 1400, "height": 900}, 0.60),
    ({"width": 1920, "height": 1080}, 0.60),
    ({"width": 1024, "height": 768}, 0.50),
]


@pytest.mark.parametrize(
    ("viewport", "share"), SIZES, ids=lambda v: getattr(v, "get", str)("width")
)
def test_the_map_is_the_page(open_context, server, viewport, share):
    page = open_context(viewport=viewport).new_page()
    frame = open_map(page, server, markers=23)
    frame.wait_for_function(  # the map has its window height (the page script sets it)
        "() => document.querySelector('[data-kasegi-map] .leaflet-container').offsetHeight >= 300"
    )
    m = measure(page, frame)
    name = f"{viewport['width']}x{viewport['height']}"
    shot(page, f"74-map-first-{name}")
    assert m["share"] >= share, (name, m["share"], m["box"])
    for part in ("map", "legend", "attribution", "zoom"):  # nothing below the fold
        assert inside(m[part], m["window"]), (name, part, m[part])
    assert all(inside(marker, m["map"]) for marker in m["markers"]), name
    assert m["span"] >= 0.75, (name, m["span"])  # the projects fill the map
    assert not [x for x in m["markers"] if overlaps(x, m["legend"])], name
    panel_rect = m["panel"]
    assert overlaps(panel_rect, m["map"])
    assert panel_rect[2] - panel_rect[0] < m["box"]["width"] / 2
    assert not [x for x in m["markers"] if overlaps(x, panel_rect)], name  # none under it
    assert not overlaps(m["legend"], panel_rect) and not overlaps(m["attribution"], panel_rect)
    assert not [x for x in m["markers"] if overlaps(x, m["attribution"])], name
    tops = [rect[1] for rect in m["header"]]  # title, count, subtitle: one line
    assert max(tops) - min(tops) < min(rect[3] - rect[1] for rect in m["header"]), m["header"]
    assert m["scroll"] == 0


def test_the_side_panel_scrolls_on_its_own_and_folds_away(open_context, server):
    page = open_context(viewport={"width": 1400, "height": 900}).new_page()
    frame = open_map(page, server, markers=23)
    panel = page.locator("#kasegi-side-panel")
    box = page.locator("[data-kasegi-map]").bounding_box()
    assert panel.evaluate("e => getComputedStyle(e).overflowY") == "auto"
    assert panel.evaluate("e => e.scrollHeight > e.clientHeight")  # 23 entries: it scrolls
    panel.evaluate("e => e.scrollTo(0, e.scrollHeight)")
    assert page.evaluate("window.scrollY") == 0  # the page and the map stay put
    assert page.locator("[data-kasegi-map]").bounding_box() == box
    toggle = page.get_by_role("button", name="一覧を閉じる")
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert panel.is_hidden()
    shown = page.get_by_role("button", name="一覧・詳細")
    assert shown.get_attribute("aria-expanded") == "false"
    assert page.locator("[data-kasegi-map]").bounding_box() == box  # the map stays
    shown.focus()
    page.keyboard.press("Enter")  # and by keyboard
    assert panel.is_visible()
    assert frame.locator(".kasegi-marker").count() == 23


def test_the_legend_folds_away_and_comes_back(page, server):
    frame = open_map(page, server, markers=23)
    toggle = frame.locator(".kasegi-legend-toggle")
    toggle.click()  # the reader's choice: from now on only the reader folds it
    if toggle.get_attribute("aria-expanded") == "false":  # it was open at opening
        toggle.click()
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


def test_a_filtered_link_opens_filled_with_its_projects(open_context, server, projects):
    """The same rule for a link's filters: its shown projects fill the map at opening."""
    shown = sum("medical" in sectors for sectors in projects["sectors"])
    page = open_context(viewport={"width": 1280, "height": 720}).new_page()
    frame = open_map(page, f"{server}/?sector=medical", markers=shown)
    m = measure(page, frame)
    assert len(m["markers"]) == shown and m["span"] >= 0.75, m["span"]
    assert "z=" not in page.url and "ll=" not in page.url  # the opening view is not a move
    shot(page, "74-map-first-medical-1280x720")
