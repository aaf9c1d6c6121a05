"""End to end: a person uploads a table, reads the report, sees its markers; nobody else does."""

from __future__ import annotations

from pathlib import Path

import pytest

from devkit.browser import streamlit_server
from devkit.pages import TIMEOUT_MS, map_frame, open_map, shot, wait_markers, wait_ready

expect = pytest.importorskip("playwright.sync_api").expect
SAMPLE = Path(__file__).parent / "samples" / "spoiled.xlsx"


@pytest.fixture(scope="module")
def server(built_dir):
    """Real N03 boundaries: the sample names towns all over Kansai."""
    with streamlit_server({"BOUNDARIES_DIR": str(built_dir)}) as base:
        yield base


def test_an_uploaded_table_is_mapped_in_that_tab_only(open_context, page, server):
    open_map(page, server, markers=23, idle=False)
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("自分の表で地図を作る").click()
    sidebar.locator("input[type='file']").set_input_files(str(SAMPLE))
    expect(sidebar.get_by_text("40行・8列", exact=False)).to_be_visible(timeout=TIMEOUT_MS)
    sidebar.get_by_role("button", name="この表で地図を作る").click()
    expect(page.get_by_text("照合結果: 36 / 40 行を地図に表示")).to_be_visible(timeout=TIMEOUT_MS)
    wait_markers(map_frame(page), 36)
    wait_ready(page)
    expect(page.locator("h1").first).to_have_text("spoiled")
    assert "sector" not in page.url and "upload" not in page.url
    shot(page, "40-upload-mapped")

    other = open_context().new_page()
    other.goto(server)
    wait_markers(map_frame(other), 23)
    expect(other.locator("h1").first).to_contain_text("稼ぎ頭")
    expect(other.get_by_text("照合結果")).to_have_count(0)

    # A marker of the upload selects its row, as for the Kansai table.
    map_frame(page).locator(".kasegi-marker").first.click()
    expect(page.locator(".st-key-detail_panel")).to_contain_text(
        "株式会社テスト", timeout=TIMEOUT_MS
    )


def test_four_hostile_uploads_at_once_leave_the_server_answering(browser, built_dir, tmp_path):
    """Four tabs upload hostile files at the same moment while a fifth filters: each upload
    is refused with its reason, the server answers its health check throughout, its memory
    stays under 1 GB, and the other tab's filter changes are drawn."""
    from bench.hostile import TOGETHER, uploads_at_once
    from devkit.browser import running_streamlit
    from devkit.hostile_spreadsheets import corpus

    expected = {h.name: h.refusal for h in corpus() if h.name in TOGETHER}
    for hostile in corpus():
        if hostile.name in TOGETHER:
            (tmp_path / hostile.name).write_bytes(hostile.data())
    with running_streamlit({"BOUNDARIES_DIR": str(built_dir)}) as (base, process):
        result = uploads_at_once(base, process.pid, browser, tmp_path)
    assert result.health_checks > 0 and result.health_failures == 0
    assert result.peak_server_mb < 1024
    assert result.filter_changes == 2
    assert {name: expected[name] in text for name, text in result.uploads.items()} == dict.fromkeys(
        TOGETHER, True
    )
