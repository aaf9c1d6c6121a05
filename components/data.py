"""Load projects and boundaries once per process; build the boundaries if they are missing,
and fall back to a points-only map (with the reason) when that is impossible."""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import streamlit as st

from geo import paths
from geo.boundaries import BoundaryInputError, build_boundaries, read_boundaries
from geo.filters import search_text
from geo.join import AREA_NAME_SEPARATOR_EN, JoinError, join_projects_to_areas
from geo.projects import load_projects
from geo.sources import BoundarySourceError, fetch_sources, resolve_sources


@dataclass(frozen=True)
class AppData:
    projects: pd.DataFrame  # read-only: shared by every session of the process
    boundaries_dir: str | None  # None: points-only map
    boundaries_problem: str | None
    as_of: str | None


def data_paths(argv: list[str] | None = None) -> tuple[Path, Path]:
    """``streamlit run app.py -- --projects PATH --boundaries DIR``, else the environment.

    parse_known_args: pytest's and AppTest's own arguments must not break the app.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--projects", type=Path, default=None)
    parser.add_argument("--boundaries", type=Path, default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    return args.projects or paths.projects_csv(), args.boundaries or paths.boundaries_dir()


@st.cache_resource(show_spinner=False)
def load_app_data(projects_path: str, boundaries_dir: str) -> AppData:
    """Heavy work, once per process and paths: read, build if needed, join, index for search."""
    projects = load_projects(projects_path)
    directory = Path(boundaries_dir)
    problem = None
    try:
        municipalities, prefectures, meta = _read_or_build(directory)
        joined = join_projects_to_areas(projects, municipalities, prefectures)
        projects = pd.DataFrame(joined.drop(columns="geometry"))
        projects["bounds"] = [
            _with_point(g.bounds, lon, lat)
            for g, lon, lat in zip(joined.geometry, joined["lon"], joined["lat"], strict=True)
        ]
    except (BoundarySourceError, BoundaryInputError, JoinError, OSError) as err:
        problem = str(err)
        projects = projects.assign(
            area_label=projects["lead"],
            area_label_en=projects["area_names_en"].map(AREA_NAME_SEPARATOR_EN.join),
        )
        meta = {}
    projects["search_text"] = search_text(projects)
    return AppData(projects, None if problem else str(directory), problem, meta.get("as_of"))


def _read_or_build(directory: Path):
    try:
        return read_boundaries(directory)
    except FileNotFoundError:
        files = fetch_sources(resolve_sources(), paths.raw_dir(), progress=False)
        build_boundaries(files, directory)
        return read_boundaries(directory)


def _with_point(
    bounds: tuple[float, float, float, float], lon: float, lat: float
) -> tuple[float, float, float, float]:
    west, south, east, north = bounds
    return (min(west, lon), min(south, lat), max(east, lon), max(north, lat))
