"""Every shareable value of a view, defined once: its name, URL key, kind, default, where its
vocabulary comes from, the word that labels it, its command-line flag and the key of its one
input on the page.

The link codec (``geo.link``), the filters (``geo.table.filters``), the choices a dataset
offers (``geo.choices``), the app's state and widgets (``components.state``,
``components.ui``), ``python -m geo print`` and the tests all read this registry. Adding a
facet (say "applicant type") is one ``Field`` here with its column, its words in
``geo.words`` (``facet_<name>`` and ``<word>_<value>``), and nothing else; ``REGISTRY.extended``
adds one for the length of a test.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from geo.dataset import Dataset
from geo.schema import PREFECTURE_BY_CODE

Kind = Literal[
    "facet",  # a set of values from the dataset's vocabulary ("" in the URL: all)
    "keyword",  # free text, folded when matched
    "project",  # one project id (of any version of the list)
    "choice",  # one of the options a dataset offers (``geo.choices.Options.choices``)
    "zoom",  # the map's zoom, in tenths
    "center",  # the map's centre (lat, lon)
    "language",  # an interface language
    "version",  # a dated version of the list
    "embed",  # the page is embedded in another (``view=embed``)
]

# The colourings and base maps a view may name, in the order offered ("single": one colour, for
# a dataset with neither sectors nor rounds; "count": areas by how many shown projects they
# hold; "none": no tiles). How each is drawn is the map's business (``components.map``).
COLOUR_BY: tuple[str, ...] = ("sector", "round", "single", "count")
BASEMAP_KEYS: tuple[str, ...] = ("pale", "std", "photo", "osm", "none")


@dataclass(frozen=True)
class Field:
    """One shareable value."""

    name: str  # in the state, ``LinkState`` and ``Filters`` ("sectors")
    key: str  # in the URL ("sector")
    kind: Kind
    default: Any
    describes: str  # what a command's refusal calls it ("sector")
    word: str | None = None  # the catalog word of its label (None: the dataset names it)
    flag: str | None = None  # its ``geo print`` option ("--sector"); None: a link only
    widget: str | None = None  # the key of its one input on the page; None: no input
    column: str | None = None  # a facet: the table column it filters on
    multi: bool = False  # a facet whose cells hold several values ("a;b")
    values: Callable[[Dataset], tuple] | None = None  # a facet: the dataset's vocabulary
    item: Callable[[str], Any] = str  # a facet: one URL item → a value (ValueError: unknown)

    @property
    def is_facet(self) -> bool:
        return self.kind == "facet"


def url_int(raw: str) -> int:
    """An integer written in ASCII digits only: ``int()`` also takes ``１`` and ``str.isdigit``
    also takes ``²``, and neither belongs in a URL."""
    if not (raw.isascii() and raw.isdigit() and len(raw) <= 6):
        raise ValueError(raw)
    return int(raw)


FIELDS: tuple[Field, ...] = (
    Field(
        "sectors",
        "sector",
        "facet",
        (),
        "sector",
        word="sector",
        flag="--sector",
        widget="f_sector",
        column="sectors",
        multi=True,
        values=lambda dataset: tuple(dataset.sector_by_slug),
    ),
    Field(
        "prefectures",
        "pref",
        "facet",
        (),
        "prefecture",
        word="prefecture",
        flag="--pref",
        widget="f_pref",
        column="prefecture_code",
        values=lambda dataset: tuple(PREFECTURE_BY_CODE),
    ),
    Field(
        "rounds",
        "round",
        "facet",
        (),
        "round",
        flag="--round",
        widget="f_round",
        column="round",
        values=lambda dataset: tuple(dataset.round_by_number),
        item=url_int,
    ),
    Field("keyword", "q", "keyword", "", "keyword", word="keyword", flag="--q", widget="f_keyword"),
    Field("project", "p", "project", None, "project"),
    Field(
        "colour_by",
        "color",
        "choice",
        "sector",
        "colouring",
        word="colour_by",
        flag="--colour",
        widget="w_colour_by",
    ),
    Field("basemap", "base", "choice", "pale", "base map", word="basemap", widget="w_basemap"),
    Field("zoom", "z", "zoom", None, "zoom"),
    Field("center", "ll", "center", None, "centre"),
    Field("lang", "lang", "language", None, "language", flag="--lang", widget="w_language"),
    Field("version", "v", "version", "", "version", word="version", widget="w_version"),
    Field("since", "since", "version", "", "version to compare with", widget="w_since"),
    Field("embed", "view", "embed", False, "view"),
)


class Registry:
    """The fields in force: ``FIELDS``, plus any a test adds with ``extended``."""

    def __init__(self, fields: tuple[Field, ...]) -> None:
        self._fields = fields

    @property
    def fields(self) -> tuple[Field, ...]:
        return self._fields

    @property
    def facets(self) -> tuple[Field, ...]:
        return tuple(f for f in self._fields if f.is_facet)

    @property
    def facet_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.facets)

    def __getitem__(self, name: str) -> Field:
        for field in self._fields:
            if field.name == name:
                return field
        raise KeyError(f"no field named {name!r} (known: {', '.join(self.names)})")

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self._fields)

    def by_key(self, key: str) -> Field | None:
        """The field a URL key names, or None."""
        return next((f for f in self._fields if f.key == key), None)

    @contextlib.contextmanager
    def extended(self, field: Field) -> Iterator[Field]:
        """``field`` in force until the block ends (a throwaway facet in a test)."""
        clash = [f for f in self._fields if field.name == f.name or field.key == f.key]
        if clash:
            raise ValueError(f"field {field.name!r} ({field.key}=) clashes with {clash[0].name!r}")
        before = self._fields
        self._fields = (*before, field)
        try:
            yield field
        finally:
            self._fields = before


REGISTRY = Registry(FIELDS)
DEFAULT_COLOUR_BY: str = REGISTRY["colour_by"].default
DEFAULT_BASEMAP: str = REGISTRY["basemap"].default
