"""A project's popup and tooltip (HTML for Leaflet): every value escaped."""

from __future__ import annotations

import html

import pandas as pd

from geo.dataset import Dataset
from geo.words import project_fields, project_title, t, text


def popup_html(
    row: pd.Series, dataset: Dataset, language: str, *, correction: str | None = None
) -> str:
    """``correction``: the project's correction link (``geo.correction``), when offered."""
    esc = html.escape
    fields = "".join(
        f"<dt>{esc(f.label)}</dt><dd>{esc(str(f.value))}</dd>"
        for f in project_fields(row, dataset, language)
    )
    link = ""
    if row["url"]:
        link = (
            f'<a href="{esc(row["url"])}" target="_blank" rel="noopener noreferrer">'
            f"{esc(row['link_label'] or row['url'])}</a>{esc(t('popup_link_new_tab', language))}"
        )
    elif row["link_label"]:
        link = (
            f'<span class="meta">{esc(t("link_no_url", language, label=row["link_label"]))}</span>'
        )
    if correction:
        link += (
            f'<p class="meta"><a href="{esc(correction)}" target="_blank" '
            f'rel="noopener noreferrer">{esc(t("correction_link", language))}</a></p>'
        )
    summary = esc(text(row, "summary", language)).replace("\n", "<br>")
    return (
        f'<div class="kasegi-popup" data-project="{esc(row["id"])}">'
        f"<h4>{esc(project_title(row, language))}</h4><dl>{fields}</dl><p tabindex='0'>{summary}</p>{link}</div>"
    )


def tooltip_html(rows: list[pd.Series], language: str) -> str:
    """``No.N name`` for each project, one per line."""
    return "<br>".join(html.escape(project_title(r, language)) for r in rows)
