"""``python -m geo print``: the printable map of a view, given by filters or by an app link
read with the app's own codec."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo import paths
from geo.choices import COLOUR_BY, DEFAULT_LANGUAGE, LANGUAGES, Display, options_for
from geo.cli.common import add_limits_option, built_boundaries, within_limits
from geo.dataset import load_dataset
from geo.fields import REGISTRY
from geo.files import write_atomic
from geo.jobs import PRINT_LIMITS
from geo.link import LinkState, decode, link_url, query_params, refusal, vocabulary
from geo.output.printing import PAPERS, PrintError, PrintView, print_map
from geo.projects import load_projects
from geo.table.filters import filter_projects
from geo.table.prepare import prepare
from geo.versions.history import read_history, version_dataset


def add_print_command(commands) -> None:
    printing = commands.add_parser(
        "print",
        help="a one-page printable map (PDF, SVG or PNG) of a view",
        description="The map of the app's view as a document: title, filters, numbered "
        "markers, legend, list, attribution, link and QR code. The format is the suffix of "
        "--out. A view is given by filters or by an app link (--view).",
    )
    printing.add_argument("--out", type=Path, required=True, help="map.pdf, map.svg or map.png")
    printing.add_argument("--view", default=None, help="an app link or its query: '?sector=…'")
    add_view_options(printing)
    printing.add_argument("--paper", choices=tuple(PAPERS), default="a4-landscape")
    printing.add_argument(
        "--overview", action="store_true", help="add the sector × prefecture counts"
    )
    printing.add_argument(
        "--base-url", default="http://localhost:8501/", help="the app's address, for the link"
    )
    printing.add_argument("--dataset", type=Path, default=None)
    printing.add_argument("--boundaries", type=Path, default=None)
    add_limits_option(printing)


def add_view_options(parser: argparse.ArgumentParser) -> None:
    """An option for each field of the registry that has a flag (``geo.fields``): a facet
    is repeatable (or ``a,b``); the others take one value, as a link's key does."""
    closed = {"language": LANGUAGES, "choice": {"colour_by": COLOUR_BY}}
    for f in REGISTRY.fields:
        if f.flag is None:
            continue
        if f.is_facet:
            parser.add_argument(
                f.flag, action="append", default=[], help=f"{f.describes} (repeatable, or a,b)"
            )
            continue
        choices = closed.get(f.kind)
        choices = choices.get(f.name) if isinstance(choices, dict) else choices
        parser.add_argument(f.flag, default=None, choices=choices, help=f.describes)


def flag_params(args: argparse.Namespace, params: dict[str, str]) -> dict[str, str]:
    """``params`` (a link's) with the registry's options added: a facet's values join the
    link's, any other option replaces the link's value."""
    params = dict(params)
    for f in REGISTRY.fields:
        if f.flag is None:
            continue
        given = getattr(args, f.flag.lstrip("-").replace("-", "_"), None)
        if f.is_facet:
            listed = [v for v in (params.get(f.key, ""), *(given or ())) if v]
            if listed:
                params[f.key] = ",".join(listed)
        elif given is not None:
            params[f.key] = given
    return params


def run_print(args: argparse.Namespace) -> int:
    fmt = args.out.suffix.lower().lstrip(".")
    dataset = load_dataset(args.dataset or paths.dataset_dir())
    projects = load_projects(paths.projects_csv(args.dataset), dataset)
    history = read_history(dataset)
    view, version = _print_view(args, dataset, project_ids=projects["id"], versions=history.keys)
    if version:  # a link pinned to an earlier version prints that version (and says so)
        dataset = version_dataset(history.get(version), dataset)
        projects = load_projects(history.get(version).projects_file, dataset)
    municipalities, prefectures, meta = built_boundaries(args.boundaries)
    table = prepare(projects, municipalities, prefectures)
    document = within_limits(
        args,
        print_map,
        table,
        limits=PRINT_LIMITS,
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


def _print_view(
    args: argparse.Namespace, dataset, *, project_ids, versions: tuple[str, ...]
) -> tuple[PrintView, str]:
    """The view of ``--view`` (an app link, read by the app's own codec) with the options
    added to it, and the version of the list it names ("": the current one); unlike a link
    opened in the app, which ignores unknown values with a notice, a command names them and
    stops (PrintError)."""
    params = flag_params(args, query_params(args.view or ""))
    vocab = vocabulary(options_for(dataset, versions), project_ids)
    state, ignored = decode(params, vocab)
    if ignored:
        raise PrintError(refusal(ignored, vocab))
    language = state.lang or DEFAULT_LANGUAGE
    # The printed link: what a print shows (filters, colouring, language), canonical.
    printed = LinkState.of_view(
        state.filters,
        display=Display(colour_by=state.colour_by),
        language=language,
        version=state.version,
    )
    view = PrintView(
        state.filters,
        state.colour_by,
        language,
        link_url(printed, args.base_url),
        overview=args.overview,
    )
    return view, state.version
