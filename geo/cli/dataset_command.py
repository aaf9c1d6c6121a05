"""``python -m geo dataset``: a dataset from a publisher's table, with its report."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from geo.cli.common import add_limits_option, built_boundaries, within_limits
from geo.dataset import DATASET_FILE, Edition, Text
from geo.intake.build_report import REPORT_FILE
from geo.intake.builder import BuildError, build_dataset
from geo.intake.publisher_words import load_sector_table
from geo.intake.reader import read_table_file
from geo.intake.roles import ROLE_BY_KEY, apply_overrides, guess_roles
from geo.jobs import UPLOAD_LIMITS
from geo.versions.changes import CHANGES_FILE
from geo.versions.publish import read_previous, write_dataset


def add_dataset_command(commands) -> None:
    dataset = commands.add_parser(
        "dataset",
        help="make a dataset folder from a publisher's CSV or .xlsx table",
        description="Match each row's municipality or address to its official code, place "
        "its marker, and write projects.csv, dataset.toml and report.csv to --out. When --out "
        "already holds a dataset (or --previous names one), rows that match a previous row "
        "keep its id, changes.csv lists what changed, and the replaced version is kept in "
        "--out/versions/<date>/.",
    )
    dataset.add_argument("--source", type=Path, required=True, help="CSV or .xlsx table")
    dataset.add_argument("--out", type=Path, required=True, help="dataset folder to write")
    dataset.add_argument("--sheet", default=None, help="sheet of an .xlsx (default: the first)")
    dataset.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="ROLE=COLUMN",
        help=f"use COLUMN for ROLE ({', '.join(ROLE_BY_KEY)}); empty COLUMN: none",
    )
    dataset.add_argument(
        "--sectors", type=Path, default=None, help="table word,slug[,ja,en,colour] of sectors"
    )
    dataset.add_argument("--title", default=None, help="the map's title (default: file name)")
    dataset.add_argument("--publisher", default="", help="who publishes the table")
    dataset.add_argument(
        "--allow-partial",
        action="store_true",
        help="exit 0 even when rows were rejected (they are in report.csv)",
    )
    dataset.add_argument(
        "--previous",
        type=Path,
        default=None,
        help="dataset folder of the version this table replaces (default: --out, if it holds one)",
    )
    dataset.add_argument(
        "--date",
        type=date.fromisoformat,
        default=None,
        help="this version's publication date, YYYY-MM-DD (default: today)",
    )
    dataset.add_argument("--note", default="", help="what this version is, e.g. 第4弾 発表")
    dataset.add_argument("--boundaries", type=Path, default=None)
    add_limits_option(dataset)


def run_dataset(args: argparse.Namespace) -> int:
    table = within_limits(
        args, read_table_file, args.source, sheet=args.sheet, limits=UPLOAD_LIMITS
    )
    overrides = {}
    for item in args.map:
        role, sep, column = item.partition("=")
        if not sep:
            raise BuildError(f"--map {item!r}: expected ROLE=COLUMN")
        overrides[role.strip()] = column.strip()
    try:
        roles = apply_overrides(guess_roles(table.columns), overrides, table.columns)
    except ValueError as err:
        raise BuildError(f"--map: {err}") from None
    print(f"read {table.name}: {len(table.rows)} rows, {table.encoding}")
    for role, column in roles.items():
        print(f"  {role:<10} ← {column}")
    sectors = load_sector_table(read_table_file(args.sectors)) if args.sectors else None
    previous_dir = args.previous or (args.out if (args.out / DATASET_FILE).is_file() else None)
    previous = read_previous(previous_dir) if previous_dir is not None else None
    municipalities, prefectures, _ = built_boundaries(args.boundaries)
    build = within_limits(
        args,
        build_dataset,
        table,
        roles,
        municipalities,
        prefectures,
        limits=UPLOAD_LIMITS,
        sectors=sectors,
        title=args.title,
        publisher=args.publisher,
        previous=(previous.projects, previous.dataset) if previous else None,
    )
    edition = Edition(args.date or date.today(), Text(args.note))
    written = write_dataset(build, args.out, edition=edition, previous=previous)
    counts = ", ".join(f"{n} {status}" for status, n in sorted(build.counts().items()))
    print(f"{len(build.projects)} of {len(table.rows)} rows on the map ({counts})")
    for row in build.report:
        if row.status not in ("matched", "approximate"):
            hint = f" — candidates: {row.candidates}" if row.candidates else ""
            print(
                f"  line {row.line}, column '{row.column}': {row.status}: {row.reason} "
                f"(value {row.value!r}){hint}"
            )
    print("wrote " + ", ".join(str(p) for p in written))
    if previous is not None:
        print(f"compared with {previous.directory} ({previous.edition.date}): see {CHANGES_FILE}")
    if build.projects.empty:
        print(f"error: no row could be used; see {args.out / REPORT_FILE}", file=sys.stderr)
        return 1
    if build.rejected and not args.allow_partial:
        print(
            f"error: {len({r.line for r in build.rejected})} rows rejected (listed above and in "
            f"{args.out / REPORT_FILE}); fix them, or pass --allow-partial",
            file=sys.stderr,
        )
        return 2
    return 0
