"""The one input of each shareable value on the page: the keyword arguments that tie a widget
to its state in ``store`` (key, callback) and when the state is written to the widget.

A widget's choice is copied to the state by its on_change callback. The state is written
*to* a widget only when something else changed it (``store.set_value``: a link opened,
Back/Forward, the reset button, a chart's click) or its labels changed language; never on an
ordinary run, where a run that started before the user's next click would put back the value
the click has just changed (a lost pick, a link that says less than the page).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import streamlit as st

from components.state.store import (
    get,
    language,
    mark_interaction,
    revision,
    set_language,
    store_input,
)
from geo.fields import REGISTRY

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


def option_key(name: str, value: object) -> str:
    """The key of the checkbox of ``value`` in facet ``name``'s group."""
    return f"{REGISTRY[name].widget}__{value}"


def facet_options(name: str, values: Iterable) -> dict[Any, dict]:
    """Keyword arguments for each checkbox of facet ``name`` (value → its key, callback):
    a facet's one input is its group of checkboxes, whose labels (with counts) may change
    on every run without changing what is checked."""
    resync = not _shows_state(name, None)
    chosen = set(get(name))
    options: dict[Any, dict] = {}
    for value in values:
        key = option_key(name, value)
        if resync or key not in st.session_state:
            st.session_state[key] = value in chosen
        options[value] = {"key": key, "on_change": _commit_option, "args": (name, value, key)}
    return options


def _commit(name: str, key: str) -> None:
    """on_change: the widget's value (read with the labels it was shown with) → state."""
    mark_interaction()
    store_input(name, st.session_state[key])


def _commit_option(name: str, value: object, key: str) -> None:
    """on_change of one checkbox: its value joins or leaves the facet's chosen values."""
    mark_interaction()
    chosen = [v for v in get(name) if v != value]
    store_input(name, [*chosen, value] if st.session_state[key] else chosen)


def language_widget() -> dict:
    key = REGISTRY["lang"].widget
    if not _shows_state("lang", language()) or key not in st.session_state:
        st.session_state[key] = language()
    return {"key": key, "on_change": _commit_language}


def _commit_language() -> None:
    mark_interaction()
    set_language(st.session_state[REGISTRY["lang"].widget])
