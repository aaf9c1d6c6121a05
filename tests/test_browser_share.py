"""End to end: shared links reopen the same view; embed mode; the offline HTML export (by
keyboard: the focus stays on its button through the download)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit.pages import (
    checked_options,
    choose_option,
    current_query,
    map_probe,
    open_map,
    result_count,
    shot,
    wait_markers,
)
from geo.link import zoom_text

from .harness import pdf_text, squeeze

expect = pytest.importorskip("playwright.sync_api").expect


def test_a_copied_link_reopens_the_same_view(open_context, page, server, projects):
    frame = open_map(page, server, idle=False)
    choose_option(page, "医療・健康・ライフサイエンス")
    choose_option(page, "大阪府")
    expected = [
        p.id for p in projects.itertuples() if "medical" in p.sectors and p.prefecture == "大阪府"
    ]
    wait_markers(frame, len(expected))
    page.locator(".st-key-project_list").get_by_text("No.10 健都", exact=False).click()
    expect(page.locator(".st-key-detail_panel")).to_contain_text(
        "No.10 健都イノベーションパーク", timeout=20_000
    )
    # The map has moved to the project once its popup is open (the move comes first): the
    # detail beside it may be drawn before.
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(
        "吹田市・摂津市", timeout=20_000
    )
    before = frame.evaluate("window.kasegi.map.getZoom()")
    frame.locator(".leaflet-control-zoom-in").click()
    frame.wait_for_function(
        f"() => window.kasegi.map.getZoom() === {before + 1} && !window.kasegi.map._animatingZoom"
    )
    zoom = before + 1
    page.wait_for_function(
        f"() => location.search.includes('z={zoom_text(zoom)}') && "
        "location.search.includes('p=kento')",
        timeout=20_000,
    )
    link = page.url
    query = current_query(page)
    assert query["sector"] == ["medical"] and query["pref"] == ["27"] and query["p"] == ["kento"]
    shot(page, "10-before-share")

    fresh = open_context().new_page()
    fresh_frame = open_map(fresh, link, markers=len(expected), idle=False)
    expect(fresh.locator(".st-key-detail_panel")).to_contain_text(
        "No.10 健都イノベーションパーク", timeout=20_000
    )
    chosen = sorted(checked_options(page))
    assert len(chosen) == 2 and chosen[0].startswith(("医療", "大阪府"))
    assert sorted(checked_options(fresh)) == chosen
    fresh_frame.wait_for_function(
        f"() => Math.abs(window.kasegi.map.getZoom() - {zoom}) < 0.01", timeout=20_000
    )
    expect(fresh_frame.locator(".leaflet-popup-content")).to_contain_text("吹田市・摂津市")
    shot(fresh, "11-shared-link-opened")


def test_project_link_opens_with_its_popup(page, server):
    frame = open_map(page, f"{server}/?p=toyooka-bags", idle=False)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(
        "日本一のかばんのまち豊岡プロジェクト", timeout=20_000
    )
    expect(page.locator(".st-key-detail_panel")).to_contain_text("No.21")
    assert page.url.endswith("/?p=toyooka-bags")  # opening a link writes no history entry
    shot(page, "12-project-link")


def test_mangled_link_opens_the_default_view_with_a_notice(page, server):
    open_map(page, f"{server}/?sector=nope&z=999&p=%3Cscript%3E", markers=23, idle=False)
    notice = page.locator("[data-testid='stAlert']").filter(has_text="nope")
    expect(notice).to_contain_text("999")
    expect(notice).to_contain_text("<script>")  # shown as text, not markup
    shot(page, "13-mangled-link")


def test_embed_view_shows_the_map_only(page, server, projects):
    open_map(
        page,
        f"{server}/?view=embed&embed=true&sector=crafts",
        markers=sum("crafts" in s for s in projects["sectors"]),
        idle=False,
    )
    assert page.locator("[data-testid='stSidebar']").count() == 0
    assert page.locator(".st-key-project_list").count() == 0
    expect(page.get_by_text("国土数値情報", exact=False).first).to_be_visible()
    shot(page, "14-embed")


def test_exported_html_works_offline_from_file(browser, page, server, tmp_path):
    open_map(page, f"{server}/?round=2", markers=6)  # idle: the map's first report has run
    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    expect(page.get_by_role("dialog")).to_be_visible(timeout=20_000)
    # By keyboard: Enter on the button. The server builds the file while Streamlit disables
    # the button; the focus comes back to it after, so Escape then closes the dialog.
    export = page.get_by_role("button", name="地図HTML（オフラインで開ける1ファイル）")
    export.focus()
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    target = tmp_path / "map.html"
    info.value.save_as(target)
    expect(export).to_be_enabled()
    expect(export).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog")).to_have_count(0)
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    requests: list[str] = []

    def only_the_file(route):
        requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort("internetdisconnected")

    context.route("**/*", only_the_file)
    offline = context.new_page()
    offline.goto(target.as_uri())
    expect(offline.locator(".kasegi-marker")).to_have_count(6, timeout=20_000)
    offline.wait_for_selector(".leaflet-container[data-boundaries='loaded']")
    # No tiles offline: the export draws the app's built-in base and says so.
    offline.wait_for_selector(".leaflet-container[data-base='built-in (tiles failed)']")
    expect(offline.locator(".kasegi-tiles-notice")).to_be_visible()
    assert all(u.startswith(("file://", "https://cyberjapandata.gsi.go.jp/")) for u in requests)
    shot(offline, "15-exported-html-offline")
    context.close()


def test_back_and_forward_restore_the_filters(page, server):
    frame = open_map(page, server, idle=False)
    map_probe(frame, "kept")
    choose_option(page, "第1弾")
    wait_markers(frame, 5)
    page.wait_for_function("() => location.search.includes('round=1')")
    choose_option(page, "第2弾")
    wait_markers(frame, 11)
    page.wait_for_function("() => decodeURIComponent(location.search).includes('round=1,2')")
    page.go_back()
    wait_markers(frame, 5)
    expect(result_count(page, "5 / 23 件")).to_be_visible()
    page.go_forward()
    wait_markers(frame, 11)
    assert map_probe(frame) == "kept"


def test_copy_link_button_puts_the_link_on_the_clipboard(open_context, server):
    context = open_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    open_map(page, f"{server}/?sector=medical&p=kento")
    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible(timeout=20_000)
    copy_frame = page.frame_locator("[role='dialog'] iframe").first
    copy_frame.get_by_role("button", name="リンクをコピー").click()
    expect(copy_frame.get_by_role("button", name="コピーしました")).to_be_visible(timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{server}/?sector=medical&p=kento&lang=ja"
    expect(dialog.get_by_role("img")).to_be_visible()  # the QR code
    shot(page, "16-share-dialog")


@pytest.mark.parametrize(
    ("language", "name"), [("ja", "健都イノベーションパーク"), ("en", "Kento")]
)
def test_the_printable_map_of_a_filtered_view_downloads(
    page, server, poppler, tmp_path, language, name
):
    open_map(page, f"{server}/?sector=medical&pref=27&lang={language}", markers=4)
    share = "リンクを共有・埋め込み・書き出し" if language == "ja" else "Share, embed and export"
    page.get_by_role("button", name=share).click()
    dialog = page.get_by_role("dialog")
    make = "印刷用の地図を作る" if language == "ja" else "Make the printable map"
    dialog.get_by_role("button", name=make).click()
    save = "PDF を保存" if language == "ja" else "Save the PDF"
    with page.expect_download(timeout=60_000) as download:
        dialog.get_by_role("button", name=save).click(timeout=60_000)
    assert download.value.suggested_filename == "kasegigashira-map.pdf"
    flat = squeeze(pdf_text(tmp_path, Path(download.value.path()).read_bytes()))
    assert name in flat and "sector=medical&pref=27" in flat
    shot(page, f"12-print-dialog-{language}")
