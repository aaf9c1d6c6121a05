"""The filtered projects as a list: the map's text alternative (number, colour chip and
sector names, name, lead, area). Choosing one selects it and brings it into view.

Buttons, not a radio: a click is an event, while a radio's value could be sent back stale by a
rerun that the map requests during a run, undoing a selection made on the map. The list's
roles and ``aria-current`` are set by the page script (``page_support.html``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import streamlit as st

from components.i18n import md_escape
from components.map.geometry import latlng_bounds
from components.state import inputs, store
from components.ui.page import LIST_ANCHOR
from geo.dataset import Dataset
from geo.words import project_title, sector_labels, t, text

# Entries per page: a table of thousands stays quick to draw and to read; as many as the
# 23-project list, so a filter change at 5,000 rows draws no more than one at 23 (bench.scale).
PAGE_SIZE = 25


def render_project_list(
    filtered: pd.DataFrame,
    selected: str | None,
    dataset: Dataset,
    language: str,
    *,
    marks: Mapping[str, str] | None = None,
) -> None:
    """The shown projects in number order, ``PAGE_SIZE`` at a time; ``marks`` (id → "added"
    or "changed") badges the compared view's changes."""
    marks = marks or {}
    st.subheader(t("project_list", language), anchor=LIST_ANCHOR)

    pages = -(-len(filtered) // PAGE_SIZE)
    found = np.flatnonzero(filtered["id"].to_numpy() == selected) if selected else []
    position = int(found[0]) if len(found) else None
    page = store.list_page(
        pages=pages,
        selected=selected,
        selected_page=None if position is None else position // PAGE_SIZE,
    )
    shown = filtered.iloc[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
    if pages > 1:
        _render_pager(page, pages, len(filtered), language)
    with st.container(key="project_list"):
        for row in shown.to_dict("records"):  # plain dicts: a Series per row costs 0.1 ms
            with st.container(key=f"item-{row['primary_sector']}-{row['id']}", gap="small"):
                st.button(
                    md_escape(project_title(row, language)),
                    key=f"pick_{row['id']}",
                    type="primary" if row["id"] == selected else "tertiary",
                    on_click=inputs.choose,
                    args=(row["id"], latlng_bounds(row["bounds"])),
                    use_container_width=True,
                )
                details = list_details(row, dataset, language)
                if mark := marks.get(row["id"]):
                    details = f"【{t(f'badge_{mark}', language)}】 {details}"
                st.caption(md_escape(details))


def list_details(row: Mapping, dataset: Dataset, language: str) -> str:
    """「分野 — 主体: … — 地域: …」, leaving out what the row does not have."""
    lead, area = text(row, "lead", language), text(row, "area", language)
    parts = [
        sector_labels(row["sectors"], dataset, language),
        f"{t('lead', language)}: {lead}" if lead else "",
        f"{t('area', language)}: {area}" if area else "",
    ]
    return " — ".join(p for p in parts if p)


def _render_pager(page: int, pages: int, total: int, language: str) -> None:
    first, last = page * PAGE_SIZE + 1, min((page + 1) * PAGE_SIZE, total)
    st.caption(t("list_range", language, first=f"{first:,}", last=f"{last:,}", total=f"{total:,}"))
    back, forward = st.columns(2)
    back.button(
        t("list_previous", language, count=PAGE_SIZE),
        key="list_previous",
        disabled=page == 0,
        on_click=store.set_list_page,
        args=(page - 1,),
        icon=":material/chevron_left:",
        width="stretch",
    )
    forward.button(
        t("list_next", language, count=PAGE_SIZE),
        key="list_next",
        disabled=page >= pages - 1,
        on_click=store.set_list_page,
        args=(page + 1,),
        icon=":material/chevron_right:",
        width="stretch",
    )
