"""End to end: what a person does in a real browser adds exactly one to the right counter
(``geo.counts``), a browser that sends ``DNT: 1`` adds nothing, and nothing kept or logged
can identify the visitor."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from components.state.usage import OPEN_DATA_FILE
from devkit.browser import server_log, streamlit_server
from devkit.pages import choose_option, do_not_track_context, open_map, shot, wait_ready
from devkit.waiting import wait_until
from geo.counts.database import open_database

from .harness import written_rows
from .test_accessibility import violations

expect = pytest.importorskip("playwright.sync_api").expect

AGENT = "KasegiCountingProbe/7.3 (identifiable test browser)"
TOKEN = "owner-token-for-the-browser-test"


@pytest.fixture(scope="module")
def counting(app_boundaries_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    """A server counting into a database of its own, written every 0.1 s."""
    folder = tmp_path_factory.mktemp("usage")
    url = f"sqlite://{folder / 'counts.sqlite3'}"
    env = {
        "BOUNDARIES_DIR": str(app_boundaries_dir),
        "COUNTS_DATABASE_URL": url,
        "COUNTS_FLUSH_SECONDS": "0.1",
        "COUNTS_OPEN_DATA": "on",
        "COUNTS_TOKEN": TOKEN,
    }
    with streamlit_server(env) as base:
        yield base, open_database(url), folder


def counted(database) -> Counter:
    return Counter({(event, key): n for _day, event, key, n in written_rows(database)})


def wait_counted(database, expected: dict) -> None:
    """Until the database holds exactly ``expected`` (a condition the recorder reaches)."""
    wait_until(
        lambda: counted(database) == Counter(expected),
        timeout=30,
        what=lambda: f"counts {dict(counted(database))} to be {expected}",
    )


def test_each_action_adds_one_and_do_not_track_adds_none(browser, open_context, counting):
    base, database, folder = counting
    page = open_context(user_agent=AGENT).new_page()
    frame = open_map(page, f"{base}/?sector=medical&p=kento", idle=False)
    expected = {
        ("visit", "page"): 1,
        ("language", "ja"): 1,
        ("link_opened", "with_project"): 1,
        ("project_opened", "kento"): 1,
        ("opened_from", "link"): 1,
    }
    wait_counted(database, expected)

    choose_option(page, "大阪府")
    expected[("filter_applied", "pref=27")] = 1
    wait_counted(database, expected)

    page.get_by_role("button", name="絞り込みを解除").click()  # nothing applied
    frame.locator(".leaflet-popup-close-button").click()  # the link's popup, over the markers
    frame.locator(".kasegi-marker", has_text="21").click()
    expect(page.locator(".st-key-detail_panel")).to_contain_text("No.21", timeout=20_000)
    expected[("project_opened", "toyooka-bags")] = 1
    expected[("opened_from", "marker")] = 1
    wait_counted(database, expected)

    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    with page.expect_download():
        page.get_by_role("button", name="CSV（Excel対応）").click()
    expected[("export", "csv")] = 1
    wait_counted(database, expected)
    shot(page, "usage-counted")

    # A browser whose person asks not to be tracked: the same link and clicks add nothing.
    quiet_context = do_not_track_context(browser, folder / "profile", user_agent=AGENT)
    quiet = quiet_context.new_page()
    assert quiet.evaluate("navigator.doNotTrack") == "1"
    open_map(quiet, f"{base}/?sector=medical&p=kento", idle=False)
    choose_option(quiet, "京都府")
    expect(quiet.locator(".kasegi-run-mark")).to_have_attribute(
        "data-link", re.compile(r"(^|&)pref=26(&|$)"), timeout=20_000
    )
    quiet_context.close()
    # Then one counted action after them: once it is written, anything the quiet page had
    # added would have been written too (the recorder writes in order).
    page.keyboard.press("Escape")  # the share dialog
    expect(page.get_by_role("dialog")).to_have_count(0)
    choose_option(page, "京都府")
    expected[("filter_applied", "pref=26")] = 1
    wait_counted(database, expected)

    # Nothing kept, logged or published names the visitor: not its browser, not its address
    # (the browser's address is the server's own here: the log may name it only in the
    # server's own address, its URL).
    kept = [*folder.glob("counts.sqlite3*"), OPEN_DATA_FILE]
    for path in [*kept, server_log(base)]:
        text = path.read_bytes().decode("utf-8", "replace")
        assert AGENT not in text and "KasegiCountingProbe" not in text, path
    for path in kept:
        assert "127.0.0.1" not in path.read_bytes().decode("utf-8", "replace"), path
    log = server_log(base).read_text("utf-8", "replace").replace(base, "")
    assert "127.0.0.1" not in log
    assert OPEN_DATA_FILE.read_text("utf-8").startswith("day,event,key,count")


def test_the_owner_page_shows_the_database_and_passes_axe(page, counting, projects):
    base, database, _folder = counting
    database.migrate()
    database.add({(date(2026, 12, 7), "project_opened", "kento"): 12})
    page.goto(f"{base}/?view=counts&token={TOKEN}")
    expect(page.get_by_role("heading", name="地図の利用状況")).to_be_visible(timeout=60_000)
    wait_ready(page)
    name = projects.set_index("id").loc["kento", "name_ja"]
    first_row = page.locator("[data-testid='stTable'] tbody tr").first
    kento = sum(n for _day, event, key, n in database.rows() if key == "kento")  # 12 and more
    expect(first_row).to_have_text(f"{name}{kento}")
    assert page.evaluate("document.documentElement.lang") == "ja"
    shot(page, "usage-owner-page")
    assert violations(page) == []
    # The same page without its token does not exist: the map, its unknown value ignored.
    page.goto(f"{base}/?view=counts&token=wrong-token-0000000000")
    expect(page.get_by_text("view=counts", exact=False)).to_be_visible(timeout=60_000)
    assert page.get_by_role("heading", name="地図の利用状況").count() == 0
