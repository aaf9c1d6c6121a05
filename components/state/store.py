"""The app's session state: with ``inputs`` (each value's one widget) and ``chart_picks`` (the
overview's clicks), the only code that reads or writes ``st.session_state``.

State is kept in slugs and codes under private keys, one per field of the registry
(``geo.fields``), because a widget's own key is forgotten in any run that does not draw it
(an embedded page draws no filters). ``set_value`` is a change from anything but the value's
own input (a link, Back/Forward, reset, a chart's click): the input shows it next run;
``store_input`` is the input's own (``inputs``).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import streamlit as st
from streamlit import runtime
from streamlit.runtime.scriptrunner import get_script_run_ctx

from components.state.moves import MapMoves
from components.state.selection import Selection
from geo.choices import Display, Options
from geo.fields import REGISTRY
from geo.table.filters import Filters
from geo.words.strings import LANGUAGES, pick_language

_INTERACTION = "_interaction"
_UPLOAD = "_upload"  # this session's uploaded table (never stored anywhere else)
_REFUSED = "_upload_refused"  # (content hash, why) of the last file refused
_LIST_PAGE = "_list_page"  # the project list's page
_LIST_FOLLOWED = "_list_followed"  # the selection the list last turned to
_LANGUAGE = "_language"
_EMBED = "_embed"
_REVISIONS = "_state_revisions"  # field name → how often something other than its input set it
_RUNS = "_runs"  # full runs of the script finished in this session
_IN_FULL_RUN = "_in_full_run"  # a full run has started and not yet finished
_FILTERS_SEQ = "_filters_seq"  # the filter panel's last change taken (its sequence number)
# The fields kept in this session's state (the project, the view, the language and embedding
# have owners of their own: ``selection``, ``moves``, ``language``, ``embedded``).
STATE_FIELDS: tuple[str, ...] = ("keyword", "colour_by", "basemap", "version", "since")


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
def _names() -> tuple[str, ...]:
    return (*REGISTRY.facet_names, *STATE_FIELDS)


def state_key(name: str) -> str:
    """The session key of state ``name``: for tests that simulate a session from an older
    version of the app (nothing else needs it)."""
    if name not in _names():
        raise KeyError(name)
    return f"_state_{name}"


def get(name: str) -> Any:
    return st.session_state.get(state_key(name), REGISTRY[name].default)


def store_input(name: str, value: Any) -> None:
    """Set state ``name`` from its own input (its callback, ``inputs``): the input already
    shows it."""
    if REGISTRY[name].is_facet:
        value = tuple(sorted(dict.fromkeys(value), key=str))
    if (REGISTRY[name].is_facet or name == "keyword") and value != get(name):
        st.session_state.pop(_LIST_PAGE, None)  # a new result starts on its first page
    st.session_state[state_key(name)] = value


def revision(name: str) -> int:
    """How often state ``name`` was set by anything but its own input (``inputs``)."""
    return st.session_state.get(_REVISIONS, {}).get(name, 0)


def set_value(name: str, value: Any) -> None:
    """Set state ``name`` from anything but its own input: the input shows it next run."""
    store_input(name, value)
    revisions = st.session_state.setdefault(_REVISIONS, {})
    revisions[name] = revisions.get(name, 0) + 1


def filters() -> Filters:
    facets = {name: frozenset(get(name)) for name in REGISTRY.facet_names}
    return Filters(keyword=get("keyword") or "", **facets)


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


def filters_seq() -> int:
    """The sequence number of the filter panel's last change this session took (0: none)."""
    return st.session_state.get(_FILTERS_SEQ, 0)


def take_filters_change(seq: int, chosen: dict[str, list], keyword: str) -> None:
    """The filter panel's change ``seq``: each facet's values and the keyword, as its inputs
    (the panel already shows them)."""
    st.session_state[_FILTERS_SEQ] = max(seq, filters_seq())
    for name in REGISTRY.facet_names:
        if name in chosen:
            store_input(name, chosen[name])
    store_input("keyword", keyword)


def set_filters(filters: Filters) -> None:
    for name, chosen in filters.items():
        set_value(name, chosen)
    set_value("keyword", filters.keyword)


def set_display(display: Display) -> None:
    set_value("colour_by", display.colour_by)
    set_value("basemap", display.basemap)


def drop_unknown_values(options: Options) -> list[str]:
    """Remove values no option of this dataset matches (a stale session, another dataset);
    name them. A default the dataset does not offer is replaced silently."""
    ignored: list[str] = []
    for name in REGISTRY.facet_names:
        values = get(name)
        known = set(options.facets.get(name, ()))
        unknown = [v for v in values if v not in known]
        if unknown:
            ignored += [str(v) for v in unknown]
            set_value(name, [v for v in values if v in known])
    for name, (values, default) in options.choices.items():
        if get(name) not in values:
            if state_key(name) in st.session_state:
                ignored.append(str(get(name)))
            set_value(name, default)
    return ignored


def reset_filters() -> None:
    mark_interaction()
    for name in (*REGISTRY.facet_names, "keyword"):
        set_value(name, REGISTRY[name].default)


# --- runs: a full run, or the map's fragment alone ---
def begin_run() -> None:
    """A full run of the script starts (the map's fragment then runs as part of it)."""
    st.session_state[_IN_FULL_RUN] = True


def in_full_run() -> bool:
    """Whether the code running is part of a full run, not a rerun of a fragment alone."""
    return bool(st.session_state.get(_IN_FULL_RUN))


def finish_run() -> int:
    """A full run reached its end: count it (the page says which run it shows, and
    ``devkit.pages`` waits on that); return the count."""
    st.session_state[_IN_FULL_RUN] = False
    st.session_state[_RUNS] = st.session_state.get(_RUNS, 0) + 1
    return st.session_state[_RUNS]


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


def embedded() -> bool:
    return bool(st.session_state.get(_EMBED))


def set_embedded(value: bool) -> None:
    st.session_state[_EMBED] = value


# --- selection (callbacks of the list's and the area choice's buttons) ---
def choose(project_id: str, bounds=None) -> None:
    mark_interaction()
    selection().select(project_id, bounds=bounds)


# --- an uploaded table: this session's only, forgotten with it ---
T = TypeVar("T")


def remembered(name: str, key: Hashable, make: Callable[[], T]) -> T:
    """One value per ``name`` for this session, made again when ``key`` changes. What is made
    of a visitor's own data (an upload's words, a typed keyword in a link) is kept with their
    session and goes with it, never in a process-wide cache."""
    slot = f"_remembered_{name}"
    held = st.session_state.get(slot)
    if held is not None and held[0] == key:
        return held[1]
    value = make()
    st.session_state[slot] = (key, value)
    return value


def job_owner() -> dict[str, Any]:
    """``owner`` and ``gone`` for ``geo.jobs.run_job``: this session has one job at a time,
    and its job is cancelled once Streamlit's runtime no longer has the session (the tab was
    closed). Outside a server (AppTest, the CLI) nothing is known to leave."""
    context = get_script_run_ctx()
    if context is None or not runtime.exists():
        return {"owner": None, "gone": None}
    session, server = context.session_id, runtime.get_instance()
    return {"owner": session, "gone": lambda: not server.is_active_session(session)}


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
