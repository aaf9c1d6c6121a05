"""WCAG 2.2 AA in the browser: axe-core on the page, the map part of it, in six states,
a keyboard-only path through filter, marker, popup and detail, and the layout from a 390 px
phone to a desktop."""

from __future__ import annotations

import pytest

from devkit.pages import (
    SIDEBAR,
    choose_option,
    last_run,
    open_map,
    option_box,
    result_count,
    shot,
    wait_markers,
    wait_ready,
)

from .harness import CELLS

expect = pytest.importorskip("playwright.sync_api").expect
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
# Rules switched off, each with its reason (docs/accessibility.md lists them too). None at present.
EXCLUDED_RULES: dict[str, str] = {}
PHONE = {"width": 390, "height": 844}


def violations(target) -> list[str]:
    """axe-core's WCAG A/AA violations in one document (a page or a frame)."""
    options = {
        "runOnly": {"type": "tag", "values": WCAG_TAGS},
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in EXCLUDED_RULES},
    }
    found = Axe().run(target, options=options).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in found
    ]


def audit(page) -> list[str]:
    """The page's violations: the map is part of it (one document, no frame of its own)."""
    assert page.locator("iframe[data-kasegi-map], [data-kasegi-map] iframe").count() == 0
    return violations(page)


def _ready(page, query: str = "", markers: int | None = 23):
    frame = open_map(page, page.base + query, idle=False)
    if markers is not None:
        wait_markers(frame, markers)
    frame.wait_for_selector(".leaflet-container[data-boundaries='loaded']", timeout=20_000)
    wait_ready(page)
    return frame


def _default(page):
    return _ready(page)


def _english(page):
    frame = _ready(page, "/?lang=en")
    expect(result_count(page, "23 / 23 projects")).to_be_visible()
    return frame


def _changes_since(page):
    """The compared view: the 4th round's 7 projects marked added on the map and in the list."""
    frame = _ready(page, "/?since=2016-12-02")
    added = frame.locator(".kasegi-marker.kasegi-added")
    expect(added).to_have_count(7)
    titles = added.evaluate_all("els => els.map(e => e.title)")
    assert sorted(int(t.split()[0].removeprefix("No.")) for t in titles) == list(range(17, 24))
    assert all(t.endswith(" (追加)") for t in titles)  # the badge's word is in the name
    return frame


def _popup_open(page):
    frame = _ready(page, "/?p=kento")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text("健都", timeout=20_000)
    return frame


def _share_dialog(page):
    frame = _ready(page, "/?sector=medical", markers=None)
    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.locator("code").first).to_contain_text("sector=medical", timeout=20_000)
    expect(dialog.get_by_role("img")).to_be_visible()
    return frame


def _embed(page):
    return _ready(page, "/?view=embed&embed=true&sector=crafts", markers=None)


def _overview_open(page):
    frame = _ready(page)
    page.get_by_text("全体の集計").click()
    page.locator(CELLS).first.wait_for(timeout=20_000)
    return frame


def _phone(page):
    page.set_viewport_size(PHONE)
    return _ready(page)


STATES = {
    "japanese": _default,
    "english": _english,
    "popup-open": _popup_open,
    "share-dialog": _share_dialog,
    "embed": _embed,
    "phone": _phone,
    "overview-open": _overview_open,
    "changes-since": _changes_since,
}


@pytest.mark.parametrize("state", list(STATES))
def test_no_wcag_violations(page, server, state):
    page.base = server
    frame = STATES[state](page)
    shot(page, f"30-axe-{state}")
    assert frame.locator(".kasegi-marker").count() > 0  # the audit covers the drawn map
    assert audit(page) == []


def test_page_language_and_map_title_follow_the_interface(page, server):
    open_map(page, server, idle=False)
    assert page.evaluate("document.documentElement.lang") == "ja"
    region = page.get_by_role("region", name="地図（プロジェクトの位置と地域）")
    expect(region).to_have_attribute("data-kasegi-map", "1")
    # The map is the page's own element: no frame of its own, its markers in this document.
    assert page.frames == [page.main_frame]
    expect(region.locator(".leaflet-container .kasegi-marker")).to_have_count(23)
    page.locator("[data-testid='stSidebar']").get_by_text("English").click()
    page.wait_for_function("() => document.documentElement.lang === 'en'", timeout=20_000)
    # The same element, named in English.
    english = page.get_by_role("region", name="Map of the projects and their areas")
    expect(english).to_have_attribute("data-kasegi-map", "1", timeout=20_000)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_marker_has_a_unique_name_in_the_interface_language(page, server, projects, language):
    frame = open_map(page, f"{server}/?lang={language}", markers=23, idle=False)
    names = frame.eval_on_selector_all(
        ".kasegi-marker", "els => els.map(e => [e.getAttribute('aria-label'), e.title])"
    )
    column = "name_ja" if language == "ja" else "name_en"
    expected = [f"No.{r.no} {getattr(r, column)}" for r in projects.sort_values("no").itertuples()]
    assert [label for label, _ in names] == expected  # DOM order = Tab order = number order
    assert all(label == title for label, title in names)


def _focused_in_frame(frame) -> str:
    return frame.evaluate(
        "(() => { const a = document.activeElement; return a && a.classList.contains('kasegi-marker') ? a.getAttribute('aria-label') : ''; })()"
    )


def test_keyboard_only_filter_marker_popup_detail_and_back(page, server, projects):
    frame = open_map(page, server, markers=23)
    # Tab to the sector's checkbox, Space: a filter chosen without a mouse.
    sector_input = option_box(page, "環境・エネルギー")
    for _ in range(60):
        page.keyboard.press("Tab")
        if sector_input.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the sector filter")
    before = last_run(page)
    page.keyboard.press(" ")
    expect(sector_input).to_be_checked()
    expected = projects[projects["sectors"].map(lambda s: "environment" in s)].sort_values("no")
    wait_markers(frame, len(expected))
    wait_ready(page, after=before)
    # Tab on until a marker has focus: the first in number order.
    first = expected.iloc[0]
    for _ in range(80):
        page.keyboard.press("Tab")
        if _focused_in_frame(frame):
            break
    else:
        pytest.fail("Tab never reached a marker")
    assert _focused_in_frame(frame) == f"No.{first['no']} {first['name_ja']}"
    shot(page, "31-keyboard-marker-focus")
    page.keyboard.press("Enter")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(first["name_ja"])
    expect(page.locator(".st-key-detail_panel")).to_contain_text(first["name_ja"], timeout=20_000)
    wait_ready(page)
    page.keyboard.press("Escape")
    expect(frame.locator(".leaflet-popup-content")).to_have_count(0)
    assert _focused_in_frame(frame) == f"No.{first['no']} {first['name_ja']}"
    # Space opens the next marker like a click.
    second = expected.iloc[1]
    page.keyboard.press("Tab")
    assert _focused_in_frame(frame) == f"No.{second['no']} {second['name_ja']}"
    page.keyboard.press(" ")
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(second["name_ja"])
    expect(page.locator(".st-key-detail_panel")).to_contain_text(second["name_ja"], timeout=20_000)
    shot(page, "32-keyboard-popup")


def test_the_list_is_a_list_with_the_selection_marked(page, server):
    open_map(page, f"{server}/?p=toyooka-bags", idle=False)
    items = page.locator(".st-key-project_list [role='listitem']")
    expect(items).to_have_count(23, timeout=20_000)
    expect(page.locator(".st-key-project_list")).to_have_attribute("role", "list")
    current = page.locator(".st-key-project_list [aria-current='true']")
    expect(current).to_have_count(1, timeout=20_000)
    expect(current).to_contain_text("No.21")
    expect(items.nth(0)).to_contain_text("主体: 甲賀市")  # lead and area in text
    skip = page.get_by_role("link", name="地図をとばしてプロジェクト一覧へ")
    expect(skip).to_have_attribute("href", "#project-list")


@pytest.mark.parametrize(
    ("name", "viewport"),
    [
        ("phone", PHONE),
        ("tablet", {"width": 768, "height": 1024}),
        ("desktop", {"width": 1400, "height": 900}),
    ],
)
def test_layout_from_phone_to_desktop(open_context, server, name, viewport):
    page = open_context(viewport=viewport).new_page()
    frame = open_map(page, server, markers=23)
    shot(page, f"33-layout-{name}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator("[data-kasegi-map]").bounding_box()
    if name == "phone":
        assert box["y"] < viewport["height"] * 0.5, box  # the map starts on the first screen
        assert box["height"] >= viewport["height"] * 0.6, box
        expect(page.locator(".st-key-filter_line")).to_be_visible()
        list_box = page.locator(".st-key-project_list").bounding_box()
        assert list_box["y"] > box["y"] + box["height"]  # detail and list come after the map
        # The line above the map opens the filters (the sidebar's, the only ones): choose a
        # sector, close them, and the line names it.
        page.locator("#kasegi-filters-open").click()
        choose_option(page, "環境・エネルギー")
        wait_markers(frame, 3)
        page.locator("[data-testid='stSidebarCollapseButton'] button").click()
        expect(page.locator(".st-key-filter_line")).to_contain_text("環境・エネルギー")
        expect(page.locator("#kasegi-filters-open")).to_have_attribute("aria-expanded", "false")
        page.wait_for_function(  # the sidebar has slid out of the window: the page as seen
            "() => document.querySelector('[data-testid=stSidebar]')"
            ".getBoundingClientRect().right <= 0"
        )
        shot(page, "33-layout-phone-filtered")
    else:
        expect(page.locator(".st-key-filter_line")).to_be_hidden()
    # Popups fit the width.
    frame.locator(".kasegi-marker").first.click()
    popup = frame.locator(".leaflet-popup").first
    popup.wait_for()
    assert popup.bounding_box()["width"] <= box["width"]


@pytest.mark.parametrize("embedded", [True, False])
def test_an_embedded_map_on_a_phone_leaves_one_finger_to_the_page(open_context, server, embedded):
    page = open_context(viewport=PHONE, has_touch=True, is_mobile=True).new_page()
    frame = open_map(
        page, f"{server}/?view=embed&embed=true" if embedded else server, markers=23, idle=False
    )
    handled = frame.evaluate(
        "!!(window.kasegi.map.gestureHandling && window.kasegi.map.gestureHandling.enabled())"
    )
    assert handled is embedded
    if embedded:
        # One finger does not drag the map; the hint is in the interface language.
        assert frame.evaluate("window.kasegi.map.dragging.enabled()") is False
        hint = frame.get_attribute(".leaflet-container", "data-gesture-handling-touch-content")
        assert hint == "地図を動かすには2本の指で操作します"
        shot(page, "34-embed-phone")


def test_a_marker_tooltip_is_hoverable_and_dismissible(page, server):
    frame = open_map(page, server, markers=23, idle=False)
    # Leaflet fades a closed tooltip out (opacity 0 for 200 ms, still "visible" to Playwright):
    # ask the marker itself whether its tooltip is open.
    is_open = "window.kasegi.markers['taga-forest'].isTooltipOpen()"
    marker = frame.locator(".kasegi-marker", has_text="13")
    marker.hover()
    frame.wait_for_function(is_open)
    tip = frame.locator(".leaflet-tooltip-top").filter(has_text="No.13").bounding_box()
    # Up onto the tooltip's top edge, away from the marker: it stays open (the events have been
    # handled when the move returns, so this is read at once, not waited for).
    page.mouse.move(tip["x"] + tip["width"] / 2, tip["y"] + 4, steps=5)
    assert frame.evaluate(is_open)
    page.keyboard.press("Escape")  # the focus is in the page, not the map
    frame.wait_for_function(f"!{is_open}")
    marker.hover()
    frame.wait_for_function(is_open)
    frame_box = page.locator("[data-kasegi-map]").bounding_box()
    page.mouse.move(frame_box["x"] + 5, frame_box["y"] + frame_box["height"] - 5, steps=5)
    assert not frame.evaluate(is_open)  # leaving both closes it


def test_reduced_motion_turns_map_animations_off(open_context, server):
    page = open_context(reduced_motion="reduce").new_page()
    frame = open_map(page, server, idle=False)
    assert frame.evaluate("window.kasegi.map._zoomAnimated") is False
    assert frame.evaluate("window.kasegi.map.options.fadeAnimation") is False


def test_a_focused_marker_is_not_hidden_behind_the_legend(page, server):
    frame = open_map(page, server, markers=23)
    # Put No.22 right under the legend first.
    frame.evaluate(
        """() => { const marker = window.kasegi.markers['shimokitayama-forest'];
          const box = document.querySelector('.kasegi-legend').getBoundingClientRect();
          const map = window.kasegi.map.getContainer().getBoundingClientRect();
          const point = window.kasegi.map.latLngToContainerPoint(marker.getLatLng());
          const centre = L.point(box.left - map.left + box.width / 2, box.top - map.top + box.height / 2);
          window.kasegi.map.panBy(point.subtract(centre), { animate: false }); }"""
    )
    frame.locator(".kasegi-marker", has_text="21").focus()
    page.keyboard.press("Tab")  # to No.22, by keyboard: the focus is visible
    assert _focused_in_frame(frame).startswith("No.22 ")
    frame.wait_for_function(
        """() => { const m = document.activeElement.getBoundingClientRect();
          const l = document.querySelector('.kasegi-legend').getBoundingClientRect();
          const apart = m.right <= l.left || m.left >= l.right || m.bottom <= l.top || m.top >= l.bottom;
          return apart && !window.kasegi.map._panAnim?._inProgress; }""",
        timeout=10_000,
    )


def test_no_english_word_on_the_japanese_page(page, server, dataset, projects):
    """Streamlit's own words included (its "Select all", "Upload", "Skip to main content"):
    every word of three Latin letters or more the Japanese page shows is the data's or the
    catalog's Japanese text (「CSV」, 「Excel」), or a language's own name."""
    import re

    from geo.words.strings import CATALOG

    open_map(page, server, markers=23)
    page.locator(SIDEBAR).get_by_text("自分の表で地図を作る").click()
    expect(page.locator(f"{SIDEBAR} [data-testid='stFileUploader']")).to_be_visible()
    allowed = " ".join(
        [
            *CATALOG["ja"].values(),
            *projects.filter(regex="_ja$|^lead$|^applicant$").astype(str).stack(),
            dataset.title.ja,
            dataset.attribution.ja,
            dataset.subtitle.ja,
        ]
    )
    latin = re.compile(r"[A-Za-z]{3,}")

    def english() -> list[str]:
        return sorted(set(latin.findall(_shown_text(page))) - set(latin.findall(allowed)))

    assert english() == []
    # …and the check can fail: the upload button left in Streamlit's English is found.
    button = page.locator(f"{SIDEBAR} [data-testid='stFileUploader'] button").first
    button.evaluate("b => { b.textContent = 'Browse files'; }")
    assert english() == ["Browse", "files"]


def _shown_text(page) -> str:
    """The text a reader sees, less the icons' ligature names."""
    return page.evaluate(
        "() => { const hide = document.createElement('style');"
        " hide.textContent = '[data-testid=stIconMaterial] { display: none !important; }';"
        " document.head.appendChild(hide); const text = document.body.innerText;"
        " hide.remove(); return text; }"
    )
