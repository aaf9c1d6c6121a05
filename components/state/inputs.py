"""The one input of each shareable value on the page: the keyword arguments that tie a widget
to its state in ``store`` (key, callback) and when the state is written to the widget. The
facets and the keyword have one input together, the filter panel (``filter_panel``): its
change, with its sequence number, is taken by its callback.

A widget's choice is copied to the state by its on_change callback. The state is written
*to* a widget only when something else changed it (``store.set_value``: a link opened,
Back/Forward, the reset button, a chart's click) or its labels changed language; never on an
ordinary run, where a run that started before the user's next click would put back the value
the click has just changed (a lost pick, a link that says less than the page).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from components.state import store, usage
from components.state.store import (
    filters,
    get,
    language,
    mark_interaction,
    revision,
    set_language,
    store_input,
    take_filters_change,
)
from geo.counts.events import LANGUAGE
from geo.fields import REGISTRY
from geo.link import KEYWORD_MAX

_SHOWN = "_widget_shown"  # field name → (revision, labels) its input last showed


def _shows_state(name: str, labels: object) -> bool:
    """Whether the input of ``name`` already shows the state (nothing else set it since,
    and its labels are in the same words); records that it will from this run on."""
    mark = (revision(name), labels)
    shown = st.session_state.setdefault(_SHOWN, {})
    same = shown.get(name) == mark
    shown[name] = mark
    return same


def widget(name: str, *, labels: object = None) -> dict:
    """Keyword arguments for the one input of state ``name`` (its key, its callback).
    ``labels``: what its option labels depend on (a selectbox keeps its value as a label,
    so new labels are new values to show)."""
    key = REGISTRY[name].widget
    if not _shows_state(name, labels) or key not in st.session_state:
        st.session_state[key] = get(name)
    return {"key": key, "on_change": _commit, "args": (name, key)}


def _commit(name: str, key: str) -> None:
    """on_change: the widget's value (read with the labels it was shown with) → state."""
    mark_interaction()
    store_input(name, st.session_state[key])


FILTER_PANEL = "filter_panel"  # the key of the filter panel (``components.ui.filter_panel``)
FILTER_CHANGE = "change"  # its state value: {"seq", "chosen": {facet: [items]}, "keyword"}


def filter_panel() -> dict:
    """Keyword arguments of the filter panel: its key, and the callback taking its change."""
    return {
        "key": FILTER_PANEL,
        "default": {FILTER_CHANGE: None},
        f"on_{FILTER_CHANGE}_change": _commit_filters,
    }


def _commit_filters() -> None:
    """on_change of the panel: its change (from the browser, so checked item by item) → state."""
    mark_interaction()
    change = st.session_state[FILTER_PANEL][FILTER_CHANGE]
    if not isinstance(change, Mapping):
        return
    chosen = change.get("chosen") if isinstance(change.get("chosen"), Mapping) else {}
    keyword = change.get("keyword")
    seq = change.get("seq")
    usage.filters_changing(filters())
    take_filters_change(
        seq if isinstance(seq, int) and not isinstance(seq, bool) else 0,
        {name: _items(name, chosen[name]) for name in REGISTRY.facet_names if name in chosen},
        keyword[:KEYWORD_MAX] if isinstance(keyword, str) else "",
    )


def _items(name: str, raw: object) -> list:
    """The values of facet ``name`` among ``raw`` (its URL items); anything else is dropped."""
    values = []
    for item in raw if isinstance(raw, list) else ():
        if not isinstance(item, str):
            continue
        try:
            values.append(REGISTRY[name].item(item))
        except (TypeError, ValueError):
            continue
    return values


def language_widget() -> dict:
    key = REGISTRY["lang"].widget
    if not _shows_state("lang", language()) or key not in st.session_state:
        st.session_state[key] = language()
    return {"key": key, "on_change": _commit_language}


def _commit_language() -> None:
    mark_interaction()
    before = language()
    set_language(st.session_state[REGISTRY["lang"].widget])
    if language() != before:
        usage.count(LANGUAGE, language())


def choose(project_id: str, bounds=None, via: str = "list") -> None:
    """on_click of a project's button (the list's, or an area's choice: ``via="area"``)."""
    store.choose(project_id, bounds)
    usage.count_project_opened(project_id, via=via)
