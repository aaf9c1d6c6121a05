"""The facts shown about a project, in the reader's language, shared by the map popup and the
detail panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from geo.dataset import Dataset, Round
from geo.words.strings import format_date, t

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


def sector_labels(sectors: tuple[str, ...], dataset: Dataset, language: str) -> str:
    return t("list_separator", language).join(
        dataset.sector_by_slug[s].label.get(language) for s in sectors
    )


def round_label(round_: Round, language: str) -> str:
    """「第1弾（2016年10月24日）」: the round's label, with its date when it has one."""
    label = round_.label.get(language)
    if round_.date is None:
        return label
    return t("round_option", language, label=label, date=format_date(round_.date, language))


def date_label(row: pd.Series, dataset: Dataset, language: str) -> str:
    """The project's round (with its date), else its own date, else nothing."""
    round_ = dataset.round_by_number.get(row["round"])
    if round_ is not None:
        return round_label(round_, language)
    return format_date(row["announced"], language) if row["announced"] else ""


def project_fields(row: pd.Series, dataset: Dataset, language: str) -> list[Field]:
    """Labelled facts in display order; empty values are left out."""
    fields = [
        Field(t("lead", language), text(row, "lead", language)),
        Field(t("area", language), text(row, "area", language)),
        Field(t("announced", language), date_label(row, dataset, language)),
        Field(t("sectors", language), sector_labels(row["sectors"], dataset, language)),
        Field(t("applicant", language), row["applicant"]),
    ]
    return [f for f in fields if f.value]


def project_title(row: pd.Series, language: str) -> str:
    return f"No.{row['no']} {text(row, 'name', language)}"
