"""A dataset folder's published versions: the current list at the top (dated by ``[version]``
of its ``dataset.toml``) and each earlier one in ``versions/<date>/`` with its own
``projects.csv`` and a ``version.toml`` (``date``, ``note``). An earlier version may carry its
own ``dataset.toml`` when its vocabulary differed; otherwise the current one describes it.

Each version stands alone: a damaged folder (or one dated on or after the current list) is
named in ``History.problems`` and left out, and every other version is used; a link pinned to
it is told so, never silently given another. Files beside the folders (a README) are listed
in ``History.ignored``. Messages name files relative to the dataset folder: they reach
visitors, who have no business with the server's paths.
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
    # (entry of versions/, the message naming it): versions left out, named to visitors
    problems: tuple[tuple[str, str], ...] = ()
    ignored: tuple[str, ...] = ()  # files in versions/ that are no version (a README)

    @property
    def problem_text(self) -> str | None:
        """The problems in one message (None: there are none)."""
        return "\n".join(message for _, message in self.problems) or None

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
    """The versions of the dataset in ``dataset.directory``, each damaged one left out and
    named in ``problems`` (never raised: the current list and the other versions stand)."""
    if dataset.directory is None:
        return History()
    top = Path(dataset.directory)
    folders = _folders(top / VERSIONS_DIR)
    if dataset.edition is None:
        if folders:
            what = f"earlier versions, but {DATASET_FILE} has no [version] dating the current one"
            return History(problems=((f"{VERSIONS_DIR}/", f"{VERSIONS_DIR}/: {what}"),))
        return History()
    current = Version(dataset.edition, top)
    earlier, problems = [], []
    for folder in folders:
        try:
            version = _version(folder)
        except VersionError as err:
            problems.append((_relative(folder, top), public_message(str(err), top)))
            continue
        if version.edition.date >= current.edition.date:
            where = _relative(folder, top)
            what = f"dated {version.key}, not before the current version ({current.key})"
            problems.append((where, f"{where}: {what}"))
            continue
        earlier.append(version)
    ignored = tuple(_relative(p, top) for p in _files(top / VERSIONS_DIR))
    versions = (*sorted(earlier, key=lambda v: v.edition.date), current)
    return History(versions, tuple(problems), ignored)


def version_problems(dataset: Dataset, history: History) -> list[str]:
    """Every problem of the earlier versions, each read as the app reads it: the folders left
    out, then each kept version's description and table (``geo validate``)."""
    from geo.projects import ProjectsFileError, load_projects

    top = Path(dataset.directory or ".")
    problems = [message for _, message in history.problems]
    for version in history.versions[:-1]:
        try:
            load_projects(version.projects_file, version_dataset(version, dataset))
        except (DatasetError, ProjectsFileError, OSError) as err:
            problems.append(public_message(str(err), top))
    return problems


def public_message(message: str, top: Path | str) -> str:
    """``message`` with the dataset folder's path taken out of the file names it gives."""
    root = str(Path(top).resolve())
    for prefix in {f"{root}/", f"{top}/"}:
        message = message.replace(prefix, "")
    return message


def _relative(path: Path, top: Path) -> str:
    return path.relative_to(top).as_posix() + ("/" if path.is_dir() else "")


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
    return [p for p in _entries(root) if p.is_dir()]


def _files(root: Path) -> list[Path]:
    return [p for p in _entries(root) if not p.is_dir()]


def _entries(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if not p.name.startswith("."))


def _version(folder: Path) -> Version:
    if not _is_iso_date(folder.name):
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
