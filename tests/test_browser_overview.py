"""The overview in Chromium: a click on a matrix cell filters the map to that cell's number
of projects, and the same click again brings every project back."""

from __future__ import annotations

from devkit.pages import (
    current_query,
    expect,
    open_map,
    result_count,
    shot,
    wait_markers,
    wait_ready,
)

from .harness import CELLS


def _count(label: str) -> int:
    return int(label.rsplit(":", 1)[1])


def _labels(page) -> list[str]:
    return page.eval_on_selector_all(CELLS, "cells => cells.map(c => c.ariaLabel)")


def test_a_matrix_cell_click_filters_the_map_to_its_number(page, server):
    frame = open_map(page, server, markers=23)
    page.get_by_text("全体の集計").click()
    page.locator(CELLS).first.wait_for(timeout=20_000)
    labels = _labels(page)
    busiest = max(labels, key=_count)
    count = _count(busiest)
    assert 1 < count < 23 and sum(_count(label) for label in labels) >= 23
    page.locator(f"{CELLS}[aria-label='{busiest}']").click()
    wait_markers(frame, count)
    expect()(result_count(page, f"{count} / 23 件")).to_be_visible()
    wait_ready(page)
    query = current_query(page)
    assert len(query["sector"][0].split(",")) == 1 and len(query["pref"][0]) == 2
    shot(page, "70-overview-cell-filtered")
    # The matrix now shows the filter's counts: the cell keeps its number (the filtered
    # projects' other sectors, if any, have cells of their own in the same prefecture).
    expect()(page.locator(f"{CELLS}[aria-label='{busiest}']")).to_have_count(1)
    prefecture = busiest.split(";")[0]
    assert all(label.startswith(prefecture) for label in _labels(page))
    page.locator(f"{CELLS}[aria-label='{busiest}']").click()
    wait_markers(frame, 23)
    wait_ready(page)
    assert "sector" not in current_query(page) and "pref" not in current_query(page)
