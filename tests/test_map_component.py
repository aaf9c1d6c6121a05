"""The map component's Python side, without a browser: the base map's script is the same
text (and so the same static file) wherever it is made, and each run sends that script's URL
— or, for an upload, the script itself — with the project layer's config."""

from __future__ import annotations

import re

import pytest

from components.map.base_script import base_script
from components.map.component import component_data
from components.map.script import CODE_PARTS, asset_text, map_code
from geo.table.filters import Filters, filter_projects

from .test_map_builder import base_map, layer, layer_config


@pytest.mark.parametrize(
    "options",
    [{}, {"language": "en", "colour_by": "round"}, {"basemap": "none", "embed": True}],
)
def test_a_base_map_is_the_same_script_in_every_process(options):
    first, second = base_script(base_map(**options)), base_script(base_map(**options))
    assert first == second  # folium's random ids are numbered instead
    assert first.map_id == "map_kasegi0"
    assert f'L.map(\n                "{first.map_id}"' in first.script
    assert not re.search(r"_[0-9a-f]{32}\b", first.script)  # no uuid left anywhere
    assert 'window.kasegi.code["base.js"]' in first.script


def test_another_base_map_is_another_script():
    scripts = {
        base_script(base_map(**o)).digest for o in ({}, {"language": "en"}, {"basemap": "none"})
    }
    assert len(scripts) == 3


def test_a_run_sends_the_script_s_url_or_for_an_upload_the_script(table):
    base = base_script(base_map())
    config = layer_config(layer(filter_projects(table, Filters(prefectures=frozenset({"27"})))))
    published = component_data(
        base, config, script_url="/app/static/gen/b.js", label="地図", height=640
    )
    assert published["base"]["script_url"] == "/app/static/gen/b.js"
    assert published["base"]["script"] is None
    assert published["layer"] == {**config, "seq": 0}  # the filter change it answers
    assert published["base"]["js"] == list(base.js_links) and published["base"]["css"]
    upload = component_data(base, config, script_url=None, label="地図", height=640)
    assert upload["base"]["script"] == base.script


def test_each_script_is_its_parts_in_order():
    code = map_code()
    for name, parts in CODE_PARTS.items():
        start = code.index(f"K.code[{name!r}]".replace("'", '"'))
        positions = [
            code.index(asset_text(f"leaflet/{p}").replace("</", "<\\/"), start) for p in parts
        ]
        assert positions == sorted(positions), name
