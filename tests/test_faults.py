"""Damaged, half-written and unwritable files: the app rebuilds what it can and otherwise
names the actual cause and the command that fixes it; a build killed at any write step never
leaves a file that breaks the next start."""

from __future__ import annotations

import json
import os
import shutil
import time

import pytest

import geo.files
from components.i18n import md_escape
from geo.boundaries.built_layers import (
    META_FILE,
    MUNICIPALITIES_FILE,
    PREFECTURES_FILE,
    DamagedBoundariesError,
    read_boundaries,
)
from geo.boundaries.n03_build import build_boundaries
from geo.boundaries.n03_sources import fetch_sources
from geo.files import TEMP_MARK, remove_stray_temps, write_atomic

from .harness import result_text, run_app
from .tiny_boundaries import write_tiny_boundaries


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_json(path):
    path.write_text("this is not GeoJSON", "utf-8")


def _empty(path):
    path.write_bytes(b"")


def _wrong_schema(path):
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": {"id": 1},
                        "geometry": {"type": "Point", "coordinates": [135, 35]},
                    }
                ],
            }
        ),
        "utf-8",
    )


def _points(path):
    layer = json.loads(path.read_text("utf-8"))
    for feature in layer["features"]:
        feature["geometry"] = {"type": "Point", "coordinates": [135.5, 34.7]}
    path.write_text(json.dumps(layer), "utf-8")


DAMAGE = {
    "truncated municipalities": (MUNICIPALITIES_FILE, _truncate),
    "municipalities not JSON": (MUNICIPALITIES_FILE, _not_json),
    "0-byte municipalities": (MUNICIPALITIES_FILE, _empty),
    "municipalities of another schema": (MUNICIPALITIES_FILE, _wrong_schema),
    "municipalities as points": (MUNICIPALITIES_FILE, _points),
    "truncated prefectures": (PREFECTURES_FILE, _truncate),
    "0-byte prefectures": (PREFECTURES_FILE, _empty),
    "truncated metadata": (META_FILE, _truncate),
    "metadata not JSON": (META_FILE, _not_json),
}


@pytest.fixture
def damaged(tmp_path, request):
    directory = write_tiny_boundaries(tmp_path / "boundaries")
    name, damage = DAMAGE[request.param]
    damage(directory / name)
    return directory, name


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_a_damaged_file_is_detected_and_named(damaged):
    directory, name = damaged
    with pytest.raises(DamagedBoundariesError, match=name):
        read_boundaries(directory)


@pytest.mark.parametrize("damaged", list(DAMAGE), indirect=True)
def test_the_app_names_the_damage_and_the_fix_when_it_cannot_rebuild(
    damaged, tmp_path, monkeypatch
):
    directory, name = damaged
    empty = tmp_path / "no-n03"
    empty.mkdir()
    monkeypatch.setenv("BOUNDARIES_DIR", str(directory))
    monkeypatch.setenv("N03_SOURCE", str(empty))
    at = run_app()
    assert not at.exception
    (banner,) = at.warning
    assert md_escape(name) in banner.value and "python -m geo build" in banner.value
    assert result_text(at) == "**23 / 23 件**"  # points-only, every project still listed


@pytest.mark.parametrize("damage", ["truncated municipalities", "truncated metadata"])
def test_the_app_rebuilds_a_damaged_file_when_n03_input_is_at_hand(
    damage, n03_dir, built_dir, tmp_path, monkeypatch
):
    directory = tmp_path / "boundaries"
    shutil.copytree(built_dir, directory, ignore=shutil.ignore_patterns("raw"))
    name, spoil = DAMAGE[damage]
    spoil(directory / name)
    monkeypatch.setenv("BOUNDARIES_DIR", str(directory))
    monkeypatch.setenv("N03_SOURCE", str(n03_dir))
    monkeypatch.setenv("N03_CACHE_DIR", str(tmp_path / "raw"))
    at = run_app()
    assert not at.exception and not at.warning
    municipalities, _, meta = read_boundaries(directory)
    assert len(municipalities) == 215 and meta["as_of"] == "2021-01-01"


def test_an_unwritable_static_folder_is_named_with_the_fix(app_env, tmp_path, monkeypatch):
    import components.map.assets as assets

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where static/ should be", "utf-8")
    monkeypatch.setattr(assets, "STATIC_DIR", blocker / "static")
    at = run_app()
    assert not at.exception
    (banner,) = at.warning
    assert "static/gen" in banner.value and "chmod" in banner.value
    assert md_escape("not-a-folder") in banner.value  # the actual cause
    assert result_text(at) == "**23 / 23 件**"


def test_a_fixed_table_is_read_again_without_a_restart(app_env, tmp_path, monkeypatch):
    from geo.paths import REPO_ROOT

    good = (REPO_ROOT / "data/projects.csv").read_text("utf-8")
    path = tmp_path / "projects.csv"
    path.write_text(good.replace("25209,Koka City", "25299,Koka City"), "utf-8")
    monkeypatch.setenv("PROJECTS_CSV", str(path))
    first = run_app()
    assert first.warning and "25299" in first.warning[0].value
    path.write_text(good, "utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 1_000_000))
    second = run_app()
    assert not second.warning  # not the cached failure


class Killed(BaseException):
    """Stands for the process being killed (not an Exception: nothing may catch it)."""


@pytest.mark.parametrize("step", [1, 2, 3])
@pytest.mark.parametrize("where", ["write", "rename"])
def test_a_build_killed_at_any_write_step_leaves_the_previous_files(
    n03_dir, tmp_path, monkeypatch, step, where
):
    directory = write_tiny_boundaries(tmp_path / "boundaries")
    before = {n: (directory / n).read_bytes() for n in (MUNICIPALITIES_FILE, PREFECTURES_FILE)}
    calls = {"n": 0}
    target = "fsync" if where == "write" else "replace"
    real = getattr(os, target)

    def dying(*args, **kwargs):
        if target == "replace" or args and isinstance(args[0], int):
            calls["n"] += 1
            if calls["n"] == step:
                raise Killed
        return real(*args, **kwargs)

    files = fetch_sources([str(n03_dir)], tmp_path / "raw")
    monkeypatch.setattr(geo.files.os, target, dying)
    with pytest.raises(Killed):
        build_boundaries(files, directory)
    monkeypatch.undo()
    municipalities, prefectures, _ = read_boundaries(directory)  # the next start can read them
    finished = step - 1  # files renamed into place before the kill
    changed = [n for n in before if (directory / n).read_bytes() != before[n]]
    assert len(changed) <= finished
    assert not list(directory.glob(".*.tmp"))  # the dying writer removed its temp file


def test_a_stray_temp_file_of_a_killed_writer_is_removed_by_the_next_write(tmp_path):
    stray = tmp_path / f".municipalities.geojson{TEMP_MARK}abc.tmp"
    stray.write_text("half", "utf-8")
    old = time.time() - 3600
    # Someone else's temp files, however old, are never ours to remove.
    others = [tmp_path / ".draft.tmp", tmp_path / ".x.docx.tmp", tmp_path / ".a.geojson.q.tmp"]
    for path in [stray, *others]:
        path.write_text("half", "utf-8")
        os.utime(path, (old, old))
    fresh = tmp_path / f".prefectures.geojson{TEMP_MARK}def.tmp"  # a running writer's: kept
    fresh.write_text("busy", "utf-8")
    write_atomic(tmp_path / "x.json", "{}")
    assert not stray.exists() and fresh.exists()
    assert all(path.exists() for path in others)
    assert (tmp_path / "x.json").read_text("utf-8") == "{}"
    assert remove_stray_temps(tmp_path, older_than_s=-1) == [fresh]
    assert all(path.exists() for path in others)


def test_two_writers_never_share_a_temp_file(tmp_path, monkeypatch):
    names = []
    real = geo.files.tempfile.mkstemp

    def recording(*args, **kwargs):
        handle, name = real(*args, **kwargs)
        names.append(name)
        return handle, name

    monkeypatch.setattr(geo.files.tempfile, "mkstemp", recording)
    write_atomic(tmp_path / "a.json", "1")
    write_atomic(tmp_path / "a.json", "2")
    assert len(set(names)) == 2 and (tmp_path / "a.json").read_text("utf-8") == "2"


def test_a_written_file_gets_the_permissions_open_would_give(tmp_path):
    """A private temp file renamed into place stayed private: boundaries built by root in
    the container image were unreadable by the app's own user (a points-only map)."""
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "shared.json", "{}")
        os.umask(0o077)
        write_atomic(tmp_path / "private.json", "{}")
    finally:
        os.umask(previous)
    assert (tmp_path / "shared.json").stat().st_mode & 0o777 == 0o644
    assert (tmp_path / "private.json").stat().st_mode & 0o777 == 0o600
