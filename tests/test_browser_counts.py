"""The count colouring in Chromium, on the Kansai table: prefectures in classes when zoomed
out, municipalities from zoom 9, each with the classed legend the server computed."""

from __future__ import annotations

from devkit.pages import expect, open_map, shot

from .harness import check_count_levels


def test_count_colouring_by_prefecture_then_by_municipality(page, server, table):
    frame = open_map(page, f"{server}/?color=count", markers=23)
    expect()(frame.locator(".kasegi-legend")).to_contain_text("府県全域のプロジェクト")
    shot(page, "71-count-prefectures")
    rows = check_count_levels(frame, table)
    assert rows[0][1] == "1件"
    expect()(frame.locator(".kasegi-legend")).to_contain_text("市町村には数えません")
    shot(page, "72-count-municipalities")
