"""Browser-page helpers shared by the tests and the benchmarks: an offline context, the map
opened and waited for, and the waits and pickers a person's steps need. Every wait is for a
condition the app exposes (a count, a state, its run mark), never a fixed time or a quiet
period.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devkit.browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, block_non_loopback

TIMEOUT_MS = 20_000
MAP = "[data-kasegi-map]"  # the map component's element (components/map/leaflet/component.js)
MARKER = ".kasegi-marker"
DESKTOP = {"width": 1400, "height": 1000}
AREA_POINT_JS = Path(__file__).with_name("area_point.js")
RUN_READY_JS = Path(__file__).with_name("run_ready.js")


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def offline_context(browser, **options):
    """A new context of a desktop in Japanese (``options`` override), every request that is
    not to this machine's loopback refused; ``context.blocked`` lists the refused URLs."""
    context = browser.new_context(**{"viewport": DESKTOP, "locale": "ja-JP", **options})
    context.blocked = []
    block_non_loopback(context, context.blocked)
    return context


def do_not_track_context(browser, profile: Path, **options):
    """An ``offline_context`` of a Chromium whose person turned on "Send a Do Not Track
    request" (its profile's own setting, as in chrome://settings): the page then reads
    ``navigator.doNotTrack`` as "1". Close it with ``.close()``."""
    (profile / "Default").mkdir(parents=True, exist_ok=True)
    (profile / "Default" / "Preferences").write_text(json.dumps({"enable_do_not_track": True}))
    context = browser.browser_type.launch_persistent_context(
        profile,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        **{"viewport": DESKTOP, "locale": "ja-JP", **options},
    )
    context.blocked = []
    block_non_loopback(context, context.blocked)
    return context


def offline_page(browser, **options):
    """A page in a new ``offline_context``; close it with ``page.context.close()``."""
    return offline_context(browser, **options).new_page()


class MapView:
    """The map's part of the page, as a test reads it: queries (by selector, role, text) look
    inside the map's element only, so a marker and the list's button of the same project are
    told apart; everything else (scripts, waits) is the page's frame's."""

    def __init__(self, page) -> None:
        self._frame = page.main_frame
        self._root = page.locator(MAP)

    def locator(self, selector: str, **options):
        return self._root.locator(selector, **options)

    def get_by_role(self, role: str, **options):
        return self._root.get_by_role(role, **options)

    def get_by_text(self, text, **options):
        return self._root.get_by_text(text, **options)

    def get_by_title(self, text, **options):
        return self._root.get_by_title(text, **options)

    def __getattr__(self, name: str):
        return getattr(self._frame, name)


def map_frame(page, timeout_ms: float = 60_000) -> MapView:
    """The map (``MapView``: the map is an element of the page), once it has drawn markers."""
    page.locator(MAP).locator(MARKER).first.wait_for(timeout=timeout_ms)
    return MapView(page)


def open_map(page, url: str, *, markers: int | None = None, idle: bool = True):
    """Go to ``url`` and return the map's frame (``map_frame``) once it has drawn (``markers`` of them, when
    given) and, with ``idle``, once the app's first full run has finished."""
    page.goto(url)
    frame = map_frame(page)
    if markers is not None:
        wait_markers(frame, markers)
    if idle:
        wait_ready(page)
    return frame


def wait_markers(frame, expected: int) -> None:
    """Until the map (in a page or frame) shows ``expected`` markers and has settled
    on them: drawn, pushed apart and moved (the map's ``data-settled``)."""
    expect()(frame.locator(MARKER)).to_have_count(expected, timeout=TIMEOUT_MS)
    container = frame.locator(".leaflet-container").first
    expect()(container).to_have_attribute("data-settled", str(expected), timeout=TIMEOUT_MS)


RUN_MARK = ".kasegi-run-mark"  # the last element of each full run (components/ui/page.py)


# Which full run of its session the page shows (0 before the first has finished).
LAST_RUN_JS = f"() => Number(document.querySelector('{RUN_MARK}')?.dataset.run || 0)"


def last_run(page) -> int:
    """Which full run of its session the page shows (0 before the first has finished)."""
    return page.evaluate(LAST_RUN_JS)


def wait_ready(page, *, after: int = 0) -> int:
    """Until the app's script is not running and the page shows a full run later than
    ``after`` (``last_run`` before an action: that action's run); return its number. The
    condition is the app's own: the run mark its script writes last, and Streamlit's state."""
    page.wait_for_function(
        RUN_READY_JS.read_text("utf-8"), arg=[RUN_MARK, after], timeout=TIMEOUT_MS
    )
    return last_run(page)


def written_link(page) -> dict[str, list[str]]:
    """The link (query) the page's last full run wrote, as ``current_query`` reads one."""
    query = page.eval_on_selector(RUN_MARK, "mark => mark.dataset.link")
    return parse_qs(query)


def option_box(page, option_text: str):
    """The sidebar's checkbox whose label starts with ``option_text`` (its count follows)."""
    import re

    name = re.compile("^" + re.escape(option_text))
    return page.locator(SIDEBAR).get_by_role("checkbox", name=name).first


def click_option(page, option_text: str) -> None:
    """Click the label of option ``option_text`` (what a person clicks; the input itself is
    drawn by Streamlit under its styled box), and nothing else: no wait."""
    option_box(page, option_text).locator("xpath=ancestor::label[1]").click()


def choose_option(page, option_text: str) -> None:
    """Click the filter option ``option_text`` in the sidebar, as a person does; return once
    the app's run for that click has finished (the box checked, a later run shown)."""
    box = option_box(page, option_text)
    before = wait_ready(page)  # the page's own run is over: the click's run is the next
    checked = box.is_checked()
    click_option(page, option_text)
    expect()(box).to_be_checked(checked=not checked, timeout=TIMEOUT_MS)
    wait_ready(page, after=before)


SIDEBAR = "[data-testid='stSidebar']"


def result_count(page, text: str):
    """The page's result count line (``text``, "5 / 23 件"), as the server's run wrote it in
    the header: the filter panel says the same in the sidebar, first, from the browser."""
    return page.locator(".st-key-page_header").get_by_text(text)


# Two clicks the browser makes ``gap`` ms apart on the sidebar's options: the gap is the
# scenario (a person's quick second pick), so the browser keeps it, not the test's clock.
TWO_CLICKS_JS = """([first, second, gap]) => new Promise((resolve) => {
  const box = (text) => [...document.querySelectorAll("[data-testid='stSidebar'] label")]
    .find((l) => l.textContent.startsWith(text)).querySelector("input");
  box(first).click();
  setTimeout(() => { box(second).click(); resolve(); }, gap);  // the scenario's gap
})"""


def click_two_options(page, first: str, second: str, gap_ms: int) -> None:
    """Click the sidebar's options ``first`` then ``second``, ``gap_ms`` apart, and no wait."""
    page.evaluate(TWO_CLICKS_JS, [first, second, gap_ms])


def checked_options(page) -> list[str]:
    """The names of the filter options checked in the sidebar (without their counts)."""
    return page.eval_on_selector_all(
        f"{SIDEBAR} input[type='checkbox']:checked",
        """els => els.map(e => (e.closest("label") || e).textContent.replace(/[（(][0-9]+[）)]$/, "").trim())""",
    )


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def current_query(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def map_probe(frame, value: str | None = None) -> str | None:
    """Mark the map's container (or read the mark): a reload loses it."""
    if value is not None:
        frame.evaluate(f"document.querySelector('.leaflet-container').dataset.probe = '{value}'")
    return frame.evaluate("document.querySelector('.leaflet-container').dataset.probe || null")


def area_point(frame, code: str, pane: str = "kasegiBase") -> tuple[float, float] | None:
    """A point of area ``code``'s path in ``pane`` that nothing covers (container pixels)."""
    point = frame.evaluate(AREA_POINT_JS.read_text(encoding="utf-8"), [code, pane])
    return None if point is None else (point[0], point[1])


def hover_area(frame, code: str, tooltip: str) -> None:
    """Hover the municipality ``code`` where nothing covers it (markers are pushed apart and the
    legend folds differently at each fitted zoom) until its ``tooltip`` selector shows; aimed
    again, a bounded number of times, if the view moved under the pointer."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(4):
        point = area_point(frame, code)
        assert point is not None, f"no uncovered point of area {code} in the view"
        frame.locator(".leaflet-container").hover(position={"x": point[0], "y": point[1]})
        try:
            frame.locator(tooltip).first.wait_for(timeout=3_000 if attempt < 3 else TIMEOUT_MS)
            return
        except PlaywrightTimeout:  # aim again on the settled view
            if attempt == 3:
                raise
