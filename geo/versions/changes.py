"""What changed between two versions of a list, by project id: added, removed, and for a
changed project each field with its old and new text. One comparison serves ``geo dataset``'s
``changes.csv`` and the app's "changes since" view."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from geo.output.exports import neutralise_formula
from geo.project_rows import cell_text
from geo.schema import COLUMN_NAMES

CHANGES_FILE = "changes.csv"
# Every column of the table but the id (what is compared by) and the display number (which
# moves whenever a row is inserted above).
COMPARED: tuple[str, ...] = tuple(c for c in COLUMN_NAMES if c not in ("id", "no"))
STATUSES = ("added", "removed", "changed")


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Changes:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: Mapping[str, tuple[FieldChange, ...]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
        }


def compare(old: pd.DataFrame, new: pd.DataFrame) -> Changes:
    """The changes from ``old`` to ``new`` (``load_projects``' frames), in ``new``'s order
    (removed ones in ``old``'s)."""
    old_rows = {row["id"]: row for row in _records(old)}
    new_rows = {row["id"]: row for row in _records(new)}
    changed = {}
    for pid, row in new_rows.items():
        before = old_rows.get(pid)
        if before is None:
            continue
        fields = tuple(
            FieldChange(c, before.get(c, ""), row.get(c, ""))
            for c in COMPARED
            if before.get(c, "") != row.get(c, "")
        )
        if fields:
            changed[pid] = fields
    return Changes(
        added=tuple(pid for pid in new_rows if pid not in old_rows),
        removed=tuple(pid for pid in old_rows if pid not in new_rows),
        changed=changed,
    )


def changes_csv(changes: Changes, *, rules: Mapping[str, str] | None = None) -> str:
    """``changes.csv``: one row per added or removed project, one per changed field; ``rules``
    (id → how the build matched it to the previous version) fills the ``matched_by`` column.
    Cells a spreadsheet would run as formulas are neutralised, as in every export."""
    rules = rules or {}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["id", "status", "field", "old", "new", "matched_by"])
    for pid in changes.added:
        writer.writerow([pid, "added", "", "", "", rules.get(pid, "")])
    for pid, fields in changes.changed.items():
        for change in fields:
            writer.writerow(
                [
                    pid,
                    "changed",
                    change.field,
                    neutralise_formula(change.old),
                    neutralise_formula(change.new),
                    rules.get(pid, ""),
                ]
            )
    for pid in changes.removed:
        writer.writerow([pid, "removed", "", "", "", ""])
    return buffer.getvalue()


def _records(frame: pd.DataFrame) -> list[dict[str, str]]:
    if frame.empty:
        return []
    columns = [c for c in ("id", *COMPARED) if c in frame.columns]
    return [
        {c: cell_text(value) for c, value in zip(columns, values, strict=True)}
        for values in frame[columns].itertuples(index=False, name=None)
    ]
