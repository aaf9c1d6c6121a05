"""The project layer: which of the catalog's projects are shown, the only per-rerun payload of
the map (``render.render_map`` sends it to the map component, the standalone export adds it to
its Folium map; ``leaflet/layer.js`` draws the difference from what the map already shows)."""

from __future__ import annotations

from collections.abc import Mapping

import folium
import pandas as pd

from components.map.areas import AREA_CLICK_MAX, AREA_LISTED, count_levels
from components.map.base_map import MARKER_SIZE
from components.map.marker_catalog import CLUSTER_THRESHOLD, MarkerCatalog
from components.map.move_request import MoveRequest
from components.map.popups import popup_html
from components.map.script import LeafletScript
from components.map.shown_mask import encode_shown
from geo.correction import correction_link
from geo.dataset import Dataset
from geo.link import LinkState, link_url
from geo.words import t, text


def build_project_layer(projects: pd.DataFrame, **options) -> folium.FeatureGroup:
    """The layer as a Folium element (the standalone export): ``project_layer_config``'s
    options, run by ``leaflet/layer.js`` as the page loads."""
    group = folium.FeatureGroup(name="projects")
    group.add_child(LeafletScript("layer.js", project_layer_config(projects, **options)))
    return group


def project_layer_config(
    projects: pd.DataFrame,
    *,
    dataset: Dataset,
    catalog: MarkerCatalog,
    colour_by: str,
    language: str,
    fit: MoveRequest | None = None,
    focus: MoveRequest | None = None,
    marks: Mapping[str, str] | None = None,
    app_url: str = "",
) -> dict:
    """The filtered projects as a bitset over ``catalog`` (``shown_mask``), and what else
    changes with a rerun: the moves, the count colouring's classes, the compared view's marks.

    ``fit`` and ``focus`` are moves the map runs once per token (``state.moves``). Above
    ``CLUSTER_THRESHOLD`` shown projects the markers cluster. ``marks``: project id → "added"
    or "changed" (the compared view); ``app_url``: the app's address, for the correction link
    of a dataset with ``[feedback]``. An inline catalog (an upload, the standalone export)
    has no published popups: the numbered markers' popups travel here.
    """
    positions = catalog.positions_of(projects["id"])
    clustered = len(projects) > CLUSTER_THRESHOLD
    numbered = (
        []
        if clustered
        else list(zip(positions.tolist(), projects.itertuples(index=False), strict=True))
    )
    return {
        "catalog_url": catalog.url,
        "catalog": catalog.data,
        "catalog_key": catalog.key,
        "shown": encode_shown(positions, catalog.size),
        "clustered": clustered,
        "cluster_at": CLUSTER_THRESHOLD,
        "colour_by": colour_by,
        "language": language,
        "areas": colour_by != "count",
        "area_listed": AREA_LISTED,
        "area_click": AREA_CLICK_MAX,
        "counts": (
            count_levels(projects, language, positions=catalog.positions)
            if colour_by == "count"
            else None
        ),
        "popups": (
            {p: popup_html(pd.Series(row._asdict()), dataset, language) for p, row in numbered}
            if catalog.data is not None
            else None
        ),
        "corrections": _corrections(numbered, dataset, language, app_url),
        "fit": fit.as_config() if fit and fit.bounds else None,
        "focus": focus.as_config() if focus else None,
        "marks": dict(marks or {}),
        "mark_words": {m: t(f"badge_{m}", language) for m in ("added", "changed")},
        "marker_size": MARKER_SIZE,
        "labels": {
            "cluster": t("cluster_label", language),
            "detail": t("marker_detail_hint", language),
            "and_more": t("and_more", language),
            "correction": t("correction_link", language),
        },
    }


def _corrections(
    numbered: list[tuple[int, tuple]], dataset: Dataset, language: str, app_url: str
) -> dict[int, str] | None:
    """Each numbered marker's correction link (``geo.correction``), for a dataset that
    offers one: it names the app's address, so it travels with the layer."""
    if dataset.feedback is None:
        return None
    links = {}
    for position, row in numbered:
        record = row._asdict()
        link = link_url(LinkState(project=record["id"]), app_url) if app_url else ""
        links[position] = correction_link(
            dataset.feedback,
            project_id=record["id"],
            name=text(record, "name", language),
            link=link,
            language=language,
        )
    return links
