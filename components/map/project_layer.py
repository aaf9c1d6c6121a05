"""The project layer: markers and highlighted areas of the filtered projects, the only
per-rerun payload of the map (a pure Folium builder; ``render.render_map`` draws it)."""

from __future__ import annotations

from collections.abc import Mapping

import folium
import pandas as pd

from components.map.areas import area_entries, count_levels
from components.map.base_map import MARKER_SIZE
from components.map.events import click_feature
from components.map.marker_catalog import CLUSTER_THRESHOLD, MarkerCatalog
from components.map.move_request import MoveRequest
from components.map.popups import popup_html, tooltip_html
from components.map.script import LeafletScript
from geo.colours import project_colour, text_colour
from geo.correction import correction_link
from geo.dataset import Dataset
from geo.link import LinkState, link_url
from geo.words import project_title, t, text


def colour_of(row: pd.Series, colour_by: str, dataset: Dataset) -> str:
    """The project's colour under ``colour_by`` (a key of ``options.COLOUR_BY``)."""
    return project_colour(
        dataset, colour_by, primary_sector=row["primary_sector"], round_no=row["round"]
    )


def build_project_layer(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    colour_by: str,
    language: str,
    fit: MoveRequest | None = None,
    focus: MoveRequest | None = None,
    catalog: MarkerCatalog | None = None,
    marks: Mapping[str, str] | None = None,
    app_url: str = "",
) -> folium.FeatureGroup:
    """Markers and highlighted areas of the filtered projects: the only per-rerun payload.

    ``fit`` and ``focus`` are moves the map runs once per token (``state.moves``). Above
    ``CLUSTER_THRESHOLD`` shown projects (and with the dataset's ``catalog``) the markers
    cluster, and only their positions in the catalog and colours travel. ``marks``: project
    id → "added" or "changed" (the compared view); ``app_url``: the app's address, for the
    correction link of a dataset with ``[feedback]``.
    """
    common = {  # what both layers take: the moves and the compared view's marks
        "fit": fit.as_config() if fit and fit.bounds else None,
        "focus": focus.as_config() if focus else None,
        "marks": dict(marks or {}),
        "mark_words": {m: t(f"badge_{m}", language) for m in ("added", "changed")},
    }
    clustered = catalog is not None and len(projects) > CLUSTER_THRESHOLD
    positions = catalog.positions if clustered else None
    areas = area_entries(projects, colour_by, dataset, language, positions=positions)
    counts = count_levels(projects, language, positions=positions) if colour_by == "count" else None
    group = folium.FeatureGroup(name="projects")
    if clustered:
        config = _cluster_config(projects, catalog, colour_by, dataset, language)
        config = {**config, "areas": areas, "counts": counts, **common}
        group.add_child(LeafletScript("clusters.js", config))
        return group
    markers = []
    for _, row in projects.iterrows():
        colour = colour_of(row, colour_by, dataset)
        markers.append(
            {
                "id": row["id"],
                "no": int(row["no"]),
                "lat": float(row["lat"]),
                "lon": float(row["lon"]),
                "colour": colour,
                "text_colour": text_colour(colour),
                "title": project_title(row, language),
                "tooltip": tooltip_html([row], language),
                "popup": popup_html(
                    row, dataset, language, correction=_correction(row, dataset, language, app_url)
                ),
                "click": click_feature([row["id"]]),
            }
        )
    config = {
        "markers": markers,
        "areas": areas,
        "counts": counts,
        "marker_size": MARKER_SIZE,
        **common,
    }
    group.add_child(LeafletScript("projects.js", config))
    return group


def _correction(row: pd.Series, dataset: Dataset, language: str, app_url: str) -> str | None:
    if dataset.feedback is None:
        return None
    link = link_url(LinkState(project=row["id"]), app_url) if app_url else ""
    name = text(row, "name", language)
    return correction_link(
        dataset.feedback, project_id=row["id"], name=name, link=link, language=language
    )


def _cluster_config(
    projects: pd.DataFrame,
    catalog: MarkerCatalog,
    colour_by: str,
    dataset: Dataset,
    language: str,
) -> dict:
    """The compact layer: positions in the catalog and a colour index per shown project."""
    ordered = projects
    colours = [
        project_colour(dataset, colour_by, primary_sector=sector, round_no=round_no)
        for sector, round_no in zip(ordered["primary_sector"], ordered["round"], strict=True)
    ]
    palette = list(dict.fromkeys(colours))
    index = {colour: k for k, colour in enumerate(palette)}
    return {
        "catalog_url": catalog.url,
        "catalog": catalog.data,
        "shown": [catalog.positions[pid] for pid in ordered["id"]],
        "colour": [index[c] for c in colours],
        "palette": [[c, text_colour(c)] for c in palette],
        "language": language,
        "marker_size": MARKER_SIZE,
        "labels": {
            "cluster": t("cluster_label", language),
            "detail": t("marker_detail_hint", language),
        },
    }
