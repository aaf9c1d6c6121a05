"""Every choice a view offers and its default, defined once: the app's widgets, its links
(``geo.link``), the printed map and the command line read them from here.

Adding a colour scheme is a one-place edit here (plus its labels in ``geo.words``); adding a
base map is an entry in ``BASEMAP_KEYS`` and its tiles in ``components.map.basemaps``; adding a
language is a new catalog in ``geo.words.strings``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from geo.dataset import Dataset
from geo.schema import PREFECTURE_BY_CODE
from geo.words.strings import DEFAULT_LANGUAGE, LANGUAGES

# "single": one colour, for a dataset with neither sectors nor rounds; "count": the areas by
# how many shown projects they hold (``geo.table.choropleth``), offered for every dataset.
COLOUR_BY: tuple[str, ...] = ("sector", "round", "single", "count")
DEFAULT_COLOUR_BY = "sector"
# The base maps a view may name, in the order offered; "none" draws no tiles. How each is
# drawn (its tiles and credit) is the map's business: ``components.map.basemaps``.
BASEMAP_KEYS: tuple[str, ...] = ("pale", "std", "photo", "osm", "none")
DEFAULT_BASEMAP = "pale"
# The filter facets; a dataset offers those it has values for (``Options.facets``).
FACETS: tuple[str, ...] = ("sectors", "prefectures", "rounds")

__all__ = [  # the language options are the catalog's
    "BASEMAP_KEYS",
    "COLOUR_BY",
    "DEFAULT_BASEMAP",
    "DEFAULT_COLOUR_BY",
    "DEFAULT_LANGUAGE",
    "FACETS",
    "LANGUAGES",
    "Display",
    "Options",
    "options_for",
]


@dataclass(frozen=True)
class Display:
    """How the map is drawn (not what it shows)."""

    colour_by: str = DEFAULT_COLOUR_BY
    basemap: str = DEFAULT_BASEMAP


@dataclass(frozen=True)
class Options:
    """What the app offers for one dataset: its facets' values, and the single-valued choices
    kept in the app state and the URL, with their options and defaults."""

    facets: dict[str, tuple]
    choices: dict[str, tuple[tuple[str, ...], str]]
    versions: tuple[str, ...] = ()  # every version's date, oldest first; the last is current


@functools.cache
def options_for(dataset: Dataset, versions: tuple[str, ...] = ()) -> Options:
    """The dataset's own vocabularies; a facet or colour scheme it has no values for is left
    out, so the app never offers an empty filter. ``versions``: the dates of the list's
    versions, oldest first (``geo.versions.history.History.keys``): with two or more, a view
    may show an earlier one (``version``) or the changes since one (``since``); "" is the
    current list and no comparison."""
    facets = {
        "sectors": tuple(dataset.sector_by_slug),
        "prefectures": tuple(PREFECTURE_BY_CODE),
        "rounds": tuple(dataset.round_by_number),
    }
    colours = (tuple(c for c in COLOUR_BY if facets.get(f"{c}s")) or ("single",)) + ("count",)
    return Options(
        facets={name: values for name, values in facets.items() if values},
        choices={
            "colour_by": (colours, colours[0]),
            "basemap": (BASEMAP_KEYS, DEFAULT_BASEMAP),
            **(
                {"version": (("", *versions[:-1]), ""), "since": (("", *versions[:-1]), "")}
                if len(versions) > 1
                else {}
            ),
        },
        versions=versions,
    )
