"""Share panel: the link to this view (copy, QR code), an iframe embed snippet, and exports of
what is shown (CSV, GeoJSON, a standalone HTML map)."""

from __future__ import annotations

import functools
import html
import io
from collections.abc import Callable
from pathlib import Path
from string import Template
from urllib.parse import urlsplit, urlunsplit

import segno
import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.map.geometry import latlng_bounds
from components.map.move_request import MoveRequest
from components.map.script import safe_json
from components.map.standalone import standalone_html
from components.printed_maps import printed_map
from components.state import usage
from components.state.store import job_owner, mark_interaction, remembered
from geo.counts.events import PRINT
from geo.jobs import JobFailed
from geo.link import LinkState, embed_url, link_url
from geo.output.exports import projects_csv, projects_geojson
from geo.output.printing import FORMATS, PAPERS, PRINT_MAX_PROJECTS, PrintError
from geo.view import DEFAULT_BASE_URL, View, printed_view
from geo.words import t


def app_base_url() -> str:
    """The app's address without query or fragment, as the browser sees it."""
    url = st.context.url or DEFAULT_BASE_URL
    scheme, netloc, path, _, _ = urlsplit(url)
    return urlunsplit((scheme, netloc, path or "/", "", ""))


def embed_snippet(state: LinkState, base: str, title: str) -> str:
    src = embed_url(state, base)
    return (
        f'<iframe src="{html.escape(src)}" title="{html.escape(title)}" '
        'width="100%" height="720" style="border:0" loading="lazy"></iframe>'
    )


def render_share_panel(view: View, *, data: AppData, language: str) -> None:
    """A button that opens the share dialog for ``view`` (``geo.view``: the link, and what it
    shows). The dialog's content (QR code, snippets, export buttons) is built only when it is
    opened, so ordinary reruns do not pay for it."""
    if st.button(
        t("share_title", language),
        key="open_share",
        icon=":material/share:",
        on_click=mark_interaction,
        use_container_width=True,
    ):
        st.dialog(t("share_title", language), width="large")(_share_dialog)(view, data, language)


def _share_dialog(view: View, data: AppData, language: str) -> None:
    if data.dataset.directory is None:  # an uploaded table: only this tab has it
        st.info(t("share_upload", language))
    else:
        _render_link(view.state, data, language)
    _render_print(view, data, language)
    _render_exports(view, data, language)


def _render_link(state: LinkState, data: AppData, language: str) -> None:
    base = app_base_url()
    link = link_url(state, base)
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
    st.code(
        embed_snippet(state, base, data.dataset.title.get(language)),
        language="html",
        wrap_lines=True,
    )


def _render_print(view: View, data: AppData, language: str) -> None:
    """「印刷用の地図」: made on the server only when asked for (a few seconds), then offered
    for download."""
    st.markdown(f"**{t('print_title', language)}**")
    st.caption(t("print_help", language))
    left, right = st.columns(2)
    paper = left.selectbox(
        t("print_paper", language),
        tuple(PAPERS),
        format_func=lambda p: t(f"paper_{p}", language),
        key="print_paper",
    )
    fmt = right.radio(
        t("print_format", language),
        FORMATS,
        format_func=lambda f: t(f"print_format_{f}", language),
        horizontal=True,
        key="print_format",
    )
    overview = st.checkbox(t("print_overview", language), key="print_overview")
    if not st.button(t("print_make", language), key="print_make", icon=":material/print:"):
        return
    shown = len(view.shown)
    if shown > PRINT_MAX_PROJECTS:
        st.error(t("print_too_many", language, count=f"{shown:,}", most=f"{PRINT_MAX_PROJECTS:,}"))
        return
    with st.spinner(t("print_making", language)):
        try:
            document = print_document(
                view.state,
                data,
                paper=paper,
                fmt=fmt,
                overview=overview,
                on_wait=lambda: st.info(t("job_waiting", language)),
            )
        except (PrintError, JobFailed) as err:
            st.error(md_escape(str(err)))
            return
    usage.count(PRINT, fmt)
    st.download_button(
        t("print_download", language, format=fmt.upper()),
        data=document,
        file_name=f"{data.dataset.slug}-map.{fmt}",
        mime=PRINT_MIME[fmt],
        key="print_download",
        on_click="ignore",
        type="primary",
    )


PRINT_MIME = {"pdf": "application/pdf", "svg": "image/svg+xml", "png": "image/png"}


def print_document(
    state: LinkState,
    data: AppData,
    *,
    paper: str,
    fmt: str,
    overview: bool = False,
    on_wait: Callable[[], None] | None = None,
) -> bytes:
    """The printable map of the view ``state`` describes, as ``python -m geo print --view``
    makes it (``geo.view.printed_view``), with the view's link unless the table was uploaded
    (no link can carry it), and with the overview's sector × prefecture counts when asked."""
    base = app_base_url() if data.dataset.directory else None
    view = printed_view(state, base_url=base, overview=overview)
    return printed_map(data, view, paper=paper, fmt=fmt, on_wait=on_wait, **job_owner())


def _render_exports(view: View, data: AppData, language: str) -> None:
    filtered = view.shown
    st.markdown(f"**{t('export_title', language)}**")
    st.caption(t("export_help", language, count=len(filtered)))
    exports = (
        (
            "export_csv",
            lambda: projects_csv(filtered, data.dataset, data.as_of),
            "projects.csv",
            "text/csv",
        ),
        (
            "export_geojson",
            lambda: projects_geojson(filtered, data.dataset, data.as_of),
            "projects.geojson",
            "application/geo+json",
        ),
        (
            "export_html",
            lambda: _standalone(view, data, language),
            "map.html",
            "text/html",
        ),
    )
    for key, build, name, mime in exports:
        # Built only when clicked (a callable); "ignore": a download reruns nothing.
        st.download_button(
            t(key, language),
            data=usage.counted_export(build, name.rsplit(".", 1)[-1]),
            file_name=f"{data.dataset.slug}-{name}",
            mime=mime,
            key=key,
            on_click="ignore",
        )


def _standalone(view: View, data: AppData, language: str) -> str:
    """The shown projects as one HTML file, opening where the view's map does."""
    extent, move = view.extent, None
    if extent.zoom is not None:
        move = MoveRequest(1, center=extent.center, zoom=extent.zoom)
    elif extent.box is not None:
        move = MoveRequest(1, latlng_bounds(extent.box))
    return standalone_html(
        view.shown,
        dataset=data.dataset,
        boundaries=data.boundary_layers,
        display=view.display,
        as_of=data.as_of,
        move=move,
        language=language,
    )


def _qr_png(link: str) -> bytes:
    """The link's QR code (20 ms to make): kept with the session, since a link may carry the
    visitor's own words (a keyword)."""
    return remembered("qr", link, lambda: _make_qr_png(link))


def _make_qr_png(link: str) -> bytes:
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
