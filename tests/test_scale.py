"""Thousands of projects: the compact clustered layer, the paged list, and the map in Chromium."""

from __future__ import annotations

import json

import pytest

from components.map.marker_catalog import CLUSTER_THRESHOLD, make_catalog
from components.map.project_layer import build_project_layer
from components.map.shown_mask import decode_shown
from components.ui.project_list import PAGE_SIZE
from devkit.pages import TIMEOUT_MS, MapView, choose_option, result_count, shot, wait_ready
from devkit.waiting import wait_until
from geo.dataset import load_dataset
from geo.projects import load_projects
from geo.table.choropleth import classify_counts, municipality_counts
from geo.table.prepare import prepare

from .harness import check_count_levels, choose, listed, result_text, run_app


@pytest.fixture(scope="module")
def large(large_dataset, boundaries):
    municipalities, prefectures, _ = boundaries
    dataset = load_dataset(large_dataset)
    table = prepare(
        load_projects(large_dataset / "projects.csv", dataset), municipalities, prefectures
    )
    return dataset, table


def layer_config(group) -> dict:
    (script,) = [c for c in group._children.values() if c._name == "KasegiScript"]
    return json.loads(script.config)


@pytest.mark.parametrize("shown", [CLUSTER_THRESHOLD, CLUSTER_THRESHOLD + 1, 5000])
def test_markers_cluster_above_the_threshold_only(large, shown):
    dataset, table = large
    catalog = make_catalog(table, dataset, url="/app/static/gen/markers.json")
    group = build_project_layer(
        table.head(shown), dataset=dataset, colour_by="sector", language="ja", catalog=catalog
    )
    assert layer_config(group)["clustered"] is (shown > CLUSTER_THRESHOLD)


@pytest.mark.parametrize("shown", [0, 1, 301, 2500, 5000])
def test_a_filter_change_sends_a_bitset_whatever_it_shows(large, shown):
    dataset, table = large
    catalog = make_catalog(table, dataset, url="/app/static/gen/markers.json")
    picked = table.sample(n=shown, random_state=1) if shown else table.head(0)
    config = layer_config(
        build_project_layer(
            picked, dataset=dataset, colour_by="sector", language="ja", catalog=catalog
        )
    )
    assert config["catalog"] is None and config["popups"] is None
    positions = sorted(catalog.positions[pid] for pid in picked["id"])
    assert decode_shown(config["shown"], len(table)) == positions
    # The bitset (len / 6 bytes) and a few fixed words: no per-project or per-area entry.
    assert len(json.dumps(config, ensure_ascii=False).encode()) < 2_000


def test_an_uploaded_tables_catalog_travels_inline(large):
    dataset, table = large
    group = build_project_layer(
        table.head(40),
        dataset=dataset,
        colour_by="round",
        language="en",
        catalog=make_catalog(table, dataset, url=None),
    )
    config = layer_config(group)
    assert config["catalog_url"] is None and len(config["catalog"]["id"]) == len(table)
    assert config["catalog"]["title"]["en"][0].startswith("No.1 ")
    assert config["catalog"]["popups"]["url"] is None
    assert sorted(map(int, config["popups"])) == list(range(40))  # the shown ones' popups


@pytest.fixture
def large_env(large_dataset, built_dir, monkeypatch):
    monkeypatch.setenv("DATASET_DIR", str(large_dataset))
    monkeypatch.setenv("BOUNDARIES_DIR", str(built_dir))


def test_the_list_pages_and_turns_to_a_selected_project(large_env, large):
    _, table = large
    at = run_app()
    size = PAGE_SIZE
    assert result_text(at) == "**5000 / 5000 件**" and len(listed(at)) == size
    assert f"1–{size} / 5,000 件" in [c.value for c in at.caption]
    at.button(key="list_next").click().run()
    assert listed(at)[0].startswith(f"No\\.{size + 1} ") and len(listed(at)) == size
    target = table.set_index("no").loc[1234, "id"]
    at = run_app(p=target)
    first = (1234 - 1) // size * size + 1
    assert listed(at)[0].startswith(f"No\\.{first} ")  # the page that holds No.1234
    choose(at, "prefectures", ["25"])  # a new result starts on its first page
    first = table.loc[table["prefecture_code"] == "25", "no"].min()
    assert listed(at)[0].startswith(f"No\\.{first} ")
    assert any(c.value.startswith("1–") for c in at.caption)


@pytest.fixture(scope="module")
def large_server(large_dataset, built_dir):
    from devkit.browser import streamlit_server

    env = {"DATASET_DIR": str(large_dataset), "BOUNDARIES_DIR": str(built_dir)}
    with streamlit_server(env) as base:
        yield base


def _cluster_total(frame) -> int:
    counts = frame.eval_on_selector_all(".kasegi-cluster", "els => els.map(e => +e.textContent)")
    singles = frame.eval_on_selector_all(".kasegi-marker", "els => els.length")
    return sum(counts) + singles


def test_5000_projects_cluster_offline_and_split_on_zoom(page, large_server, large):
    expect = pytest.importorskip("playwright.sync_api").expect
    _, table = large
    page.emulate_media(
        reduced_motion="reduce"
    )  # clusters split without animation: no moving target
    page.goto(large_server)
    page.wait_for_selector("[data-kasegi-map]", timeout=90_000)
    frame = MapView(page)
    frame.wait_for_selector(".kasegi-cluster", timeout=90_000)
    frame.wait_for_function(
        "() => document.querySelector('.leaflet-container').dataset.shown === '5000'"
    )
    wait_ready(page)
    assert _cluster_total(frame) == 5000  # every project in a cluster or on its own
    cluster = frame.locator(".kasegi-cluster").first
    assert cluster.get_attribute("role") == "button"
    assert cluster.get_attribute("aria-label").endswith("件（クリックで拡大）")
    shot(page, "50-clusters-5000")
    # A filter narrows the counts.
    choose_option(page, "滋賀県")
    shiga = int((table["prefecture_code"] == "25").sum())
    expect(result_count(page, f"{shiga} / 5000 件")).to_be_visible(timeout=TIMEOUT_MS)
    frame.wait_for_function(
        f"() => document.querySelector('.leaflet-container').dataset.shown === '{shiga}'",
        timeout=TIMEOUT_MS,
    )
    frame.wait_for_function(
        "(n) => [...document.querySelectorAll('.kasegi-cluster')].reduce((s, e) => s + +e.textContent, 0)"
        " + document.querySelectorAll('.kasegi-marker').length === n",
        arg=shiga,
        timeout=TIMEOUT_MS,
    )
    # Zooming into a cluster (Enter, as from the keyboard) reveals numbered markers.
    before = frame.evaluate("window.kasegi.map.getZoom()")
    frame.locator(".kasegi-cluster").first.focus()
    page.keyboard.press("Enter")
    frame.wait_for_function(f"() => window.kasegi.map.getZoom() > {before}", timeout=TIMEOUT_MS)
    # Generated firms of one town share its point: their cluster splits (spiderfies) when
    # clicked at the last zoom, as a person would do.
    for _ in range(10):
        if frame.locator(".kasegi-marker").count():
            break
        frame.locator(".kasegi-cluster").first.click()
        frame.wait_for_function("() => !window.kasegi.map._animatingZoom", timeout=TIMEOUT_MS)
    marker = frame.locator(".kasegi-marker").first
    marker.wait_for(timeout=TIMEOUT_MS)
    number = marker.inner_text().strip()
    marker.click()
    expect(page.locator(".st-key-detail_panel")).to_contain_text(
        f"No.{number} ", timeout=TIMEOUT_MS
    )
    shot(page, "51-cluster-zoomed-selected")


def test_an_area_of_the_clustered_layer_offers_its_projects(page, large_server, large):
    """At 5,000 rows an area names its projects by catalog position; a click on it still
    reports their ids (resolved in the browser) and the app offers them."""
    from devkit.pages import area_point

    expect = pytest.importorskip("playwright.sync_api").expect
    _, table = large
    shiga = table[table["prefecture_code"] == "25"]
    by_code = shiga.explode("area_codes").groupby("area_codes")["id"].apply(list)
    code, ids = max(by_code.items(), key=lambda item: len(item[1]))
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{large_server}/?pref=25")
    page.wait_for_selector("[data-kasegi-map]", timeout=90_000)
    frame = MapView(page)
    frame.wait_for_selector(".leaflet-container[data-boundaries='loaded']", timeout=90_000)
    frame.wait_for_function(
        f"() => document.querySelector('.leaflet-container').dataset.shown === '{len(shiga)}'",
        timeout=90_000,
    )
    frame.wait_for_function("() => window.kasegi.catalogIds !== undefined", timeout=TIMEOUT_MS)
    wait_ready(page)
    point = area_point(frame, code, "kasegiMuniAreas")
    assert point is not None, f"area {code} is covered everywhere"
    frame.locator(".leaflet-container").click(position={"x": point[0], "y": point[1]})
    offered = page.locator("[class*='st-key-choose_']")
    expect(offered.first).to_be_visible(timeout=TIMEOUT_MS)
    keys = offered.evaluate_all(
        "els => els.map(e => [...e.classList].find(c => c.startsWith('st-key-choose_')))"
    )
    offered_ids = {k.removeprefix("st-key-choose_") for k in keys}
    assert offered_ids and offered_ids <= set(ids) and len(offered_ids) == min(len(ids), 20)


def test_5000_projects_in_count_classes(page, large_server, large):
    """The count colouring at 5,000 rows: classes by prefecture, then by municipality, each
    the server's classification of exactly these counts, every area with a project drawn."""
    _, table = large
    page.goto(f"{large_server}/?color=count")
    page.wait_for_selector("[data-kasegi-map]", timeout=90_000)
    frame = MapView(page)
    frame.wait_for_selector(".kasegi-legend div i", timeout=90_000)
    wait_ready(page)
    rows = check_count_levels(frame, table)
    counts = municipality_counts(table)
    assert classify_counts(list(counts.values())).method in ("natural_breaks", "quantiles")
    assert len(rows) == 5
    labels = [label for _, label in rows]
    assert labels[0].startswith(f"{min(counts.values())}") and labels[-1].endswith(
        f"{max(counts.values())}件"
    )
    shot(page, "52-count-5000")


COUNT_OPERATIONS = """() => {
  const layer = window.kasegi.layer, host = layer.host;
  const counted = (window.kasegi.counted = { added: 0, removed: 0 });
  const calls = (window.kasegi.calls = []);  // for the failure message
  for (const [name, key] of [["addLayers", "added"], ["removeLayers", "removed"]]) {
    const original = host[name].bind(host);
    host[name] = (layers, ...rest) => {
      counted[key] += layers.length;
      calls.push([name, layers.length, document.querySelector(".leaflet-container").dataset.shown]);
      return original(layers, ...rest);
    };
  }
  Object.values(layer.made).forEach((marker) => { marker.kasegiBefore = true; });
}"""
STATE = """() => { const layer = window.kasegi.layer, made = Object.values(layer.made);
  return { counted: window.kasegi.counted, calls: window.kasegi.calls, made: made.length,
           kept: made.filter((m) => m.kasegiBefore && layer.host.hasLayer(m)).length,
           shown: +document.querySelector('.leaflet-container').dataset.shown }; }"""
CLUSTER_SUM = (
    "(n) => [...document.querySelectorAll('.kasegi-cluster')].reduce((s, e) => s + +e.textContent, 0)"
    " + document.querySelectorAll('.kasegi-marker').length === n"
)


def test_a_filter_change_adds_and_removes_only_the_changed_markers(page, large_server, large):
    """At 5,000 rows, in clusters: each filter change adds and removes exactly the markers
    whose projects it shows or hides, in one bulk call each, keeping every other marker and
    its clusters; after each change of the chain, the clusters count exactly the result."""
    _, table = large
    shiga, nara = ((table["prefecture_code"] == code).sum() for code in ("25", "29"))
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{large_server}/?pref=25")
    page.wait_for_selector("[data-kasegi-map]", timeout=90_000)
    frame = MapView(page)
    frame.wait_for_function(CLUSTER_SUM, arg=int(shiga), timeout=90_000)
    wait_ready(page)
    frame.evaluate(COUNT_OPERATIONS)

    def after(shown: int) -> dict:
        """Once the map has drawn ``shown`` (a fit's report reruns the map's fragment only,
        and its view, the app's own, is not written to the link)."""
        frame.wait_for_function(
            f"() => document.querySelector('.leaflet-container').dataset.shown === '{shown}'",
            timeout=TIMEOUT_MS,
        )
        frame.wait_for_function(CLUSTER_SUM, arg=shown, timeout=TIMEOUT_MS)
        return frame.evaluate(STATE)

    view = _view(page.url)
    choose_option(page, "奈良県")  # + Nara: its markers added, Shiga's kept
    state = after(int(shiga + nara))
    assert _view(page.url) == view  # the fit to Nara is the app's move: no view in the link
    assert state["counted"] == {"added": nara, "removed": 0}, state["calls"]
    assert state["kept"] == shiga and state["made"] == shiga + nara
    choose_option(page, "滋賀県")  # − Shiga
    state = after(int(nara))  # Nara is in view: no fit, no report
    assert state["counted"] == {"added": nara, "removed": shiga}, state["calls"]
    assert state["kept"] == 0 and state["made"] == shiga + nara  # kept for a later filter
    frame.evaluate(
        "Object.values(window.kasegi.layer.made).forEach((m) => { m.kasegiBefore = true; })"
    )
    keyword = page.get_by_role("searchbox", name="キーワード")
    keyword.fill("テスト")  # every firm's name: the same projects, nothing drawn again
    keyword.press("Enter")
    page.wait_for_url(lambda url: "q=" in url, timeout=TIMEOUT_MS)  # the run has ended
    wait_ready(page)
    state = after(int(nara))
    assert state["counted"] == {"added": nara, "removed": shiga} and state["kept"] == nara


def _view(url: str) -> tuple:
    """The map's view in a link (``z``, ``ll``)."""
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(url).query)
    return query.get("z"), query.get("ll")


def test_a_print_is_cancelled_when_its_tab_closes(open_context, large_server):
    """A print of 5,000 projects takes seconds of a worker; its visitor closes the tab: the
    worker is stopped at once (geo.jobs: the session is gone), not left to its time limit."""
    from devkit.browser import server_log

    log = server_log(large_server)
    before = log.read_text().count("cancelled (its visitor left)")
    context = open_context()
    page = context.new_page()
    page.goto(large_server)
    # The map drawn (its clusters) and its first report's run over: a click while that run
    # is going can be lost (the race #35 takes the filters out of), and then no dialog opens.
    clusters = page.locator(".kasegi-cluster")
    clusters.first.wait_for(timeout=90_000)
    wait_ready(page)
    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for(timeout=TIMEOUT_MS)
    dialog.get_by_role("button", name="印刷用の地図を作る").click()
    page.get_by_text("印刷用の地図を作っています").wait_for(timeout=TIMEOUT_MS)
    context.close()  # the tab goes, and with it the session
    wait_until(
        lambda: log.read_text().count("cancelled (its visitor left)") > before,
        timeout=60,
        what=lambda: log.read_text()[-2000:],
    )
    assert "job print_map cancelled (its visitor left)" in log.read_text()
