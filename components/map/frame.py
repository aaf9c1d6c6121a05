"""What ``st_folium`` sends to its frontend, built in two parts.

``st_folium(map, feature_group_to_add=layer)`` renders the whole map on every call: tens of
branca elements, each one's output compiled again as a Jinja2 template. bench/load.py's profile
put that at a third of a rerun, although the base map only changes with the base map, the
colouring, the language or the dataset. So the same arguments are built here the way
streamlit-folium 0.27 builds them (its own helpers, pinned in requirements.txt), in two parts:
``base_frame`` once per base map and process, ``layer_script`` on each rerun (the project
layer, which is what changes). ``test_map_frame`` checks the result equals st_folium's own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import folium
import streamlit_folium as sf


@dataclass(frozen=True)
class BaseFrame:
    """The base map's share of the component's arguments (shared read-only across sessions)."""

    script: str
    header: str
    html: str
    map_id: str
    defaults: dict
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def base_frame(fmap: folium.Map, returned_objects: Iterable[str]) -> BaseFrame:
    """Render the base map once, as st_folium does before it adds the layer."""
    fmap.get_root().render()
    fmap.render()
    html, header = sf._get_html(fmap), sf._get_header(fmap)  # before the ids are renamed
    script = sf._get_map_string(fmap)
    south_west, north_east = fmap.get_bounds()
    wanted = set(returned_objects)
    defaults = {
        "last_object_clicked_count": None,
        "last_active_drawing": None,
        "bounds": {
            "_southWest": {"lat": south_west[0], "lng": south_west[1]},
            "_northEast": {"lat": north_east[0], "lng": north_east[1]},
        },
        "zoom": fmap.options.get("zoom"),
    }
    css, js = _links(fmap)
    return BaseFrame(
        script=script,
        header=header,
        html=html,
        map_id=sf.get_full_id(fmap),
        defaults={k: v for k, v in defaults.items() if k in wanted},
        css_links=css,
        js_links=js,
    )


def layer_script(layer: folium.FeatureGroup) -> str:
    """The project layer's script, added to the loaded base map by the frontend.

    The layer needs a map to render into; its script names it ``map_div`` (the frontend's),
    so a bare stand-in serves instead of the base map itself.
    """
    stand_in = folium.Map(tiles=None)
    return sf._get_feature_group_string(layer, map=stand_in)


def component_args(
    frame: BaseFrame,
    layer: str,
    *,
    key: str,
    height: int,
    returned_objects: list[str],
) -> dict:
    """The arguments of streamlit-folium's component, as ``st_folium`` passes them (full
    container width, no hover reports, no zoom or centre passed back)."""
    return {
        "script": frame.script,
        "header": frame.header,
        "html": frame.html,
        "id": frame.map_id,
        "key": sf.generate_js_hash(frame.script, key, False),
        "height": height,
        "width": None,
        "returned_objects": returned_objects,
        "default": frame.defaults,
        "zoom": None,
        "center": None,
        "feature_group": layer,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": list(frame.css_links),
        "js_links": list(frame.js_links),
        "wrap_longitude": False,
    }


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every element's stylesheets and scripts, in order, once each (as st_folium walks)."""
    css: list[str] = []
    js: list[str] = []
    pending = [fmap]
    while pending:
        element = pending.pop(0)
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        pending[:0] = list(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))
