"""``python -m geo build``, ``python -m geo validate`` and ``python -m geo dataset``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from geo import paths
from geo.boundaries.built_layers import BoundaryInputError, read_boundaries
from geo.boundaries.n03_build import build_boundaries, count_vertices
from geo.boundaries.n03_sources import BoundarySourceError, fetch_sources, resolve_sources
from geo.choices import COLOUR_BY, DEFAULT_LANGUAGE, LANGUAGES, Display, options_for
from geo.dataset import DatasetError, load_dataset
from geo.files import write_atomic
from geo.intake.build_report import REPORT_FILE
from geo.intake.builder import (
    BuildError,
    build_dataset,
    write_dataset,
)
from geo.intake.publisher_words import SectorTableError, load_sector_table
from geo.intake.reader import TableError, read_table_file
from geo.intake.roles import ROLE_BY_KEY, apply_overrides, guess_roles
from geo.link import LinkState, decode, link_url, query_params, refusal, vocabulary
from geo.output.printing import PAPERS, PrintError, PrintView, print_map
from geo.projects import ProjectsFileError, load_projects
from geo.schema import PREFECTURE_BY_CODE
from geo.table.filters import filter_projects
from geo.table.join import JoinError, join_projects_to_areas
from geo.table.prepare import prepare


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
    _add_dataset_command(commands)
    _add_print_command(commands)
    args = parser.parse_args(argv)
    run = {"build": _build, "validate": _validate, "dataset": _dataset, "print": _print}[
        args.command
    ]
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
    municipalities, prefectures, _ = _boundaries(args.boundaries)
    joined = join_projects_to_areas(projects, municipalities, prefectures)
    for row in joined[joined["marker_offset_m"] > 0].itertuples():
        print(
            f"note: project '{row.id}' marker is {row.marker_offset_m:.0f} m outside {row.area_label} (within tolerance)"
        )
    expected = dataset.expected_rows
    if expected is not None and len(joined) != expected:
        print(
            f"error: {len(joined)} projects, dataset.toml expects {expected} (expected_rows)",
            file=sys.stderr,
        )
        return 1
    print(f"ok: {len(joined)} projects, every area code matched, every marker inside its area")
    return 0


def _add_dataset_command(commands) -> None:
    dataset = commands.add_parser(
        "dataset",
        help="make a dataset folder from a publisher's CSV or .xlsx table",
        description="Match each row's municipality or address to its official code, place "
        "its marker, and write projects.csv, dataset.toml and report.csv to --out.",
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
    dataset.add_argument("--boundaries", type=Path, default=None)


def _dataset(args: argparse.Namespace) -> int:
    table = read_table_file(args.source, sheet=args.sheet)
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
    municipalities, prefectures, _ = _boundaries(args.boundaries)
    build = build_dataset(
        table,
        roles,
        municipalities,
        prefectures,
        sectors=sectors,
        title=args.title,
        publisher=args.publisher,
    )
    written = write_dataset(build, args.out)
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


def _boundaries(directory: Path | None):
    directory = directory or paths.boundaries_dir()
    try:
        return read_boundaries(directory)
    except FileNotFoundError as err:
        raise BoundaryInputError(
            f"boundaries not built in {directory} ({err}); run `python -m geo build`"
        ) from None


def _add_print_command(commands) -> None:
    printing = commands.add_parser(
        "print",
        help="a one-page printable map (PDF, SVG or PNG) of a view",
        description="The map of the app's view as a document: title, filters, numbered "
        "markers, legend, list, attribution, link and QR code. The format is the suffix of "
        "--out. A view is given by filters or by an app link (--view).",
    )
    printing.add_argument("--out", type=Path, required=True, help="map.pdf, map.svg or map.png")
    printing.add_argument("--view", default=None, help="an app link or its query: '?sector=…'")
    for name, what in (("sector", "sector slug"), ("pref", "prefecture code"), ("round", "round")):
        printing.add_argument(
            f"--{name}", action="append", default=[], help=f"{what} (repeatable, or a,b)"
        )
    printing.add_argument("--q", default=None, help="keyword")
    printing.add_argument("--lang", choices=LANGUAGES, default=None)
    printing.add_argument("--colour", choices=COLOUR_BY, default=None)
    printing.add_argument("--paper", choices=tuple(PAPERS), default="a4-landscape")
    printing.add_argument(
        "--overview", action="store_true", help="add the sector × prefecture counts"
    )
    printing.add_argument(
        "--base-url", default="http://localhost:8501/", help="the app's address, for the link"
    )
    printing.add_argument("--dataset", type=Path, default=None)
    printing.add_argument("--boundaries", type=Path, default=None)


def _print(args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    dataset = load_dataset(args.dataset or paths.dataset_dir())
    projects = load_projects(paths.projects_csv(args.dataset), dataset)
    municipalities, prefectures, meta = _boundaries(args.boundaries)
    table = prepare(projects, municipalities, prefectures)
    view = _print_view(args, dataset, project_ids=table["id"])
    document = print_map(
        table,
        dataset=dataset,
        municipalities=municipalities,
        prefectures=prefectures,
        view=view,
        paper=args.paper,
        fmt=fmt,
        as_of=meta.get("as_of"),
    )
    write_atomic(args.out, document)
    shown = len(filter_projects(table, view.filters))
    print(f"wrote {args.out} ({fmt}, {args.paper}, {shown} of {len(table)} projects): {view.link}")
    return 0


def _print_view(args: argparse.Namespace, dataset, *, project_ids) -> PrintView:
    """The view of ``--view`` (an app link, read by the app's own codec) with the options
    added to it; unlike a link opened in the app, which ignores unknown values with a notice,
    a command names them and stops (PrintError)."""
    params = query_params(args.view or "")
    for key, values in (("sector", args.sector), ("pref", args.pref), ("round", args.round)):
        listed = [v for v in (params.get(key, ""), *values) if v]
        if listed:
            params[key] = ",".join(listed)
    for key, value in (("q", args.q), ("lang", args.lang), ("color", args.colour)):
        if value is not None:
            params[key] = value
    vocab = vocabulary(options_for(dataset), project_ids)
    state, ignored = decode(params, vocab)
    if ignored:
        raise PrintError(refusal(ignored, vocab))
    language = state.lang or DEFAULT_LANGUAGE
    # The printed link: what a print shows (filters, colouring, language), canonical.
    printed = LinkState.of_view(
        state.filters, display=Display(colour_by=state.colour_by), language=language
    )
    return PrintView(
        state.filters,
        state.colour_by,
        language,
        link_url(printed, args.base_url),
        overview=args.overview,
    )
