"""The base map as one script: Folium's rendered map (tiles, boundaries, legend, controls)
without a page around it, made once per base map, colouring, language and dataset, which the
map component (``component``) loads as a static, content-addressed file.

Folium names each element by a random id: here they are numbered in the tree's order instead,
so that the same base map is the same script, and the same file, in every process and copy.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import folium
from branca.element import Element


@dataclass(frozen=True)
class BaseScript:
    """What the page loads for a base map: stylesheets, scripts, then ``script``, which makes
    the map in the element with id ``map_id`` (the global variable of the same name)."""

    map_id: str
    script: str
    digest: str
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


def base_script(fmap: folium.Map) -> BaseScript:
    """Render ``fmap``'s script alone, its elements numbered."""
    _number(fmap)
    root = fmap.get_root()
    root.render()
    script = root.script.render()
    css, js = _links(fmap)
    return BaseScript(
        map_id=fmap.get_name(),
        script=script,
        digest=hashlib.sha256(script.encode()).hexdigest()[:16],
        css_links=css,
        js_links=js,
    )


def _number(fmap: folium.Map) -> None:
    pending: list[Element] = [fmap]
    count = 0
    while pending:
        element = pending.pop(0)
        element._id = f"kasegi{count}"
        count += 1
        pending[:0] = list(getattr(element, "_children", {}).values())


def _links(fmap: folium.Map) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Every element's stylesheets and scripts, in order, once each."""
    css: list[str] = []
    js: list[str] = []
    pending = [fmap]
    while pending:
        element = pending.pop(0)
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        pending[:0] = list(getattr(element, "_children", {}).values())
    return tuple(dict.fromkeys(css)), tuple(dict.fromkeys(js))
