"""Share panel: the link to this view (copy, QR code), an iframe embed snippet, and exports of
what is shown (CSV, GeoJSON, a standalone HTML map)."""

from __future__ import annotations

import functools
import html
import io
from dataclasses import replace
from pathlib import Path
from string import Template
from urllib.parse import urlsplit, urlunsplit

import pandas as pd
import segno
import streamlit as st

from components.data import AppData
from components.i18n import t
from components.map.export import standalone_html
from components.map.geometry import bounds_of
from components.map.script import safe_json
from components.state.moves import MoveRequest
from components.state.options import Display
from components.state.store import mark_interaction
from components.state.url_codec import LinkState, query_string
from geo.exports import projects_csv, projects_geojson

FALLBACK_BASE = "http://localhost:8501/"


def app_base_url() -> str:
    """The app's address without query or fragment, as the browser sees it."""
    url = st.context.url or FALLBACK_BASE
    scheme, netloc, path, _, _ = urlsplit(url)
    return urlunsplit((scheme, netloc, path or "/", "", ""))


def share_link(state: LinkState, base: str) -> str:
    query = query_string(state)
    return f"{base}?{query}" if query else base


def embed_snippet(state: LinkState, base: str, language: str) -> str:
    embed_state = replace(state, embed=True)
    src = share_link(embed_state, base) + "&embed=true"
    title = t("page_title", language)
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" '
        'width="100%" height="720" style="border:0" loading="lazy"></iframe>'
    )


def render_share_panel(
    state: LinkState, filtered: pd.DataFrame, *, data: AppData, language: str
) -> None:
    """A button that opens the share dialog. The dialog's content (QR code, snippets, export
    buttons) is built only when it is opened, so ordinary reruns do not pay for it."""
    if st.button(
        t("share_title", language),
        key="open_share",
        icon=":material/share:",
        on_click=mark_interaction,
        use_container_width=True,
    ):
        st.dialog(t("share_title", language), width="large")(_share_dialog)(
            state, filtered, data, language
        )


def _share_dialog(state: LinkState, filtered: pd.DataFrame, data: AppData, language: str) -> None:
    base = app_base_url()
    link = share_link(state, base)
    st.caption(t("share_help", language))
    st.code(link, language=None, wrap_lines=True)
    _copy_button(link, language)
    st.image(
        _qr_png(link),
        caption=t("qr_caption", language),
        width=160,
        alt=t("qr_alt", language),
    )
    st.markdown(f"**{t('embed_title', language)}**")
    st.code(embed_snippet(state, base, language), language="html", wrap_lines=True)
    st.markdown(f"**{t('export_title', language)}**")
    st.caption(t("export_help", language, count=len(filtered)))
    exports = (
        ("export_csv", lambda: projects_csv(filtered, data.as_of), "projects.csv", "text/csv"),
        (
            "export_geojson",
            lambda: projects_geojson(filtered, data.as_of),
            "projects.geojson",
            "application/geo+json",
        ),
        (
            "export_html",
            lambda: _standalone(filtered, data, state, language),
            "map.html",
            "text/html",
        ),
    )
    for key, build, name, mime in exports:
        # Built only when clicked (a callable); "ignore": a download reruns nothing.
        st.download_button(
            t(key, language),
            data=build,
            file_name=f"kasegigashira-{name}",
            mime=mime,
            key=key,
            on_click="ignore",
        )


def _standalone(filtered: pd.DataFrame, data: AppData, state: LinkState, language: str) -> str:
    if state.center and state.zoom:
        move = MoveRequest(1, center=state.center, zoom=state.zoom)
    else:
        move = MoveRequest(1, bounds_of(filtered)) if not filtered.empty else None
    return standalone_html(
        filtered,
        boundaries=data.boundary_layers,
        display=Display(colour_by=state.colour_by, basemap=state.basemap),
        as_of=data.as_of,
        move=move,
        language=language,
    )


@st.cache_data(max_entries=256, show_spinner=False)
def _qr_png(link: str) -> bytes:
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=4, border=2)
    return buffer.getvalue()


@functools.cache
def _copy_button_template() -> Template:
    return Template((Path(__file__).parent / "copy_button.html").read_text("utf-8"))


def _copy_button(link: str, language: str) -> None:
    labels = {k: t(k, language) for k in ("copy_link", "copied", "copy_failed")}
    # Our own markup: the link is built from validated state and inserted as escaped JSON.
    markup = _copy_button_template().substitute(
        label=html.escape(labels["copy_link"]),
        link_json=safe_json(link),
        labels_json=safe_json(labels),
    )
    st.iframe(markup, height=44, alt=labels["copy_link"])
