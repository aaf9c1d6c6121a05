"""Every string a person reads: the interface catalog, project texts in the reader's language,
and Markdown escaping for data shown in Markdown-rendering elements."""

from components.i18n.catalog import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    attribution_lines,
    format_date,
    pick_language,
    t,
)
from components.i18n.markdown import md_escape
from components.i18n.project_text import (
    project_fields,
    project_title,
    round_label,
    sector_labels,
    text,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "attribution_lines",
    "format_date",
    "md_escape",
    "pick_language",
    "project_fields",
    "project_title",
    "round_label",
    "sector_labels",
    "t",
    "text",
]
