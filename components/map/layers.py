"""Pure Folium builders: the base map (built once per map load) and the small per-rerun
project layer. Tested without a browser or Streamlit; ``render.render_map`` draws them."""

from __future__ import annotations

import functools
import html
from dataclasses import dataclass

import folium
import pandas as pd
import xyzservices

from components.i18n import attribution_lines, project_fields, project_title, round_label, t, text
from components.map.catalog import CLUSTER_THRESHOLD, MarkerCatalog
from components.map.events import click_feature
from components.map.geometry import LatLngBounds
from components.map.script import LeafletScript, asset_text
from components.state.moves import MoveRequest
from components.state.options import BASEMAPS, Basemap
from geo.choropleth import CountClasses, classify_counts, prefecture_wide
from geo.colours import SINGLE_COLOUR, project_colour, text_colour
from geo.dataset import Dataset
from geo.schema import KANSAI_BBOX

MAP_HEIGHT = 640
MARKER_SIZE = 26
# The count colouring shows prefectures below this zoom and municipalities from it.
COUNT_ZOOM = 9


@dataclass(frozen=True)
class MapAssets:
    """Where the map's iframe loads Leaflet and the boundary layers from."""

    leaflet_js: str
    leaflet_css: str
    municipalities_url: str | None = None
    prefectures_url: str | None = None
    gesture_js: str | None = None  # Leaflet.GestureHandling, for embedded maps
    gesture_css: str | None = None
    cluster_js: str | None = None  # Leaflet.markercluster, for large tables
    cluster_css: str | None = None


def tile_attribution(basemap: Basemap, language: str) -> str:
    """The tile provider's credit (HTML for Leaflet's attribution control)."""
    if not basemap.url:
        return ""
    name = html.escape(t(basemap.attribution_key, language))
    prefix = "&copy; " if basemap.key == "osm" else ""
    return f'{prefix}<a href="{basemap.attribution_url}" target="_blank">{name}</a>'


def colour_of(row: pd.Series, colour_by: str, dataset: Dataset) -> str:
    """The project's colour under ``colour_by`` (a key of ``options.COLOUR_BY``)."""
    return project_colour(
        dataset, colour_by, primary_sector=row["primary_sector"], round_no=row["round"]
    )


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
) -> folium.Map:
    """The map that stays loaded across reruns: tiles, boundaries, legend, controls.

    Parameters
    ----------
    assets
        Where Leaflet and the boundary layers are fetched from (``assets.publish_assets``).
    dataset
        What the projects are: the legend's vocabulary and the source's attribution.
    basemap, colour_by
        Keys of ``components.state.options.BASEMAPS`` and ``COLOUR_BY``.
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
    """
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_control=True)
    # Serve Leaflet ourselves: a CDN that cannot be reached leaves st_folium's map blank.
    fmap.default_js = [("leaflet", assets.leaflet_js)]
    fmap.default_css = [("leaflet_css", assets.leaflet_css)]
    if assets.cluster_js:  # always: a base map that changed with the table would reload
        fmap.default_js.append(("markercluster", assets.cluster_js))
        fmap.default_css.append(("markercluster_css", assets.cluster_css))
    gestures = embed and bool(assets.gesture_js)
    if gestures:
        fmap.default_js.append(("gesture_handling", assets.gesture_js))
        fmap.default_css.append(("gesture_handling_css", assets.gesture_css))
    tiles = BASEMAPS[basemap]
    if tiles.url:
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
            "fillOpacity": 0.15 if tiles.url else 0.6,
        },
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
        "css": asset_text("map.css"),
    }
    fmap.add_child(LeafletScript("base.js", config))
    return fmap


@functools.cache
def _tile_provider(basemap: str, language: str) -> xyzservices.TileProvider:
    """The base map's tiles as a provider: given a bare URL, folium searches xyzservices'
    whole catalogue for a provider of that name on every rerun."""
    tiles = BASEMAPS[basemap]
    attribution = tile_attribution(tiles, language)
    return xyzservices.TileProvider(
        name=basemap, url=tiles.url, attribution=attribution, html_attribution=attribution
    )


def marker_bounds(projects: pd.DataFrame) -> LatLngBounds | None:
    """Leaflet bounds around the projects' markers (not their areas)."""
    if projects.empty:
        return None
    lat, lon = projects["lat"], projects["lon"]
    return ((float(lat.min()), float(lon.min())), (float(lat.max()), float(lon.max())))


def popup_html(row: pd.Series, dataset: Dataset, language: str) -> str:
    esc = html.escape
    fields = "".join(
        f"<dt>{esc(f.label)}</dt><dd>{esc(str(f.value))}</dd>"
        for f in project_fields(row, dataset, language)
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
        f"<h4>{esc(project_title(row, language))}</h4><dl>{fields}</dl><p tabindex='0'>{summary}</p>{link}</div>"
    )


def tooltip_html(rows: list[pd.Series], language: str) -> str:
    """``No.N name`` for each project, one per line."""
    return "<br>".join(html.escape(project_title(r, language)) for r in rows)


# An area's tooltip names this many projects, then counts the rest; its click reports at most
# AREA_CLICK_MAX (the detail panel offers them as a choice).
AREA_LISTED = 10
AREA_CLICK_MAX = 20


def area_entries(
    projects: pd.DataFrame, colour_by: str, dataset: Dataset, language: str
) -> dict[str, dict]:
    """code → colour, level and tooltip: one entry per area, however many projects share it
    (the first one's colour; the tooltip names the first ``AREA_LISTED``). The count
    colouring draws its areas itself (``count_levels``): none here."""
    if colour_by == "count":
        return {}
    areas = _AreaIndex(
        projects, [list(codes) for codes in projects.sort_values("no")["area_codes"]]
    )

    def colour(positions: list[int]) -> str:
        first = positions[0]
        return project_colour(
            dataset,
            colour_by,
            primary_sector=areas.column("primary_sector")[first],
            round_no=areas.column("round")[first],
        )

    return areas.entries(colour, language)


def count_levels(projects: pd.DataFrame, language: str) -> dict:
    """The count colouring: for prefectures (all shown projects) and municipalities (those
    naming them), each area's colour by its count's class, and each level's legend."""
    ordered = projects.sort_values("no")
    groupings = {
        "prefecture": [[code] for code in ordered["prefecture_code"]],
        "municipality": [[c for c in codes if len(c) == 5] for codes in ordered["area_codes"]],
    }
    wide = prefecture_wide(projects)
    levels = {}
    for level, codes in groupings.items():
        areas = _AreaIndex(projects, codes)
        classes = classify_counts([len(p) for p in areas.by_code.values()])

        def colour(positions: list[int], classes=classes) -> str:
            return classes.colour_of(len(positions))

        entries = areas.entries(colour, language, counted=True)
        for entry in entries.values():
            entry.update(level=level, fill_opacity=0.75, border="#444")
        levels[level] = {
            "areas": entries,
            "legend_html": count_legend_html(classes, level, wide, language),
        }
    return {"zoom": COUNT_ZOOM, "levels": levels}


def count_legend_html(
    classes: CountClasses | None, level: str, prefecture_wide: int, language: str
) -> str:
    title = t(f"legend_count_{level}", language)
    rows = ""
    if classes is not None:
        for lower, upper, colour in zip(classes.lower, classes.upper, classes.colours, strict=True):
            label = (
                t("count_class", language, lower=lower)
                if lower == upper
                else t("count_class_range", language, lower=lower, upper=upper)
            )
            rows += f'<div><i style="background:{colour}"></i>{html.escape(label)}</div>'
        rows += (
            f'<div class="note">{html.escape(t(f"count_method_{classes.method}", language))}</div>'
        )
    if prefecture_wide:
        note = t(f"count_prefecture_wide_{level}", language, count=prefecture_wide)
        rows += f'<div class="note">{html.escape(note)}</div>'
    return f'<div class="title">{html.escape(title)}</div>{rows}'


class _AreaIndex:
    """The shown projects in number order, and for each area code the positions of those
    naming it: what an area's entry (colour, tooltip, click) is built from."""

    def __init__(self, projects: pd.DataFrame, codes: list[list[str]]) -> None:
        self._ordered = projects.sort_values("no")
        self._columns: dict[str, list] = {}
        self.by_code: dict[str, list[int]] = {}
        for k, row_codes in enumerate(codes):
            for code in row_codes:
                self.by_code.setdefault(code, []).append(k)

    def column(self, name: str) -> list:
        if name not in self._columns:
            self._columns[name] = self._ordered[name].tolist()
        return self._columns[name]

    def entries(self, colour, language: str, *, counted: bool = False) -> dict[str, dict]:
        ids = self.column("id")
        rows = [self.column(c) for c in ("no", "name_ja", "name_en")]

        def row(k: int) -> dict:  # what a tooltip line reads (built for the listed few only)
            return {
                c: values[k] for c, values in zip(("no", "name_ja", "name_en"), rows, strict=True)
            }

        entries = {}
        for code, positions in self.by_code.items():
            tooltip = tooltip_html([row(k) for k in positions[:AREA_LISTED]], language)
            if len(positions) > AREA_LISTED:
                tooltip += html.escape(t("and_more", language, count=len(positions) - AREA_LISTED))
            if counted:
                heading = html.escape(t("count_tooltip", language, count=len(positions)))
                tooltip = f"<strong>{heading}</strong><br>{tooltip}"
            entries[code] = {
                "colour": colour(positions),
                "level": "prefecture" if len(code) == 2 else "municipality",
                "tooltip": tooltip,
                "click": click_feature([ids[k] for k in positions[:AREA_CLICK_MAX]]),
            }
        return entries


def build_project_layer(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    colour_by: str,
    language: str,
    fit: MoveRequest | None = None,
    focus: MoveRequest | None = None,
    catalog: MarkerCatalog | None = None,
) -> folium.FeatureGroup:
    """Markers and highlighted areas of the filtered projects: the only per-rerun payload.

    ``fit`` and ``focus`` are moves the map runs once per token (``state.moves``). Above
    ``CLUSTER_THRESHOLD`` shown projects (and with the dataset's ``catalog``) the markers
    cluster, and only their positions in the catalog and colours travel.
    """
    moves = {
        "fit": fit.as_config() if fit and fit.bounds else None,
        "focus": focus.as_config() if focus else None,
    }
    areas = area_entries(projects, colour_by, dataset, language)
    counts = count_levels(projects, language) if colour_by == "count" else None
    group = folium.FeatureGroup(name="projects")
    if catalog is not None and len(projects) > CLUSTER_THRESHOLD:
        config = _cluster_config(projects, catalog, colour_by, dataset, language)
        config = {**config, "areas": areas, "counts": counts, **moves}
        group.add_child(LeafletScript("clusters.js", config))
        return group
    markers = []
    for _, row in projects.sort_values("no").iterrows():
        colour = colour_of(row, colour_by, dataset)
        markers.append(
            {
                "id": row["id"],
                "no": int(row["no"]),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "colour": colour,
                "text_colour": text_colour(colour),
                "title": project_title(row, language),
                "tooltip": tooltip_html([row], language),
                "popup": popup_html(row, dataset, language),
                "click": click_feature([row["id"]]),
            }
        )
    config = {
        "markers": markers,
        "areas": areas,
        "counts": counts,
        "marker_size": MARKER_SIZE,
        **moves,
    }
    group.add_child(LeafletScript("projects.js", config))
    return group


def _cluster_config(
    projects: pd.DataFrame,
    catalog: MarkerCatalog,
    colour_by: str,
    dataset: Dataset,
    language: str,
) -> dict:
    """The compact layer: positions in the catalog and a colour index per shown project."""
    ordered = projects.sort_values("no")
    colours = [
        project_colour(dataset, colour_by, primary_sector=sector, round_no=round_no)
        for sector, round_no in zip(ordered["primary_sector"], ordered["round"], strict=True)
    ]
    palette = list(dict.fromkeys(colours))
    index = {colour: k for k, colour in enumerate(palette)}
    return {
        "catalog_url": catalog.url,
        "catalog": catalog.data,
        "shown": [catalog.positions[pid] for pid in ordered["id"]],
        "colour": [index[c] for c in colours],
        "palette": [[c, text_colour(c)] for c in palette],
        "language": language,
        "marker_size": MARKER_SIZE,
        "labels": {
            "cluster": t("cluster_label", language),
            "detail": t("marker_detail_hint", language),
        },
    }
