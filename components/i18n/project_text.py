"""The facts shown about a project, in the reader's language, shared by the map popup and the
detail panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.i18n.catalog import format_date, t
from geo.schema import SECTOR_BY_SLUG

# Text fields of a project and their column per language. Applicant and link label are proper
# names quoted from the source page and stay as written there.
TEXT_COLUMNS: dict[str, dict[str, str]] = {
    "name": {"ja": "name_ja", "en": "name_en"},
    "summary": {"ja": "summary_ja", "en": "summary_en"},
    "lead": {"ja": "lead", "en": "lead_en"},
    "area": {"ja": "area_label", "en": "area_label_en"},
    "location": {"ja": "location_note", "en": "location_note_en"},
}


@dataclass(frozen=True)
class Field:
    label: str
    value: str


def text(row: pd.Series, field: str, language: str) -> str:
    value = row.get(TEXT_COLUMNS[field][language])
    return value if isinstance(value, str) and value else row[TEXT_COLUMNS[field]["ja"]]


def sector_labels(sectors: tuple[str, ...], language: str) -> str:
    return t("list_separator", language).join(getattr(SECTOR_BY_SLUG[s], language) for s in sectors)


def round_label(round_no: int, announced, language: str) -> str:
    return t("round_option", language, round=round_no, date=format_date(announced, language))


def project_fields(row: pd.Series, language: str) -> list[Field]:
    """Labelled facts in display order; empty values are left out."""
    fields = [
        Field(t("lead", language), text(row, "lead", language)),
        Field(t("area", language), text(row, "area", language)),
        Field(t("announced", language), round_label(row["round"], row["announced"], language)),
        Field(t("sectors", language), sector_labels(row["sectors"], language)),
        Field(t("applicant", language), row["applicant"]),
    ]
    return [f for f in fields if f.value]


def project_title(row: pd.Series, language: str) -> str:
    return f"No.{row['no']} {text(row, 'name', language)}"
