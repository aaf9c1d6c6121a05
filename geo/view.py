"""One path from a link to a view, below the UI.

A link names a version of the list, filters, a project, a colouring and a map view. The app,
its share dialog (print and exports), ``python -m geo print --view`` and the tests all
resolve it here, so one link shows, prints and exports the same projects, with the same
printed link, wherever it is opened:

- ``open_list``: a dataset folder → its description, its table and its versions;
- ``read_link``: a link's query → its state and what it ignored (``geo.link``'s codec, against
  the list's options and every version's project ids);
- ``version_list``: the list as a link's version had it (its own description and table);
- ``View``: a state over a (prepared) table → the shown rows, the selected project, the
  display and the map's extent;
- ``printed_view``: what a print of a state is asked for, its link included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

import pandas as pd

from geo import paths
from geo.choices import Display, Options, options_for
from geo.dataset import Dataset, DatasetError, load_dataset
from geo.link import Ignored, LinkState, Vocabulary, decode, link_url, vocabulary
from geo.output.printing.print_view import PrintView
from geo.projects import ProjectsFileError, load_projects
from geo.table.filters import FacetIndex, filter_projects
from geo.versions.history import (
    History,
    public_message,
    read_history,
    version_dataset,
)
from geo.words.strings import DEFAULT_LANGUAGE

# The app's address when none is known (a command's default, a test's server-less run).
DEFAULT_BASE_URL = "http://localhost:8501/"

Box = tuple[float, float, float, float]  # (west, south, east, north), degrees


@dataclass(frozen=True)
class ListSource:
    """A list as read from its folder: what it is, its rows (``load_projects``'s) and its
    dated versions."""

    dataset: Dataset
    projects: pd.DataFrame
    history: History = History()

    @cached_property
    def versions(self) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
        """Every version's table and why any could not be read (``version_tables``), read
        once per source."""
        return version_tables(self)

    @cached_property
    def known_ids(self) -> frozenset[str]:
        """Every project id of every readable version: what a link may name (a link to a
        project an update removed is told so)."""
        tables = self.versions[0] or {"": self.projects}
        return frozenset().union(*(set(t["id"]) for t in tables.values()))

    @property
    def options(self) -> Options:
        """What the list's links and filters may hold (``geo.choices.options_for``)."""
        return options_for(self.dataset, self.history.keys)

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """What a link over this list may name; anything else is ignored (``geo.link``)."""
        return vocabulary(self.options, self.known_ids)


def open_list(
    dataset_dir: Path | str | None = None, projects_csv: Path | None = None
) -> ListSource:
    """The list in ``dataset_dir`` (the settings' when None), its table from ``projects_csv``
    (the folder's own when None). Raises ``DatasetError`` or ``ProjectsFileError``."""
    dataset = load_dataset(dataset_dir or paths.dataset_dir())
    table = load_projects(projects_csv or paths.projects_csv(dataset_dir), dataset)
    return ListSource(dataset, table, read_history(dataset))


def version_tables(source: ListSource) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    """Every version's table as read (key → rows, oldest first; the current one is
    ``source``'s own), and why any could not be (key → message without server paths; that
    version is then empty, and the current list and every other version keep working)."""
    tables, problems = {}, {}
    for version in source.history.versions:
        if version == source.history.current:
            tables[version.key] = source.projects
            continue
        try:
            dataset = version_dataset(version, source.dataset)  # its own description
            tables[version.key] = load_projects(version.projects_file, dataset)
        except (DatasetError, ProjectsFileError, OSError) as err:
            tables[version.key] = source.projects.iloc[0:0]
            problems[version.key] = public_message(str(err), source.dataset.directory or "")
    return tables, problems


def version_list(source: ListSource, key: str) -> ListSource:
    """``source`` as version ``key`` had it ("" or the current one: ``source`` itself), its
    table as ``source.versions`` read it. Raises ``DatasetError`` naming why that version
    cannot be read."""
    version = source.history.get(key) if key else None
    if version is None or version == source.history.current:
        return source
    tables, problems = source.versions
    if key in problems:
        raise DatasetError(problems[key])
    return ListSource(version_dataset(version, source.dataset), tables[key], source.history)


def read_link(
    params: Mapping[str, str | list[str]], source: ListSource
) -> tuple[LinkState, list[Ignored]]:
    """The state a link's query describes over ``source``, and the items it ignored."""
    return decode(params, source.vocabulary)


@dataclass(frozen=True)
class Extent:
    """Where a map of the view looks: the link's centre and zoom when it has both, else the
    box around what it shows (``None``: nothing is shown, the map's own default)."""

    center: tuple[float, float] | None = None  # (lat, lon)
    zoom: float | None = None
    box: Box | None = None


@dataclass(frozen=True, eq=False)
class View:
    """A state over a table (``geo.table.prepare``'s, of the state's version)."""

    state: LinkState
    table: pd.DataFrame
    shown: pd.DataFrame

    @property
    def display(self) -> Display:
        return self.state.display

    @property
    def selected(self) -> str | None:
        """The state's project when the filters show it (else none is selected)."""
        project = self.state.project
        return project if project and project in set(self.shown["id"]) else None

    @property
    def extent(self) -> Extent:
        if self.state.center is not None and self.state.zoom is not None:
            return Extent(center=self.state.center, zoom=self.state.zoom)
        return Extent(box=box_of(self.shown))


def view_of(state: LinkState, table: pd.DataFrame, facets: FacetIndex | None = None) -> View:
    """The view ``state`` describes over ``table`` (``facets``: its index, when kept)."""
    return View(state, table, filter_projects(table, state.filters, facets))


def box_of(rows: pd.DataFrame) -> Box | None:
    """The box around the rows' markers and areas (their ``bounds`` column)."""
    if rows.empty:
        return None
    boxes = list(rows["bounds"])
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def printed_view(state: LinkState, *, base_url: str | None, overview: bool = False) -> PrintView:
    """What a print of ``state`` is asked for: its filters, colouring and language, and the
    link that reopens it (the whole view: project, place and version too; an embedded view's
    link opens the full page). ``base_url`` None: no link (an uploaded table has none)."""
    language = state.lang or DEFAULT_LANGUAGE
    link = link_url(replace(state, embed=False, lang=language), base_url) if base_url else ""
    return PrintView(state.filters, state.colour_by, language, link, overview=overview)
