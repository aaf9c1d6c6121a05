"""関西☆地域発!稼ぎ頭プロジェクトマップ — wires the components; holds no logic."""

import streamlit as st

from components.data import AppData, data_paths, open_app_data
from components.i18n import t
from components.map.geometry import bounds_of
from components.map.render import render_map
from components.state import store
from components.state.url_sync import link_state, read_url, write_url
from components.ui import page
from components.ui.detail import render_detail
from components.ui.language import render_language_switch
from components.ui.project_list import render_project_list
from components.ui.share import render_share_panel
from components.ui.sidebar import render_filter_bar, render_sidebar
from geo.filters import filter_projects

with st.spinner(t("boundaries_building", store.language())):
    data = open_app_data(*data_paths())
ignored = read_url(data.projects) if isinstance(data, AppData) else []
language = store.language()  # a link may have changed it
st.set_page_config(page_title=t("page_title", language), page_icon="🗾", layout="wide")
if not isinstance(data, AppData):
    page.render_data_error(data, language)
    st.stop()

projects = data.projects
ignored += store.drop_unknown_values()
embed = store.embedded()
if not embed:
    render_language_switch(language)
    render_sidebar(projects, language)
filters, display = store.filters(), store.display()
filtered = filter_projects(projects, filters)
moves, selection = store.moves(), store.selection()
selected = selection.selected(filtered["id"])
moves.keep_view_on_remount((display.basemap, display.colour_by, language), selected)
page.render_page_support(language)
page.render_header(len(filtered), len(projects), embed=embed, language=language)
page.render_notices(data, ignored, empty=filtered.empty, language=language)
if not embed:
    render_filter_bar(projects, language)
    page.render_skip_link(language)

map_column, side_column = page.columns(embed)
with map_column:
    event = render_map(
        filtered,
        assets=data.assets,
        display=display,
        as_of=data.as_of,
        language=language,
        fit=moves.fit_request(filters, filtered, bounds_of(filtered)),
        focus=moves.focus(),
        embed=embed,
    )
    moves.observe(event)
    selection.on_map_event(event, filtered["id"])
    page.render_attribution(data, language)
selected = selection.selected(filtered["id"])  # again: a click on the map may have changed it
if side_column is not None:
    with side_column:
        render_detail(projects, selected, language)
        render_share_panel(
            link_state(filters, display, language, selected),
            filtered,
            data=data,
            language=language,
        )
        render_project_list(filtered, selected, language)
write_url(filters, display, language, selected)
