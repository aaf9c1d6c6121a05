"""A dataset is a folder: ``projects.csv`` and ``dataset.toml``, which says what the table is.

Title, source, attribution, the sector vocabulary and the grouping shown as "rounds" are data,
so the same app shows any programme's list; nothing about one programme is written in code.
``load_dataset`` validates the description and names the bad key (``geo.dataset_file`` writes
one). ``[version]`` dates the list this folder holds (its past versions are in ``versions/``,
``geo.versions``); ``[feedback]`` says where a reader's correction goes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from geo.schema import EMAIL, HTTP_URL, SLUG
from geo.settings_file import read_settings

DATASET_FILE = "dataset.toml"
PROJECTS_FILE = "projects.csv"
# Paul Tol's colour-blind-safe "muted" scheme: colours of a vocabulary that gives none.
PALETTE: tuple[str, ...] = (
    "#CC6677",
    "#332288",
    "#117733",
    "#DDCC77",
    "#44AA99",
    "#AA4499",
    "#88CCEE",
    "#882255",
    "#999933",
)
COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")  # matched whole (``fullmatch``)


class DatasetError(ValueError):
    """A ``dataset.toml`` that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Text:
    """A text in both interface languages (English falls back to Japanese)."""

    ja: str
    en: str = ""

    def get(self, language: str) -> str:
        return (self.en or self.ja) if language == "en" else self.ja


@dataclass(frozen=True)
class Sector:
    slug: str
    label: Text
    colour: str


@dataclass(frozen=True)
class Round:
    """One value of the dataset's grouping (the Kansai table's announcement rounds)."""

    number: int
    label: Text
    date: date | None
    colour: str


@dataclass(frozen=True)
class Edition:
    """Which version of the list a table is: the day it was published and what it added."""

    date: date
    note: Text = Text("")


@dataclass(frozen=True)
class Feedback:
    """Where a reader asks for a correction: a web form (``url`` with ``{id}``, and optionally
    ``{name}`` and ``{link}``) or an e-mail address."""

    url: str = ""
    email: str = ""


FEEDBACK_PLACES = ("{id}", "{name}", "{link}")


@dataclass(frozen=True)
class Dataset:
    title: Text
    subtitle: Text
    publisher: Text
    source_name: Text
    source_url: str = ""
    source_date: date | None = None
    attribution: Text = Text("")
    attribution_short: Text = Text("")
    sectors: tuple[Sector, ...] = ()
    round_name: Text = Text("登録回", "Round")
    rounds: tuple[Round, ...] = ()
    expected_rows: int | None = None
    slug: str = "my-table"  # names exported files
    directory: str | None = None  # None: a table uploaded in the app
    edition: Edition | None = None  # None: an undated list (no ``[version]``)
    feedback: Feedback | None = None  # None: no correction link is offered
    sector_by_slug: dict[str, Sector] = field(init=False, repr=False, compare=False)
    round_by_number: dict[int, Round] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "sector_by_slug", {s.slug: s for s in self.sectors})
        object.__setattr__(self, "round_by_number", {r.number: r for r in self.rounds})


def load_dataset(directory: Path | str) -> Dataset:
    """Read ``DIR/dataset.toml``; raise DatasetError naming the file and the bad key."""
    path = Path(directory) / DATASET_FILE
    try:
        raw = read_settings(path)
    except FileNotFoundError:
        raise DatasetError(f"{path}: no dataset description (dataset.toml) here") from None
    except ValueError as err:
        raise DatasetError(f"{path}: {err}") from None
    try:
        return _dataset(raw, str(Path(directory)))
    except DatasetError as err:
        raise DatasetError(f"{path}: {err}") from None


def slug_of(name: str) -> str:
    """A file-name slug for a folder name (``datasets/Mine 2`` → ``mine-2``)."""
    return re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "dataset"


def _dataset(raw: Mapping, directory: str) -> Dataset:
    title = _text(raw, "title", "title")
    source = _table(raw, "source")
    attribution = _table(raw, "attribution", required=False)
    rounds = _table(raw, "rounds", required=False)
    expected = raw.get("expected_rows")
    if expected is not None and (not isinstance(expected, int) or expected < 1):
        raise DatasetError("expected_rows: must be a whole number from 1")
    name = _text(source, "name", "source.name")
    slug = raw.get("slug", slug_of(Path(directory).name))
    if not isinstance(slug, str) or not SLUG.fullmatch(slug):
        raise DatasetError("slug: must be a lowercase ASCII slug such as 'kasegigashira'")
    return Dataset(
        title=title,
        subtitle=_text(raw, "subtitle", "subtitle", required=False),
        publisher=_text(raw, "publisher", "publisher", required=False),
        source_name=name,
        source_url=_url(source.get("url", ""), "source.url"),
        source_date=_date(source.get("date"), "source.date"),
        attribution=_text(attribution, "full", "attribution.full", required=False) or name,
        attribution_short=_text(attribution, "short", "attribution.short", required=False) or name,
        sectors=_sectors(raw.get("sectors", [])),
        round_name=_text(rounds, "name", "rounds.name", required=False) or Dataset.round_name,
        rounds=_rounds(rounds.get("values", [])),
        expected_rows=expected,
        slug=slug,
        directory=directory,
        edition=edition_of(raw.get("version"), "version"),
        feedback=_feedback(raw.get("feedback")),
    )


def edition_of(raw: object, where: str) -> Edition | None:
    """A ``[version]`` table (``date``, ``note``), as ``dataset.toml`` and a past version's
    ``version.toml`` hold it; DatasetError naming ``where``'s bad key."""
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise DatasetError(f"{where}: must be a table")
    when = _date(raw.get("date"), f"{where}.date")
    if when is None:
        raise DatasetError(f"{where}.date: missing (a TOML date such as 2016-12-09)")
    return Edition(when, _text(raw, "note", f"{where}.note", required=False))


def _feedback(raw: object) -> Feedback | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping) or set(raw) - {"url", "email"} or len(raw) != 1:
        raise DatasetError("feedback: must be a table with one key, url or email")
    if "email" in raw:
        if not isinstance(raw["email"], str) or not EMAIL.fullmatch(raw["email"]):
            raise DatasetError("feedback.email: must be an e-mail address")
        return Feedback(email=raw["email"])
    template = raw["url"]
    if not isinstance(template, str) or "{id}" not in template:
        raise DatasetError("feedback.url: must contain {id} (and only {id}, {name}, {link})")
    filled = template
    for place in FEEDBACK_PLACES:
        filled = filled.replace(place, "x")
    if "{" in filled or "}" in filled:
        raise DatasetError("feedback.url: must contain {id} (and only {id}, {name}, {link})")
    _url(filled, "feedback.url")
    return Feedback(url=template)


def _table(raw: Mapping, key: str, *, required: bool = True) -> Mapping:
    value = raw.get(key, None if required else {})
    if not isinstance(value, Mapping):
        raise DatasetError(f"{key}: {'missing' if value is None else 'must be a table'}")
    return value


def _text(raw: Mapping, key: str, where: str, *, required: bool = True) -> Text:
    value = raw.get(key)
    if value is None and not required:
        return Text("")
    if isinstance(value, str):
        value = {"ja": value}
    if not isinstance(value, Mapping) or not isinstance(value.get("ja"), str) or not value["ja"]:
        raise DatasetError(f'{where}: needs a Japanese text (`ja = "…"`)')
    english = value.get("en", "")
    if not isinstance(english, str):
        raise DatasetError(f"{where}.en: must be text")
    return Text(value["ja"], english)


def _inline_text(entry: Mapping, where: str) -> Text:
    """``ja``/``en`` keys of an array entry (``{slug = "…", ja = "…", en = "…"}``)."""
    return _text({"label": {k: entry[k] for k in ("ja", "en") if k in entry}}, "label", where)


def _url(value: object, where: str) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not HTTP_URL.fullmatch(value):
        raise DatasetError(f"{where}: must be an http(s) URL")
    return value


def _date(value: object, where: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    raise DatasetError(f"{where}: must be a TOML date such as 2017-03-24 (no time of day)")


def _colour(entry: Mapping, position: int, where: str) -> str:
    colour = entry.get("colour", PALETTE[position % len(PALETTE)])
    if not isinstance(colour, str) or not COLOUR.fullmatch(colour):
        raise DatasetError(f"{where}.colour: must be #RRGGBB")
    return colour.upper()


def _entries(
    entries: object, where: str, key: str, valid: Callable[[object], bool], expected: str
) -> Iterator[tuple[int, Mapping, str, Any]]:
    """(position, entry, its name in messages, its ``key``) of an array of tables whose
    ``key`` is valid and unique."""
    if not isinstance(entries, list):
        raise DatasetError(f"{where}: must be an array of tables")
    seen: set = set()
    for position, entry in enumerate(entries):
        at = f"{where}[{position}]"
        if not isinstance(entry, Mapping):
            raise DatasetError(f"{at}: must be a table")
        value = entry.get(key)
        if not valid(value):
            raise DatasetError(f"{at}.{key}: must be {expected}")
        if value in seen:
            raise DatasetError(f"{at}.{key}: {value!r} is listed twice")
        seen.add(value)
        yield position, entry, at, value


def _sectors(entries: object) -> tuple[Sector, ...]:
    return tuple(
        Sector(slug, _inline_text(entry, at), _colour(entry, position, at))
        for position, entry, at, slug in _entries(
            entries,
            "sectors",
            "slug",
            lambda v: isinstance(v, str) and bool(SLUG.fullmatch(v)),
            "a lowercase ASCII slug such as 'agri-food'",
        )
    )


def _rounds(entries: object) -> tuple[Round, ...]:
    return tuple(
        Round(
            number,
            _inline_text(entry, at),
            _date(entry.get("date"), f"{at}.date"),
            _colour(entry, position, at),
        )
        for position, entry, at, number in _entries(
            entries,
            "rounds.values",
            "number",
            lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 1,
            "a whole number from 1",
        )
    )
