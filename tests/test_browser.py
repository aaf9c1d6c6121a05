"""End to end: the real server, Debian's Chromium, no internet. Clicks what a person clicks."""

from __future__ import annotations

import pytest

from devkit.pages import (
    MAP,
    area_point,
    choose_option,
    map_probe,
    open_map,
    result_count,
    shot,
    wait_markers,
)

expect = pytest.importorskip("playwright.sync_api").expect


def test_map_markers_popup_detail_and_sector_filter(page, server, projects):
    frame = open_map(page, server, markers=23, idle=False)
    frame.wait_for_selector(".leaflet-container[data-boundaries='loaded']", timeout=20_000)
    assert frame.locator(".kasegi-legend").is_visible()
    # Numbered markers that share a spot at this zoom are spread apart: no two (round) markers
    # overlap, their centres at least a marker's width apart.
    overlaps = frame.evaluate(
        """() => { const c = [...document.querySelectorAll('.kasegi-marker')].map(m => {
            const r = m.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2, r.width]; });
        let n = 0; for (let i = 0; i < c.length; i++) for (let j = i + 1; j < c.length; j++)
          if (Math.hypot(c[i][0] - c[j][0], c[i][1] - c[j][1]) < c[i][2] - 1) n++;
        return n; }"""
    )
    assert overlaps == 0
    assert "国土数値情報" in frame.locator(".leaflet-control-attribution").inner_text()
    assert page.blocked, "tile requests should have been attempted and blocked"
    assert all("127.0.0.1" not in u for u in page.blocked)
    shot(page, "01-start")

    # Mark the map; a filter change must keep the same map (no reload) and the same view.
    map_probe(frame, "kept")
    zoom = frame.evaluate("window.kasegi.map.getZoom()")
    center = frame.evaluate(
        "[window.kasegi.map.getCenter().lat, window.kasegi.map.getCenter().lng]"
    )
    expected = sum("crafts" in s for s in projects["sectors"])
    choose_option(page, f"地場産業・地域ブランド（{expected}）")
    wait_markers(frame, expected)
    expect(result_count(page, f"{expected} / 23 件")).to_be_visible()
    assert map_probe(frame) == "kept"
    assert frame.evaluate("window.kasegi.map.getZoom()") == zoom
    assert frame.evaluate(
        "[window.kasegi.map.getCenter().lat, window.kasegi.map.getCenter().lng]"
    ) == pytest.approx(center)
    shot(page, "02-sector-crafts")

    page.get_by_role("button", name="絞り込みを解除").click()
    wait_markers(frame, 23)
    assert map_probe(frame) == "kept"

    # Click marker No.21 (豊岡): its popup and the detail panel show that project.
    frame.locator(".kasegi-marker", has_text="21").click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "日本一のかばんのまち豊岡プロジェクト" in popup.inner_text()
    expect(page.locator(".st-key-detail_panel")).to_contain_text(
        "No.21 日本一のかばんのまち豊岡プロジェクト", timeout=20_000
    )
    # The list highlights the selected project (primary button).
    expect(page.locator(".st-key-pick_toyooka-bags button")).to_have_attribute("kind", "primary")
    shot(page, "03-clicked-toyooka")


def test_clicking_a_shared_prefecture_area_offers_a_choice(page, server):
    frame = open_map(page, server, idle=False)
    frame.wait_for_selector(".leaflet-container[data-boundaries='loaded']", timeout=20_000)
    # A point of 滋賀県 (長浜市) outside every municipal project area and marker.
    point = frame.evaluate(
        "(() => { const p = window.kasegi.map.latLngToContainerPoint([35.45, 136.25]); return [p.x, p.y]; })()"
    )
    frame.locator(".leaflet-container").click(position={"x": point[0], "y": point[1]})
    # The choice's buttons (the map's markers are buttons of the same names).
    page.locator(".st-key-choose_shiga-water button").wait_for(timeout=20_000)
    page.locator(".st-key-choose_shiga-med-eng button").click()
    expect(page.locator(".st-key-detail_panel")).to_contain_text(
        "公益財団法人滋賀県産業支援プラザ", timeout=20_000
    )
    shot(page, "04-shiga-choice")


def test_choosing_in_the_list_opens_the_popup(page, server):
    frame = open_map(page, server, idle=False)
    page.locator(".st-key-project_list").get_by_text(
        "No.10 健都イノベーションパーク", exact=False
    ).click()
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(
        "吹田市・摂津市", timeout=20_000
    )
    assert frame.evaluate("window.kasegi.map.getZoom()") >= 10
    shot(page, "05-list-kento")


def test_japanese_is_rendered_with_a_cjk_font(page, server):
    open_map(page, server, idle=False)
    heading = page.locator("h1").first
    assert "稼ぎ頭" in heading.inner_text()
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})
    node = cdp.send("DOM.querySelector", {"nodeId": root["root"]["nodeId"], "selector": "h1"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    families = [f["familyName"] for f in fonts]
    assert any("CJK" in f for f in families), families
    shot(page, "06-fonts")


def test_english_link_opens_in_english(page, server):
    frame = open_map(page, f"{server}/?lang=en", markers=23, idle=False)
    expect(result_count(page, "23 / 23 projects")).to_be_visible()
    toggle = frame.locator(".kasegi-legend-toggle")
    toggle.click()  # the reader's choice (the legend folds at opening where it covers a marker)
    if toggle.get_attribute("aria-expanded") == "false":
        toggle.click()
    assert "Sector (primary sector's colour)" in frame.locator(".kasegi-legend").inner_text()
    frame.locator(".kasegi-marker", has_text="21").click()
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(
        "Toyooka, Japan's No. 1 Bag Town"
    )
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("Round 4 (9 Dec 2016)")
    shot(page, "07-english")
    page.locator("[data-testid='stSidebar']").get_by_text("日本語").click()
    expect(result_count(page, "23 / 23 件")).to_be_visible(timeout=20_000)
    # A new language is a new base map in the same element: its legend is in Japanese.
    expect(page.locator(f"{MAP} .kasegi-legend")).to_contain_text(
        "分野（主分野で色分け）", timeout=20_000
    )
    shot(page, "08-japanese-again")


def test_a_linked_projects_popup_opens_over_its_marker(open_context, server):
    """A ``?p=`` link opens the popup while the map's stylesheets may still be loading: it
    must end up pointing at its marker, whole inside the map (it used to sit 260 px to the
    left, cut off, when laid out before Leaflet's stylesheet applied)."""
    page = open_context(viewport={"width": 1280, "height": 800}).new_page()
    frame = open_map(page, f"{server}/?p=toyooka-bags&lang=en", markers=23)
    frame.wait_for_selector(".leaflet-popup", timeout=20_000)
    frame.wait_for_function(
        """() => {
          const marker = window.kasegi.markers['toyooka-bags'];
          const tip = document.querySelector('.leaflet-popup-tip').getBoundingClientRect();
          const icon = marker.getElement().getBoundingClientRect();
          const popup = document.querySelector('.leaflet-popup').getBoundingClientRect();
          const box = window.kasegi.map.getContainer().getBoundingClientRect();
          return Math.abs(tip.x + tip.width / 2 - (icon.x + icon.width / 2)) <= 3
            && popup.left >= box.left && popup.right <= box.right;
        }""",
        timeout=20_000,
    )
    shot(page, "05-linked-popup-over-marker")


def test_a_filter_change_draws_only_the_difference_and_keeps_an_open_popup(
    page, server, projects, dataset
):
    """Numbered markers: a filter that keeps the selected project keeps its marker (the same
    element), its open popup and the detail panel; only the others go. One that drops it
    clears the selection, as before. Markers added back come in number order (Tab)."""
    frame = open_map(page, server, markers=23)
    kento = frame.locator(".kasegi-marker", has_text="10")
    kento.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("健都イノベーションパーク")  # the whole popup, fetched
    detail = page.locator(".st-key-detail_panel")
    expect(detail).to_contain_text("No.10 ", timeout=20_000)
    frame.evaluate(
        "document.querySelectorAll('.kasegi-marker').forEach(e => e.dataset.made = 'before')"
    )
    medical = dataset.sector_by_slug["medical"].label.ja
    shown = sum("medical" in s for s in projects["sectors"])
    assert 1 < shown < 23
    choose_option(page, f"{medical}（{shown}）")
    wait_markers(frame, shown)
    ops = frame.evaluate("document.querySelector('.leaflet-container').dataset")
    assert (ops["added"], ops["removed"]) == ("0", str(23 - shown))
    # Every marker still there is the element drawn before; the popup stayed open.
    assert frame.locator(".kasegi-marker[data-made='before']").count() == shown
    expect(popup).to_contain_text("健都イノベーションパーク")
    expect(detail).to_contain_text("No.10 ")
    # A prefecture without No.10: it goes, with its popup and the selection.
    choose_option(page, "滋賀県")
    expect(popup).to_have_count(0)
    expect(detail).to_have_count(0, timeout=20_000)  # no selection: the panel's hint only
    page.get_by_role("button", name="絞り込みを解除").click()
    wait_markers(frame, 23)
    numbers = frame.eval_on_selector_all(".kasegi-marker", "els => els.map(e => +e.textContent)")
    assert numbers == list(range(1, 24))  # the pane's order, which is Tab's
    both = sum(
        "medical" in s and code == "25"
        for s, code in zip(projects["sectors"], projects["prefecture_code"], strict=True)
    )
    ops = frame.evaluate("document.querySelector('.leaflet-container').dataset")
    assert (ops["added"], ops["removed"]) == (str(23 - both), "0")


def test_an_area_a_filter_hides_takes_no_pointer_and_comes_back_with_its_tooltip(
    page, server, projects, dataset
):
    """A project's area stays on the map while a filter hides it (nothing is built again when
    it is shown), so hidden it must be out of reach: no point of it is the topmost element.
    Shown again, its tooltip names its project, as it did before."""
    frame = open_map(page, server, markers=23)
    toyooka = "28209"  # No.21, crafts: not a medical project
    assert "medical" not in projects.set_index("id").loc["toyooka-bags", "sectors"]
    tooltip = ".leaflet-tooltip:has-text('日本一のかばんのまち豊岡プロジェクト')"

    def hover_toyooka() -> None:
        point = area_point(frame, toyooka, "kasegiMuniAreas")
        assert point is not None, "豊岡市's project area has no uncovered point"
        frame.locator(".leaflet-container").hover(position={"x": point[0], "y": point[1]})
        expect(frame.locator(tooltip)).to_be_visible()

    hover_toyooka()
    medical = dataset.sector_by_slug["medical"].label.ja
    shown = sum("medical" in s for s in projects["sectors"])
    choose_option(page, f"{medical}（{shown}）")
    wait_markers(frame, shown)
    assert area_point(frame, toyooka, "kasegiMuniAreas") is None
    page.get_by_role("button", name="絞り込みを解除").click()
    wait_markers(frame, 23)
    page.mouse.move(0, 0)  # off the map: the tooltip closes
    expect(frame.locator(tooltip)).to_have_count(0)
    hover_toyooka()


def test_the_browser_reads_the_shown_bitset_as_python_writes_it(page):
    import random

    from components.map.script import map_code
    from components.map.shown_mask import encode_shown

    page.set_content("<!doctype html><title>bitset</title>")
    page.add_script_tag(content=map_code())
    decode = """([text, size]) => { const shown = window.kasegi.decodeShown(text, size);
      const out = []; shown.forEach((bit, p) => { if (bit) out.push(p); }); return out; }"""
    rng = random.Random(3)
    for size in (0, 1, 7, 8, 9, 23, 301, 5000):
        for positions in ([], list(range(size)), sorted(rng.sample(range(size), size // 3))):
            assert page.evaluate(decode, [encode_shown(positions, size), size]) == positions
    with pytest.raises(Exception, match="cannot hold a catalog of 24"):
        page.evaluate(decode, [encode_shown([1], 8), 24])
