"""Publish what the map loads (Leaflet and the boundary GeoJSON) through Streamlit's
static file serving, so the map needs no CDN and the polygons are fetched once by URL instead
of being resent with every rerun."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
import xstatic.pkg.leaflet as xleaflet
import xstatic.pkg.leaflet_gesturehandling as xgesture
import xstatic.pkg.leaflet_markercluster as xcluster

from components.map.script import map_code
from geo.boundaries.built_layers import MUNICIPALITIES_FILE, PREFECTURES_FILE
from geo.files import write_atomic
from geo.paths import REPO_ROOT

STATIC_DIR = REPO_ROOT / "static"
PUBLISHED = "gen"  # static/gen/ is generated at run time and git-ignored


@dataclass(frozen=True)
class MapAssets:
    """Where the map loads Leaflet and the boundary layers from."""

    leaflet_js: str
    leaflet_css: str
    municipalities_url: str | None = None
    prefectures_url: str | None = None
    gesture_js: str | None = None  # Leaflet.GestureHandling, for embedded maps
    gesture_css: str | None = None
    cluster_js: str | None = None  # Leaflet.markercluster, for large tables
    cluster_css: str | None = None
    # Leaflet, Leaflet.markercluster and our own code and stylesheet (``script.map_code``) in
    # one file: what the app's map loads instead of the first two
    map_js: str | None = None


def publish_files(boundaries_dir: Path | None, static_dir: Path | None = None) -> dict[str, str]:
    """Publish Leaflet and the boundary layers under ``static_dir/gen``; return their paths.

    Content-addressed: each name carries a hash of its content, so a rebuilt layer is never
    served stale and browsers may cache forever. A copy that exists is used only when its
    content matches its name (a half-written one is replaced); copies are written atomically;
    older versions are removed. Raises OSError when the folder cannot be written.
    """
    target = (static_dir or STATIC_DIR) / PUBLISHED
    leaflet = _publish_package(target, Path(xleaflet.BASE_DIR), "leaflet")
    gesture = _publish_package(target, Path(xgesture.BASE_DIR), "gesture-handling")
    cluster = _publish_package(target, Path(xcluster.BASE_DIR), "markercluster")
    # One script for the map (one request instead of three): Leaflet, Leaflet.markercluster
    # and our code.
    code = b"\n;\n".join(
        [
            (Path(xleaflet.BASE_DIR) / "leaflet.js").read_bytes(),
            (Path(xcluster.BASE_DIR) / "leaflet.markercluster.js").read_bytes(),
            map_code().encode(),
        ]
    )
    code_file = target / f"kasegi-map-{_digest(code)}.js"
    if not _holds(code_file, code):
        write_atomic(code_file, code)
    _remove_others(target, f"kasegi-map-{'?' * 16}.js", keep=code_file)
    paths = {
        "map_js": f"{PUBLISHED}/{code_file.name}",
        "cluster_js": f"{PUBLISHED}/{cluster}/leaflet.markercluster.js",
        "cluster_css": f"{PUBLISHED}/{cluster}/MarkerCluster.css",
        "leaflet_js": f"{PUBLISHED}/{leaflet}/leaflet.js",
        "leaflet_css": f"{PUBLISHED}/{leaflet}/leaflet.css",
        "gesture_js": f"{PUBLISHED}/{gesture}/leaflet-gesture-handling.min.js",
        "gesture_css": f"{PUBLISHED}/{gesture}/leaflet-gesture-handling.min.css",
    }
    if boundaries_dir is not None:
        for key, name in (
            ("municipalities_url", MUNICIPALITIES_FILE),
            ("prefectures_url", PREFECTURES_FILE),
        ):
            data = (boundaries_dir / name).read_bytes()
            stem = Path(name).stem
            published = target / f"{stem}-{_digest(data)}.json"
            if not _holds(published, data):
                write_atomic(published, data)
            _remove_others(target, f"{stem}-*.json", keep=published)
            paths[key] = f"{PUBLISHED}/{published.name}"
    return paths


def _publish_package(target: Path, source: Path, stem: str) -> str:
    """A package's files under ``target/<stem>-<hash>/``; returns that folder's name."""
    files = {
        p.relative_to(source).as_posix(): p.read_bytes()
        for p in sorted(source.rglob("*"))
        if p.is_file()
    }
    name = _publish_folder(target, stem, files)
    if stem == "leaflet":
        _remove_others(target, "leaflet", keep=target / name)  # the layout before hashes
    return name


def _publish_folder(target: Path, stem: str, files: dict[str, bytes]) -> str:
    """``files`` (relative path → bytes) as the folder ``target/<stem>-<hash>/``, written
    whole into a temporary folder and renamed; other ``<stem>-*`` versions are removed."""
    digest = _digest(b"".join(path.encode() + b"\0" + data for path, data in files.items()))
    name = f"{stem}-{digest}"
    published = target / name
    if not all(_holds(published / path, data) for path, data in files.items()):
        target.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{name}.", suffix=".tmp", dir=target))
        for path, data in files.items():
            (staging / path).parent.mkdir(parents=True, exist_ok=True)
            (staging / path).write_bytes(data)
        _install_folder(staging, published, files)
    _remove_others(target, f"{stem}-{'?' * 16}", keep=published)
    return name


def _install_folder(staging: Path, published: Path, files: dict[str, bytes]) -> None:
    """Rename ``staging`` to ``published``. Copies of the app may share the folder (one
    machine, several processes): when another one installed the same content first, ours is
    dropped; a damaged copy (a killed writer's) is replaced."""
    try:
        os.replace(staging, published)  # fails when ``published`` exists and is not empty
        return
    except OSError:
        if all(_holds(published / path, data) for path, data in files.items()):
            shutil.rmtree(staging, ignore_errors=True)
            return
    shutil.rmtree(published, ignore_errors=True)
    os.replace(staging, published)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` exists with exactly ``data``."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _remove_others(folder: Path, pattern: str, keep: Path) -> None:
    for path in folder.glob(pattern):
        if path != keep:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def publish_catalog(data: bytes, slug: str, static_dir: Path | None = None) -> str:
    """A dataset's marker catalog (``catalog.catalog_json``) as ``gen/markers-<slug>-<hash>
    .json``; returns its URL. Only for a dataset read from disk: an upload is never written."""
    target = (static_dir or STATIC_DIR) / PUBLISHED
    published = target / f"markers-{slug}-{_digest(data)}.json"
    if not _holds(published, data):
        write_atomic(published, data)
    _remove_others(target, f"markers-{slug}-{'?' * 16}.json", keep=published)
    return _url_prefix() + f"{PUBLISHED}/{published.name}"


def publish_popups(files: dict[str, bytes], slug: str, static_dir: Path | None = None) -> str:
    """A dataset's popup shards (``marker_catalog.popup_shards``) as the folder
    ``gen/popups-<slug>-<hash>/``; returns its URL (ending in "/")."""
    target = (static_dir or STATIC_DIR) / PUBLISHED
    name = _publish_folder(target, f"popups-{slug}", files)
    return _url_prefix() + f"{PUBLISHED}/{name}/"


def publish_base_script(script: str, static_dir: Path | None = None) -> str:
    """A base map's script (``base_script``) as ``gen/kasegi-base-<hash>.js``; returns its URL.
    Others are kept: each base map (base, colouring, language, dataset) has its own, the same
    in every process, and a copy sharing the folder may be serving another. Only for a dataset
    read from disk: an upload's words are never written."""
    return publish_script("kasegi-base", script, static_dir)


def publish_script(stem: str, script: str, static_dir: Path | None = None) -> str:
    """``script`` as ``gen/<stem>-<hash>.js``; returns its URL. Others of the same stem are
    kept (a copy of another version sharing the folder may be serving them)."""
    data = script.encode()
    published = (static_dir or STATIC_DIR) / PUBLISHED / f"{stem}-{_digest(data)}.js"
    if not _holds(published, data):
        write_atomic(published, data)
    return _url_prefix() + f"{PUBLISHED}/{published.name}"


def publish_assets(boundaries_dir: str | None) -> MapAssets:
    """Publish the files and return the URLs the map uses (``components.data`` calls
    it once per process and boundary version)."""
    paths = publish_files(Path(boundaries_dir) if boundaries_dir else None)
    return MapAssets(**{key: _url_prefix() + value for key, value in paths.items()})


def _url_prefix() -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/app/static/" if base else "/app/static/"


def preload_links(static_dir: Path | None = None) -> str:
    """A ``Link`` header naming the map's published code and Leaflet's stylesheet for
    preloading ("" before they are published): asked for each page (a directory listing)."""
    target = (static_dir or STATIC_DIR) / PUBLISHED
    prefix = _url_prefix()
    scripts = sorted(target.glob(f"kasegi-map-{'?' * 16}.js"))
    styles = sorted(target.glob(f"leaflet-{'?' * 16}/leaflet.css"))
    links = [f"<{prefix}{PUBLISHED}/{p.name}>; rel=preload; as=script" for p in scripts[:1]]
    links += [
        f"<{prefix}{PUBLISHED}/{p.parent.name}/{p.name}>; rel=preload; as=style" for p in styles[:1]
    ]
    return ", ".join(links)
