"""A table uploaded in the app: read, matched and shown in that browser session only.

The bytes never touch the server's disk (Streamlit keeps uploads in memory) and the result
lives in the session state (``state.store.upload``), so another session never sees it and
closing the tab forgets it. The work is the command line's (``geo.intake.builder``): one
pipeline, two doors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from components.data import AppData, showing
from components.state import store
from geo.dataset import Text
from geo.intake.builder import Build
from geo.intake.reader import SourceTable
from geo.intake.roles import guess_roles
from geo.intake.upload_jobs import build_table, read_table
from geo.jobs import UPLOAD_LIMITS, run_job
from geo.versions.history import History
from geo.words import t


@dataclass(frozen=True)
class UploadedTable:
    file_id: str
    table: SourceTable
    roles: dict[str, str]  # as guessed, until the user builds
    build: Build | None = None
    data: AppData | None = None  # the app's data showing the built table


def shown_data(base: AppData) -> AppData:
    """What the app shows: the session's uploaded table once built, else ``base``."""
    uploaded = store.upload()
    return uploaded.data if uploaded is not None and uploaded.data is not None else base


def read_upload(
    data: bytes,
    name: str,
    file_id: str,
    *,
    on_wait: Callable[[], None] | None = None,
    **job: Any,
) -> UploadedTable:
    """Read in a worker within ``UPLOAD_LIMITS``. Raises ``geo.intake.reader.TableError``
    with the reason (size, encoding, damage …) or ``geo.jobs.JobFailed`` (memory, time).
    ``job``: whose job it is (``store.job_owner``)."""
    table = run_job(read_table, data, name, limits=UPLOAD_LIMITS, on_wait=on_wait, **job)
    return UploadedTable(file_id, table, guess_roles(table.columns))


def build_upload(
    uploaded: UploadedTable,
    roles: dict[str, str],
    base: AppData,
    *,
    on_wait: Callable[[], None] | None = None,
    **job: Any,
) -> UploadedTable:
    """Match the table under ``roles`` (in a worker) and make the app's data of its valid
    rows. ``base`` must have boundaries (``base.areas``); raises
    ``geo.intake.builder.BuildError`` when a required role has no column, or
    ``geo.jobs.JobFailed``."""
    municipalities, prefectures = base.areas
    args = (uploaded.table, roles, municipalities, prefectures, base.shapes)
    build, table = run_job(build_table, *args, limits=UPLOAD_LIMITS, on_wait=on_wait, **job)
    data = None
    if table is not None:
        note = Text(t("upload_subtitle", "ja"), t("upload_subtitle", "en"))
        dataset = replace(build.dataset, subtitle=note)
        version = f"upload|{uploaded.file_id}|{sorted(roles.items())!r}"
        # An upload has no versions: the Kansai list's history is not its own.
        data = replace(
            base,
            dataset=dataset,
            problem=None,
            version=version,
            history=History(),
            history_problem=None,
        )
        data = showing(data, table, publish=False)
    return replace(uploaded, roles=dict(roles), build=build, data=data)
