"""Every word a person reads, in both languages, for the app, the printed map and the report's
reasons: one catalog (``strings``) and a project's texts in the reader's language
(``project_text``). Below the app and the print alike, so neither keeps words of its own."""

from geo.words.project_text import (
    project_fields,
    project_title,
    round_label,
    sector_labels,
    text,
)
from geo.words.strings import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    attribution_lines,
    format_date,
    pick_language,
    t,
    version_name,
    version_text,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "attribution_lines",
    "format_date",
    "pick_language",
    "project_fields",
    "project_title",
    "round_label",
    "sector_labels",
    "t",
    "text",
    "version_name",
    "version_text",
]
