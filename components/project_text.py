"""The facts shown about a project, shared by the map popup and the detail panel."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from components.strings import format_date, t
from geo.schema import SECTOR_BY_SLUG


@dataclass(frozen=True)
class Field:
    label: str
    value: str


def sector_labels(sectors: tuple[str, ...], language: str = "ja") -> str:
    return "・".join(getattr(SECTOR_BY_SLUG[s], language) for s in sectors)


def round_label(round_no: int, announced, language: str = "ja") -> str:
    return t("round_option", language, round=round_no, date=format_date(announced, language))


def project_fields(row: pd.Series, language: str = "ja") -> list[Field]:
    """Labelled facts in display order; empty values are left out."""
    fields = [
        Field(t("lead", language), row["lead"]),
        Field(t("area", language), row.get("area_label") or row["prefecture"]),
        Field(t("announced", language), round_label(row["round"], row["announced"], language)),
        Field(t("sectors", language), sector_labels(row["sectors"], language)),
        Field(t("applicant", language), row["applicant"]),
    ]
    return [f for f in fields if f.value]


def project_title(row: pd.Series, language: str = "ja") -> str:
    return f"No.{row['no']} {row['name_' + language]}"
