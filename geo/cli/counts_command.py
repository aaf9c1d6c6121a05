"""``python -m geo counts``: what people used, from the counts database, for the publisher."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from geo import paths
from geo.counts.database import CountsDatabaseError, open_database
from geo.counts.events import PROJECT_OPENED
from geo.counts.recorder import counts_config
from geo.counts.report import TOP_ROWS, counts_csv, labelled, shown_count, summary, weekly
from geo.dataset import DatasetError, load_dataset
from geo.projects import ProjectsFileError, load_projects


def add_counts_command(commands) -> None:
    counts = commands.add_parser(
        "counts",
        help="print what people used (projects opened, filters, links), or write it as CSV",
        description="Counts are kept by day (Japan's date), event and key, never per visitor "
        "(docs/counts.md). Counts below 5 are shown as '< 5'.",
    )
    counts.add_argument(
        "--csv", type=Path, default=None, help="write one row per day, event and key to FILE"
    )
    counts.add_argument("--since", type=date.fromisoformat, default=None, help="YYYY-MM-DD")
    counts.add_argument(
        "--database", default=None, help="database URL (default: $COUNTS_DATABASE_URL or data/)"
    )


def run_counts(args: argparse.Namespace) -> int:
    try:
        database = open_database(args.database or counts_config().database_url)
    except ValueError as err:
        print(f"error: --database: {err}", file=sys.stderr)
        return 2
    try:
        database.migrate()
        rows = database.rows(since=args.since)
        lost = database.lost()
    except CountsDatabaseError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if args.csv is not None:
        args.csv.write_bytes(counts_csv(rows).encode("utf-8"))
        print(f"wrote {len(rows)} rows to {args.csv}")
        return 0
    names = _project_names()
    for table in summary(rows):
        print(f"\n{table.event.name} ({table.event.key})")
        shown = labelled(table, names if table.event is PROJECT_OPENED else {})
        for label, count in shown[:TOP_ROWS] or [("(none)", "")]:
            print(f"  {count:>6}  {label}")
    print("\nper week (Monday): " + ("" if rows else "(none)"))
    for week, events in weekly(rows).items():
        line = ", ".join(f"{name} {shown_count(n)}" for name, n in sorted(events.items()))
        print(f"  {week.isoformat()}  {line}")
    if lost:
        print(f"\n{lost} increments were lost while the database was away")
    return 0


def _project_names() -> dict[str, str]:
    """id → "id name" of the current list, so a printed table reads as projects."""
    try:
        dataset = load_dataset(paths.dataset_dir())
        projects = load_projects(paths.projects_csv(), dataset)
    except (DatasetError, ProjectsFileError, OSError):
        return {}
    return {
        pid: f"{pid} {name}" for pid, name in zip(projects["id"], projects["name_ja"], strict=True)
    }
