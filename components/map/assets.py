"""Publish what the map's iframe loads (Leaflet and the boundary GeoJSON) through Streamlit's
static file serving, so the map needs no CDN and the polygons are fetched once by URL instead
of being resent with every rerun."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import streamlit as st
import xstatic.pkg.leaflet as xleaflet

from components.map.layers import MapAssets
from geo.boundaries import MUNICIPALITIES_FILE, PREFECTURES_FILE
from geo.paths import REPO_ROOT

STATIC_DIR = REPO_ROOT / "static"
PUBLISHED = "gen"  # static/gen/ is generated at run time and git-ignored


def publish_files(boundaries_dir: Path | None, static_dir: Path = STATIC_DIR) -> dict[str, str]:
    """Copy Leaflet and the boundary layers under ``static_dir/gen``; return their paths there.

    Boundary files get a content hash in their name, so a rebuilt layer is never served stale.
    """
    target = static_dir / PUBLISHED
    leaflet_dir = target / "leaflet"
    source = Path(xleaflet.BASE_DIR)
    if not (leaflet_dir / "leaflet.js").exists():
        shutil.copytree(source, leaflet_dir, dirs_exist_ok=True)
    paths = {
        "leaflet_js": f"{PUBLISHED}/leaflet/leaflet.js",
        "leaflet_css": f"{PUBLISHED}/leaflet/leaflet.css",
    }
    if boundaries_dir is not None:
        for key, name in (
            ("municipalities_url", MUNICIPALITIES_FILE),
            ("prefectures_url", PREFECTURES_FILE),
        ):
            data = (boundaries_dir / name).read_bytes()
            digest = hashlib.sha256(data).hexdigest()[:12]
            published = target / f"{Path(name).stem}-{digest}.json"
            if not published.exists():
                published.write_bytes(data)
            paths[key] = f"{PUBLISHED}/{published.name}"
    return paths


@st.cache_resource(show_spinner=False)
def publish_assets(boundaries_dir: str | None) -> MapAssets:
    """Once per process: publish the files and return the URLs the map iframe uses."""
    paths = publish_files(Path(boundaries_dir) if boundaries_dir else None)
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    prefix = f"/{base}/app/static/" if base else "/app/static/"
    return MapAssets(**{key: prefix + value for key, value in paths.items()})
