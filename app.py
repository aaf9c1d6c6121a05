"""関西☆地域発!稼ぎ頭プロジェクトマップ — wires the components; holds no logic."""

from urllib.parse import urlencode

import streamlit as st

from components.data import AppData, data_paths, freeze_shared_objects, open_app_data
from components.state import store, usage
from components.state.url_sync import link_state, read_url, write_url
from components.ui import page
from components.ui.counts_page import render_counts_page
from components.ui.detail import render_detail
from components.ui.filter_panel import panel_data
from components.ui.language import render_language_switch
from components.ui.map_panel import render_map_panel
from components.ui.overview_panel import render_overview
from components.ui.project_list import render_project_list
from components.ui.share import app_base_url, render_share_panel
from components.ui.sidebar import render_filter_line, render_sidebar
from components.ui.upload_form import render_upload_report
from components.ui.versions_panel import (
    changed_fields,
    marks,
    render_removed,
    render_version_notices,
    update_line,
)
from components.uploaded_table import shown_data
from components.versions import fate, shown_version, since_changes, unreadable
from geo.choices import options_for
from geo.link import link_url
from geo.table.filters import filter_projects
from geo.view import View
from geo.words import t

store.begin_run()
if usage.owner_page_asked():  # ?view=counts&token=…: the publisher's page, nothing else
    render_counts_page(store.language())
    page.render_run_mark(store.finish_run(), "")
    st.stop()
version_problem = None
with st.spinner(t("boundaries_building", store.language())):
    base = open_app_data(data_paths())
listing = shown_data(base) if isinstance(base, AppData) else base
data = listing
if isinstance(listing, AppData):
    options = listing.source.options
    ignored = read_url(lambda key: shown_version(listing, key)[0].projects, listing.source)
    data, version_problem = shown_version(listing, store.versions()[0])
language = store.language()  # a link may have changed it
title = data.dataset.title.get(language) if isinstance(data, AppData) else t("app_name", language)
st.set_page_config(page_title=title, page_icon="🗾", layout="wide")
if not isinstance(data, AppData):
    page.render_data_error(data, language)
    st.stop()

projects, dataset = data.projects, data.dataset
ignored += store.drop_unknown_values(options_for(dataset, listing.history.keys))
since = since_changes(listing, store.versions()[1], data)
marked = marks(since)  # project id → "added" / "changed", for the map and the list
# The state, read once: every widget's callback has run before this line.
filters, display, embed = store.filters(), store.display(), store.embedded()
filtered = filter_projects(projects, filters, data.facets)
usage.count_page_opened(embed=embed, language=language)
usage.count_filters_applied(filters)  # the filters a callback changed, checked by now
if not embed:
    render_language_switch(language)
    render_sidebar(
        panel_data(
            data.facets, filters, dataset, language, shown=len(filtered), total=len(projects)
        ),
        dataset,
        language,
        upload_base=base,
        options=options,
        history=listing.history,
    )
moves, selection = store.moves(), store.selection()
selected = selection.selected(filtered["id"])
moves.keep_view_on_remount((display.basemap, display.colour_by, language), selected)
page.render_page_support(dataset, language)
page.render_header(
    dataset,
    len(filtered),
    len(projects),
    embed=embed,
    language=language,
    updated=update_line(listing, language),
)
page.render_notices(data, ignored, empty=filtered.empty, language=language)
render_version_notices(
    data,
    pinned=data is not listing,
    since=since,
    gone=fate(listing, selection.unshown(), data),
    problem=version_problem or unreadable(listing, store.versions()[1]) or listing.history_problem,
    language=language,
)
if (uploaded := store.upload()) is not None and uploaded.build is not None:
    render_upload_report(uploaded, language)
if not embed:
    render_filter_line(filters, dataset, language)
    page.render_skip_link(language)

map_column, side_column = page.columns(embed)
with map_column:
    render_map_panel(
        filtered,
        data=data,
        filters=filters,
        display=display,
        language=language,
        embed=embed,
        marks=marked,
        app_url=app_base_url(),
    )
    page.render_attribution(data, language)
selected = selection.selected(filtered["id"])  # again: a click on the map may have changed it
link = link_state(filters, display, language, selected)
if side_column is not None:
    with side_column:
        render_detail(
            projects,
            selected,
            dataset,
            language,
            changes=changed_fields(since, selected),
            since=since,
            link=link_url(link, app_base_url()),
        )
        render_share_panel(View(link, projects, filtered), data=data, language=language)
        render_project_list(filtered, selected, dataset, language, marks=marked)
        render_removed(since, language)
        render_overview(filtered, filters, dataset, language)
held = write_url(link)
page.render_run_mark(store.finish_run(), urlencode(held, safe=","))
freeze_shared_objects()
