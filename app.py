"""関西☆地域発!稼ぎ頭プロジェクトマップ — wires the components; holds no logic."""

import streamlit as st

from components.assets import publish_assets
from components.data import data_paths, load_app_data
from components.detail import render_detail
from components.language import current_language, render_language_switch
from components.map import render_map
from components.page import render_attribution, render_data_error, render_header, render_notices
from components.project_list import render_project_list
from components.selection import fit_request, handle_map_event, selected_id
from components.sidebar import render_sidebar
from components.strings import t
from geo.filters import filter_projects
from geo.projects import ProjectsFileError

language = current_language()
st.set_page_config(page_title=t("page_title", language), page_icon="🗾", layout="wide")
projects_path, boundaries_dir = data_paths()
try:
    with st.spinner(t("boundaries_building", language)):
        data = load_app_data(str(projects_path), str(boundaries_dir))
except ProjectsFileError as err:
    render_data_error(err, language)
    st.stop()

projects = data.projects
render_language_switch(language)
filters, display, ignored = render_sidebar(projects, language)
filtered = filter_projects(projects, filters)
render_header(len(filtered), len(projects), language)
render_notices(data, ignored, filtered.empty, language)

map_column, side_column = st.columns([5, 3], gap="medium")
with map_column:
    event = render_map(
        filtered,
        publish_assets(data.boundaries_dir),
        display.basemap,
        display.colour_by,
        data.as_of,
        fit_request(filters, filtered, st.session_state.get("_view")),
        st.session_state.get("focus"),
        language,
    )
    handle_map_event(event, projects)
    render_attribution(data, language)
selected = selected_id(list(filtered["id"]))
with side_column:
    render_detail(projects, selected, language)
    render_project_list(filtered, projects, selected, language)
