"""The process's settings from its environment, each defined and checked here: a deployer's
typo is named in one log line when the server starts and keeps the copy from reporting ready
(``components.readiness``), and never reaches a page as an error.

A setting that is wrong is read as unset where the app can go on without it: a broken
``TILES_URL`` draws the built-in base (boundaries on a sea-coloured ground)."""

from __future__ import annotations

import os
import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from geo.counts.database import open_database

# Each setting's name, once: ``geo.paths`` reads the folders by these names.
TILES_URL = "TILES_URL"
DATASET_DIR = "DATASET_DIR"
PROJECTS_CSV = "PROJECTS_CSV"
BOUNDARIES_DIR = "BOUNDARIES_DIR"
N03_CACHE_DIR = "N03_CACHE_DIR"
N03_SOURCE = "N03_SOURCE"
N03_EDITION = "N03_EDITION"
N03_URL_TEMPLATE = "N03_URL_TEMPLATE"
# What people use, counted without tracking (``geo.counts``, docs/counts.md).
COUNTS = "COUNTS"
COUNTS_DATABASE_URL = "COUNTS_DATABASE_URL"
COUNTS_TOKEN = "COUNTS_TOKEN"
COUNTS_RETENTION_DAYS = "COUNTS_RETENTION_DAYS"
COUNTS_OPEN_DATA = "COUNTS_OPEN_DATA"
COUNTS_FLUSH_SECONDS = "COUNTS_FLUSH_SECONDS"
COUNTS_TOKEN_MIN = 16  # characters: a token short enough to guess is refused

# What a tile template may ask for: Leaflet and xyzservices fill these and no other.
TILE_FIELDS = frozenset({"z", "x", "y", "s", "r"})
TILE_FIELDS_NEEDED = ("z", "x", "y")


@dataclass(frozen=True)
class Setting:
    name: str
    describes: str  # what it is, for docs/deploy.md and the log line
    problem: Callable[[str], str | None]  # what is wrong with a value (None: nothing)


def tiles_url_problem(value: str) -> str | None:
    """What is wrong with a tile template, or None: an http(s) address with {z}, {x} and {y},
    and no placeholder but those, {s} and {r} (Leaflet's {-y} is not one)."""
    try:
        parts = urlsplit(value)
    except ValueError as err:
        return f"not a URL ({err})"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "must start with http:// or https:// and name a host"
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as err:
        return f"unbalanced braces ({err})"
    unknown = [f for f in fields if f not in TILE_FIELDS]
    if unknown:
        return (
            f"{{{unknown[0]}}} is not a tile placeholder "
            f"(use {{z}}, {{x}}, {{y}}; {{s}} and {{r}} may be added)"
        )
    missing = [f for f in TILE_FIELDS_NEEDED if f not in fields]
    if missing:
        return f"no {{{missing[0]}}} placeholder (a template needs {{z}}, {{x}} and {{y}})"
    return None


def _edition(value: str) -> str | None:
    return None if value.isdigit() and len(value) == 4 else "not a year (N03's editions: 2024)"


def _n03_template(value: str) -> str | None:
    """A download address with ``{year}`` and ``{pref}`` (the edition and the prefecture's
    two-digit code), as MLIT's own."""
    if urlsplit(value).scheme not in ("http", "https"):
        return "must start with http:// or https://"
    missing = [f for f in ("{year}", "{pref}") if f not in value]
    return f"no {missing[0]} placeholder" if missing else None


def _folder(value: str) -> str | None:
    return None if Path(value).is_dir() else "no such folder"


def _file(value: str) -> str | None:
    return None if Path(value).is_file() else "no such file"


def _on_off(value: str) -> str | None:
    return None if value in ("on", "off") else "on or off"


def _counts_url(value: str) -> str | None:
    try:
        open_database(value)
    except ValueError as err:
        return str(err)
    return None


def _whole_days(value: str) -> str | None:
    return None if value.isdigit() and int(value) >= 1 else "a whole number of days, at least 1"


def _seconds(value: str) -> str | None:
    try:
        return None if 0 < float(value) <= 3600 else "between 0 and 3600 seconds"
    except ValueError:
        return "a number of seconds"


def _token(value: str) -> str | None:
    return None if len(value) >= COUNTS_TOKEN_MIN else f"shorter than {COUNTS_TOKEN_MIN} characters"


SETTINGS: tuple[Setting, ...] = (
    Setting(TILES_URL, "one tile server for every tiled base map", tiles_url_problem),
    Setting(DATASET_DIR, "the dataset folder (dataset.toml, projects.csv)", _folder),
    Setting(PROJECTS_CSV, "the project table, when not the dataset folder's", _file),
    Setting(BOUNDARIES_DIR, "the built boundary layers", _folder),
    Setting(N03_CACHE_DIR, "where downloaded N03 input is kept", lambda value: None),
    # Set-up time: what the boundaries are built from (``geo.boundaries.n03_sources``).
    Setting(N03_SOURCE, "N03 files, folders or URLs to build from", lambda value: None),
    Setting(N03_EDITION, "the N03 edition downloaded from MLIT", _edition),
    Setting(N03_URL_TEMPLATE, "MLIT's download address, for a mirror", _n03_template),
    Setting(COUNTS, "on (the default) or off: count what people use", _on_off),
    Setting(
        COUNTS_DATABASE_URL,
        "where counts are kept (default sqlite:///…/data/counts.sqlite3)",
        _counts_url,
    ),
    Setting(COUNTS_TOKEN, "the owner page's token (?view=counts&token=…)", _token),
    Setting(COUNTS_RETENTION_DAYS, "how long counts are kept (default 730 days)", _whole_days),
    Setting(COUNTS_OPEN_DATA, "on: publish the counts as a daily CSV (default off)", _on_off),
    Setting(COUNTS_FLUSH_SECONDS, "how often counts are written (default 5 s)", _seconds),
)


def setting_problems(env: Mapping[str, str] | None = None) -> list[str]:
    """One line per setting that is set and wrong: ``TILES_URL: {-y} is not …``. The value
    itself is not repeated (it may hold a key)."""
    env = os.environ if env is None else env
    lines = []
    for setting in SETTINGS:
        value = env.get(setting.name)
        if value and (problem := setting.problem(value)):
            lines.append(f"{setting.name}: {problem}")
    return lines


def tiles_url(env: Mapping[str, str] | None = None) -> str | None:
    """``TILES_URL`` when it is set and usable; None otherwise (the providers' own tiles)."""
    value = (os.environ if env is None else env).get(TILES_URL)
    return value if value and tiles_url_problem(value) is None else None


def tiles_url_broken(env: Mapping[str, str] | None = None) -> bool:
    """``TILES_URL`` is set and unusable: every tiled base map is drawn as the built-in base
    (no provider's tiles where a closed network needs its mirror)."""
    value = (os.environ if env is None else env).get(TILES_URL)
    return bool(value) and tiles_url_problem(value) is not None
