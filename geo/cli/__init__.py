"""``python -m geo build``, ``validate``, ``dataset``, ``print`` and ``counts``: the commands, each in a
module of its own beside this one."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import paths
from geo.boundaries.built_layers import BoundaryInputError
from geo.boundaries.n03_build import build_boundaries, count_vertices
from geo.boundaries.n03_sources import BoundarySourceError, fetch_sources, resolve_sources
from geo.cli.common import built_boundaries
from geo.cli.counts_command import add_counts_command, run_counts
from geo.cli.dataset_command import add_dataset_command, run_dataset
from geo.cli.print_command import add_print_command, run_print
from geo.dataset import DatasetError, load_dataset
from geo.intake.builder import BuildError
from geo.intake.publisher_words import SectorTableError
from geo.intake.reader import TableError
from geo.jobs import JobFailed
from geo.output.printing import PrintError
from geo.projects import ProjectsFileError, load_projects
from geo.schema import PREFECTURE_BY_CODE
from geo.table.join import JoinError, join_projects_to_areas
from geo.versions.history import read_history, version_problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build", help="build data/municipalities.geojson and prefectures.geojson"
    )
    build.add_argument(
        "--source",
        action="append",
        default=[],
        help="N03 file, folder or URL (repeatable; default: $N03_SOURCE, ../shared/boundaries, MLIT)",
    )
    build.add_argument(
        "--tolerance",
        type=float,
        default=None,
        help="simplification in metres (default: from the input)",
    )
    build.add_argument(
        "--edition", default=None, help="MLIT edition year for downloads (default 2024)"
    )
    build.add_argument("--out", type=Path, default=None, help="output folder (default: data/)")
    validate = commands.add_parser(
        "validate", help="check a dataset's projects.csv against the built boundaries"
    )
    validate.add_argument(
        "--dataset", type=Path, default=None, help="dataset folder (default: data/)"
    )
    validate.add_argument(
        "--projects", type=Path, default=None, help="its table (default: DATASET/projects.csv)"
    )
    validate.add_argument("--boundaries", type=Path, default=None)
    add_dataset_command(commands)
    add_print_command(commands)
    add_counts_command(commands)
    args = parser.parse_args(argv)
    run = {
        "build": _build,
        "validate": _validate,
        "dataset": run_dataset,
        "print": run_print,
        "counts": run_counts,
    }[args.command]
    try:
        return run(args)
    except (
        BoundaryInputError,
        BoundarySourceError,
        ProjectsFileError,
        JoinError,
        DatasetError,
        TableError,
        BuildError,
        SectorTableError,
        PrintError,
        JobFailed,
    ) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except OSError as err:  # unreadable or unwritable files: named, never a traceback
        print(f"error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1


def _build(args: argparse.Namespace) -> int:
    sources = resolve_sources(args.source, edition=args.edition)
    print("N03 input: " + ", ".join(sources))
    files = fetch_sources(sources, paths.raw_dir())
    out = args.out or paths.boundaries_dir()
    result = build_boundaries(files, out, tolerance_m=args.tolerance)
    counts = result.municipalities.groupby("prefecture_code").size()
    per_pref = ", ".join(f"{PREFECTURE_BY_CODE[c].ja}{n}" for c, n in counts.items())
    print(
        f"{result.input_features} input features → {len(result.municipalities)} municipalities "
        f"({per_pref}), {len(result.prefectures)} prefectures; tolerance {result.tolerance_m:g} m, "
        f"{count_vertices(result.municipalities)} vertices; boundaries as of {result.as_of or 'unknown'}"
    )
    print(f"wrote {out}/municipalities.geojson and {out}/prefectures.geojson")
    return 0


def _validate(args: argparse.Namespace) -> int:
    dataset = load_dataset(args.dataset or paths.dataset_dir())
    projects = load_projects(args.projects or paths.projects_csv(args.dataset), dataset)
    municipalities, prefectures, _ = built_boundaries(args.boundaries)
    joined = join_projects_to_areas(projects, municipalities, prefectures)
    for row in joined[joined["marker_offset_m"] > 0].itertuples():
        print(
            f"note: project '{row.id}' marker is {row.marker_offset_m:.0f} m outside {row.area_label} (within tolerance)"
        )
    history = read_history(dataset)
    for entry in history.ignored:
        print(f"note: {entry}: not a version folder (ignored)")
    errors = [f"version {problem}" for problem in version_problems(dataset, history)]
    expected = dataset.expected_rows
    if expected is not None and len(joined) != expected:
        errors.append(f"{len(joined)} projects, dataset.toml expects {expected} (expected_rows)")
    for error in errors:
        print(f"error: {error}", file=sys.stderr)
    if errors:
        return 1
    versions = f"; {len(history.versions)} versions" if history.versions else ""
    print(
        f"ok: {len(joined)} projects, every area code matched, every marker inside its area"
        + versions
    )
    return 0
