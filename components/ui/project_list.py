"""The filtered projects as a list: the map's text alternative (number, colour chip and
sector names, name, lead, area). Choosing one selects it and brings it into view.

Buttons, not a radio: a click is an event, while a radio's value could be sent back stale by a
rerun that the map requests during a run, undoing a selection made on the map. The list's
roles and ``aria-current`` are set by the page script (``page_support.html``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.i18n import md_escape, project_title, sector_labels, t, text
from components.map.geometry import latlng_bounds
from components.state import store
from components.ui.page import LIST_ANCHOR
from geo.dataset import Dataset


def render_project_list(
    filtered: pd.DataFrame, selected: str | None, dataset: Dataset, language: str
) -> None:
    st.subheader(t("project_list", language), anchor=LIST_ANCHOR)
    with st.container(key="project_list"):
        for _, row in filtered.sort_values("no").iterrows():
            with st.container(key=f"item-{row['primary_sector']}-{row['id']}", gap="small"):
                st.button(
                    md_escape(project_title(row, language)),
                    key=f"pick_{row['id']}",
                    type="primary" if row["id"] == selected else "tertiary",
                    on_click=store.choose,
                    args=(row["id"], latlng_bounds(row["bounds"])),
                    use_container_width=True,
                )
                st.caption(md_escape(list_details(row, dataset, language)))


def list_details(row: pd.Series, dataset: Dataset, language: str) -> str:
    """「分野 — 主体: … — 地域: …」, leaving out what the row does not have."""
    lead, area = text(row, "lead", language), text(row, "area", language)
    parts = [
        sector_labels(row["sectors"], dataset, language),
        f"{t('lead', language)}: {lead}" if lead else "",
        f"{t('area', language)}: {area}" if area else "",
    ]
    return " — ".join(p for p in parts if p)
