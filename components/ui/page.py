"""Page furniture: title and result count, notices and banners, attribution."""

from __future__ import annotations

import functools
import html
from pathlib import Path
from string import Template

import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.map.script import safe_json
from geo.dataset import Dataset, DatasetError
from geo.projects import ProjectsFileError
from geo.words import attribution_lines, t

IGNORED_SHOWN = 10  # a notice names at most this many ignored values


def render_header(
    dataset: Dataset,
    shown: int,
    total: int,
    *,
    embed: bool,
    language: str,
    updated: str | None = None,
) -> None:
    """Title, caption and result count; embedded, a one-line count with the map's name.
    ``updated``: the list's last update and what it changed (``versions_panel.update_line``)."""
    title = dataset.title.get(language)
    if embed:
        count = t("embed_count", language, shown=shown, total=total, title=title)
        st.caption(md_escape(count))
        return
    with st.container(key="page_header"):  # one line on a desktop (the stylesheet)
        st.title(md_escape(title))
        st.markdown(f"**{md_escape(t('result_count', language, shown=shown, total=total))}**")
        if updated:  # before the subtitle: on a desktop's one line, the subtitle is what is cut
            st.caption(md_escape(updated))
        if dataset.subtitle.ja:
            st.caption(md_escape(dataset.subtitle.get(language)))


def columns(embed: bool):
    """(map column, side panel); embedded, the map alone. On a desktop the side panel scrolls
    on its own beside the map (the stylesheet)."""
    if embed:
        return st.container(), None
    map_column, side_column = st.columns([3, 2], gap="medium")
    return map_column, side_column.container(key="side_panel")


def render_notices(data: AppData, ignored: list[str], *, empty: bool, language: str) -> None:
    """Always one container, so a notice coming or going never moves the map in the page
    (Streamlit would remount the map)."""
    with st.container():
        _notices(data, ignored, empty, language)


def _notices(data: AppData, ignored: list[str], empty: bool, language: str) -> None:
    if data.problem:
        reason = md_escape(data.problem.detail)
        st.warning(t(f"problem_{data.problem.kind}", language, reason=reason), icon="🗺️")
    if ignored:
        shown = ignored[:IGNORED_SHOWN]
        more = len(ignored) - len(shown)
        values = ", ".join(shown) + (t("and_more", language, count=more) if more else "")
        st.info(md_escape(t("ignored_values", language, values=values)))
    if empty:
        st.info(t("no_results", language))


def render_attribution(data: AppData, language: str) -> None:
    lines = attribution_lines(data.dataset, data.as_of, data.boundaries_dir is not None, language)
    st.caption("  \n".join(md_escape(line) for line in lines))


def render_data_error(err: ProjectsFileError | DatasetError, language: str) -> None:
    st.error(t("data_error", language))
    st.code(str(err), language=None)


@functools.cache
def _support_template() -> Template:
    return Template((Path(__file__).parent / "page_support.html").read_text("utf-8"))


def _chip_rules(dataset: Dataset) -> str:
    """One CSS rule per sector: the list's colour chip (a few strings a run: not cached, as
    an upload's dataset would stay in a process-wide cache). Slugs and colours are validated
    by ``geo.dataset`` (``[a-z0-9-]``, ``#RRGGBB``)."""
    return "\n".join(
        f'[class*="st-key-item-{s.slug}-"] [data-testid="stCaptionContainer"] p::before '
        f"{{ background: {s.colour}; }}"
        for s in dataset.sectors
    )


def render_page_support(dataset: Dataset, language: str) -> None:
    """Our stylesheet and a tiny same-origin script: the page's ``lang`` (Streamlit cannot set
    it, streamlit#8399), the project list's roles and ``aria-current``,
    the narrow-screen layout. Every value is ours (the catalog, the sector colours)."""
    config = {
        "lang": language,
        "list_label": t("project_list", language),
        "panel_hide": t("panel_hide", language),
        "filters_open": t("filters_open", language),
        "skip_main": t("skip_main", language),
        "upload_button": t("upload_button", language),
        "panel_show": t("panel_show", language),
    }
    st.html(
        _support_template().substitute(
            config_json=safe_json(config), chip_rules=_chip_rules(dataset)
        ),
        unsafe_allow_javascript=True,
    )


def render_run_mark(run: int, query: str) -> None:
    """The last element of a full run: which run of the session the page shows and the link
    (query string) it wrote, for whoever waits on the app (``devkit.pages.wait_ready``).
    Hidden by the stylesheet; both values are the app's own (a count, an encoded query)."""
    st.html(
        f'<span class="kasegi-run-mark" hidden data-run="{run}" '
        f'data-link="{html.escape(query, quote=True)}"></span>'
    )


def render_skip_link(language: str) -> None:
    """A link past the map to the list, its text alternative (WCAG 2.4.1)."""
    with st.container(key="skip_link"):  # shown when focused on a desktop (the stylesheet)
        st.markdown(f"[{md_escape(t('skip_to_list', language))}](#{LIST_ANCHOR})")


LIST_ANCHOR = "project-list"
