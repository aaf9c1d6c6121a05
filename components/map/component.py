"""The map as the page's own Streamlit component (``st.components.v2``): drawn in the page's
document, not in an iframe, by ``leaflet/component.js``. The page loads Leaflet and our code
once, each base map's script (``base_script``) once, and then takes each run's project layer
as data; the map stays the same element across runs (its view, its popups, no reload).

What the map reports — a click on a marker or an area, its view after a move — comes back as
one state value, ``report`` (``events.read_map_event`` reads it): one run per report.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from components.component_module import component_js
from components.map.base_script import BaseScript
from components.map.script import asset_text

COMPONENT_NAME = "kasegi_map"
REPORT = "report"  # the state value the map sets
MAP_KEY = "kasegi_map"  # the map's element key on the page
# The page events between the filter panel (components/ui/filter_panel.js) and the map: the
# panel's change {seq, chosen, keyword}, and the map's answer {seq, count, counts}.
FILTER_EVENTS = {"change": "kasegi-filters", "answer": "kasegi-filtered"}


@functools.cache
def _map_component():
    """Registered once per process, on the first run that draws a map."""
    return st.components.v2.component(
        COMPONENT_NAME,
        js=component_js("kasegi-map-component", asset_text("leaflet/component.js")),
        css=asset_text("component.css"),
        isolate_styles=False,  # Leaflet's own stylesheet and our page's rules reach the map
    )


def component_data(
    base: BaseScript,
    layer: dict,
    *,
    script_url: str | None,
    label: str,
    height: int,
    seq: int = 0,
    prefetch: tuple[str, ...] = (),
) -> dict:
    """What one run sends: the base map (its files, and its script's URL — or, for an upload,
    whose words are never written, the script itself) and the project layer's config, with
    ``seq``, the filter change it answers (``leaflet/component.js`` draws no older one), and
    the files the map will fetch (``prefetch``: asked for beside its scripts)."""
    return {
        "base": {
            "id": base.map_id,
            "digest": base.digest,
            "css": list(base.css_links),
            "js": list(base.js_links),
            "script_url": script_url,
            "script": None if script_url else base.script,
            "label": label,
            "height": height,
            "prefetch": list(prefetch),
        },
        "events": FILTER_EVENTS,
        "layer": {**layer, "seq": seq},
    }


def mount_map(data: dict, *, key: str, on_report: Callable[[], None] | None) -> object:
    """Draw the map with ``data`` (``component_data``); return its last report (or None)."""
    result = _map_component()(
        key=key,
        data=data,
        default={REPORT: None},
        height="content",
        on_report_change=on_report or (lambda: None),
    )
    return result.get(REPORT)
