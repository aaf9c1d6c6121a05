"""The map that stays loaded across reruns (tiles, boundaries, legend, controls): a pure Folium
builder, tested without a browser or Streamlit; ``render.render_map`` draws it."""

from __future__ import annotations

import functools
import html

import folium
import xyzservices

from components.map.assets import MapAssets
from components.map.basemaps import Tiles, tiles_for
from components.map.geometry import LatLngBounds
from components.map.script import LeafletScript
from geo.colours import LAND_COLOUR, SEA_COLOUR, SINGLE_COLOUR
from geo.dataset import Dataset
from geo.link import ZOOM_DECIMALS
from geo.schema import KANSAI_BBOX
from geo.words import attribution_lines, round_label, t

MAP_HEIGHT = 640
MARKER_SIZE = 26
ZOOM_STEP = 10**-ZOOM_DECIMALS  # the zoom a link can hold exactly


def tile_attribution(basemap: str, tiles: Tiles, language: str) -> str:
    """The tile provider's credit (HTML for Leaflet's attribution control)."""
    name = html.escape(t(tiles.attribution_key, language))
    prefix = "&copy; " if basemap == "osm" else ""
    return f'{prefix}<a href="{tiles.attribution_url}" target="_blank">{name}</a>'


def legend_html(colour_by: str, dataset: Dataset, language: str) -> str:
    if colour_by == "count":  # its classes change with the filter: the layer sets them
        return f'<div class="title">{html.escape(t("colour_by_count", language))}</div>'
    if colour_by == "round":
        title = dataset.round_name.get(language)
        items = [(r.colour, round_label(r, language)) for r in dataset.rounds]
    elif colour_by == "sector":
        title = t("legend_sector", language)
        items = [(s.colour, s.label.get(language)) for s in dataset.sectors]
    else:
        title, items = (
            t("colour_by_single", language),
            [(SINGLE_COLOUR, dataset.title.get(language))],
        )
    rows = "".join(
        f'<div><i style="background:{c}"></i>{html.escape(label)}</div>' for c, label in items
    )
    return f'<div class="title">{html.escape(title)}</div>{rows}'


def attributions(
    dataset: Dataset, as_of: str | None, with_boundaries: bool, language: str
) -> list[str]:
    """The map's attribution control is HTML: escape the lines."""
    return [
        html.escape(line)
        for line in attribution_lines(dataset, as_of, with_boundaries, language, short=True)
    ]


def build_base_map(
    assets: MapAssets,
    *,
    dataset: Dataset,
    basemap: str,
    colour_by: str,
    as_of: str | None,
    language: str,
    inline_boundaries: tuple[dict, dict] | None = None,
    embed: bool = False,
    home: LatLngBounds | None = None,
    catalog_url: str | None = None,
) -> folium.Map:
    """The map that stays loaded across reruns: tiles, boundaries, legend, controls.

    Parameters
    ----------
    assets
        Where Leaflet and the boundary layers are fetched from (``assets.publish_assets``).
    dataset
        What the projects are: the legend's vocabulary and the source's attribution.
    basemap, colour_by
        Keys of ``geo.choices.BASEMAP_KEYS`` and ``COLOUR_BY``.
    as_of
        The boundaries' date, for the N03 attribution.
    language
        Interface language of the legend, attribution and controls.
    inline_boundaries
        (municipalities, prefectures) GeoJSON to embed instead of fetching them by URL: the
        standalone export works from ``file://``.
    embed
        The map is embedded in another page: one finger (or the wheel without Ctrl) scrolls
        that page, two fingers move the map (Leaflet.GestureHandling).
    home
        The bounds of all the dataset's markers: the opening view fits them above the legend
        (``marker_bounds``); None keeps the region's view.
    catalog_url
        The dataset's published marker catalog: fetched as the map loads, before the first
        layer asks for it.
    """
    # Zoom in tenths: a fitted view fills the frame instead of the next whole zoom out.
    fmap = folium.Map(
        tiles=None,
        control_scale=True,
        prefer_canvas=False,
        zoom_control=True,
        zoom_snap=ZOOM_STEP,
        zoom_delta=1,  # the buttons step whole levels, from wherever the fit left it
    )
    # Serve Leaflet ourselves: a CDN that cannot be reached would leave the map blank.
    fmap.default_js = [("leaflet", assets.leaflet_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    if assets.cluster_js:  # always: a base map that changed with the table would reload
        fmap.default_js.append(("markercluster", assets.cluster_js))
        fmap.default_css.append(("markercluster_css", assets.cluster_css))
    if assets.map_js:  # the two and our code in one file (the standalone export inlines them)
        fmap.default_js = [("kasegi_map", assets.map_js)]
    gestures = embed and bool(assets.gesture_js)
    if gestures:
        fmap.default_js.append(("gesture_handling", assets.gesture_js))
        fmap.default_css.append(("gesture_handling_css", assets.gesture_css))
    tiles = tiles_for(basemap)
    if tiles is not None:
        folium.TileLayer(_tile_provider(basemap, language), name=basemap, max_zoom=18).add_to(fmap)
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
            "fillOpacity": 0.15,
        },
        "land_style": {"stroke": False, "fillColor": LAND_COLOUR, "fillOpacity": 1},
        "sea_colour": SEA_COLOUR,
        "tiles_notice": t("tiles_unavailable", language),
        "prefecture_style": {"color": "#333", "weight": 2, "fill": False},
        "legend_html": legend_html(colour_by, dataset, language),
        "legend_labels": {k: t(f"legend_{k}", language) for k in ("hide", "show")},
        "home_bounds": home,
        "attributions": attributions(
            dataset, as_of, bool(assets.municipalities_url or inline_boundaries), language
        ),
        "fullscreen_label": t("fullscreen", language),
        "marker_size": MARKER_SIZE,
        "language": language,
        "gesture_text": (
            {k: t(f"gesture_{k}", language) for k in ("touch", "scroll", "scrollMac")}
            if gestures
            else None
        ),
        "catalog_url": catalog_url,
    }
    fmap.add_child(LeafletScript("base.js", config))
    return fmap


@functools.cache
def _tile_provider(basemap: str, language: str) -> xyzservices.TileProvider:
    """The base map's tiles as a provider: given a bare URL, folium searches xyzservices'
    whole catalogue for a provider of that name on every rerun."""
    tiles = tiles_for(basemap)
    attribution = tile_attribution(basemap, tiles, language)
    return xyzservices.TileProvider(
        name=basemap, url=tiles.url, attribution=attribution, html_attribution=attribution
    )
