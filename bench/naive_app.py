"""Baseline for the benchmark: the obvious way to write this app. Every rerun reads the files,
joins, and rebuilds one Folium map with every polygon inlined, handed whole to st_folium.
(No popups: Folium's need jQuery, which the offline app does not ship; this only flatters the
baseline.)"""

import os

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.map.assets import MapAssets
from components.map.base_map import MAP_HEIGHT
from components.map.popups import tooltip_html
from geo import paths
from geo.boundaries.built_layers import read_boundaries
from geo.colours import project_colour
from geo.dataset import load_dataset
from geo.projects import load_projects
from geo.table.filters import Filters, filter_projects
from geo.table.join import join_projects_to_areas

st.set_page_config(layout="wide")
dataset = load_dataset(paths.dataset_dir())
SECTOR_BY_SLUG = dataset.sector_by_slug
projects = load_projects(paths.projects_csv(), dataset)
municipalities, prefectures, _ = read_boundaries(paths.boundaries_dir())
joined = join_projects_to_areas(projects, municipalities, prefectures)
counts = {s: sum(s in x for x in joined["sectors"]) for s in SECTOR_BY_SLUG}
with st.sidebar:
    sectors = st.multiselect(
        "分野",
        list(SECTOR_BY_SLUG),
        key="f_sector",
        format_func=lambda s: f"{SECTOR_BY_SLUG[s].label.ja}（{counts[s]}）",
    )
filtered = filter_projects(joined, Filters(sectors=frozenset(sectors)))
st.markdown(f"**{len(filtered)} / {len(joined)} 件**")

assets = MapAssets(os.environ["BENCH_LEAFLET_JS"], os.environ["BENCH_LEAFLET_CSS"])
fmap = folium.Map(location=[34.9, 135.6], zoom_start=8, tiles=None)
fmap.default_js = [("leaflet", assets.leaflet_js)]
fmap.default_css = [("leaflet_css", assets.leaflet_css)]
folium.GeoJson(
    municipalities, style_function=lambda f: {"color": "#777", "weight": 0.6, "fillOpacity": 0.1}
).add_to(fmap)
folium.GeoJson(
    prefectures, style_function=lambda f: {"color": "#333", "weight": 2, "fill": False}
).add_to(fmap)
for _, row in filtered.iterrows():
    colour = project_colour(
        dataset, "sector", primary_sector=row["primary_sector"], round_no=row["round"]
    )
    folium.GeoJson(
        row.geometry.__geo_interface__,
        style_function=lambda f, c=colour: {"color": c, "fillColor": c, "fillOpacity": 0.4},
    ).add_to(fmap)
    folium.Marker(
        [row["lat"], row["lon"]],
        icon=folium.DivIcon(html=f'<div class="kasegi-marker">{row["no"]}</div>'),
        tooltip=tooltip_html([row], "ja"),
    ).add_to(fmap)
st_folium(fmap, height=MAP_HEIGHT, use_container_width=True, key="naive_map")
