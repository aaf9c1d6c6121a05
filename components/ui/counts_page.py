"""The publisher's page of counts (``?view=counts&token=…``): what people used, from the
same summary as ``python -m geo counts``, every count below five shown as "< 5"."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.data import AppData, data_paths, open_app_data
from components.state import usage
from components.ui import page
from geo.counts.database import CountsDatabaseError
from geo.counts.events import EVENT_NAMES, PROJECT_OPENED, SMALL_COUNT
from geo.counts.report import TOP_ROWS, labelled, summary, weekly
from geo.words import t
from geo.words.project_text import text


def render_counts_page(language: str) -> None:
    st.set_page_config(page_title=t("counts_title", language), page_icon="🗾", layout="wide")
    data = open_app_data(data_paths())
    names: dict[str, str] = {}
    if isinstance(data, AppData):
        page.render_page_support(data.dataset, language)
        names = {row["id"]: text(row, "name", language) for _, row in data.projects.iterrows()}
    st.title(t("counts_title", language))
    st.caption(t("counts_help", language, days=usage.config().retention_days))
    database = usage.counts_database()
    try:
        database.migrate()
        rows, lost = database.rows(), database.lost()
    except CountsDatabaseError as err:
        st.error(t("counts_unreachable", language))
        st.code(str(err), language=None)
        return
    if lost:
        st.warning(t("counts_lost", language, count=lost))
    _weekly_chart(rows, language)
    left, right = st.columns(2)
    for number, table in enumerate(summary(rows)):
        with left if number % 2 == 0 else right:
            st.subheader(t(f"counts_event_{table.event.name}", language))
            shown = labelled(table, names if table.event is PROJECT_OPENED else {})
            if not shown:
                st.caption(t("counts_none", language))
                continue
            frame = pd.DataFrame(
                shown[:TOP_ROWS], columns=[t("counts_key", language), t("counts_count", language)]
            )
            st.table(frame.set_index(t("counts_key", language)))  # a real table, for every reader


def _event_label(name: str, language: str) -> str:
    """An event's heading; a name this version does not know (a newer copy's) as it is."""
    return t(f"counts_event_{name}", language) if name in EVENT_NAMES else name


def _weekly_chart(rows, language: str) -> None:
    """Events per week (its Monday); a week's count below five is drawn as none."""
    weeks = weekly(rows)
    if not weeks:
        st.info(t("counts_none", language))
        return
    frame = pd.DataFrame(
        [
            {
                t("counts_week", language): week.isoformat(),
                t("counts_event", language): _event_label(name, language),
                t("counts_count", language): count if count >= SMALL_COUNT else 0,
            }
            for week, events in weeks.items()
            for name, count in events.items()
        ]
    )
    st.subheader(t("counts_per_week", language))
    st.bar_chart(
        frame,
        x=t("counts_week", language),
        y=t("counts_count", language),
        color=t("counts_event", language),
        height=260,
    )
