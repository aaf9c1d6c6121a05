"""Which version of the list a view shows, and what changed since another.

An earlier version is read, joined and published once per process, like the current list
(``components.data``); the tables of every version are read once, with the data
(``geo.view.ListSource.versions``), to answer what a link's project became; a comparison is made once per pair of versions. A version that cannot be read
is named in a notice and the current list is shown instead, never a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from components.data import AppData, showing
from geo.dataset import DatasetError
from geo.projects import ProjectsFileError
from geo.table.join import JoinError
from geo.table.prepare import prepare
from geo.versions.changes import Changes, compare
from geo.versions.history import public_message
from geo.view import version_list


@dataclass(frozen=True)
class Since:
    """The changes from an earlier version (``key``) to the one shown."""

    key: str
    changes: Changes
    removed: pd.DataFrame  # the removed projects' rows, as that version had them


@dataclass(frozen=True)
class Fate:
    """What became of a project a link names that the shown version does not hold."""

    kind: str  # "removed" (an update removed it) or "not_in_version" (added later)
    date: str  # the version that removed it, or the version shown
    name: str  # as the last version holding it names it


def shown_version(data: AppData, key: str) -> tuple[AppData, str | None]:
    """``data`` showing version ``key`` ("" or the current one: ``data`` itself), and why it
    could not when its files fail (then ``data``)."""
    current = data.history.current
    if not key or current is None or key == current.key or data.history.get(key) is None:
        return data, None
    if problem := unreadable(data, key):
        return data, problem
    try:
        return _version_data(data.version, key, data), None
    except (DatasetError, ProjectsFileError, JoinError, OSError) as err:
        return data, public_message(str(err), data.dataset.directory or "")


def since_changes(data: AppData, since: str, shown: AppData) -> Since | None:
    """The changes from version ``since`` to the version ``shown``, when it is earlier."""
    version = data.history.get(since)
    shown_edition = shown.dataset.edition
    if version is None or shown_edition is None or version.edition.date >= shown_edition.date:
        return None
    if unreadable(data, since):  # named by the notice; never "everything was added"
        return None
    return _since(data.version, since, shown_edition.date.isoformat(), data, shown)


def fate(data: AppData, project_id: str | None, shown: AppData) -> Fate | None:
    """What became of ``project_id`` when ``shown`` does not hold it (None: it does, or no
    version ever held it)."""
    if not project_id or project_id in set(shown.projects["id"]) or shown.dataset.edition is None:
        return None
    tables = _tables(data)
    shown_key = shown.dataset.edition.date.isoformat()
    holding = [k for k, table in tables.items() if project_id in set(table["id"])]
    if not holding:
        return None
    earlier = [k for k in holding if k < shown_key]
    last = max(earlier) if earlier else min(holding)
    table = tables[last]
    name = str(table.loc[table["id"] == project_id, "name_ja"].iloc[0])
    if earlier:
        keys = list(tables)
        return Fate("removed", keys[keys.index(last) + 1], name)
    return Fate("not_in_version", shown_key, name)


def unreadable(data: AppData, key: str) -> str | None:
    """Why version ``key``'s table could not be read (None: it was, or there is no such key)."""
    return data.source.versions[1].get(key)


def _tables(data: AppData) -> dict[str, pd.DataFrame]:
    return data.source.versions[0] or {"": data.projects}


@st.cache_resource(show_spinner=False, max_entries=16)
def _version_data(data_id: str, key: str, _data: AppData) -> AppData:
    """An earlier version (``geo.view.version_list``) joined and published as
    the current list is (``components.data``); its files named by its own slug, so the
    current list's are kept."""
    version = version_list(_data.source, key)
    dataset = replace(version.dataset, slug=f"{version.dataset.slug}-{key}")
    projects = version.projects
    if _data.areas is not None:
        table = prepare(projects, *_data.areas, shapes=_data.shapes)
    else:
        table = prepare(projects)
    base = replace(_data, dataset=dataset, version=f"{_data.version}|v={key}")
    return showing(base, table, publish=_data.assets is not None)


@st.cache_resource(show_spinner=False, max_entries=16)
def _since(data_id: str, since: str, shown_key: str, _data: AppData, _shown: AppData) -> Since:
    old = _tables(_data)[since]
    changes = compare(old, _shown.projects)
    removed = old[old["id"].isin(set(changes.removed))]
    return Since(since, changes, removed)
