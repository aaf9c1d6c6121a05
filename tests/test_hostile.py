"""Hostile data end to end: a table and boundaries full of script, Markdown, template and
formula payloads pass validation and are shown, exported and printed as plain text, with no
script run, no request sent to the trap and no template evaluated."""

from __future__ import annotations

import csv
import http.server
import io
import json
import subprocess
import sys
import threading

import pytest

from components.map.standalone import standalone_html
from devkit.pages import hover_area, open_map, shot, wait_ready
from geo.boundaries.built_layers import MUNICIPALITIES_FILE, read_boundaries
from geo.choices import Display
from geo.dataset import load_dataset
from geo.output.exports import projects_csv, projects_geojson
from geo.paths import REPO_ROOT
from geo.projects import load_projects
from geo.table.prepare import prepare

from .conftest import DATASET_DIR
from .harness import detail_texts, pick, run_app
from .hostile import XSS, write_hostile_dataset

KOBE = {"code": "28100", "name": "神戸市", "center": (34.69, 135.195)}

KANSAI = load_dataset(DATASET_DIR)


class _Trap(http.server.BaseHTTPRequestHandler):
    hits: list[str]

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.hits.append(self.path)
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def trap():
    """A local server that records every request: nothing in the data may make one."""
    handler = type("Trap", (_Trap,), {"hits": []})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.hits = handler.hits
    yield server
    server.shutdown()


@pytest.fixture(scope="module")
def hostile(trap, tmp_path_factory):
    directory = tmp_path_factory.mktemp("hostile")
    marker = directory / "template-ran"
    csv_path, boundaries = write_hostile_dataset(
        directory, port=trap.server_address[1], marker=marker
    )
    _add_kobe(boundaries)
    return {"csv": csv_path, "boundaries": boundaries, "marker": marker}


def _add_kobe(boundaries):
    """A municipality no project covers, so its own (hostile) name shows on hover."""
    from shapely.geometry import box, mapping

    path = boundaries / MUNICIPALITIES_FILE
    layer = json.loads(path.read_text("utf-8"))
    name = layer["features"][0]["properties"]["name"].split(" ", 1)[1]
    lat, lon = KOBE["center"]
    layer["features"].append(
        {
            "type": "Feature",
            "properties": {
                "code": KOBE["code"],
                "name": f"{KOBE['name']} {name}",
                "prefecture": "兵庫県",
                "prefecture_code": "28",
            },
            "geometry": mapping(box(lon - 0.03, lat - 0.03, lon + 0.03, lat + 0.03)),
        }
    )
    path.write_text(json.dumps(layer, ensure_ascii=False), "utf-8")


@pytest.fixture(scope="module")
def table(hostile):
    municipalities, prefectures, meta = read_boundaries(hostile["boundaries"])
    return prepare(load_projects(hostile["csv"], KANSAI), municipalities, prefectures), meta


def test_hostile_text_is_valid_data(hostile):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "geo",
            "validate",
            "--dataset",
            str(hostile["csv"].parent),
            "--boundaries",
            str(hostile["boundaries"]),
        ],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "ok: 23 projects" in result.stdout


def test_csv_export_keeps_the_text_and_neutralises_formulas(table, hostile):
    projects, meta = table
    rows = list(
        csv.DictReader(
            io.StringIO(projects_csv(projects, KANSAI, meta["as_of"]).decode("utf-8-sig"))
        )
    )
    first = rows[0]
    assert first["applicant"].startswith("'=HYPERLINK(")
    assert first["name_en"].startswith("'@SUM") and first["lead_en"].startswith("'-2+3")
    assert first["location_note_en"].startswith("'+1")
    assert XSS in first["summary_ja"] and "{{7*7}}" in first["summary_en"]
    assert first["boundaries_as_of"].startswith("2021-01-01 <script>")
    assert first["no"] == "1" and first["lat"].startswith("34.")  # numbers stay numbers
    assert not hostile["marker"].exists()


def test_geojson_export_keeps_the_text(table):
    projects, meta = table
    data = json.loads(projects_geojson(projects, KANSAI, meta["as_of"]))
    properties = data["features"][0]["properties"]
    assert XSS in properties["summary_ja"] and "{% raw %}" in properties["name_ja"]
    assert data["metadata"]["boundaries_as_of"] == meta["as_of"]


def test_standalone_export_renders_templates_as_text(table, hostile):
    projects, meta = table
    page = standalone_html(
        projects,
        dataset=KANSAI,
        boundaries=None,
        display=Display(),
        as_of=meta["as_of"],
        move=None,
        language="ja",
    )
    assert "{{7*7}}" not in page and "\\u007b{7*7}}" in page  # a template never saw it
    assert "<script>window.top" not in page
    assert not hostile["marker"].exists()


@pytest.fixture
def hostile_env(hostile, monkeypatch):
    monkeypatch.setenv("DATASET_DIR", str(hostile["csv"].parent))
    monkeypatch.setenv("BOUNDARIES_DIR", str(hostile["boundaries"]))
    return hostile


def test_app_shows_hostile_text_as_text(hostile_env):
    at = run_app()
    assert not at.exception
    pick(at, "kento")
    at.button(key="open_share").click().run()
    assert not at.exception
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    texts += [b.label for b in at.button]
    for text in texts:
        assert "![x](" not in text and "<script>" not in text and "**b**" not in text
        assert "http://127.0.0.1" not in text  # escaped and broken: never a live link
    assert "\\*\\*b\\*\\*" in detail_texts(at)
    assert at.title[0].value.startswith("地図 <script>") is False  # the title is escaped too
    assert "\\*\\*b\\*\\*" in at.title[0].value
    assert not hostile_env["marker"].exists()


@pytest.fixture(scope="module")
def hostile_server(hostile):
    from devkit.browser import streamlit_server

    env = {"DATASET_DIR": str(hostile["csv"].parent), "BOUNDARIES_DIR": str(hostile["boundaries"])}
    with streamlit_server(env) as base:
        yield base


def _xss_count(page, frame) -> int:
    return page.evaluate("window.__xss || 0") + frame.evaluate("window.__xss || 0")


def test_every_sink_in_the_browser_shows_text_and_runs_nothing(
    page, hostile_server, trap, hostile, open_context
):
    expect = pytest.importorskip("playwright.sync_api").expect
    frame = open_map(page, hostile_server, markers=23, idle=False)
    frame.wait_for_selector(".leaflet-container[data-boundaries='loaded']", timeout=20_000)
    # The trap answers (so a request to it would be seen): one control request.
    page.evaluate(f"fetch('http://127.0.0.1:{trap.server_address[1]}/control').catch(() => 0)")
    # Tooltip of a marker, and of a municipality no project covers (its name from N03 data).
    frame.locator(".kasegi-marker", has_text="21").hover()
    tooltip = frame.locator(".leaflet-tooltip").first
    expect(tooltip).to_contain_text("<script>window.top")
    hover_area(frame, KOBE["code"], ".kasegi-muni-tip")
    expect(frame.locator(".kasegi-muni-tip")).to_contain_text("神戸市 <script>window.top")
    # Popup and detail panel.
    frame.locator(".kasegi-marker", has_text="21").click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text('<img src=x onerror="window.top.__xss')
    expect(popup).to_contain_text("{{7*7}}")
    detail = page.locator(".st-key-detail_panel")
    expect(detail).to_contain_text("![x](http", timeout=20_000)
    expect(detail).to_contain_text("**b**")
    expect(detail).to_contain_text("{% raw %}")
    assert detail.locator("a[href*='127.0.0.1']").count() == 0
    expect(page.locator(".st-key-project_list")).to_contain_text("$x^2$")
    # Attribution with the boundaries' hostile date and the dataset's hostile source; the
    # dataset's title, sector and round names (dataset.toml) in the page and the legend.
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("2021-01-01 <script>")
    expect(frame.locator(".leaflet-control-attribution")).to_contain_text("出典 <script>")
    expect(frame.locator(".kasegi-legend")).to_contain_text("農林業・食 <script>window.top")
    expect(page.locator("h1").first).to_contain_text("地図 <script>window.top")
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text("回 <script>window.top")
    wait_ready(page)
    page.get_by_role("button", name="リンクを共有・埋め込み・書き出し").click()
    expect(page.get_by_role("dialog")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("dialog").locator("code").first).to_contain_text("http://")
    shot(page, "20-hostile-data")
    assert _xss_count(page, frame) == 0
    # Embedded.
    embed = open_context().new_page()
    embed_frame = open_map(embed, f"{hostile_server}/?view=embed&embed=true&p=kento", idle=False)
    expect(embed_frame.locator(".leaflet-popup-content")).to_contain_text(
        "<script>", timeout=20_000
    )
    assert _xss_count(embed, embed_frame) == 0
    page.wait_for_function(
        f"() => performance.getEntries().some(e => e.name.includes(':{trap.server_address[1]}/control'))",
        timeout=5_000,
    )
    assert trap.hits == ["/control"]
    assert not hostile["marker"].exists()
