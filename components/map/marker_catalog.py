"""Every project's marker — id, number, place, name in both languages, areas and colours —
sent to the browser once, not with every filter change: a filter change then sends only which
catalog positions are shown (``shown_mask``), and the browser draws the difference
(``leaflet/layer.js``).

A project's popup (its fields and summary) is long: popups travel in shards of
``POPUP_SHARD`` per language, fetched when one of them first opens. A dataset read from disk
publishes the catalog and the shards as content-addressed static files (``assets``), which the
browser fetches once and may cache; an uploaded table, which must never be written to the
server's disk, and the standalone export carry the catalog inline, and the shown projects'
popups with each layer.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from components.map.popups import popup_html
from geo.colours import project_colour, text_colour
from geo.dataset import Dataset
from geo.table.filters import FacetIndex, facet_index
from geo.words import project_title

# Above this many shown projects the map clusters its markers; at or below it, the numbered
# markers of the 23-project map stay exactly as they are.
CLUSTER_THRESHOLD = 300
# Popups per published file: a click on one of 5,000 projects fetches 64 popups (~70 KB).
POPUP_SHARD = 64
LANGUAGES = ("ja", "en")
# The catalog colours markers by these schemes (``geo.colours.project_colour``); the count
# colouring's markers are all one colour, as "single"'s.
COLOUR_SCHEMES = ("sector", "round", "single")


@dataclass(frozen=True)
class MarkerCatalog:
    positions: dict[str, int]  # project id → position in the catalog's columns
    url: str | None = None  # published static file
    data: dict | None = None  # inline (an uploaded table, the standalone export)
    key: str = ""  # what the browser tells catalogs apart by: the URL, or the data's digest

    @property
    def size(self) -> int:
        return len(self.positions)

    @functools.cached_property
    def _index(self) -> pd.Index:
        return pd.Index(list(self.positions), dtype=object)

    def positions_of(self, ids: pd.Series) -> np.ndarray:
        """The catalog positions of ``ids`` (a filtered table's column), looked up at once."""
        found = self._index.get_indexer(ids.astype(object))
        if (found < 0).any():
            raise KeyError(f"not in the catalog: {ids[found < 0].iloc[0]!r}")
        return found


def catalog_data(projects: pd.DataFrame, dataset: Dataset, popups_url: str | None) -> dict:
    """The catalog's columns (JSON-ready), in the table's order. ``popups_url``: the folder of
    the published popup shards, None when popups travel with the layer."""
    rows = list(projects.itertuples(index=False))
    records = [r._asdict() for r in rows]  # project_title reads a row by key
    index = facet_index(projects)
    return {
        "id": [r.id for r in rows],
        "no": [int(r.no) for r in rows],
        "lat": [round(float(r.lat), 6) for r in rows],
        "lon": [round(float(r.lon), 6) for r in rows],
        "title": {
            language: [project_title(record, language) for record in records]
            for language in LANGUAGES
        },
        "areas": [list(r.area_codes) for r in rows],
        "colours": {scheme: _colours(projects, dataset, scheme) for scheme in COLOUR_SCHEMES},
        "popups": {"url": popups_url, "shard": POPUP_SHARD},
        "facets": facet_columns(index),
        # The folded search text (``leaflet/filter.js``): a file beside the popups when
        # published (fetched at the first keyword), inline otherwise.
        "search": None if popups_url else index.haystack.tolist(),
    }


def facet_columns(index: FacetIndex) -> dict[str, dict]:
    """Each facet of a table (its ``FacetIndex``'s pairs) as the browser filters it: its
    values (as the URL writes them) and, per row, the positions of its values."""
    columns = {}
    for name, entries in index.facets.items():
        rows: list[list[int]] = [[] for _ in range(index.size)]
        for row, code in zip(entries.rows.tolist(), entries.codes.tolist(), strict=True):
            rows[row].append(code)
        columns[name] = {"values": [str(v) for v in entries.values], "rows": rows}
    return columns


def catalog_files(projects: pd.DataFrame, dataset: Dataset) -> dict[str, bytes]:
    """The files published beside the catalog: the popup shards and ``search.json``."""
    search = facet_index(projects).haystack.tolist()  # geo.table.filters.search_text, in order
    return {**popup_shards(projects, dataset), "search.json": _json(search)}


def _colours(projects: pd.DataFrame, dataset: Dataset, scheme: str) -> dict:
    """Each project's colour under ``scheme`` as an index into a palette of (fill, text)."""
    colours = [
        project_colour(dataset, scheme, primary_sector=sector, round_no=round_no)
        for sector, round_no in zip(projects["primary_sector"], projects["round"], strict=True)
    ]
    palette = list(dict.fromkeys(colours))
    index = {colour: k for k, colour in enumerate(palette)}
    return {
        "palette": [[c, text_colour(c)] for c in palette],
        "index": [index[c] for c in colours],
    }


def catalog_json(projects: pd.DataFrame, dataset: Dataset, popups_url: str | None) -> bytes:
    """The file's bytes: read by ``fetch().json()``, never placed in a page as markup."""
    return _json(catalog_data(projects, dataset, popups_url))


def popup_shards(projects: pd.DataFrame, dataset: Dataset) -> dict[str, bytes]:
    """The published popups: ``<language>-<k>.json`` holds the popups of positions
    ``k * POPUP_SHARD`` onwards, as a list of HTML strings (escaped by ``popup_html``)."""
    rows = [row for _, row in projects.iterrows()]
    files = {}
    for language in LANGUAGES:
        popups = [popup_html(row, dataset, language) for row in rows]
        for k in range(0, max(len(popups), 1), POPUP_SHARD):
            files[f"{language}-{k // POPUP_SHARD}.json"] = _json(popups[k : k + POPUP_SHARD])
    return files


def make_catalog(projects: pd.DataFrame, dataset: Dataset, *, url: str | None) -> MarkerCatalog:
    """The catalog of ``projects``: published at ``url``, or inline when None (its popups
    then travel with each layer)."""
    positions = {pid: k for k, pid in enumerate(projects["id"])}
    if url:
        return MarkerCatalog(positions, url, None, url)
    data = catalog_data(projects, dataset, None)
    return MarkerCatalog(positions, None, data, hashlib.sha256(_json(data)).hexdigest()[:16])


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
