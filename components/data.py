"""Load projects and boundaries once per process (and again only when a file changes); build
the boundaries if they are missing or damaged, and fall back to a points-only map that names
the actual problem when that is impossible."""

from __future__ import annotations

import argparse
import functools
import gc
import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import streamlit as st

from components.map.assets import MapAssets, publish_assets, publish_catalog, publish_popups
from components.map.marker_catalog import (
    MarkerCatalog,
    catalog_files,
    catalog_json,
    make_catalog,
)
from geo import paths
from geo.boundaries.areas import AreaShapes
from geo.boundaries.built_layers import (
    META_FILE,
    MUNICIPALITIES_FILE,
    PREFECTURES_FILE,
    BoundaryInputError,
    DamagedBoundariesError,
    read_boundaries,
)
from geo.boundaries.n03_build import build_boundaries
from geo.boundaries.n03_sources import BoundarySourceError, fetch_sources, resolve_sources
from geo.dataset import DATASET_FILE, Dataset, DatasetError
from geo.projects import ProjectsFileError
from geo.table.filters import FacetIndex, facet_index
from geo.table.join import JoinError
from geo.table.prepare import prepare
from geo.versions.history import VERSIONS_DIR, History
from geo.view import ListSource, open_list


@dataclass(frozen=True)
class DataProblem:
    """Why the map shows points only: ``kind`` picks the banner, ``detail`` names the cause."""

    kind: (
        str  # "boundaries" (missing or damaged), "places" (the table vs the boundaries), "publish"
    )
    detail: str


@dataclass(frozen=True)
class AppData:
    """Everything the app shows, shared read-only by every session of the process."""

    projects: pd.DataFrame  # ``geo.table.prepare.prepare``'s table
    dataset: Dataset  # what the table is: title, source, vocabularies
    assets: MapAssets | None  # None: the map's files could not be published
    boundaries_dir: str | None  # None: points-only map
    problem: DataProblem | None
    as_of: str | None
    # The boundary layers as GeoJSON objects (municipalities, prefectures), for the exports.
    boundary_layers: tuple[dict, dict] | None = None
    # The same layers as GeoDataFrames: matching and joining an uploaded table.
    areas: tuple[gpd.GeoDataFrame, gpd.GeoDataFrame] | None = None
    # Every project's marker, sent to the browser once (``components.map.marker_catalog``).
    catalog: MarkerCatalog | None = None
    # Every area by code, merged and reprojected once per process: joining and building an
    # upload use them as they are.
    shapes: AreaShapes | None = None
    # What the data is a version of (its files and their versions, or an upload): what a
    # printed map made of it is cached under.
    version: str = ""
    # The list's dated versions (``geo.versions.history``); empty for an undated list or an
    # upload. ``history_problem``: why earlier versions could not be read (the current list
    # is shown all the same).
    history: History = History()
    history_problem: str | None = None

    @functools.cached_property
    def facets(self) -> FacetIndex:
        """The table's facets as boolean columns (``geo.table.filters.FacetIndex``), built on
        first use and kept with the data: no rerun passes over the rows to filter or count."""
        return facet_index(self.projects)

    @functools.cached_property
    def source(self) -> ListSource:
        """The list as ``geo.view`` resolves links over it (its versions read once, with the
        data)."""
        return ListSource(self.dataset, self.projects, self.history)


@dataclass(frozen=True)
class DataPaths:
    dataset: Path  # folder with dataset.toml
    projects: Path  # its table (the folder's projects.csv unless given)
    boundaries: Path


def data_paths(argv: list[str] | None = None) -> DataPaths:
    """``streamlit run app.py -- --dataset DIR [--projects PATH] [--boundaries DIR]``, else the
    environment (``DATASET_DIR``, ``PROJECTS_CSV``, ``BOUNDARIES_DIR``).

    parse_known_args: pytest's and AppTest's own arguments must not break the app.
    """
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--dataset", type=Path, default=None)
    parser.add_argument("--projects", type=Path, default=None)
    parser.add_argument("--boundaries", type=Path, default=None)
    args, _ = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    dataset = args.dataset or paths.dataset_dir()
    return DataPaths(
        dataset,
        args.projects or paths.projects_csv(args.dataset),
        args.boundaries or paths.boundaries_dir(),
    )


def open_app_data(where: DataPaths) -> AppData | ProjectsFileError | DatasetError:
    """The app's data, or the dataset's problems (never cached: fixing the file works)."""
    try:
        return load_app_data(
            str(where.dataset), str(where.projects), str(where.boundaries), _stamp(where)
        )
    except (ProjectsFileError, DatasetError) as err:
        return err
    except Unpublished as failure:  # not cached either: fixing the folder's rights works
        return failure.data


class Unpublished(Exception):
    """The map's files could not be published (an unwritable ``static/``): the points-only
    data that says so, raised so that no cache keeps it."""

    def __init__(self, data: AppData) -> None:
        self.data = data
        super().__init__(data.problem.detail if data.problem else "")


@st.cache_resource(show_spinner=False)
def freeze_shared_objects() -> None:
    """Once per process, after the first page's data is loaded: move every object alive now
    (modules, the shared data) out of the garbage collector's reach, so that its full
    collections scan only what sessions make (bench/load.py measured 60 ms a scan before)."""
    gc.collect()  # the first run's own garbage is not kept forever
    gc.freeze()


def _stamp(where: DataPaths) -> tuple:
    """What the cache is keyed on besides the paths: each file's size and modification time,
    so an edited table, a version fixed in place or a rebuilt boundary set is read again
    without a restart."""
    versions = where.dataset / VERSIONS_DIR
    files = [where.dataset / DATASET_FILE, where.projects, versions] + [
        where.boundaries / n for n in (MUNICIPALITIES_FILE, PREFECTURES_FILE, META_FILE)
    ]
    # Each earlier version's files too: one fixed in place is read again without a restart.
    files += sorted(versions.glob("*/*")) if versions.is_dir() else []
    stamp = []
    for path in files:
        try:
            info = path.stat()
            stamp.append((info.st_size, info.st_mtime_ns))
        except OSError:
            stamp.append(None)
    return tuple(stamp)


@st.cache_resource(show_spinner=False, max_entries=4)
def load_app_data(
    dataset_dir: str, projects_path: str, boundaries_dir: str, stamp: tuple
) -> AppData:
    """Heavy work, once per process and file versions: read, build if needed, join, publish."""
    source = open_list(dataset_dir, Path(projects_path))
    dataset, projects, history = source.dataset, source.projects, source.history
    history_problem = history.problem_text
    directory = Path(boundaries_dir)
    try:
        municipalities, prefectures, meta = _read_or_build(directory)
    except (BoundarySourceError, BoundaryInputError, OSError) as err:
        problem = DataProblem("boundaries", str(err))
        points = _points_only(projects, dataset, problem, stamp)
        return replace(points, history=history, history_problem=history_problem)
    shapes = AreaShapes(municipalities, prefectures)
    try:
        table = prepare(projects, municipalities, prefectures, shapes=shapes)
    except JoinError as err:
        points = _points_only(projects, dataset, DataProblem("places", str(err)), stamp)
        return replace(points, history=history, history_problem=history_problem)
    layers = tuple(
        json.loads((directory / name).read_text("utf-8"))
        for name in (MUNICIPALITIES_FILE, PREFECTURES_FILE)
    )
    base = AppData(
        table,
        dataset,
        None,
        str(directory),
        None,
        meta.get("as_of"),
        layers,
        (municipalities, prefectures),
        shapes=shapes,
        version=f"{dataset_dir}|{projects_path}|{boundaries_dir}|{stamp!r}",
        history=history,
        history_problem=history_problem,
    )
    try:
        return showing(replace(base, assets=publish_assets(str(directory))), table, publish=True)
    except OSError as err:
        problem = DataProblem("publish", str(err))
        raise Unpublished(AppData(prepare(projects), dataset, None, None, problem, None)) from None


def showing(base: AppData, table: pd.DataFrame, *, publish: bool) -> AppData:
    """``base`` (its boundaries, files and dataset) showing ``table`` (``prepare``'s), with its
    marker catalog: published as a static file for a dataset (fetched once by URL), inline
    for an upload (never written to the server's disk). The one place the app's data is
    assembled, for a dataset and for an upload alike; raises OSError when publishing fails."""
    dataset = base.dataset
    url = None
    if publish:
        popups = publish_popups(catalog_files(table, dataset), dataset.slug)
        url = publish_catalog(catalog_json(table, dataset, popups), dataset.slug)
    catalog = make_catalog(table, dataset, url=url)
    return replace(base, projects=table, catalog=catalog)


def _points_only(
    projects: pd.DataFrame, dataset: Dataset, problem: DataProblem, stamp: tuple
) -> AppData:
    table = prepare(projects)
    version = f"{dataset.directory}|points|{stamp!r}"
    base = AppData(table, dataset, None, None, problem, None, version=version)
    try:
        return showing(replace(base, assets=publish_assets(None)), table, publish=True)
    except OSError as err:
        detail = f"{problem.detail}\n{err}"
        raise Unpublished(replace(base, problem=DataProblem("publish", detail))) from None


def _read_or_build(directory: Path):
    """The built boundaries; built (again) when missing or damaged and N03 input is at hand."""
    try:
        return read_boundaries(directory)
    except (FileNotFoundError, DamagedBoundariesError) as first:
        try:
            files = fetch_sources(resolve_sources(), paths.raw_dir(), progress=False)
            build_boundaries(files, directory)
        except (BoundarySourceError, BoundaryInputError, OSError) as err:
            raise BoundaryInputError(f"{first}\n{err}") from None
        return read_boundaries(directory)
