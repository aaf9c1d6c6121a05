"""One action, one change, in a real browser with a busy process beside the server (as when
other visitors use it): two filter picks 0.05–0.8 s apart are never lost and the address bar
always reopens what the page shows; every shareable value has one input at desktop and phone
widths; one filter click adds one history entry."""

from __future__ import annotations

import contextlib
import subprocess
import sys

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402  (a browser test)

from devkit.pages import (
    SIDEBAR,
    TIMEOUT_MS,
    checked_options,
    choose_option,
    click_two_options,
    current_query,
    expect,
    open_map,
    shot,
)
from geo.fields import REGISTRY

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1400, "height": 900}
GAPS_MS = (50, 100, 200, 300, 400, 500, 650, 800)
# (label, slug): two sectors picked one after the other, then reset for the next try.
PAIRS = (
    (("医療・健康・ライフサイエンス", "medical"), ("環境・エネルギー", "environment")),
    (("ものづくり・先端技術", "manufacturing"), ("農林業・食", "agri-food")),
)
# Settled on ``sector``: the script is not running, the last full run's mark (written at the
# end of each run) says it wrote that filter, and the address bar holds the link it wrote. A
# pick lost, or a link that says less than the page, never settles: the test then reads what
# the page shows and names the disagreement.
SETTLED_JS = """([sector]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const mark = document.querySelector(".kasegi-run-mark");
  if (!app || !mark || app.dataset.testScriptState !== "notRunning") return false;
  const wanted = new URLSearchParams(mark.dataset.link);
  const shown = new URLSearchParams(location.search);
  if ((wanted.get("sector") || "") !== sector) return false;
  wanted.sort(); shown.sort();
  return wanted.toString() === shown.toString();
}"""


@pytest.fixture(scope="module")
def busy_machine():
    """One process spinning beside the server and the browser, on purpose."""
    spinner = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    yield
    spinner.kill()
    spinner.wait()


def _count(page) -> str:
    return page.locator("h1 ~ div p, [data-testid='stMarkdown'] p").filter(has_text=" / ").first


def _open_sidebar_on_a_phone(page) -> None:
    """The phone's way to the filters: the line above the map opens the sidebar."""
    button = page.locator("#kasegi-filters-open")
    expect()(button).to_be_visible(timeout=TIMEOUT_MS)
    button.click()
    expect()(page.locator(f"{SIDEBAR}[data-collapsed='false']")).to_be_visible(timeout=TIMEOUT_MS)
    expect()(button).to_have_attribute("aria-expanded", "true")
    assert page.evaluate("document.activeElement.type") == "checkbox"  # the first filter


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_two_quick_picks_are_never_lost_and_the_link_says_what_is_shown(
    server, open_context, projects, viewport, busy_machine
):
    page = open_context(viewport=viewport).new_page()
    open_map(page, server, markers=23)
    if viewport is PHONE:
        _open_sidebar_on_a_phone(page)
    disagreements = []
    for i, gap in enumerate(GAPS_MS):
        (first, a), (second, b) = PAIRS[i % len(PAIRS)]
        expected = sum(bool({a, b} & set(s)) for s in projects["sectors"])
        wanted = {
            "checked": sorted([first, second]),
            "link": ",".join(sorted([a, b])),
            "count": f"{expected} / 23 件",
        }
        click_two_options(page, first, second, gap)
        with contextlib.suppress(PlaywrightTimeout):  # never settled: said below, with the page
            page.wait_for_function(SETTLED_JS, arg=[wanted["link"]], timeout=TIMEOUT_MS)
        seen = {
            "checked": sorted(checked_options(page)),
            "link": current_query(page).get("sector", [""])[0],
            "count": _count(page).inner_text(),
        }
        if seen != wanted:
            disagreements.append((gap, seen, wanted))
        page.locator(SIDEBAR).get_by_role("button", name="絞り込みを解除").click()
        page.wait_for_function(SETTLED_JS, arg=[""], timeout=TIMEOUT_MS)
        expect()(page.locator(f"{SIDEBAR} input[type='checkbox']:checked")).to_have_count(0)
    shot(page, f"quick_picks_{viewport['width']}")
    assert not disagreements, f"{len(disagreements)} of {len(GAPS_MS)} tries: {disagreements}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_each_shareable_value_has_one_input_at_every_width(server, open_context, viewport):
    page = open_context(viewport=viewport).new_page()
    open_map(page, server, markers=23)
    for field in REGISTRY.fields:
        if field.widget is None:
            continue
        if field.is_facet:  # the filter panel's group of checkboxes, each option once
            group = page.locator(f"fieldset[data-input='{field.widget}']")
            if field.name in ("sectors", "prefectures", "rounds"):  # the Kansai list has all
                expect()(group).to_have_count(1)
                assert group.locator("input[type='checkbox']").count() > 1
            values = page.eval_on_selector_all(
                f"fieldset[data-input='{field.widget}'] input", "els => els.map(e => e.value)"
            )
            assert len(values) == len(set(values)), f"{field.name}: an option drawn twice"
        elif field.name == "keyword":  # the filter panel's search field
            expect()(page.locator(f"input[type='search']#{field.widget}")).to_have_count(1)
        elif field.name not in ("version", "since"):  # the Kansai list's versions: a sidebar
            expect()(page.locator(f".st-key-{field.widget} input")).not_to_have_count(0)
            assert page.locator(f"[class*='st-key-'][class*='{field.widget}']").count() == 1
    assert not page.locator(".stMultiSelect").count()  # no "Select all" in English either


def test_one_filter_click_adds_one_history_entry(server, page):
    open_map(page, server, markers=23)
    before = page.evaluate("history.length")
    choose_option(page, "医療・健康・ライフサイエンス")
    assert page.evaluate("history.length") == before + 1
    choose_option(page, "大阪府")
    assert page.evaluate("history.length") == before + 2
    assert current_query(page)["pref"] == ["27"]
