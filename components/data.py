"""Load projects and boundaries once per process; build the boundaries if they are missing,
and fall back to a points-only map (with the reason) when that is impossible."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import paths
from geo.boundaries import (
    MUNICIPALITIES_FILE,
    PREFECTURES_FILE,
    BoundaryInputError,
    build_boundaries,
    read_boundaries,
)
from geo.catalog import prepare
from geo.join import JoinError
from geo.projects import ProjectsFileError, load_projects
from geo.sources import BoundarySourceError, fetch_sources, resolve_sources


@dataclass(frozen=True)
class AppData:
    """Everything the app shows, shared read-only by every session of the process."""

    projects: pd.DataFrame  # ``geo.catalog.prepare``'s table
    boundaries_dir: str | None  # None: points-only map
    boundaries_problem: str | None
    as_of: str | None
    # The boundary layers as GeoJSON objects (municipalities, prefectures), for the exports.
    boundary_layers: tuple[dict, dict] | None = None


def data_paths(argv: list[str] | None = None) -> tuple[Path, Path]:
    """``streamlit run app.py -- --projects PATH --boundaries DIR``, else the environment.

    parse_known_args: pytest's and AppTest's own arguments must not break the app.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--projects", type=Path, default=None)
    parser.add_argument("--boundaries", type=Path, default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.projects or paths.projects_csv(), args.boundaries or paths.boundaries_dir()


def open_app_data(projects_path: Path, boundaries_dir: Path) -> AppData | ProjectsFileError:
    """The app's data, or the projects file's problems (never cached: fixing the file works)."""
    try:
        return load_app_data(str(projects_path), str(boundaries_dir))
    except ProjectsFileError as err:
        return err


@st.cache_resource(show_spinner=False)
def load_app_data(projects_path: str, boundaries_dir: str) -> AppData:
    """Heavy work, once per process and paths: read, build if needed, join, index for search."""
    projects = load_projects(projects_path)
    directory = Path(boundaries_dir)
    try:
        municipalities, prefectures, meta = _read_or_build(directory)
        table = prepare(projects, municipalities, prefectures)
        layers = tuple(
            json.loads((directory / name).read_text("utf-8"))
            for name in (MUNICIPALITIES_FILE, PREFECTURES_FILE)
        )
    except (BoundarySourceError, BoundaryInputError, JoinError, OSError) as err:
        return AppData(prepare(projects), None, str(err), None)
    return AppData(table, str(directory), None, meta.get("as_of"), layers)


def _read_or_build(directory: Path):
    try:
        return read_boundaries(directory)
    except FileNotFoundError:
        files = fetch_sources(resolve_sources(), paths.raw_dir(), progress=False)
        build_boundaries(files, directory)
        return read_boundaries(directory)
