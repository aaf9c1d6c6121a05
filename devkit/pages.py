"""Browser-page helpers shared by the tests and the benchmarks: an offline context, the map
opened and waited for, and the waits and pickers a person's steps need. Every wait is for a
condition (a count, a state, an element), never a fixed time.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from devkit.browser import ARTIFACTS, block_non_loopback

TIMEOUT_MS = 20_000
MAP_IFRAME = "iframe[data-kasegi-map]"
MARKER = ".kasegi-marker"
CHIP = "span[data-tag]"  # a chosen option in a multiselect
DESKTOP = {"width": 1400, "height": 1000}
AREA_POINT_JS = Path(__file__).with_name("area_point.js")


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


def offline_page(browser, **options):
    """A page in a new ``offline_context``; close it with ``page.context.close()``."""
    return offline_context(browser, **options).new_page()


def map_frame(page, timeout_ms: float = 60_000):
    """The st_folium iframe's frame, once its map has drawn markers."""
    page.wait_for_selector(MAP_IFRAME, timeout=timeout_ms)
    page.frame_locator(MAP_IFRAME).first.locator(MARKER).first.wait_for(timeout=timeout_ms)
    return page.query_selector(MAP_IFRAME).content_frame()


def open_map(page, url: str, *, markers: int | None = None, idle: bool = True):
    """Go to ``url`` and return the map's frame once it has drawn (``markers`` of them, when
    given) and, with ``idle``, once the app has finished the run the map's first report
    causes."""
    page.goto(url)
    frame = map_frame(page)
    if markers is not None:
        wait_markers(frame, markers)
    if idle:
        wait_idle(page)
    return frame


def wait_markers(frame, expected: int) -> None:
    expect()(frame.locator(MARKER)).to_have_count(expected, timeout=TIMEOUT_MS)


def wait_idle(page, quiet_ms: int = 400) -> None:
    """Until the app's script has not been running for ``quiet_ms`` (the map's first report
    reruns the app once more after the page looks ready)."""
    page.wait_for_function(
        """(quiet) => {
          const app = document.querySelector("[data-testid='stApp']");
          const now = performance.now();
          if (!app || app.dataset.testScriptState !== "notRunning") { window.__idle = null; return false; }
          window.__idle = window.__idle || now;
          return now - window.__idle >= quiet;
        }""",
        arg=quiet_ms,
        timeout=TIMEOUT_MS,
    )


def open_options(page, box) -> None:
    """Open a multiselect's list of options. A click that lands while a rerun redraws the
    widget opens nothing: click again until the list is shown (a bounded number of times)."""
    from playwright.sync_api import TimeoutError as NotYet

    listbox = page.get_by_role("listbox")
    for _ in range(5):
        box.locator("input").click()
        try:
            listbox.first.wait_for(state="visible", timeout=3_000)
            return
        except NotYet:
            wait_idle(page)
    listbox.first.wait_for(state="visible", timeout=TIMEOUT_MS)


def choose_option(page, box_index: int, option_text: str, *, scope: str | None = None) -> None:
    """Open the ``box_index``-th multiselect (of the sidebar, or of ``scope``), choose an
    option, click away; return once the app has run with it (its chip shown, the script
    idle)."""
    box = page.locator(f"{scope or SIDEBAR} .stMultiSelect").nth(box_index)
    open_options(page, box)
    page.get_by_role("option").filter(has_text=option_text).first.click()
    page.locator("h1").first.click()  # close the list, as a person clicks away
    chip = box.locator(CHIP).filter(has_text=option_text.split("（")[0])
    chip.first.wait_for(timeout=TIMEOUT_MS)
    wait_idle(page)


SIDEBAR = "[data-testid='stSidebar']"


def chips(page) -> list[str]:
    """The chosen options shown in the sidebar's multiselects (visible chips only)."""
    return page.eval_on_selector_all(
        f"{SIDEBAR} .stMultiSelect {CHIP}",
        "els => els.filter(e => e.offsetParent !== null).map(e => e.getAttribute('aria-label'))",
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
