"""Counting what people use (``geo.counts``), where each action is handled, once; the only
code that decides whether this session may be counted. Nothing of the visitor is kept: a
session is asked once whether its browser refuses counting (``DNT: 1`` or ``Sec-GPC: 1``),
and that answer stays in the session alone. An uploaded table's projects and filters are
never counted (its values are the visitor's own)."""

from __future__ import annotations

import functools
import hmac
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from components.map.assets import PUBLISHED, STATIC_DIR
from components.state import store
from geo.counts import events
from geo.counts.database import CountsDatabase, open_database
from geo.counts.events import Event, facet_key, refuses_counting
from geo.counts.recorder import CountsConfig, Recorder, counts_config, process_recorder
from geo.fields import REGISTRY
from geo.table.filters import Filters

_ALLOWED = "_counts_allowed"  # this session's browser does not refuse counting
_VISITED = "_counts_visited"  # this session's page opening has been counted
_FILTERS_BEFORE = "_counts_filters_before"  # the filters before this run's filter change
_HELD = "_counts_held"  # (event, key) counted before the browser said whether it may be
HELD_MAX = 100
OPEN_DATA_FILE = STATIC_DIR / PUBLISHED / "counts.csv"  # /app/static/gen/counts.csv
# The owner page's URL: ?view=counts&token=… (``COUNTS_TOKEN``), a value of the key that
# also says ``embed``; without the token there is no such page, only an unknown value and an
# unknown key, ignored with the notice any link's unknown items get.
OWNER_VIEW_KEY, OWNER_VIEW, OWNER_TOKEN_KEY = REGISTRY["embed"].key, "counts", "token"
# What counts a visitor's own data: not counted while an uploaded table is shown.
_OF_THE_DATA = (events.PROJECT_OPENED, events.OPENED_FROM, events.FILTER_APPLIED)


@functools.cache
def config() -> CountsConfig:
    return counts_config()


def _recorder() -> Recorder | None:
    settings = config()
    return process_recorder(settings, OPEN_DATA_FILE) if settings.enabled else None


def _allowed() -> bool | None:
    """Whether this session may be counted: None until its browser has said (the map's first
    report); False at once when the WebSocket's own headers refuse (Firefox sends them)."""
    if st.session_state.get(_ALLOWED) is None and refuses_counting(st.context.headers or {}):
        st.session_state[_ALLOWED] = False
    return st.session_state.get(_ALLOWED)


def count(event: Event, key: str) -> None:
    """Add one ``event`` of ``key``, unless counting is off or this browser refuses it; held
    in the session until its browser has said whether it does."""
    if event in _OF_THE_DATA and store.upload() is not None:
        return
    if (recorder := _recorder()) is None or (allowed := _allowed()) is False:
        return
    if allowed:
        recorder.add(event, key)
        return
    held = st.session_state.setdefault(_HELD, [])
    if len(held) < HELD_MAX:
        held.append((event, key))


def browser_answered(*, refused: bool | None) -> None:
    """The browser's answer (the map's report): what was held is counted, or forgotten."""
    if refused is None or st.session_state.get(_ALLOWED) is not None:
        return
    st.session_state[_ALLOWED] = not refused
    held = st.session_state.pop(_HELD, [])
    if not refused and (recorder := _recorder()) is not None:
        for event, key in held:
            recorder.add(event, key)


def count_page_opened(*, embed: bool, language: str) -> None:
    """A page opened (a tab: its session's first run), and its language."""
    if st.session_state.get(_VISITED):
        return
    st.session_state[_VISITED] = True
    count(events.VISIT, "embed" if embed else "page")
    count(events.LANGUAGE, language)


def count_link_opened(params: dict, project: str | None) -> None:
    """A session's first page came from a link with a view in it (not a bare address)."""
    if st.session_state.get(_VISITED) or not any(REGISTRY.by_key(k) for k in params):
        return
    count(events.LINK_OPENED, "with_project" if project else "without_project")
    if project:
        count_project_opened(project, via="link")


def count_project_opened(project_id: str, *, via: str) -> None:
    count(events.PROJECT_OPENED, project_id)
    count(events.OPENED_FROM, via)


def filters_changing(before: Filters) -> None:
    """A filter input's callback is about to change the filters from ``before``: counted by
    ``count_filters_applied`` once the run has checked the new values against the dataset
    (a value sent by the browser is counted only when the dataset knows it)."""
    st.session_state.setdefault(_FILTERS_BEFORE, before)


def count_filters_applied(after: Filters) -> None:
    """Each facet value the filters gained since ``filters_changing`` (``facet=value``; a
    value dropped is not a filter applied), and ``keyword`` for a new keyword (never its
    words)."""
    before = st.session_state.pop(_FILTERS_BEFORE, None)
    if before is None:
        return
    for name, value in sorted(_pairs(after) - _pairs(before), key=str):
        count(events.FILTER_APPLIED, facet_key(REGISTRY[name].key, value))
    if after.keyword and after.keyword != before.keyword:
        count(events.FILTER_APPLIED, "keyword")


def _pairs(filters: Filters) -> set[tuple[str, object]]:
    return {(name, value) for name, chosen in filters.items() for value in chosen}


T = TypeVar("T")


def counted_export(build: Callable[[], T], fmt: str) -> Callable[[], T]:
    """A download's builder that counts the export when it runs (once per click). It runs
    outside the session's run, so whether to count is decided now (not counted while the
    browser has not said)."""
    recorder = _recorder() if _allowed() else None

    def build_and_count() -> T:
        made = build()
        if recorder is not None:
            recorder.add(events.EXPORT, fmt)
        return made

    return build_and_count


def owner_page_asked() -> bool:
    """The URL asks for the owner page with the right token (compared in constant time).
    With no token set, or a wrong one, there is no owner page."""
    token = config().token
    params = st.query_params
    if not token or params.get(OWNER_VIEW_KEY) != OWNER_VIEW:
        return False
    given = params.get(OWNER_TOKEN_KEY) or ""
    return hmac.compare_digest(given.encode("utf-8"), token.encode("utf-8"))


def counts_database() -> CountsDatabase:
    """The database the owner page reads (the recorder's own, so it sees what was written)."""
    recorder = _recorder()
    if recorder is not None:
        recorder.flush()  # what this copy holds, written before it is read
        return recorder.database
    return open_database(config().database_url)
