"""The list's versions in the app: which version is shown and the changes since another
(sidebar), what the header says of the last update, the notices of a pinned version or of a
linked project an update removed, and the list of removed projects.

Every text from the data goes through ``md_escape``; every word comes from ``geo.words``.
"""

from __future__ import annotations

import streamlit as st

from components.data import AppData
from components.i18n import md_escape
from components.state import inputs, store
from components.versions import Fate, Since, since_changes
from geo.choices import Options
from geo.versions.changes import FieldChange
from geo.versions.history import History
from geo.words import project_title, t, text, version_name


def render_version_choices(options: Options, history: History, language: str) -> None:
    """The version shown and the version compared with (only for a list with versions)."""
    if "version" not in options.choices:
        return
    names = {v.key: version_name(v.edition, language) for v in history.versions}
    current = history.current.key if history.current else ""

    def label(key: str) -> str:
        if not key:
            return t("version_option_current", language, version=names.get(current, ""))
        return t("version_option", language, version=names.get(key, key))

    st.selectbox(
        t("version_select", language),
        options.choices["version"][0],
        format_func=label,  # a select box's options are plain text
        **inputs.widget("version", labels=language),
    )
    st.selectbox(
        t("since_select", language),
        options.choices["since"][0],
        format_func=lambda v: label(v) if v else t("since_none", language),
        **inputs.widget("since", labels=language),
    )


def update_line(listing: AppData, language: str) -> str | None:
    """「2017-03-24 更新: 追加 7・変更 0・削除 0」: the current list's last update, and what it
    changed from the version before it."""
    edition, previous = listing.dataset.edition, listing.history.previous
    latest = since_changes(listing, previous.key, listing) if previous else None
    if edition is None or latest is None:
        return None
    source = listing.dataset.source_date
    updated = max(edition.date, source) if source else edition.date
    return t("version_updated", language, date=updated.isoformat(), **latest.changes.counts())


def render_version_notices(
    data: AppData,
    *,
    pinned: bool,
    since: Since | None,
    gone: Fate | None,
    problem: str | None,
    language: str,
) -> None:
    """What the view shows of the versions: a pinned version (with the way back to the
    current list), the changes since one, a linked project that is not in the list shown."""
    if problem:
        st.warning(md_escape(t("versions_problem", language, reason=problem)))
    edition = data.dataset.edition
    if pinned and edition is not None:
        st.info(md_escape(t("version_pinned", language, version=version_name(edition, language))))
        st.button(
            t("version_current_link", language),
            key="open_current_version",
            on_click=store.show_current_version,
        )
    if since is not None:
        counts = since.changes.counts()
        version = data.history.get(since.key)
        name = version_name(version.edition, language) if version else since.key
        st.info(md_escape(t("since_summary", language, version=name, **counts)))
    if gone is not None:
        key = "project_removed" if gone.kind == "removed" else "project_not_in_version"
        st.warning(md_escape(t(key, language, name=gone.name, date=gone.date)))


def render_removed(since: Since | None, language: str) -> None:
    """The projects removed since the compared version, as that version listed them."""
    if since is None or since.removed.empty:
        return
    heading = t("removed_heading", language, date=since.key, count=len(since.removed))
    with st.expander(md_escape(heading)), st.container(key="removed_projects"):
        for _, row in since.removed.iterrows():
            area = text(row, "lead", language)
            st.markdown(
                "- " + md_escape(project_title(row, language) + (f" — {area}" if area else ""))
            )


def marks(since: Since | None) -> dict[str, str]:
    """Project id → "added" or "changed" in the compared view (for the map and the list)."""
    if since is None:
        return {}
    return {
        **dict.fromkeys(since.changes.changed, "changed"),
        **dict.fromkeys(since.changes.added, "added"),
    }


def render_field_changes(changes: tuple[FieldChange, ...], since: str, language: str) -> None:
    """A changed project's fields, old → new as stored (in the detail panel)."""
    st.markdown(f"**{md_escape(t('changes_heading', language, date=since))}**")
    empty = t("change_empty", language)
    for change in changes:
        line = t(
            "change_line",
            language,
            field=t(f"field_{change.field}", language),
            old=change.old or empty,
            new=change.new or empty,
        )
        st.markdown("- " + md_escape(line))


def changed_fields(since: Since | None, project_id: str | None) -> tuple[FieldChange, ...]:
    if since is None or project_id is None:
        return ()
    return tuple(since.changes.changed.get(project_id, ()))
