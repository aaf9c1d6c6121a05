"""Where N03 input comes from, and the download path against a local HTTP server."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from devkit.serve import serving_folder
from geo.boundaries.n03_build import build_boundaries
from geo.boundaries.n03_sources import (
    MLIT_URL_TEMPLATE,
    BoundarySourceError,
    download,
    fetch_sources,
    resolve_sources,
)

from .test_boundaries import write_n03


def test_given_sources_win(tmp_path):
    env = {"N03_SOURCE": "/env/a.zip"}
    assert resolve_sources(["x.zip", "y.zip"], env=env, shared_dir=tmp_path) == ["x.zip", "y.zip"]


def test_environment_before_shared_folder(tmp_path):
    assert resolve_sources([], env={"N03_SOURCE": "/a.zip /b.zip"}, shared_dir=tmp_path) == [
        "/a.zip",
        "/b.zip",
    ]


def test_shared_folder_before_download(tmp_path):
    assert resolve_sources([], env={}, shared_dir=tmp_path) == [str(tmp_path)]


def test_mlit_urls_for_the_seven_prefectures(tmp_path):
    urls = resolve_sources([], env={}, shared_dir=tmp_path / "missing", edition="2024")
    assert len(urls) == 7
    assert urls[0] == MLIT_URL_TEMPLATE.format(year="2024", pref="18")
    assert urls[-1].endswith("/N03-2024/N03-20240101_30_GML.zip")
    custom = resolve_sources(
        [],
        env={"N03_URL_TEMPLATE": "http://h/{year}/{pref}.zip", "N03_EDITION": "2023"},
        shared_dir=tmp_path / "m",
    )
    assert custom[1] == "http://h/2023/25.zip"


def test_missing_path_is_named(tmp_path):
    with pytest.raises(BoundarySourceError, match="nope.zip: no such file or folder"):
        fetch_sources([str(tmp_path / "nope.zip")], tmp_path)


@pytest.fixture
def http_root(tmp_path):
    """A local HTTP server on 127.0.0.1 serving a folder; yields (folder, base URL, request log)."""
    root = tmp_path / "served"
    root.mkdir()
    with serving_folder(root) as (base, seen):
        yield root, base, seen


def test_download_builds_and_is_cached(tmp_path, http_root):
    root, base, seen = http_root
    made = write_n03(tmp_path, 2024, "zip")
    (root / made.name).write_bytes(made.read_bytes())
    cache = tmp_path / "raw"
    files = fetch_sources([f"{base}/{made.name}"], cache, progress=False)
    assert files == [cache / made.name]
    assert zipfile.is_zipfile(files[0])
    result = build_boundaries(files, tmp_path / "out")
    assert len(result.municipalities) == 3
    fetch_sources([f"{base}/{made.name}"], cache, progress=False)
    assert len([p for p in seen if made.name in p]) == 1  # second call used the cache


def test_failed_download_says_what_to_do(tmp_path, http_root):
    _, base, _ = http_root
    cache = tmp_path / "raw"
    with pytest.raises(BoundarySourceError) as info:
        download(f"{base}/N03-20240101_27_GML.zip", cache, progress=False)
    message = str(info.value)
    assert "could not download" in message and str(cache) in message and "--source" in message
    assert not list(cache.glob("*"))  # no partial file left behind


def test_unreachable_host_fails_fast_with_instructions(tmp_path):
    # Port 9 on loopback: nothing listens, the connection is refused at once.
    with pytest.raises(BoundarySourceError, match="N03 行政区域 zips"):
        download("http://127.0.0.1:9/N03-20240101_18_GML.zip", Path(tmp_path), progress=False)
