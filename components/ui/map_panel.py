"""The map's part of the page, as a fragment: the map's reports of its own view (after a fit,
a pan, a zoom) rerun this part alone, never the whole page. A click on a marker or an area
that selects a project reruns the whole page once (the detail, the list and the link follow).

In a full run the fragment runs as part of it and the page's end writes the link; in a run of
the fragment alone (a report of the map) it writes the link itself when the view the user
moved to changed it (``url_sync.write_url`` writes nothing otherwise).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from components.data import AppData
from components.map.geometry import bounds_of
from components.map.render import render_map
from components.state import store, usage
from components.state.url_sync import link_state, write_url
from geo.choices import Display
from geo.table.filters import Filters


@st.fragment
def render_map_panel(
    filtered: pd.DataFrame,
    *,
    data: AppData,
    filters: Filters,
    display: Display,
    language: str,
    embed: bool,
    marks: Mapping[str, str],
    app_url: str,
) -> None:
    """Draw the map of ``filtered`` (the shown rows of ``data``) and take what it reports."""
    moves, selection = store.moves(), store.selection()
    event = render_map(
        filtered,
        dataset=data.dataset,
        assets=data.assets,
        display=display,
        as_of=data.as_of,
        language=language,
        fit=moves.fit_request(filters, filtered, bounds_of(filtered)),
        focus=moves.focus(),
        embed=embed,
        catalog=data.catalog,
        home=moves.opening_home(data.version, filtered),
        on_report=store.mark_interaction,
        marks=marks,
        app_url=app_url,
        remember=lambda key, make: store.remembered("map_base", key, make),
        seq=store.filters_seq(),
    )
    moves.observe(event)
    if event is not None:
        usage.browser_answered(refused=event.counting_refused)
    clicked = selection.on_map_event(event, filtered["id"])
    if len(clicked) == 1:
        usage.count_project_opened(clicked[0], via=event.via)
    if store.in_full_run():
        return
    store.took_interaction()  # the map's report: taken here, so Back/Forward later is a new URL
    # A fragment's arguments are those of the last full run that drew it: when the state has
    # moved on since (a filter clicked while the map reported), the page must follow the state.
    stale = (filters, display, language) != (store.filters(), store.display(), store.language())
    if clicked or stale:
        store.mark_interaction()  # the whole page's run is the user's, not a new URL
        st.rerun(scope="app")
    write_url(link_state(filters, display, language, selection.selected(filtered["id"])))
