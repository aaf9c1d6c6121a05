"""「自分の表で地図を作る」: upload a table, confirm its columns, see the matching report.

Every text of the table is the uploader's: shown through widgets that render plain text
(selectbox options, ``st.dataframe``) or through ``md_escape``.
"""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.state import store
from components.uploaded_table import UploadedTable, build_upload, read_upload
from geo.intake.build_report import ReportRow, report_csv
from geo.intake.builder import BuildError
from geo.intake.reader import MAX_BYTES, MAX_ROWS, TableError
from geo.intake.reasons import Reason
from geo.intake.roles import ROLES, missing_roles
from geo.jobs import JobFailed
from geo.words import t

STATUSES = ("matched", "approximate", "warning", "ambiguous", "unmatched", "invalid")


def render_upload(base: AppData, language: str) -> None:
    """The upload form (in the sidebar): file, column roles, build button."""
    with st.expander(t("upload_title", language), expanded=store.upload() is not None):
        st.caption(t("upload_help", language, mb=MAX_BYTES // 2**20, rows=f"{MAX_ROWS:,}"))
        st.caption(t("upload_kept", language))
        if base.areas is None:
            st.caption(t("upload_needs_boundaries", language))
            return
        file = st.file_uploader(
            t("upload_file", language),
            type=["csv", "xlsx"],
            key="upload_file",
            on_change=store.mark_interaction,
        )
        uploaded = store.upload()
        if file is None:
            if uploaded is not None:
                store.forget_upload()
            return
        if uploaded is None or uploaded.file_id != file.file_id:
            data = file.getvalue()
            digest = hashlib.sha256(data).hexdigest()
            refused = store.refused_upload(digest)  # not parsed again on every rerun
            if refused is None:
                try:
                    with st.spinner(t("upload_reading", language)):
                        uploaded = read_upload(
                            data,
                            file.name,
                            file.file_id,
                            on_wait=_waiting(language),
                            **store.job_owner(),
                        )
                except (TableError, JobFailed) as err:
                    refused = str(err)
                    if getattr(err, "kind", "") != "cancelled":  # the file's fault: kept
                        store.remember_refused_upload(digest, refused)
            if refused is not None:
                st.error(md_escape(refused))
                return
            store.set_upload(uploaded)
        _render_roles_form(uploaded, base, language)
        if uploaded.build is not None:
            st.button(
                t("upload_forget", language),
                key="upload_forget",
                on_click=store.forget_upload,
                width="stretch",
            )


def _render_roles_form(uploaded: UploadedTable, base: AppData, language: str) -> None:
    table = uploaded.table
    st.caption(
        md_escape(
            t(
                "upload_read",
                language,
                rows=f"{len(table.rows):,}",
                columns=len(table.columns),
                encoding=table.encoding,
            )
        )
    )
    with st.form(key=f"upload_roles_{uploaded.file_id}", border=False):
        st.markdown(f"**{t('upload_roles', language)}**")
        options = ["", *table.columns]
        for role in ROLES:
            current = uploaded.roles.get(role.key, "")
            st.selectbox(
                t(f"role_{role.key}", language) + (" *" if role.required else ""),
                options,
                index=options.index(current),
                format_func=lambda c: c or t("upload_none", language),
                key=_role_key(uploaded, role.key),
            )
        built = st.form_submit_button(t("upload_build", language), type="primary", width="stretch")
    if built:
        store.mark_interaction()
        roles = {
            r.key: column
            for r in ROLES
            if (column := store.widget_value(_role_key(uploaded, r.key)))
        }
        missing = missing_roles(roles)
        if missing:
            for key in missing:
                role = t(f"role_{key}", language)
                st.error(t("upload_missing_role", language, role=role))
            return
        with st.spinner(t("upload_building", language)):
            try:
                uploaded = build_upload(
                    uploaded, roles, base, on_wait=_waiting(language), **store.job_owner()
                )
            except (BuildError, JobFailed) as err:
                st.error(md_escape(str(err)))
                return
        store.reset_filters()
        store.selection().clear()
        store.set_upload(uploaded)
        st.rerun()


def _waiting(language: str):
    """What a job says while it waits for its turn (``geo.jobs``: one job per core)."""
    return lambda: st.info(t("job_waiting", language))


def _role_key(uploaded: UploadedTable, role: str) -> str:
    return f"upload_{uploaded.file_id}_role_{role}"


def render_upload_report(uploaded: UploadedTable, language: str) -> None:
    """Counts by status, the rows that are not on the map (and the notes), report.csv."""
    build = uploaded.build
    kept, total = len(build.projects), len(uploaded.table.rows)
    with st.expander(
        md_escape(t("upload_report_title", language, kept=f"{kept:,}", total=f"{total:,}")),
        expanded=kept < total,
    ):
        if not kept:
            st.error(t("upload_none_kept", language))
        counts = build.counts()
        st.markdown(
            " · ".join(
                f"{t(f'status_{s}', language)}: **{counts[s]:,}**" for s in STATUSES if s in counts
            )
        )
        problems = [r for r in build.report if r.status not in ("matched", "approximate")]
        if problems:
            st.markdown(f"**{t('upload_problem_rows', language)}**")
            # st.dataframe draws cells as plain text: the table's own values stay inert.
            st.dataframe(_report_frame(problems, language), hide_index=True, width="stretch")
        st.download_button(
            t("upload_report_csv", language),
            data=report_csv(build.report, lambda r: describe(r, language)).encode("utf-8"),
            file_name="report.csv",
            mime="text/csv",
            key="upload_report_csv",
            on_click="ignore",
        )


def describe(why: Reason, language: str) -> str:
    """A report row's reason in the reader's language."""
    return t(f"reason_{why.kind}", language, **dict(why.values)) if why.kind else ""


def _report_frame(rows: list[ReportRow], language: str) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "line": [r.line for r in rows],
            "status": [t(f"status_{r.status}", language) for r in rows],
            "column": [r.column for r in rows],
            "value": [r.value for r in rows],
            "reason": [describe(r.reason, language) for r in rows],
            "candidates": [r.candidates for r in rows],
        }
    )
    return frame.rename(columns=lambda c: t(f"report_{c}", language))
