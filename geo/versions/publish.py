"""A built table published as the dataset folder's new current version: the version it
replaces kept in ``versions/<date>/``, ``changes.csv`` listing what changed, and every file
written whole or not at all.

Everything that can be refused is checked before the first byte is written (a ``--previous``
that is no dataset, a date not after the current one's), so a refused build leaves the folder
as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import pandas as pd
import tomli_w

from geo.dataset import DATASET_FILE, PROJECTS_FILE, Dataset, Edition, load_dataset, slug_of
from geo.dataset_file import dataset_toml, edition_table
from geo.files import TEMP_MARK, write_atomic
from geo.intake.build_report import REPORT_FILE, report_csv
from geo.intake.builder import Build
from geo.projects import load_projects
from geo.versions.changes import CHANGES_FILE, changes_csv, compare
from geo.versions.history import VERSION_FILE, VERSIONS_DIR, VersionError, read_history


@dataclass(frozen=True)
class Previous:
    """The version a build replaces: its folder, description and table."""

    directory: Path
    dataset: Dataset
    projects: pd.DataFrame

    @property
    def edition(self) -> Edition:
        """Its date: ``[version]``, else (a folder from before versions) its table's file date."""
        if self.dataset.edition is not None:
            return self.dataset.edition
        stamp = (self.directory / PROJECTS_FILE).stat().st_mtime
        return Edition(date.fromtimestamp(stamp))


def read_previous(directory: Path | str) -> Previous:
    """The dataset in ``directory``; DatasetError, VersionError or ProjectsFileError naming
    what is wrong (``--previous`` must be a dataset folder, and a sound one)."""
    directory = Path(directory)
    if not (directory / DATASET_FILE).is_file():
        raise VersionError(f"{directory}: not a dataset folder (no {DATASET_FILE})")
    dataset = load_dataset(directory)
    if problem := read_history(dataset).problem_text:  # named now, not after writing
        raise VersionError(problem)
    return Previous(directory, dataset, load_projects(directory / PROJECTS_FILE, dataset))


def write_dataset(
    build: Build,
    out: Path | str,
    *,
    edition: Edition | None = None,
    previous: Previous | None = None,
) -> list[Path]:
    """``projects.csv`` (when a row was kept), ``dataset.toml``, ``report.csv`` and, given the
    previous version, ``changes.csv`` in ``out``; when ``previous`` is ``out``'s own current
    version of an earlier date, it is kept in ``versions/<its date>/`` first."""
    out = Path(out)
    archive = _archived(previous, out, edition)
    written = [out / REPORT_FILE]
    if build.projects.empty:
        write_atomic(out / REPORT_FILE, report_csv(build.report))
        return written
    if archive is not None:
        written.append(_archive(archive, out))
    dataset = replace(
        build.dataset,
        directory=str(out),
        slug=slug_of(out.resolve().name),
        edition=edition,
        feedback=previous.dataset.feedback if previous else None,  # the publisher's setting
    )
    if previous is not None:
        changes = compare(previous.projects, build.projects)
        write_atomic(out / CHANGES_FILE, changes_csv(changes, rules=build.matched_by))
        written.append(out / CHANGES_FILE)
    write_atomic(out / PROJECTS_FILE, build.csv_text)
    write_atomic(out / DATASET_FILE, dataset_toml(dataset))
    write_atomic(out / REPORT_FILE, report_csv(build.report))
    return [out / PROJECTS_FILE, out / DATASET_FILE, *written]


def _archived(previous: Previous | None, out: Path, edition: Edition | None) -> Previous | None:
    """``previous`` when it is to be kept in ``versions/`` (it is ``out``'s current version,
    from an earlier day); VersionError when the new version is not after it."""
    if previous is None or not out.exists() or out.resolve() != previous.directory.resolve():
        return None
    if edition is None:
        raise VersionError(f"{out}: holds a version already; give the new one a date")
    if edition.date < previous.edition.date:
        raise VersionError(
            f"{out / DATASET_FILE}: the current version is dated {previous.edition.date}; "
            f"the new one ({edition.date}) must not be earlier"
        )
    return previous if edition.date > previous.edition.date else None  # same day: a fix


def _archive(previous: Previous, out: Path) -> Path:
    """Copy the current version into ``versions/<date>/``, whole or not at all (built in a
    temporary folder, then renamed)."""
    root = out / VERSIONS_DIR
    target = root / previous.edition.date.isoformat()
    if target.exists():
        return target  # kept by an earlier, interrupted publication
    root.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}{TEMP_MARK}", dir=root))
    try:
        shutil.copyfile(previous.directory / PROJECTS_FILE, temp / PROJECTS_FILE)
        shutil.copyfile(previous.directory / DATASET_FILE, temp / DATASET_FILE)
        (temp / VERSION_FILE).write_text(tomli_w.dumps(edition_table(previous.edition)), "utf-8")
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(temp)
        raise
    return target
