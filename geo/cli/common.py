"""What the commands share: the built boundaries, and running heavy work on a stranger's
file within the app's limits (``geo.jobs``) unless told otherwise."""

from __future__ import annotations

import argparse
from pathlib import Path

from geo import paths
from geo.boundaries.built_layers import BoundaryInputError, read_boundaries
from geo.jobs import Limits, run_job


def within_limits(args: argparse.Namespace, function, *values, limits: Limits, **options):
    """``function`` in a worker within ``limits`` (the app's), unless ``--no-limits``."""
    if args.no_limits:
        return function(*values, **options)
    return run_job(function, *values, limits=limits, **options)


def add_limits_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-limits",
        action="store_true",
        help="run in this process, without the app's memory and CPU limits for strangers' files",
    )


def built_boundaries(directory: Path | None):
    directory = directory or paths.boundaries_dir()
    try:
        return read_boundaries(directory)
    except FileNotFoundError as err:
        raise BoundaryInputError(
            f"boundaries not built in {directory} ({err}); run `python -m geo build`"
        ) from None
