"""A project's popup and tooltip (HTML for Leaflet): every value escaped."""

from __future__ import annotations

import html

import pandas as pd

from geo.dataset import Dataset
from geo.words import project_fields, project_title, t, text


def popup_html(row: pd.Series, dataset: Dataset, language: str) -> str:
    """The project's fields, summary and link. A dataset's correction link names the app's
    address: the browser adds it (``leaflet/layer.js``, ``project_layer``)."""
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
    summary = esc(text(row, "summary", language)).replace("\n", "<br>")
    return (
        f'<div class="kasegi-popup" data-project="{esc(row["id"])}">'
        f"<h4>{esc(project_title(row, language))}</h4><dl>{fields}</dl><p tabindex='0'>{summary}</p>{link}</div>"
    )


def tooltip_html(rows: list[pd.Series], language: str) -> str:
    """``No.N name`` for each project, one per line."""
    return "<br>".join(html.escape(project_title(r, language)) for r in rows)
