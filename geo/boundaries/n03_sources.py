"""Find the N03 input: paths or URLs the user gives, else ``../shared/boundaries``, else MLIT's
official per-prefecture downloads (cached under ``data/raw/``)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

import requests
from tqdm import tqdm

from geo.environment import N03_EDITION, N03_SOURCE, N03_URL_TEMPLATE
from geo.paths import SHARED_BOUNDARIES
from geo.schema import PREFECTURE_BY_CODE

# MLIT 国土数値情報 行政区域 (N03): one zip per prefecture and edition.
MLIT_URL_TEMPLATE = (
    "https://nlftp.mlit.go.jp/ksj/gml/data/N03/N03-{year}/N03-{year}0101_{pref}_GML.zip"
)
DEFAULT_EDITION = "2024"
MLIT_PAGE = "https://nlftp.mlit.go.jp/ksj/gml/datalist/KsjTmplt-N03-2024.html"
_INPUT_SUFFIXES = (".geojson", ".json", ".shp", ".zip")


class BoundarySourceError(RuntimeError):
    """N03 input could not be found or fetched; the message says what to do instead."""


def resolve_sources(
    given: Sequence[str] = (),
    env: dict[str, str] | None = None,
    shared_dir: Path = SHARED_BOUNDARIES,
    edition: str | None = None,
) -> list[str]:
    """Paths or URLs to build from, in the documented order of precedence."""
    env = os.environ if env is None else env
    if given:
        return list(given)
    if env.get(N03_SOURCE):
        return env[N03_SOURCE].split()
    if shared_dir.is_dir():
        return [str(shared_dir)]
    edition = edition or env.get(N03_EDITION, DEFAULT_EDITION)
    template = env.get(N03_URL_TEMPLATE, MLIT_URL_TEMPLATE)
    return [template.format(year=edition, pref=code) for code in PREFECTURE_BY_CODE]


def fetch_sources(sources: Sequence[str], cache_dir: Path, progress: bool = True) -> list[Path]:
    """Local files for the given paths, folders and URLs (URLs downloaded once into cache)."""
    files: list[Path] = []
    for source in sources:
        if urlparse(source).scheme in ("http", "https"):
            files.append(download(source, cache_dir, progress))
            continue
        path = Path(source).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in _INPUT_SUFFIXES)
            if not found:
                raise BoundarySourceError(
                    f"{path}: the folder holds no N03 GeoJSON, Shapefile or zip"
                )
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise BoundarySourceError(f"{path}: no such file or folder")
    return files


def download(url: str, cache_dir: Path, progress: bool = True) -> Path:
    """Stream ``url`` into ``cache_dir`` (kept for the next build); explain what to do offline."""
    name = Path(urlparse(url).path).name or "download.zip"
    target = cache_dir / name
    if target.exists() and target.stat().st_size > 0:
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    try:
        with requests.get(url, stream=True, timeout=(10, 60)) as response:
            response.raise_for_status()
            total = int(response.headers.get("Content-Length", 0)) or None
            with (
                partial.open("wb") as out,
                tqdm(
                    total=total, unit="B", unit_scale=True, desc=name, disable=not progress
                ) as bar,
            ):
                for chunk in response.iter_content(chunk_size=1 << 16):
                    out.write(chunk)
                    bar.update(len(chunk))
    except requests.RequestException as err:
        partial.unlink(missing_ok=True)
        raise BoundarySourceError(
            f"could not download {url} ({err.__class__.__name__}: {err}).\n"
            f"Download the N03 行政区域 zips of prefectures {', '.join(PREFECTURE_BY_CODE)} "
            f"from {MLIT_PAGE} by hand and put them in {cache_dir}/, or pass them with "
            "`python -m geo build --source PATH` (or set N03_SOURCE)."
        ) from err
    partial.replace(target)
    return target
