"""Every choice the app offers and its default, defined once.

The sidebar, the URL codec and the map read their options from here: adding a base map or a
colour scheme is a one-place edit (plus its labels in the i18n catalog); adding a language is a
new catalog in ``components.i18n.catalog``.
"""

from __future__ import annotations

from dataclasses import dataclass

from components.i18n.catalog import DEFAULT_LANGUAGE, LANGUAGES
from geo.schema import PREFECTURE_BY_CODE, ROUNDS, SECTOR_BY_SLUG


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
COLOUR_BY: tuple[str, ...] = ("sector", "round")

DEFAULT_BASEMAP = "pale"
DEFAULT_COLOUR_BY = "sector"
__all__ = ["DEFAULT_LANGUAGE", "LANGUAGES"]  # re-exported: the language options

# The filter facets: name → the values a filter may hold.
FACETS: dict[str, tuple] = {
    "sectors": tuple(SECTOR_BY_SLUG),
    "prefectures": tuple(PREFECTURE_BY_CODE),
    "rounds": tuple(ROUNDS),
}


@dataclass(frozen=True)
class Display:
    """How the map is drawn (not what it shows)."""

    colour_by: str = DEFAULT_COLOUR_BY
    basemap: str = DEFAULT_BASEMAP


# Single-valued choices kept in the app state and the URL, with their options and defaults.
CHOICES: dict[str, tuple[tuple[str, ...], str]] = {
    "colour_by": (COLOUR_BY, DEFAULT_COLOUR_BY),
    "basemap": (tuple(BASEMAPS), DEFAULT_BASEMAP),
}
