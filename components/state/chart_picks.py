"""The overview's charts as filters: a click on a cell or bar filters by it; the same click
again clears it. State is written through ``store`` (the only owner of the session)."""

from __future__ import annotations

import functools

import streamlit as st

from components.state import usage
from components.state.store import filters, get, mark_interaction, set_value
from geo.fields import REGISTRY
from geo.table.filters import Filters


def chart_widget(name: str, param: str, shown: Filters) -> dict:
    """Keyword arguments of overview chart ``name`` whose point selection ``param`` filters.

    The key changes with the filters (``shown``): the chart drawn after a click is a new widget with no
    selection, so clicking the same mark again is a new click (and clears the filter)."""
    key = f"overview_{name}_{abs(hash(shown))}"
    return {"key": key, "on_select": functools.partial(_commit_pick, key, param)}


def _commit_pick(key: str, param: str) -> None:
    mark_interaction()
    event = st.session_state.get(key) or {}
    points = (event.get("selection") or {}).get(param) or []
    picked = {}
    for name, value in (points[0] if points else {}).items():
        if name in REGISTRY.facet_names and (item := _facet_value(name, value)) is not None:
            picked[name] = item  # checked against the dataset's options on the rerun
    if not picked:  # a click beside the marks
        return
    usage.filters_changing(filters())
    if all(tuple(get(name)) == (value,) for name, value in picked.items()):
        for name in picked:
            set_value(name, ())
    else:
        for name, value in picked.items():
            set_value(name, (value,))


def _facet_value(facet: str, value: object) -> object | None:
    """A chart's field value as facet ``facet`` holds it (Vega gives whole numbers as
    floats), or None: a value must already be of the facet's own type (a round is a number,
    never the text "2"), as its link item reads back to it (``Field.item``)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return value if REGISTRY[facet].item(str(value)) == value else None
    except ValueError:
        return None
