"""Exports of the filtered projects ("export what I see"), each stating its source and dates."""

from __future__ import annotations

import csv
import io
import json
import numbers

import pandas as pd

from geo.dataset import Dataset
from geo.project_rows import cell_text
from geo.schema import COLUMN_NAMES, N03_ATTRIBUTION
from geo.words import t, version_text


def source_text(dataset: Dataset) -> str:
    """Where the rows come from, as every exported row and file states it."""
    text = f"{dataset.publisher.ja}「{dataset.source_name.ja}」"
    if dataset.source_date:
        text += t("export_source_updated", "ja", date=dataset.source_date.isoformat())
    text += f" {dataset.source_url}" if dataset.source_url else ""
    return text + (f" {version_text(dataset, 'ja')}" if dataset.edition else "")


# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(text: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula: it then shows as typed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value: object) -> str:
    if isinstance(value, numbers.Number) and not isinstance(value, bool):
        return str(value)  # numbers (no, round, lat, lon) are data, not text
    return neutralise_formula(cell_text(value))


def projects_csv(projects: pd.DataFrame, dataset: Dataset, boundaries_as_of: str | None) -> bytes:
    """UTF-8 with BOM (Excel in Japan opens it as UTF-8); the table's own columns, then the
    area names and the source, so every row carries where it comes from. Text cells that a
    spreadsheet would run as formulas get a leading ``'`` (``neutralise_formula``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extra = ["area_label", "area_label_en", "source", "boundaries_as_of"]
    source = neutralise_formula(source_text(dataset))
    writer.writerow([*COLUMN_NAMES, *extra])
    for _, row in projects.iterrows():
        writer.writerow(
            [_cell(row[c]) for c in COLUMN_NAMES]
            + [
                _cell(row.get("area_label")),
                _cell(row.get("area_label_en")),
                source,
                _cell(boundaries_as_of),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def projects_geojson(
    projects: pd.DataFrame, dataset: Dataset, boundaries_as_of: str | None
) -> bytes:
    """Points (the markers) with every field and the area codes, RFC 7946 (lon, lat)."""
    features = []
    for _, row in projects.iterrows():
        properties = {c: _json_value(row[c]) for c in COLUMN_NAMES if c not in ("lat", "lon")}
        properties["area_label"] = row.get("area_label")
        properties["area_label_en"] = row.get("area_label_en")
        features.append(
            {
                "type": "Feature",
                "geometry": {
                    "type": "Point",
                    "coordinates": [float(row["lon"]), float(row["lat"])],
                },
                "properties": properties,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "title": dataset.title.ja,
            "source": source_text(dataset),
            "source_updated": _json_value(dataset.source_date),
            "boundaries_as_of": boundaries_as_of,
            "area_codes": "JIS X 0402 municipality codes (5 digits) or prefecture codes (2 digits)",
            "boundaries_attribution": N03_ATTRIBUTION,
        },
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")


def _json_value(value: object) -> object:
    if isinstance(value, tuple):
        return list(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value
