"""``python -m geo print``: the printable map of a view, given by filters or by an app link
resolved as the app resolves it (``geo.view``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo.choices import COLOUR_BY, LANGUAGES
from geo.cli.common import add_limits_option, built_boundaries, within_limits
from geo.fields import REGISTRY
from geo.files import write_atomic
from geo.jobs import PRINT_LIMITS
from geo.link import LinkState, query_params, refusal
from geo.output.printing import PAPERS, PrintError, print_map
from geo.table.prepare import prepare
from geo.view import (
    DEFAULT_BASE_URL,
    ListSource,
    open_list,
    printed_view,
    read_link,
    version_list,
    view_of,
)


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
        "--base-url", default=DEFAULT_BASE_URL, help="the app's address, for the link"
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
    source = open_list(args.dataset)
    state = _link_state(args, source)
    listed = version_list(source, state.version)  # a pinned link prints that version
    municipalities, prefectures, meta = built_boundaries(args.boundaries)
    view = view_of(state, prepare(listed.projects, municipalities, prefectures))
    printed = printed_view(state, base_url=args.base_url, overview=args.overview)
    document = within_limits(
        args,
        print_map,
        view.table,
        limits=PRINT_LIMITS,
        dataset=listed.dataset,
        municipalities=municipalities,
        prefectures=prefectures,
        view=printed,
        paper=args.paper,
        fmt=fmt,
        as_of=meta.get("as_of"),
    )
    write_atomic(args.out, document)
    counted = f"{len(view.shown)} of {len(view.table)} projects"
    print(f"wrote {args.out} ({fmt}, {args.paper}, {counted}): {printed.link}")
    return 0


def _link_state(args: argparse.Namespace, source: ListSource) -> LinkState:
    """The view of ``--view`` (an app link, read as the app reads it: ``geo.view``) with the
    options added to it; unlike a link opened in the app, which ignores unknown values with a
    notice, a command names them and stops (PrintError)."""
    state, ignored = read_link(flag_params(args, query_params(args.view or "")), source)
    if ignored:
        raise PrintError(refusal(ignored, source.vocabulary))
    return state
