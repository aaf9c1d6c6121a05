"""A dataset folder's published versions: the current list at the top (dated by ``[version]``
of its ``dataset.toml``) and each earlier one in ``versions/<date>/`` with its own
``projects.csv`` and a ``version.toml`` (``date``, ``note``). An earlier version may carry its
own ``dataset.toml`` when its vocabulary differed; otherwise the current one describes it.

A damaged folder is named, never skipped: a link pinned to a version must not silently open
another one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from geo.dataset import (
    DATASET_FILE,
    PROJECTS_FILE,
    Dataset,
    DatasetError,
    Edition,
    edition_of,
    load_dataset,
)
from geo.settings_file import read_settings

VERSIONS_DIR = "versions"
VERSION_FILE = "version.toml"


class VersionError(DatasetError):
    """A version folder that cannot be used; the message names the file."""


@dataclass(frozen=True)
class Version:
    edition: Edition
    directory: Path  # holds its projects.csv (the dataset folder itself for the current one)

    @property
    def key(self) -> str:
        """Its name in a link (``v=2016-11-16``) and its folder's name."""
        return self.edition.date.isoformat()

    @property
    def projects_file(self) -> Path:
        return self.directory / PROJECTS_FILE


@dataclass(frozen=True)
class History:
    """The versions of a list, oldest first; the last is the current one. Empty for a list
    without ``[version]`` (an undated list has no history to show)."""

    versions: tuple[Version, ...] = ()

    @property
    def current(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    @property
    def previous(self) -> Version | None:
        return self.versions[-2] if len(self.versions) > 1 else None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(v.key for v in self.versions)

    def get(self, key: str | None) -> Version | None:
        return next((v for v in self.versions if v.key == key), None)


def read_history(dataset: Dataset) -> History:
    """The versions of the dataset in ``dataset.directory``; VersionError naming a damaged
    version's file."""
    if dataset.directory is None or dataset.edition is None:
        folder = Path(dataset.directory or ".") / VERSIONS_DIR
        if dataset.directory is not None and folder.is_dir():
            raise VersionError(
                f"{folder}: earlier versions, but {DATASET_FILE} has no [version] dating the "
                "current one"
            )
        return History()
    top = Path(dataset.directory)
    current = Version(dataset.edition, top)
    earlier = [_version(folder) for folder in _folders(top / VERSIONS_DIR)]
    for version in earlier:
        if version.edition.date >= current.edition.date:
            raise VersionError(
                f"{version.directory}: dated {version.key}, not before the current version "
                f"({current.key}, [version] of {top / DATASET_FILE})"
            )
    return History((*sorted(earlier, key=lambda v: v.edition.date), current))


def version_dataset(version: Version, current: Dataset) -> Dataset:
    """What describes ``version``: its own ``dataset.toml`` when it has one, else the current
    description dated as this version (no row count to expect of an earlier list)."""
    if (version.directory / DATASET_FILE).is_file() and version.directory != Path(
        current.directory or ""
    ):
        own = load_dataset(version.directory)
        return replace(own, edition=version.edition, directory=current.directory)
    return replace(current, edition=version.edition, expected_rows=None)


def _folders(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if not p.name.startswith("."))


def _version(folder: Path) -> Version:
    if not folder.is_dir() or not _is_iso_date(folder.name):
        raise VersionError(f"{folder}: not a version folder (named by its date, e.g. 2016-10-24)")
    settings = folder / VERSION_FILE
    try:
        edition = edition_of(read_settings(settings), "version")
    except FileNotFoundError:
        raise VersionError(f"{settings}: missing (date and note of this version)") from None
    except ValueError as err:  # DatasetError included
        raise VersionError(f"{settings}: {err}") from None
    if edition is None or edition.date.isoformat() != folder.name:
        raise VersionError(f"{settings}: date must be the folder's name, {folder.name}")
    if not (folder / PROJECTS_FILE).is_file():
        raise VersionError(f"{folder / PROJECTS_FILE}: missing (the list of this version)")
    return Version(edition, folder)


def _is_iso_date(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
