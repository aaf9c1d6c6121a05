"""What a view of one dataset may choose: each facet's values and each single choice's
options and default, from the field registry (``geo.fields``, where every shareable value and
default is defined once) and the dataset.

Adding a colour scheme is an entry in ``geo.fields.COLOUR_BY`` (plus its labels in
``geo.words``); adding a base map is an entry in ``geo.fields.BASEMAP_KEYS`` and its tiles in
``components.map.basemaps``; adding a language is a new catalog in ``geo.words.strings``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from geo.dataset import Dataset
from geo.fields import BASEMAP_KEYS, COLOUR_BY, DEFAULT_BASEMAP, DEFAULT_COLOUR_BY, REGISTRY
from geo.words.strings import DEFAULT_LANGUAGE, LANGUAGES

__all__ = [  # the language options are the catalog's
    "BASEMAP_KEYS",
    "COLOUR_BY",
    "DEFAULT_BASEMAP",
    "DEFAULT_COLOUR_BY",
    "DEFAULT_LANGUAGE",
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


def options_for(dataset: Dataset, versions: tuple[str, ...] = ()) -> Options:
    """The dataset's own vocabularies; a facet or colour scheme it has no values for is left
    out, so the app never offers an empty filter. ``versions``: the dates of the list's
    versions, oldest first (``geo.versions.history.History.keys``): with two or more, a view
    may show an earlier one (``version``) or the changes since one (``since``); "" is the
    current list and no comparison. Cached for a dataset folder's description only: an
    upload's words never stay in a process-wide cache."""
    if dataset.directory is None:
        return _options.__wrapped__(dataset, versions, REGISTRY.facets)
    return _options(dataset, versions, REGISTRY.facets)


@functools.lru_cache(maxsize=16)
def _options(dataset: Dataset, versions: tuple[str, ...], facet_fields: tuple) -> Options:
    facets = {field.name: field.values(dataset) for field in facet_fields}
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
