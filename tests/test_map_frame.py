"""The map component's arguments, built in two parts (``components.map.frame``), equal what
``st_folium`` itself passes for the same map and layer: the frontend cannot tell the two apart,
and a streamlit-folium upgrade that changes them fails here."""

from __future__ import annotations

import pytest
import streamlit_folium

from components.map.base_map import MAP_HEIGHT
from components.map.events import RETURNED_OBJECTS
from components.map.frame import base_frame, component_args, layer_script
from geo.table.filters import Filters, filter_projects

from .test_map_builder import base_map, layer


def _st_folium_args(monkeypatch, fmap, group) -> dict:
    captured: dict = {}

    def component(**kwargs):
        captured.update(kwargs)
        return None

    monkeypatch.setattr(streamlit_folium, "_component_func", component)
    streamlit_folium.st_folium(
        fmap,
        key="kasegi_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=group,
        returned_objects=RETURNED_OBJECTS,
    )
    captured.pop("on_change")
    return captured


@pytest.mark.parametrize(
    ("base_options", "filters"),
    [
        ({}, Filters()),
        ({"language": "en", "colour_by": "round"}, Filters(prefectures=frozenset({"27"}))),
        ({"basemap": "none", "embed": True}, Filters(sectors=frozenset({"medical"}))),
    ],
)
def test_the_arguments_equal_st_folium_s_own(monkeypatch, table, base_options, filters):  # noqa: F811
    shown = filter_projects(table, filters)
    expected = _st_folium_args(monkeypatch, base_map(**base_options), layer(shown))
    frame = base_frame(base_map(**base_options), RETURNED_OBJECTS)
    ours = component_args(
        frame,
        layer_script(layer(shown)),
        key="kasegi_map",
        height=MAP_HEIGHT,
        returned_objects=RETURNED_OBJECTS,
    )
    assert ours == expected
    assert ours["feature_group"] and "kasegi" in ours["script"].lower()


def test_one_frame_serves_every_layer(monkeypatch, table):  # noqa: F811
    """The cached base part is not changed by rendering layers beside it."""
    frame = base_frame(base_map(), RETURNED_OBJECTS)
    before = (frame.script, frame.header, frame.html)
    first = layer_script(layer(table))
    second = layer_script(layer(filter_projects(table, Filters(rounds=frozenset({1})))))
    assert first != second
    assert (frame.script, frame.header, frame.html) == before
    assert layer_script(layer(table)) == first  # the same layer, the same script
