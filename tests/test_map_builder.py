"""The Folium map builders, without a browser."""

from __future__ import annotations

import json
import re
from pathlib import Path

import folium
import pandas as pd
import pytest

from components.map.assets import MapAssets, _install_folder, publish_files
from components.map.base_map import build_base_map, legend_html
from components.map.events import read_map_event
from components.map.geometry import bounds_of, points_outside
from components.map.marker_catalog import catalog_data, make_catalog, popup_shards
from components.map.move_request import MoveRequest
from components.map.project_layer import build_project_layer
from components.map.script import map_code, safe_json
from components.map.shown_mask import decode_shown, encode_shown
from geo.choices import BASEMAP_KEYS
from geo.dataset import load_dataset

from .conftest import DATASET_DIR

KANSAI = load_dataset(DATASET_DIR)  # the dataset the builders below draw (a small TOML file)
ASSETS = MapAssets(
    "/app/static/gen/leaflet/leaflet.js",
    "/app/static/gen/leaflet/leaflet.css",
    "/app/static/gen/m.json",
    "/app/static/gen/p.json",
)


def layer(table: pd.DataFrame, *, catalog_of: pd.DataFrame | None = None, **kwargs):
    """The layer of ``table`` over an inline catalog of ``catalog_of`` (the whole table)."""
    dataset = kwargs.get("dataset", KANSAI)
    catalog = make_catalog(catalog_of if catalog_of is not None else table, dataset, url=None)
    options = {"dataset": KANSAI, "catalog": catalog, "colour_by": "sector", "language": "ja"}
    return build_project_layer(table, **{**options, **kwargs})


def layer_config(group: folium.FeatureGroup) -> dict:
    (script,) = [c for c in group._children.values() if c._name == "KasegiScript"]
    return json.loads(script.config)


def shown_ids(config: dict) -> list[str]:
    ids = config["catalog"]["id"]
    return [ids[p] for p in decode_shown(config["shown"], len(ids))]


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
    catalog = config["catalog"]
    assert catalog["no"] == list(range(1, 24)) and shown_ids(config) == list(table["id"])
    popups = config["popups"]  # inline: this catalog is not published
    assert len(set(popups.values())) == 23
    kento = popups[str(catalog["id"].index("kento"))]
    assert "健都イノベーションパーク" in kento and "第2弾（2016年11月16日）" in kento
    assert catalog["title"]["ja"][catalog["id"].index("kento")].startswith("No.10 ")


def test_filtered_layer_has_only_the_filtered_markers(table):
    config = layer_config(layer(table[table["prefecture"] == "滋賀県"], catalog_of=table))
    expected = ["koka-herbs", "shiga-med-eng", "shiga-water", "taga-forest"]
    assert sorted(shown_ids(config)) == expected
    assert len(config["popups"]) == 4  # only the shown projects' popups travel


def test_a_published_catalogs_layer_sends_no_popups(table):
    catalog = make_catalog(table, KANSAI, url="/app/static/gen/markers.json")
    config = layer_config(layer(table, catalog=catalog))
    assert config["catalog"] is None and config["popups"] is None
    assert config["catalog_url"] == config["catalog_key"] == "/app/static/gen/markers.json"


def test_every_value_is_escaped(table):
    evil = table.copy()
    evil.loc[0, "name_ja"] = '<script>alert("x")</script>`${x}'
    evil.loc[0, "lead"] = "<img src=x onerror=alert(1)>"
    evil.loc[0, "summary_ja"] = "</script><b>bold</b>"
    page = full_html(evil)
    assert "<script>alert" not in page and "<img src=x" not in page and "</script><b>" not in page
    config = layer_config(layer(evil))
    popup = config["popups"]["0"]
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in popup
    assert "&lt;img src=x onerror=alert(1)&gt;" in popup
    # Titles and area names are set as text by the browser (layer.js): kept as typed here.
    assert config["catalog"]["title"]["ja"][0] == 'No.1 <script>alert("x")</script>`${x}'
    shards = popup_shards(evil, KANSAI)
    assert "&lt;script&gt;alert" in json.loads(shards["ja-0.json"])[0]


def test_a_popups_correction_link_names_the_project_percent_encoded(table):
    from dataclasses import replace
    from urllib.parse import parse_qs, urlsplit

    from geo.dataset import Feedback

    evil = table.copy()
    evil.loc[0, "name_ja"] = '"><script>alert(1)</script>{{7*7}}'
    feedback = Feedback(url="https://example.jp/fix?id={id}&name={name}&link={link}")
    config = layer_config(
        layer(evil, dataset=replace(KANSAI, feedback=feedback), app_url="http://h/")
    )
    href = config["corrections"]["0"]  # layer.js sets it as the link's href property
    assert href.startswith("https://example.jp/fix?") and '"' not in href and "<" not in href
    query = parse_qs(urlsplit(href).query)
    assert query["name"] == [evil.loc[0, "name_ja"]] and query["id"] == [evil.loc[0, "id"]]
    assert query["link"] == [f"http://h/?p={evil.loc[0, 'id']}"]
    assert config["labels"]["correction"] == "この情報の訂正を依頼"
    assert layer_config(layer(evil))["corrections"] is None  # no [feedback]
    assert "訂正" not in layer_config(layer(evil))["popups"]["0"]


def test_the_shown_bitset_round_trips_for_every_size():
    import random

    rng = random.Random(7)
    for size in (0, 1, 7, 8, 9, 23, 300, 5000, 10_000):
        for positions in ([], list(range(size)), sorted(rng.sample(range(size), size // 3))):
            text = encode_shown(positions, size)
            assert decode_shown(text, size) == positions
            assert len(text) == 4 * -(-((size + 7) // 8) // 3)  # base64 of ceil(size / 8)
    with pytest.raises(ValueError, match="outside the catalog of 23"):
        encode_shown([23], 23)
    with pytest.raises(ValueError, match="cannot hold a catalog of 24"):
        decode_shown(encode_shown([1], 8), 24)


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
    assert "kasegi-legend" in map_code() and "legend_html" in page  # the code draws it
    assert "国土数値情報" in page and "近畿経済産業局" in page


def test_the_catalog_holds_each_projects_areas_and_colours(table):
    catalog = catalog_data(table, KANSAI, None)
    areas = dict(zip(catalog["id"], catalog["areas"], strict=True))
    # 滋賀県's two prefecture-wide projects name the prefecture, No.10 its two cities.
    assert areas["shiga-water"] == ["25"] and areas["shiga-med-eng"] == ["25"]
    assert set(areas["kento"]) == {"27205", "27224"}
    sector = catalog["colours"]["sector"]
    colours = [sector["palette"][k][0] for k in sector["index"]]
    assert colours == [KANSAI.sector_by_slug[s].colour for s in table["primary_sector"]]
    assert len(catalog["colours"]["round"]["palette"]) == 4
    assert catalog["colours"]["single"]["index"] == [0] * 23


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


def test_the_count_colouring_draws_its_own_areas(table):
    config = layer_config(layer(table, colour_by="count"))
    assert config["areas"] is False  # layer.js draws no per-project areas under it
    assert set(config["counts"]["levels"]) == {"prefecture", "municipality"}
    assert (
        layer_config(layer(table))["areas"] is True and layer_config(layer(table))["counts"] is None
    )


def test_layer_payload_is_small(table):
    # Polygons, names, places and popups travel once by URL; the per-rerun layer is a bitset.
    catalog = make_catalog(table, KANSAI, url="/app/static/gen/markers.json")
    assert len(safe_json(layer_config(layer(table, catalog=catalog)))) < 1_500


def test_a_click_reports_the_catalogs_id_whatever_the_name(table):
    tricky = table.copy()
    tricky.loc[tricky["id"] == "kento", "name_ja"] = "No.1 No.23 健都"
    catalog = catalog_data(tricky, KANSAI, None)
    position = catalog["id"].index("kento")
    assert catalog["no"][position] == 10
    clicked = {"properties": {"kasegi_ids": [catalog["id"][position]]}}  # as layer.js reports
    event = read_map_event({"last_object_clicked_count": 1, "last_active_drawing": clicked})
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


def test_a_folder_another_copy_published_first_is_kept(tmp_path):
    """Copies of the app on one machine share static/gen: the second to publish the same
    folder drops its own; a damaged folder (a killed writer's) is replaced."""
    files = {"a.js": b"a", "img/b.png": b"b"}

    def staged(name: str) -> Path:
        folder = tmp_path / name
        for path, data in files.items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_bytes(data)
        return folder

    published = staged("leaflet-0123456789abcdef")
    first_inode = (published / "a.js").stat().st_ino
    _install_folder(staged(".second.tmp"), published, files)  # raised ENOTEMPTY before
    assert (published / "a.js").stat().st_ino == first_inode  # never removed under a reader
    assert not (tmp_path / ".second.tmp").exists()
    (published / "img/b.png").write_bytes(b"")  # damaged
    _install_folder(staged(".third.tmp"), published, files)
    assert (published / "img/b.png").read_bytes() == b"b"
    assert sorted(p.name for p in tmp_path.iterdir()) == [published.name]


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
    config = layer_config(layer(evil))
    assert f"a{payload}b" in config["popups"]["0"]  # the browser gets the text as typed
    assert config["catalog"]["title"]["ja"][0] == f"No.1 a{payload}b"
