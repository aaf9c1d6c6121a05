"""Every project's marker — id, number, place and name in both languages — sent to the browser
once, not with every filter change: the per-change layer of a large table then names only the
shown projects by their position here (``layers.build_project_layer``).

A dataset read from disk publishes it as a content-addressed static file (``assets``), which
the browser fetches once and may cache; an uploaded table, which must never be written to the
server's disk, carries it inline.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from geo.words import project_title

# Above this many shown projects the map clusters its markers and the layer sends positions
# in the catalog instead of whole markers; at or below it, the numbered markers of the
# 23-project map stay exactly as they are.
CLUSTER_THRESHOLD = 300


@dataclass(frozen=True)
class MarkerCatalog:
    positions: dict[str, int]  # project id → position in the catalog's columns
    url: str | None = None  # published static file
    data: dict | None = None  # inline (an uploaded table)


def catalog_data(projects: pd.DataFrame) -> dict:
    """The catalog's columns (JSON-ready), in the table's order."""
    rows = list(projects.itertuples(index=False))
    records = [r._asdict() for r in rows]  # project_title reads a row by key
    return {
        "id": [r.id for r in rows],
        "no": [int(r.no) for r in rows],
        "lat": [round(float(r.lat), 6) for r in rows],
        "lon": [round(float(r.lon), 6) for r in rows],
        "title": {
            language: [project_title(record, language) for record in records]
            for language in ("ja", "en")
        },
    }


def catalog_json(projects: pd.DataFrame) -> bytes:
    """The file's bytes: read by ``fetch().json()``, never placed in a page as markup."""
    return json.dumps(catalog_data(projects), ensure_ascii=False, separators=(",", ":")).encode()


def make_catalog(projects: pd.DataFrame, *, url: str | None) -> MarkerCatalog:
    """The catalog of ``projects``: published at ``url``, or inline when None."""
    positions = {pid: k for k, pid in enumerate(projects["id"])}
    return MarkerCatalog(positions, url, None if url else catalog_data(projects))
