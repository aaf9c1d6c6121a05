"""Our Leaflet scripts and stylesheet: code read from files beside this module (once per
process) into one script, ``map_code``, which the page loads once as a static file
(the standalone export inlines it); a Folium element per script then sends only a call with
its data as one JSON config, not the code, on every rerun."""

from __future__ import annotations

import functools
import json
import re
import string
from pathlib import Path

import folium
from branca.element import Element, MacroElement
from jinja2 import Template

_HERE = Path(__file__).parent
# Jinja2's delimiters all start with "{": "{{", "{%", "{#". JSON's own braces never form one (an
# object's "{" is followed by a quote or "}"), so one inside the text is always inside a string.
_TEMPLATE_START = re.compile(r"\{(?=[{%#])")


class Verbatim(Element):
    """Text put into the page as it is.

    A plain branca ``Element(text)`` compiles its text as a Jinja2 template and renders it:
    data in it would run on the server, and compiling a script of tens of kilobytes costs
    more than anything else on a rerun (bench/load.py's profile).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Verbatim"
        self.text = text

    def render(self, **kwargs) -> str:
        return self.text


# The scripts ``map_code`` holds, each run by a ``LeafletScript``: one function of (map, group,
# config) made of these files of ``leaflet/`` in order (one job each, sharing the function's
# variables); and the helpers it runs as it loads (they need no map).
CODE_PARTS = {
    "base.js": (
        "base.js",
        "declutter.js",
        "areas.js",
        "moves.js",
        "legend.js",
        "size.js",
        "tiles.js",
        "controls.js",
    ),
    "layer.js": ("layer.js", "markers.js", "popups.js", "project_areas.js", "draw.js"),
}
CODE_FILES = tuple(CODE_PARTS)
HELPER_FILES = ("shown.js", "filter.js")


class LeafletScript(MacroElement):
    """One script of ``leaflet/`` (held by ``map_code``), run with the map, its parent layer
    and a JSON config."""

    def __init__(self, code_file: str, config: dict) -> None:
        super().__init__()
        if code_file not in CODE_FILES:
            raise ValueError(f"{code_file}: not one of {CODE_FILES}")
        # Our own template (a file, compiled once): the name and config are inserted as values.
        self._template = _script_template()
        self._name = "KasegiScript"
        self.file = json.dumps(code_file)
        self.config = safe_json(config)

    def map_variable(self) -> str:
        # Asked at render time: ``base_script`` renumbers the elements before rendering.
        parent = self._parent
        return parent.get_name() if isinstance(parent, folium.Map) else parent._parent.get_name()

    def render(self, **kwargs) -> None:
        """As ``MacroElement.render`` (the script macro into the page's script section), but
        the rendered script is added verbatim, never compiled again as a template."""
        figure = self.get_root()
        script = self._template.module.script(self, kwargs)
        figure.script.add_child(Verbatim(script), name=self.get_name())


@functools.cache
def _script_template() -> Template:
    return Template(asset_text("leaflet/script.js.j2"))


@functools.cache
def map_code() -> str:
    """Our map's code (``leaflet/bundle.js.tmpl``): each script of ``CODE_FILES`` as a
    function of (map, group, config) in ``window.kasegi.code``, the helpers, and ``map.css``
    as ``window.kasegi.css`` (base.js adds it to the page before it measures anything). Safe
    inside an inline <script> (the standalone export)."""
    function = string.Template(asset_text("leaflet/function.js.tmpl"))
    code = string.Template(asset_text("leaflet/bundle.js.tmpl")).substitute(
        css=json.dumps(asset_text("map.css")),
        helpers="".join(asset_text(f"leaflet/{name}") for name in HELPER_FILES),
        functions="".join(
            function.substitute(
                name=json.dumps(name),
                body="".join(asset_text(f"leaflet/{part}") for part in parts),
            )
            for name, parts in CODE_PARTS.items()
        ),
    )
    return code.replace("</", "<\\/")


@functools.cache
def asset_text(relative_path: str) -> str:
    """A file beside this module (JS, CSS), read once per process, not on every rerun."""
    return (_HERE / relative_path).read_text("utf-8")


def safe_json(value: object) -> str:
    """JSON safe inside an inline <script> and inside a Jinja2 template.

    No `</script>` and no HTML-significant characters; and no template delimiter: folium and
    branca render each element's output again as a Jinja2 template, so a ``{{ … }}`` in data
    would run on the server. ``\u007b`` is the same "{" to JavaScript and nothing to Jinja2.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _TEMPLATE_START.sub(r"\\u007b", text)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text
