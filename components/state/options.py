"""Every choice the app offers and its default, defined once.

The sidebar, the URL codec and the map read their options from here: adding a base map or a
colour scheme is a one-place edit (plus its labels in the i18n catalog); adding a language is a
new catalog in ``components.i18n.catalog``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from components.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from geo.dataset import Dataset
from geo.schema import PREFECTURE_BY_CODE


@dataclass(frozen=True)
class Basemap:
    key: str
    url: str | None  # None: no tiles
    attribution_url: str = ""
    attribution_key: str = ""  # catalog key of the provider's name


_GSI_TERMS = "https://maps.gsi.go.jp/development/ichiran.html"
_GSI = "https://cyberjapandata.gsi.go.jp/xyz"
BASEMAPS: dict[str, Basemap] = {
    b.key: b
    for b in (
        Basemap("pale", f"{_GSI}/pale/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
        Basemap("std", f"{_GSI}/std/{{z}}/{{x}}/{{y}}.png", _GSI_TERMS, "attribution_gsi"),
        Basemap(
            "photo", f"{_GSI}/seamlessphoto/{{z}}/{{x}}/{{y}}.jpg", _GSI_TERMS, "attribution_gsi"
        ),
        Basemap(
            "osm",
            "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
            "https://www.openstreetmap.org/copyright",
            "attribution_osm",
        ),
        Basemap("none", None),
    )
}
# "single": one colour, for a dataset with neither sectors nor rounds; "count": the areas by
# how many shown projects they hold (``geo.choropleth``), offered for every dataset.
COLOUR_BY: tuple[str, ...] = ("sector", "round", "single", "count")

DEFAULT_BASEMAP = "pale"
DEFAULT_COLOUR_BY = "sector"
__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES"]  # re-exported: the language options

# The filter facets; a dataset offers those it has values for (``Options.facets``).
FACETS: tuple[str, ...] = ("sectors", "prefectures", "rounds")


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


@functools.cache
def options_for(dataset: Dataset) -> Options:
    """The dataset's own vocabularies; a facet or colour scheme it has no values for is left
    out, so the app never offers an empty filter."""
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
            "basemap": (tuple(BASEMAPS), DEFAULT_BASEMAP),
        },
    )
