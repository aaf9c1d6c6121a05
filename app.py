"""関西☆地域発!稼ぎ頭プロジェクトマップ — wires the components; holds no logic."""

import streamlit as st

from components import page
from components.assets import publish_assets
from components.data import data_paths, load_app_data
from components.detail import render_detail
from components.language import current_language, render_language_switch
from components.map import render_map
from components.project_list import render_project_list
from components.selection import current_focus, fit_request, handle_map_event, selected_id
from components.share import render_share_panel
from components.sidebar import current_display, current_filters, drop_unknown_values, render_sidebar
from components.strings import t
from components.url_sync import (
    EMBED_KEY,
    current_view,
    keep_view_on_remount,
    read_url,
    write_url,
)
from geo.filters import filter_projects
from geo.projects import ProjectsFileError

st.set_page_config(page_icon="🗾", layout="wide")
projects_path, boundaries_dir = data_paths()
try:
    with st.spinner(t("boundaries_building", current_language())):
        data = load_app_data(str(projects_path), str(boundaries_dir))
except ProjectsFileError as err:
    page.render_data_error(err, current_language())
    st.stop()

projects = data.projects
ignored = read_url(projects)
language = current_language()
embed = bool(st.session_state.get(EMBED_KEY))
st.set_page_config(page_title=t("page_title", language))
if embed:
    ignored += drop_unknown_values()
    filters, display = current_filters(), current_display()
else:
    render_language_switch(language)
    filters, display, stale = render_sidebar(projects, language)
    ignored += stale
filtered = filter_projects(projects, filters)
selected = selected_id(list(filtered["id"]))
keep_view_on_remount(display, language, selected)
if embed:
    page.render_embed_header(len(filtered), len(projects), language)
else:
    page.render_header(len(filtered), len(projects), language)
page.render_notices(data, ignored, filtered.empty, language)

map_column, side_column = st.columns([5, 3], gap="medium") if not embed else (st.container(), None)
with map_column:
    event = render_map(
        filtered,
        publish_assets(data.boundaries_dir),
        display.basemap,
        display.colour_by,
        data.as_of,
        fit_request(filters, filtered),
        current_focus(),
        language,
    )
    handle_map_event(event, projects)
    page.render_attribution(data, language)
selected = selected_id(list(filtered["id"]))  # again: a click on the map may have changed it
if side_column is not None:
    with side_column:
        render_detail(projects, selected, language)
        render_share_panel(
            current_view(filters, display, language, selected), filtered, data, language
        )
        render_project_list(filtered, projects, selected, language)
write_url(filters, display, language, selected, event)
