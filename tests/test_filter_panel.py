"""The filter panel answered in the browser: a click changes the markers, the counts and the
status line before the page's script can hear of it; the browser's rule (``leaflet/filter.js``)
gives what the server's (``geo.table.filters``) gives; a run answering an older click never
undoes a newer one; the server's run then writes the link."""

from __future__ import annotations

import re
import unicodedata

import pytest

from devkit.pages import (
    MAP,
    SIDEBAR,
    TIMEOUT_MS,
    click_two_options,
    expect,
    last_run,
    open_map,
    shot,
    wait_ready,
)
from geo.table.filters import Filters, facet_index, fold_text

# Click the option whose label starts with ``text``, then read the page after the microtasks the
# click queued have run: no task (so no message from the server) can run in between.
CLICK_AND_READ_JS = """async ([text, mark]) => {
  const box = [...document.querySelectorAll("[data-testid='stSidebar'] label")]
    .find((l) => l.textContent.startsWith(text)).querySelector("input");
  const run = () => document.querySelector(mark).dataset.run;
  const before = run();
  box.click();
  for (let k = 0; k < 5; k++) await Promise.resolve();
  const labels = [...box.closest("fieldset").querySelectorAll("label")].map((l) => l.textContent);
  return {
    shown: document.querySelector("[data-kasegi-map] .leaflet-container").dataset.shown,
    status: document.querySelector(".kasegi-filters [role='status']").textContent,
    labels: labels,
    sameRun: run() === before,
  };
}"""
# The map's shown counts from now on (what each draw leaves): to say nothing undid a click.
WATCH_SHOWN_JS = """() => {
  const map = document.querySelector("[data-kasegi-map] .leaflet-container");
  window.__shownSeen = [];
  new MutationObserver(() => window.__shownSeen.push(Number(map.dataset.shown)))
    .observe(map, { attributes: true, attributeFilter: ["data-shown"] });
}"""
MEDICAL, ENVIRONMENT = "医療・健康・ライフサイエンス", "環境・エネルギー"
BOTH_IN_LINK = re.compile(r"sector=environment(,|%2C)medical")


def _having(projects, *sectors: str) -> int:
    return sum(bool(set(sectors) & set(s)) for s in projects["sectors"])


def test_a_click_is_drawn_before_the_server_hears_of_it(server, page, projects):
    open_map(page, server, markers=23)
    before = last_run(page)
    seen = page.evaluate(CLICK_AND_READ_JS, [MEDICAL, ".kasegi-run-mark"])
    medical = _having(projects, "medical")
    assert seen["sameRun"]  # the page's script has not answered: this is the browser's own
    assert seen["shown"] == str(medical)
    assert seen["status"] == f"{medical} / 23 件"
    assert any(label.startswith(MEDICAL) for label in seen["labels"])
    # Then the server's run: the same projects, and the link says so.
    wait_ready(page, after=before)
    expect()(page).to_have_url(re.compile(r"sector=medical"), timeout=TIMEOUT_MS)
    expect()(page.locator(MAP).locator(".leaflet-container")).to_have_attribute(
        "data-shown", str(medical)
    )
    shot(page, "filter-panel-clicked")


@pytest.mark.parametrize(
    "filters",
    [
        Filters(sectors={"medical", "environment"}),
        Filters(prefectures={"27"}, rounds={2, 3}),
        Filters(keyword="カバン"),
        Filters(keyword="ＩＰＳ 細胞", sectors={"medical"}),
        Filters(keyword="どこにもない"),
    ],
    ids=repr,
)
def test_the_browser_filters_as_the_server_does(server, page, projects, filters):
    open_map(page, server, markers=23)
    chosen = {name: sorted(str(v) for v in values) for name, values in filters.items()}
    result = page.evaluate(
        """async ([chosen, keyword]) => {
          const K = window.kasegi, data = K.layer.data;
          const texts = await K.filtering.search(data);
          const r = K.filtering.match(data, texts, chosen, keyword);
          return { ids: data.id.filter((id, p) => r.shown[p]), counts: r.counts };
        }""",
        [chosen, filters.keyword],
    )
    index = facet_index(projects)
    expected_ids = projects["id"][index.match(filters)].tolist()
    assert result["ids"] == expected_ids
    for facet in chosen:
        counts = {str(v): n for v, n in index.counts(filters, facet).items()}
        assert result["counts"][facet] == counts, facet


def test_the_browser_folds_a_keyword_as_the_server_does(server, page):
    """Every code point of the BMP this Python's Unicode knows, and some words."""
    open_map(page, server, markers=23)
    chars = [
        chr(c)
        for c in range(0x20, 0x10000)
        if unicodedata.category(chr(c)) not in ("Cn", "Cs")  # Chromium's Unicode is newer
    ]
    words = ["ＩＰＳ細胞", "カバン", "ﾃｽﾄ", "Straße", "ΌΣΟΣ", "ᾈδης", "ıstanbul", "①②", "ﬁle", "ｶﾞ"]
    folded = page.evaluate("(texts) => texts.map((w) => window.kasegi.filtering.fold(w))", chars)
    differ = [
        (hex(ord(c)), f, fold_text(c))
        for c, f in zip(chars, folded, strict=True)
        if f != fold_text(c)
    ]
    assert not differ, f"{len(differ)} code points: {differ[:10]}"
    folded = page.evaluate("(texts) => texts.map((w) => window.kasegi.filtering.fold(w))", words)
    assert folded == [fold_text(w) for w in words]


def test_a_late_answer_never_undoes_a_newer_click(server, page, projects):
    """Two clicks 50 ms apart, 20 times: both are kept, and once the second is drawn the map
    never shows the first alone again (the run answering it comes late and is not drawn)."""
    open_map(page, server, markers=23)
    both = _having(projects, "medical", "environment")
    lost = []
    for attempt in range(20):
        page.evaluate(WATCH_SHOWN_JS)
        before = last_run(page)
        click_two_options(page, MEDICAL, ENVIRONMENT, 50)
        expect()(page).to_have_url(BOTH_IN_LINK, timeout=TIMEOUT_MS)
        wait_ready(page, after=before)
        seen = page.evaluate("window.__shownSeen")
        after_second = seen[seen.index(both) :] if both in seen else seen
        if set(after_second) != {both}:
            lost.append((attempt, seen))
        reset = page.locator(SIDEBAR).get_by_role("button", name="絞り込みを解除")
        before = last_run(page)
        reset.click()
        expect()(page.locator(MAP).locator(".leaflet-container")).to_have_attribute(
            "data-shown", "23"
        )
        wait_ready(page, after=before)
    assert not lost, f"{len(lost)} of 20 tries drew an older state after the newer: {lost}"
