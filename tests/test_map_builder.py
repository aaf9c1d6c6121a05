"""The Folium map builders, without a browser."""

from __future__ import annotations

import json
import re

import folium
import pandas as pd
import pytest

from components.map.areas import area_entries
from components.map.assets import MapAssets, publish_files
from components.map.base_map import build_base_map, legend_html
from components.map.events import read_map_event
from components.map.geometry import bounds_of, points_outside
from components.map.move_request import MoveRequest
from components.map.project_layer import build_project_layer
from components.map.script import safe_json
from geo.choices import BASEMAP_KEYS
from geo.dataset import load_dataset
from geo.table.prepare import prepare

from .conftest import DATASET_DIR

KANSAI = load_dataset(DATASET_DIR)  # the dataset the builders below draw (a small TOML file)
ASSETS = MapAssets(
    "/app/static/gen/leaflet/leaflet.js",
    "/app/static/gen/leaflet/leaflet.css",
    "/app/static/gen/m.json",
    "/app/static/gen/p.json",
)


@pytest.fixture(scope="module")
def table(projects, app_boundaries):
    municipalities, prefectures, _ = app_boundaries
    return prepare(projects, municipalities, prefectures)


def layer(table: pd.DataFrame, **kwargs) -> folium.FeatureGroup:
    options = {"dataset": KANSAI, "colour_by": "sector", "language": "ja"}
    return build_project_layer(table, **{**options, **kwargs})


def layer_config(group: folium.FeatureGroup) -> dict:
    (script,) = [c for c in group._children.values() if c._name == "KasegiScript"]
    return json.loads(script.config)


def base_map(**kwargs) -> folium.Map:
    options = {
        "dataset": KANSAI,
        "basemap": "pale",
        "colour_by": "sector",
        "as_of": "2021-01-01",
        "language": "ja",
    }
    return build_base_map(ASSETS, **{**options, **kwargs})


def full_html(table: pd.DataFrame, **kwargs) -> str:
    fmap = base_map(**kwargs)
    layer(table).add_to(fmap)
    return fmap.get_root().render()


def test_one_marker_and_one_popup_per_project(table):
    config = layer_config(layer(table))
    assert [m["no"] for m in config["markers"]] == list(range(1, 24))
    popups = [m["popup"] for m in config["markers"]]
    assert len(set(popups)) == 23
    kento = next(m for m in config["markers"] if m["id"] == "kento")
    assert (
        "健都イノベーションパーク" in kento["popup"] and "第2弾（2016年11月16日）" in kento["popup"]
    )
    assert kento["tooltip"].startswith("No.10 ")


def test_filtered_layer_has_only_the_filtered_markers(table):
    config = layer_config(layer(table[table["prefecture"] == "滋賀県"]))
    assert sorted(m["id"] for m in config["markers"]) == [
        "koka-herbs",
        "shiga-med-eng",
        "shiga-water",
        "taga-forest",
    ]


def test_every_value_is_escaped(table):
    evil = table.copy()
    evil.loc[0, "name_ja"] = '<script>alert("x")</script>`${x}'
    evil.loc[0, "lead"] = "<img src=x onerror=alert(1)>"
    evil.loc[0, "summary_ja"] = "</script><b>bold</b>"
    page = full_html(evil)
    assert "<script>alert" not in page and "<img src=x" not in page and "</script><b>" not in page
    config = layer_config(layer(evil))
    marker = config["markers"][0]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in marker["tooltip"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in marker["popup"]
    area = area_entries(evil, "sector", KANSAI, "ja")[evil.loc[0, "area_codes"][0]]
    assert "&lt;script&gt;" in area["tooltip"]


def test_a_popups_correction_link_is_one_escaped_href(table):
    from dataclasses import replace
    from html.parser import HTMLParser
    from urllib.parse import parse_qs, urlsplit

    from geo.dataset import Feedback

    evil = table.copy()
    evil.loc[0, "name_ja"] = '"><script>alert(1)</script>{{7*7}}'
    feedback = Feedback(url="https://example.jp/fix?id={id}&name={name}&link={link}")
    config = layer_config(
        layer(evil, dataset=replace(KANSAI, feedback=feedback), app_url="http://h/")
    )
    popup = config["markers"][0]["popup"]

    class Links(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.hrefs: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "a":
                self.hrefs.append(dict(attrs)["href"])

    parser = Links()
    parser.feed(popup)
    (href,) = [h for h in parser.hrefs if h.startswith("https://example.jp/")]
    query = parse_qs(urlsplit(href).query)
    assert query["name"] == [evil.loc[0, "name_ja"]] and query["id"] == [evil.loc[0, "id"]]
    assert query["link"] == [f"http://h/?p={evil.loc[0, 'id']}"]
    assert "<script>" not in popup and "この情報の訂正を依頼" in popup
    assert "訂正" not in layer_config(layer(evil))["markers"][0]["popup"]  # no [feedback]


def test_safe_json_cannot_close_a_script():
    text = safe_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}


def test_legend_lists_every_sector_or_round(dataset):
    sectors = legend_html("sector", dataset, "ja")
    assert len(dataset.sectors) == 9
    assert all(s.label.ja in sectors and s.colour in sectors for s in dataset.sectors)
    rounds = legend_html("round", dataset, "ja")
    assert rounds.count("<i ") == 4 and "第4弾" in rounds


def test_legend_and_attributions_are_in_the_map(table):
    page = full_html(table)
    assert "kasegi-legend" in page
    assert "国土数値情報" in page and "近畿経済産業局" in page


def test_prefecture_wide_projects_fill_their_prefecture_beneath_municipal_ones(table):
    areas = area_entries(table, "sector", KANSAI, "ja")
    assert areas["25"]["level"] == "prefecture"
    # 滋賀県 holds two prefecture-wide projects: one area, both listed and both reported.
    assert re.findall(r"No\.(\d+)", areas["25"]["tooltip"]) == ["6", "12"]
    assert areas["25"]["click"]["properties"]["kasegi_ids"] == ["shiga-water", "shiga-med-eng"]
    assert areas["27205"]["level"] == "municipality" and areas["27224"]["tooltip"].startswith(
        "No.10 "
    )
    assert {c for c, a in areas.items() if a["level"] == "prefecture"} == {
        "18",
        "25",
        "26",
        "29",
        "30",
    }


def test_colour_by_round(table):
    config = layer_config(layer(table, colour_by="round"))
    assert len({m["colour"] for m in config["markers"]}) == 4


@pytest.mark.parametrize("basemap", list(BASEMAP_KEYS))
def test_no_cdn_url_anywhere(table, basemap):
    page = full_html(table, basemap=basemap)
    urls = set(re.findall(r"https?://[^\s\"'`)<>]+", page))
    allowed = (
        "https://cyberjapandata.gsi.go.jp/",
        "https://tile.openstreetmap.org/",
        "https://maps.gsi.go.jp/",
        "https://www.openstreetmap.org/",
    )
    assert [u for u in urls if not u.startswith(allowed)] == []
    assert "/app/static/gen/leaflet/leaflet.js" in page


def test_basemap_none_has_no_tiles(table):
    assert "L.tileLayer" not in full_html(table, basemap="none")
    assert "cyberjapandata.gsi.go.jp/xyz/pale" in full_html(table, basemap="pale")


def test_move_requests_reach_the_layer(table):
    fit = MoveRequest(3, ((34.0, 135.0), (35.0, 136.0)))
    focus = MoveRequest(4, ((34.7, 135.5), (34.8, 135.6)), "kento")
    config = layer_config(layer(table, fit=fit, focus=focus))
    assert config["fit"]["token"] == 3 and config["fit"]["bounds"] == [[34.0, 135.0], [35.0, 136.0]]
    assert config["focus"]["id"] == "kento" and config["focus"]["token"] == 4


def test_layer_payload_is_small(table):
    # Polygons travel once by URL; the per-rerun layer carries codes, colours and texts.
    assert len(safe_json(layer_config(layer(table)))) < 60_000


def test_every_marker_reports_its_own_project_id(table):
    markers = layer_config(layer(table))["markers"]
    assert [m["click"]["properties"]["kasegi_ids"] for m in markers] == [[m["id"]] for m in markers]


def test_a_name_that_looks_like_a_number_does_not_change_the_clicked_id(table):
    tricky = table.copy()
    tricky.loc[tricky["id"] == "kento", "name_ja"] = "No.1 No.23 健都"
    (kento,) = [m for m in layer_config(layer(tricky))["markers"] if m["id"] == "kento"]
    event = read_map_event({"last_object_clicked_count": 1, "last_active_drawing": kento["click"]})
    assert event.clicked_ids == ("kento",)


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ({"last_active_drawing": {"properties": {"kasegi_ids": ["a", "b"]}}}, ("a", "b")),
        ({"last_active_drawing": {"properties": {"name": "豊岡市"}}}, ()),
        ({"last_active_drawing": {"properties": {"kasegi_ids": "a"}}}, ()),
        ({"last_active_drawing": None}, ()),
        ({}, ()),
    ],
)
def test_read_map_event_clicked_ids(value, ids):
    assert read_map_event(value).clicked_ids == ids


def test_read_map_event_view_and_junk():
    event = read_map_event(
        {
            "center": {"lat": 34.7, "lng": 135.5},
            "zoom": 9,
            "bounds": {
                "_southWest": {"lat": 34, "lng": 135},
                "_northEast": {"lat": 35, "lng": 136},
            },
        }
    )
    assert event.center == (34.7, 135.5) and event.zoom == 9
    assert event.bounds == ((34, 135), (35, 136))
    assert read_map_event(None) is None
    junk = read_map_event({"center": "x", "zoom": True, "bounds": {"_southWest": {}}})
    assert junk.center is None and junk.zoom is None and junk.bounds is None


def test_points_outside(table):
    view = ((34.5, 135.3), (35.0, 135.8))
    osaka = table[table["prefecture"] == "大阪府"]
    assert not points_outside(osaka, view)
    assert points_outside(table, view)
    assert not points_outside(table, None)


def test_bounds_of_covers_markers_and_areas(table):
    (south, west), (north, east) = bounds_of(table)
    assert south <= table["lat"].min() and north >= table["lat"].max()
    assert west <= table["lon"].min() and east >= table["lon"].max()
    assert bounds_of(table.iloc[0:0]) is None


def test_publish_files_copies_leaflet_and_hashes_boundaries(app_boundaries_dir, tmp_path):
    paths = publish_files(app_boundaries_dir, tmp_path)
    assert (tmp_path / paths["leaflet_js"]).read_text("utf-8").startswith("/* @preserve")
    leaflet_dir = (tmp_path / paths["leaflet_js"]).parent
    assert re.fullmatch(r"leaflet-[0-9a-f]{16}", leaflet_dir.name)
    assert (leaflet_dir / "images/layers.png").exists()
    assert re.fullmatch(r"gen/municipalities-[0-9a-f]{16}\.json", paths["municipalities_url"])
    assert json.loads((tmp_path / paths["municipalities_url"]).read_text("utf-8"))["features"]


def test_a_half_written_copy_is_replaced_and_old_versions_removed(app_boundaries_dir, tmp_path):
    paths = publish_files(app_boundaries_dir, tmp_path)
    published = tmp_path / paths["municipalities_url"]
    whole = published.read_bytes()
    published.write_bytes(whole[: len(whole) // 2])  # a writer killed half-way
    (tmp_path / paths["leaflet_js"]).write_text("truncated", "utf-8")
    stale = tmp_path / "gen" / "municipalities-0123456789abcdef.json"
    stale.write_text("{}", "utf-8")
    (tmp_path / "gen" / "leaflet").mkdir()  # the layout before content addressing
    again = publish_files(app_boundaries_dir, tmp_path)
    assert again == paths
    assert published.read_bytes() == whole
    assert (tmp_path / paths["leaflet_js"]).read_text("utf-8").startswith("/* @preserve")
    assert not stale.exists() and not (tmp_path / "gen" / "leaflet").exists()
    assert not list((tmp_path / "gen").glob(".*"))  # no temp files left behind


@pytest.mark.parametrize(
    "payload", ["{{7*7}}", "{% raw %}x", "{#", "{{ lipsum.__globals__.os.getpid() }}", "{{name}}"]
)
def test_template_syntax_in_data_is_shown_never_run(table, payload):
    evil = table.copy()
    for column in ("name_ja", "summary_ja", "applicant"):
        evil.loc[0, column] = f"a{payload}b"
    page = full_html(evil, as_of=f"x{payload}y")  # branca renders the output again: no crash
    escaped = safe_json(f"a{payload}b")[1:-1]
    assert escaped in page and safe_json(f"x{payload}y")[1:-1] in page
    assert "{{" not in escaped and "{%" not in escaped and "{#" not in escaped
    marker = layer_config(layer(evil))["markers"][0]
    assert f"a{payload}b" in marker["popup"]  # the browser gets the text as typed
