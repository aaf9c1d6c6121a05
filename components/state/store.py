"""The app's session state: with ``chart_picks`` (the overview's clicks), the only code that
reads or writes ``st.session_state``.

State is kept in slugs and codes under private keys; widgets are *controlled*: each run sets a
widget's value from the state before drawing it, and its on_change callback copies the user's
choice back. Streamlit serialises option widgets by their displayed labels, which here change
with counts and language, so a widget is never the place the state is kept.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.state.moves import MapMoves
from components.state.selection import Selection
from geo.choices import (
    DEFAULT_BASEMAP,
    DEFAULT_COLOUR_BY,
    FACETS,
    Display,
    Options,
)
from geo.table.filters import Filters
from geo.words.strings import LANGUAGES, pick_language

_INTERACTION = "_interaction"
_UPLOAD = "_upload"  # this session's uploaded table (never stored anywhere else)
_REFUSED = "_upload_refused"  # (content hash, why) of the last file refused
_LIST_PAGE = "_list_page"  # the project list's page
_LIST_FOLLOWED = "_list_followed"  # the selection the list last turned to
_LANGUAGE = "_language"
_EMBED = "_embed"
_STATE = {  # state name → private key
    "sectors": "_filter_sectors",
    "prefectures": "_filter_prefectures",
    "rounds": "_filter_rounds",
    "keyword": "_filter_keyword",
    "colour_by": "_display_colour_by",
    "basemap": "_display_basemap",
    "version": "_view_version",
    "since": "_view_since",
}
# Widget keys: public, so tests can find the widgets (they only show the state).
WIDGET_KEYS = {
    "sectors": "f_sector",
    "prefectures": "f_pref",
    "rounds": "f_round",
    "keyword": "f_keyword",
    "round_range": "f_round_range",
    "colour_by": "w_colour_by",
    "basemap": "w_basemap",
    "language": "w_language",
    "version": "w_version",
    "since": "w_since",
}
_DEFAULTS: dict[str, Any] = {
    **dict.fromkeys(FACETS, ()),
    "keyword": "",
    "colour_by": DEFAULT_COLOUR_BY,
    "basemap": DEFAULT_BASEMAP,
    "version": "",
    "since": "",
}


def moves() -> MapMoves:
    return MapMoves(st.session_state)


def selection() -> Selection:
    return Selection(st.session_state, moves())


# --- interaction: did the user cause this rerun? ---
def mark_interaction() -> None:
    """Every callback marks its rerun; the URL reader takes the mark."""
    st.session_state[_INTERACTION] = True


def took_interaction() -> bool:
    return bool(st.session_state.pop(_INTERACTION, False))


# --- filters and display ---
def state_key(name: str) -> str:
    """The session key of state ``name``: for tests that simulate a session from an older
    version of the app (nothing else needs it)."""
    return _STATE[name]


def get(name: str) -> Any:
    return st.session_state.get(_STATE[name], _DEFAULTS[name])


def set_value(name: str, value: Any) -> None:
    if name in (*FACETS, "keyword") and value != get(name):
        st.session_state.pop(_LIST_PAGE, None)  # a new result starts on its first page
    st.session_state[_STATE[name]] = tuple(value) if name in FACETS else value


def filters() -> Filters:
    return Filters(
        sectors=frozenset(get("sectors")),
        prefectures=frozenset(get("prefectures")),
        rounds=frozenset(get("rounds")),
        keyword=get("keyword") or "",
    )


def display() -> Display:
    return Display(colour_by=get("colour_by"), basemap=get("basemap"))


def versions() -> tuple[str, str]:
    """(the version shown, the version compared with): "" is the current list, no comparison."""
    return get("version"), get("since")


def set_versions(version: str, since: str) -> None:
    set_value("version", version)
    set_value("since", since)


def show_current_version() -> None:
    """on_click: back from a pinned version to the current list."""
    mark_interaction()
    set_value("version", "")


def set_filters(filters: Filters) -> None:
    set_value("sectors", tuple(sorted(filters.sectors)))
    set_value("prefectures", tuple(sorted(filters.prefectures)))
    set_value("rounds", tuple(sorted(filters.rounds)))
    set_value("keyword", filters.keyword)


def set_display(display: Display) -> None:
    set_value("colour_by", display.colour_by)
    set_value("basemap", display.basemap)


def drop_unknown_values(options: Options) -> list[str]:
    """Remove values no option of this dataset matches (a stale session, another dataset);
    name them. A default the dataset does not offer is replaced silently."""
    ignored: list[str] = []
    for name in FACETS:
        values = get(name)
        known = options.facets.get(name, ())
        unknown = [v for v in values if v not in known]
        if unknown:
            ignored += [str(v) for v in unknown]
            set_value(name, [v for v in values if v in known])
    for name, (values, default) in options.choices.items():
        if get(name) not in values:
            if _STATE[name] in st.session_state:
                ignored.append(str(get(name)))
            set_value(name, default)
    return ignored


def reset_filters() -> None:
    mark_interaction()
    for name in (*FACETS, "keyword"):
        set_value(name, _DEFAULTS[name])


def controlled(name: str, place: str = "sidebar") -> dict:
    """Keyword arguments for the widget that shows state ``name``: value set from the state.

    ``place`` tells apart two widgets of one state (the sidebar, and the filter bar shown
    above the map on narrow screens)."""
    key = WIDGET_KEYS[name] if place == "sidebar" else f"{place}_{WIDGET_KEYS[name]}"
    value = get(name)
    st.session_state[key] = list(value) if name in FACETS else value
    return {"key": key, "on_change": _commit, "args": (name, key)}


def controlled_range(rounds: tuple[int, ...], place: str = "sidebar") -> dict:
    """Keyword arguments for the round-range slider: a second view of the rounds filter,
    from its first to its last chosen round (all of them when none is chosen)."""
    base = WIDGET_KEYS["round_range"]
    key = base if place == "sidebar" else f"{place}_{base}"
    chosen = [r for r in rounds if r in set(get("rounds"))] or list(rounds)
    st.session_state[key] = (chosen[0], chosen[-1])
    return {"key": key, "on_change": _commit_range, "args": (key, rounds)}


def _commit_range(key: str, rounds: tuple[int, ...]) -> None:
    """on_change: every round from the first to the last; the whole range means all."""
    mark_interaction()
    first, last = st.session_state[key]
    picked = [r for r in rounds if first <= r <= last]
    set_value("rounds", () if len(picked) == len(rounds) else picked)


def _commit(name: str, key: str) -> None:
    """on_change: the widget's value (read with the labels it was shown with) → state."""
    mark_interaction()
    set_value(name, st.session_state[key])


# --- language and embedding ---
def language() -> str:
    """``?lang=``, else the browser's language, else Japanese; decided once per session (the
    page title needs it before anything is drawn), then changed by the switch or a link."""
    if st.session_state.get(_LANGUAGE) not in LANGUAGES:
        st.session_state[_LANGUAGE] = pick_language(st.query_params.get("lang"), st.context.locale)
    return st.session_state[_LANGUAGE]


def set_language(code: str) -> None:
    if code in LANGUAGES:
        st.session_state[_LANGUAGE] = code


def language_widget() -> dict:
    st.session_state[WIDGET_KEYS["language"]] = language()
    return {"key": WIDGET_KEYS["language"], "on_change": _commit_language}


def _commit_language() -> None:
    mark_interaction()
    set_language(st.session_state[WIDGET_KEYS["language"]])


def embedded() -> bool:
    return bool(st.session_state.get(_EMBED))


def set_embedded(value: bool) -> None:
    st.session_state[_EMBED] = value


# --- selection (callbacks of the list's and the area choice's buttons) ---
def choose(project_id: str, bounds=None) -> None:
    mark_interaction()
    selection().select(project_id, bounds=bounds)


# --- an uploaded table: this session's only, forgotten with it ---
def upload() -> Any:
    """The session's ``components.uploaded_table.UploadedTable``, or None."""
    return st.session_state.get(_UPLOAD)


def set_upload(value: Any) -> None:
    st.session_state[_UPLOAD] = value


def refused_upload(digest: str) -> str | None:
    """Why the file of content ``digest`` was refused, when it was this session's last."""
    refused = st.session_state.get(_REFUSED)
    return refused[1] if refused and refused[0] == digest else None


def remember_refused_upload(digest: str, message: str) -> None:
    st.session_state[_REFUSED] = (digest, message)


def forget_upload() -> None:
    mark_interaction()
    st.session_state.pop(_UPLOAD, None)
    reset_filters()
    selection().clear()


def widget_value(key: str) -> Any:
    """The value of an uncontrolled widget (the upload form's column choices)."""
    return st.session_state.get(key)


# --- the project list's page ---
def list_page(*, pages: int, selected: str | None, selected_page: int | None) -> int:
    """The page to show: the one the user turned to, or the page of a project just selected
    (on the map or by a link), within ``pages``."""
    if selected is not None and selected != st.session_state.get(_LIST_FOLLOWED):
        st.session_state[_LIST_FOLLOWED] = selected
        if selected_page is not None:
            st.session_state[_LIST_PAGE] = selected_page
    page = min(max(int(st.session_state.get(_LIST_PAGE, 0)), 0), max(pages - 1, 0))
    st.session_state[_LIST_PAGE] = page
    return page


def set_list_page(page: int) -> None:
    mark_interaction()
    st.session_state[_LIST_PAGE] = page
