"""The Folium map: a base map built once per map load, and a small per-rerun project layer.

Pure builders (``build_base_map``, ``build_project_layer``) are tested without a browser;
``render_map`` is the only Streamlit call.
"""

from __future__ import annotations

import functools
import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

import folium
import pandas as pd
from branca.element import MacroElement
from jinja2 import Template

from components.assets import MapAssets
from components.project_text import project_fields, project_title, round_label, text
from components.strings import attribution_lines, t
from geo.schema import KANSAI_BBOX, ROUNDS, SECTOR_BY_SLUG, SECTORS

_JS_DIR = Path(__file__).parent / "leaflet"
MAP_HEIGHT = 640
MARKER_SIZE = 26
# Paul Tol's "muted" scheme, as for sectors; rounds take four of its colours.
ROUND_COLOURS = {1: "#332288", 2: "#117733", 3: "#CC6677", 4: "#DDCC77"}
_NO_PATTERN = re.compile(r"No\.(\d+)")


@dataclass(frozen=True)
class Basemap:
    key: str
    url: str | None
    attribution_url: str = ""
    attribution_key: str = ""  # catalog key of the provider's name

    def attribution(self, language: str) -> str:
        if not self.url:
            return ""
        name = html.escape(t(self.attribution_key, language))
        prefix = "&copy; " if self.key == "osm" else ""
        return f'{prefix}<a href="{self.attribution_url}" target="_blank">{name}</a>'


_GSI_TERMS = "https://maps.gsi.go.jp/development/ichiran.html"
_GSI = "https://cyberjapandata.gsi.go.jp/xyz"
BASEMAPS: dict[str, Basemap] = {
    b.key: b
    for b in (
        Basemap("pale", f"{_GSI}/pale/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
        Basemap("std", f"{_GSI}/std/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
        Basemap(
            "photo", f"{_GSI}/seamlessphoto/{{z}}/{{x}}/{{y}}.jpg", _GSI_TERMS, "attribution_gsi"
        ),
        Basemap(
            "osm",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://www.openstreetmap.org/copyright",
            "attribution_osm",
        ),
        Basemap("none", None),
    )
}
COLOUR_BY = ("sector", "round")

_CSS = f"""
.kasegi-marker span {{ display:flex; align-items:center; justify-content:center;
  width:{MARKER_SIZE}px; height:{MARKER_SIZE}px; border-radius:50%; border:2px solid #fff;
  box-sizing:border-box; font:bold 13px/1 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.5); }}
.kasegi-marker.kasegi-spread span {{ border-color:#222; }}
.kasegi-legend {{ background:rgba(255,255,255,.92); padding:6px 8px; border-radius:4px;
  font:11px/1.45 sans-serif; box-shadow:0 1px 4px rgba(0,0,0,.3); max-width:200px; }}
.kasegi-legend i {{ display:inline-block; width:12px; height:12px; margin-right:6px;
  vertical-align:-1px; border-radius:50%; }}
.kasegi-legend .title {{ font-weight:bold; }}
.kasegi-popup h4 {{ margin:2px 0 6px; font-size:14px; }}
.kasegi-popup .meta {{ color:#555; font-size:11px; }}
.kasegi-popup dl {{ margin:4px 0; display:grid; grid-template-columns:auto 1fr; gap:2px 8px; }}
.kasegi-popup dt {{ color:#555; }} .kasegi-popup dd {{ margin:0; }}
.kasegi-popup p {{ margin:6px 0; max-height:140px; overflow:auto; }}
.kasegi-fullscreen {{ width:30px; height:30px; display:flex; align-items:center;
  justify-content:center; background:#fff; color:#333; }}
.leaflet-control-attribution {{ font-size:10px; }}
"""


class _Script(MacroElement):
    """One of our Leaflet scripts, run with the map, its parent layer and a JSON config."""

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "(function (map, group, config) {\n{{ this.code }}\n})"
        "({{ this.map_variable() }}, {{ this._parent.get_name() }}, {{ this.config }});"
        "{% endmacro %}"
    )

    def __init__(self, code_file: str, config: dict) -> None:
        super().__init__()
        self._name = "KasegiScript"
        self.code = _script_text(code_file)
        self.config = safe_json(config)

    def map_variable(self) -> str:
        # Asked at render time: streamlit-folium renames the map's variable before rendering.
        parent = self._parent
        return parent.get_name() if isinstance(parent, folium.Map) else parent._parent.get_name()


@functools.cache
def _script_text(code_file: str) -> str:
    """Read once per process, not on every rerun."""
    return (_JS_DIR / code_file).read_text("utf-8")


def safe_json(value: object) -> str:
    """JSON safe inside an inline <script>: no `</script>`, no HTML-significant characters."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def colour_of(row: pd.Series, colour_by: str) -> str:
    if colour_by == "round":
        return ROUND_COLOURS[int(row["round"])]
    return SECTOR_BY_SLUG[row["primary_sector"]].colour


def text_colour(background: str) -> str:
    """Black or white, whichever reads better on ``background`` (#rrggbb)."""
    r, g, b = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000" if luminance > 0.45 else "#fff"


def legend_html(colour_by: str, language: str = "ja") -> str:
    if colour_by == "round":
        title = t("legend_round", language)
        items = [(ROUND_COLOURS[r], round_label(r, d, language)) for r, d in ROUNDS.items()]
    else:
        title = t("legend_sector", language)
        items = [(s.colour, getattr(s, language)) for s in SECTORS]
    rows = "".join(
        f'<div><i style="background:{c}"></i>{html.escape(label)}</div>' for c, label in items
    )
    return f'<div class="title">{html.escape(title)}</div>{rows}'


def attributions(as_of: str | None, with_boundaries: bool, language: str = "ja") -> list[str]:
    """The map's attribution control is HTML: escape the lines."""
    return [
        html.escape(line)
        for line in attribution_lines(as_of, with_boundaries, language, short=True)
    ]


def build_base_map(
    assets: MapAssets,
    basemap: str = "pale",
    colour_by: str = "sector",
    as_of: str | None = None,
    language: str = "ja",
    inline_boundaries: tuple[dict, dict] | None = None,
) -> folium.Map:
    """The map that stays loaded across reruns: tiles, boundaries, legend, controls.

    In the app the boundaries are fetched by URL; a standalone export inlines them.
    """
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_control=True)
    # Serve Leaflet ourselves: a CDN that cannot be reached leaves st_folium's map blank.
    fmap.default_js = [("leaflet", assets.leaflet_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    tiles = BASEMAPS[basemap]
    if tiles.url:
        folium.TileLayer(
            tiles.url, attr=tiles.attribution(language), name=basemap, max_zoom=18
        ).add_to(fmap)
    min_lon, min_lat, max_lon, max_lat = KANSAI_BBOX
    fmap.fit_bounds([[min_lat + 0.3, min_lon + 0.4], [max_lat - 0.2, max_lon - 0.1]])
    config = {
        "municipalities_url": assets.municipalities_url,
        "boundaries_inline": list(inline_boundaries) if inline_boundaries else None,
        "prefectures_url": assets.prefectures_url,
        "municipality_style": {
            "color": "#777",
            "weight": 0.6,
            "fillColor": "#fff",
            "fillOpacity": 0.15 if tiles.url else 0.6,
        },
        "prefecture_style": {"color": "#333", "weight": 2, "fill": False},
        "legend_html": legend_html(colour_by, language),
        "attributions": attributions(
            as_of, bool(assets.municipalities_url or inline_boundaries), language
        ),
        "fullscreen_label": t("fullscreen", language),
        "marker_size": MARKER_SIZE,
        "css": _CSS,
    }
    fmap.add_child(_Script("base.js", config))
    return fmap


@dataclass(frozen=True)
class MoveRequest:
    """A view change the app asks for; ``token`` makes it happen once.

    ``center``/``zoom`` (a shared link's view) win over ``bounds``; ``project_id`` opens that
    project's popup.
    """

    token: int
    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    project_id: str | None = None
    center: tuple[float, float] | None = None
    zoom: int | None = None

    def as_config(self) -> dict:
        return {
            "token": self.token,
            "bounds": self.bounds,
            "id": self.project_id,
            "center": self.center if self.zoom is not None else None,
            "zoom": self.zoom,
        }


def popup_html(row: pd.Series, language: str = "ja") -> str:
    esc = html.escape
    fields = "".join(
        f"<dt>{esc(f.label)}</dt><dd>{esc(str(f.value))}</dd>"
        for f in project_fields(row, language)
    )
    link = ""
    if row["url"]:
        link = (
            f'<a href="{esc(row["url"])}" target="_blank" rel="noopener noreferrer">'
            f"{esc(row['link_label'] or row['url'])}</a>{esc(t('popup_link_new_tab', language))}"
        )
    elif row["link_label"]:
        link = (
            f'<span class="meta">{esc(t("link_no_url", language, label=row["link_label"]))}</span>'
        )
    summary = esc(text(row, "summary", language)).replace("\n", "<br>")
    return (
        f'<div class="kasegi-popup" data-project="{esc(row["id"])}">'
        f"<h4>{esc(project_title(row, language))}</h4><dl>{fields}</dl><p>{summary}</p>{link}</div>"
    )


def tooltip_html(rows: list[pd.Series], language: str = "ja") -> str:
    """``No.N name`` for each project; the app reads the numbers back from clicks."""
    return "<br>".join(html.escape(project_title(r, language)) for r in rows)


def area_entries(projects: pd.DataFrame, colour_by: str, language: str = "ja") -> dict[str, dict]:
    """code → colour, level and tooltip; an area shared by projects lists them all."""
    by_code: dict[str, list[pd.Series]] = {}
    for _, row in projects.sort_values("no").iterrows():
        for code in row["area_codes"]:
            by_code.setdefault(code, []).append(row)
    return {
        code: {
            "colour": colour_of(rows[0], colour_by),
            "level": "prefecture" if len(code) == 2 else "municipality",
            "tooltip": tooltip_html(rows, language),
        }
        for code, rows in by_code.items()
    }


def build_project_layer(
    projects: pd.DataFrame,
    colour_by: str = "sector",
    fit: MoveRequest | None = None,
    focus: MoveRequest | None = None,
    language: str = "ja",
) -> folium.FeatureGroup:
    """Markers and highlighted areas of the filtered projects: the only per-rerun payload."""
    markers = []
    for _, row in projects.sort_values("no").iterrows():
        colour = colour_of(row, colour_by)
        markers.append(
            {
                "id": row["id"],
                "no": int(row["no"]),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "colour": colour,
                "text_colour": text_colour(colour),
                "tooltip": tooltip_html([row], language),
                "popup": popup_html(row, language),
            }
        )
    config = {
        "markers": markers,
        "areas": area_entries(projects, colour_by, language),
        "marker_size": MARKER_SIZE,
        "fit": fit.as_config() if fit and fit.bounds else None,
        "focus": focus.as_config() if focus else None,
    }
    group = folium.FeatureGroup(name="projects")
    group.add_child(_Script("projects.js", config))
    return group


def clicked_numbers(tooltip: str | None) -> list[int]:
    """Project numbers in a clicked marker's or area's tooltip text."""
    return [int(n) for n in _NO_PATTERN.findall(tooltip or "")]


def bounds_of(projects: pd.DataFrame) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """[[south, west], [north, east]] around the projects' markers and areas."""
    if projects.empty:
        return None
    if "bounds" in projects:
        boxes = list(projects["bounds"])
    else:
        boxes = [(r.lon, r.lat, r.lon, r.lat) for r in projects.itertuples()]
    west = min(b[0] for b in boxes)
    south = min(b[1] for b in boxes)
    east = max(b[2] for b in boxes)
    north = max(b[3] for b in boxes)
    return ((south, west), (north, east))


def points_outside(projects: pd.DataFrame, view: dict | None) -> bool:
    """Whether any project's marker lies outside the map's current view (st_folium bounds)."""
    if not view or not view.get("_southWest") or projects.empty:
        return False
    sw, ne = view["_southWest"], view["_northEast"]
    if sw.get("lat") is None:
        return False
    inside = projects["lat"].between(sw["lat"], ne["lat"]) & projects["lon"].between(
        sw["lng"], ne["lng"]
    )
    return not bool(inside.all())


def standalone_html(
    projects: pd.DataFrame,
    boundaries: tuple[dict, dict] | None,
    colour_by: str,
    basemap: str,
    as_of: str | None,
    view: MoveRequest | None,
    language: str = "ja",
) -> str:
    """One HTML file of the current filter and view that works from file:// with no server and
    no internet (tiles aside): Leaflet, styles and boundaries inlined."""
    import xstatic.pkg.leaflet as xleaflet
    from branca.element import Element

    leaflet = Path(xleaflet.BASE_DIR)
    fmap = build_base_map(MapAssets("", ""), basemap, colour_by, as_of, language, boundaries)
    fmap.default_js = []
    fmap.default_css = []
    js = (leaflet / "leaflet.js").read_text("utf-8").replace("</script", "<\\/script")
    css = (leaflet / "leaflet.css").read_text("utf-8")
    header = fmap.get_root().header
    header.add_child(
        Element(f"<title>{html.escape(t('page_title', language))}</title>"), name="title"
    )
    header.add_child(Element(f"<style>{css}</style>"), name="leaflet_css_inline")
    header.add_child(Element(f"<script>{js}</script>"), name="leaflet_js_inline")
    build_project_layer(projects, colour_by, focus=view, language=language).add_to(fmap)
    return fmap.get_root().render()


RETURNED_OBJECTS = [
    "last_object_clicked_tooltip",
    "last_object_clicked_count",
    "bounds",
    "zoom",
    "center",
]


def render_map(
    projects: pd.DataFrame,
    assets: MapAssets,
    basemap: str,
    colour_by: str,
    as_of: str | None,
    fit: MoveRequest | None,
    focus: MoveRequest | None,
    language: str = "ja",
) -> dict | None:
    """Draw the map. Filter changes only swap the project layer (no map reload): the base
    script stays identical, and no view is passed back into st_folium (that would setView)."""
    import streamlit as st
    from streamlit_folium import st_folium

    from components.interaction import mark_interaction

    base = build_base_map(assets, basemap, colour_by, as_of, language)
    layer = build_project_layer(projects, colour_by, fit, focus, language)
    event = st_folium(
        base,
        key="kasegi_map",
        height=MAP_HEIGHT,
        use_container_width=True,
        feature_group_to_add=layer,
        returned_objects=RETURNED_OBJECTS,
        on_change=mark_interaction,
    )
    if event and event.get("bounds"):
        st.session_state["_view"] = event["bounds"]
    return event
