"""The checks of a ``projects.csv`` row against the schema and the dataset's vocabularies:
every problem named with its line, column and value (``Problem``), none raised alone."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from geo.dataset import Dataset, Round
from geo.schema import (
    COLUMN_NAMES,
    HTTP_URL,
    KANSAI_BBOX,
    LEVELS,
    LIST_SEPARATOR,
    PREFECTURE_BY_CODE,
    PREFECTURE_BY_NAME,
    REQUIRED_COLUMNS,
    SLUG,
)

# Only ASCII digits are numbers: "\d", str.isdigit() and int() also take "５", "²" or "①".
_CODE = re.compile(r"(?:[0-9]{2}|[0-9]{5})")
_WHOLE = re.compile(r"[0-9]{1,6}")
_DECIMAL = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,12})?")


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        where += f", column '{self.column}'" if self.column else ""
        value = self.value if len(self.value) <= 80 else self.value[:80] + "…"
        shown = f" (value {value!r})" if self.value else ""
        return f"{where}: {self.message}{shown}"


def split_list(value: str) -> tuple[str, ...]:
    """Split a `;`-separated cell into its stripped, non-empty items."""
    return tuple(item.strip() for item in value.split(LIST_SEPARATOR) if item.strip())


def parse_evidence(value: str) -> dict[str, tuple[str, ...]]:
    """``slug:word,word;slug:word`` → {slug: (word, …)}."""
    evidence: dict[str, tuple[str, ...]] = {}
    for part in split_list(value):
        slug, _, words = part.partition(":")
        evidence[slug.strip()] = tuple(w.strip() for w in words.split(",") if w.strip())
    return evidence


def cell_text(value: object) -> str:
    """A loaded cell as its ``projects.csv`` text (the inverse of ``split_list`` and
    ``parse_evidence``): what exports write and what a comparison of two versions reads."""
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, dict):  # sector evidence
        return LIST_SEPARATOR.join(f"{k}:{','.join(v)}" for k, v in value.items())
    if isinstance(value, date):
        return value.isoformat()
    if value is None or (isinstance(value, float) and value != value):  # NaN: an empty cell
        return ""
    return str(value)


def check_records(records: list[tuple[int, dict[str, str]]], dataset: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], int] = {}
    for line, row in records:
        problems += _check_row(line, row, dataset)
        for column in ("id", "no"):
            value = row[column]
            key = (column, str(int(value)) if column == "no" and _WHOLE.fullmatch(value) else value)
            if row[column] and key in first_seen:
                problems.append(
                    Problem(line, column, row[column], f"duplicate of line {first_seen[key]}")
                )
            first_seen.setdefault(key, line)
    return problems


def _check_row(line: int, row: dict[str, str], dataset: Dataset) -> list[Problem]:
    problems = [
        Problem(line, name, "", "required value is empty")
        for name in COLUMN_NAMES
        if name in REQUIRED_COLUMNS and not row[name]
    ]

    def bad(column: str, message: str, value: str | None = None) -> None:
        problems.append(Problem(line, column, row[column] if value is None else value, message))

    if row["id"] and not SLUG.fullmatch(row["id"]):
        bad("id", "must be a lowercase ASCII slug such as 'toyooka-bags'")
    if row["no"] and not (_WHOLE.fullmatch(row["no"]) and int(row["no"]) >= 1):
        bad("no", "must be a whole number from 1 (ASCII digits)")
    round_no = _check_round(row, dataset, bad)
    if row["announced"]:
        _check_date(row, dataset.round_by_number.get(round_no), bad)
    prefecture = PREFECTURE_BY_NAME.get(row["prefecture"])
    if row["prefecture"] and prefecture is None:
        bad("prefecture", f"unknown prefecture (expected one of {', '.join(PREFECTURE_BY_NAME)})")
    if row["level"] and row["level"] not in LEVELS:
        bad("level", f"must be one of {', '.join(LEVELS)}")
    codes = split_list(row["area_codes"])
    if len({len(code) for code in codes}) > 1:
        bad("area_codes", "mixes prefecture (2-digit) and municipality (5-digit) codes")
    for code in codes:
        if not _CODE.fullmatch(code):
            bad("area_codes", "malformed code: expected 5 digits (or 2 for a prefecture)", code)
        elif code[:2] not in PREFECTURE_BY_CODE:
            bad("area_codes", "not a code of the mapped prefectures", code)
        elif prefecture and not code.startswith(prefecture.code):
            bad("area_codes", f"code is not in {prefecture.ja} ({prefecture.code})", code)
        elif row["level"] in LEVELS and (len(code) == 2) != (row["level"] == "prefecture"):
            size = "2-digit" if row["level"] == "prefecture" else "5-digit"
            bad("area_codes", f"a {row['level']}-level project takes {size} codes", code)
    if row["area_names_en"] and len(split_list(row["area_names_en"])) != len(
        split_list(row["area_codes"])
    ):
        bad("area_names_en", "needs one English name per area code")
    _check_sectors(row, dataset, bad)
    for column, low, high in (("lat", KANSAI_BBOX[1], KANSAI_BBOX[3]), ("lon", *KANSAI_BBOX[::2])):
        if row[column]:
            if not _DECIMAL.fullmatch(row[column]):
                bad(column, "must be a decimal number such as 34.7728 (ASCII digits)")
                continue
            value = float(row[column])
            if not low <= value <= high:
                bad(column, f"outside the Kansai bounding box ({low}–{high})")
    if row["url"] and not HTTP_URL.fullmatch(row["url"]):
        bad("url", "must be an http(s) URL")
    return problems


def _check_round(row: dict[str, str], dataset: Dataset, bad) -> int | None:
    """The row's round number when it is one of the dataset's."""
    known = dataset.round_by_number
    if not row["round"]:
        return None
    round_no = int(row["round"]) if _WHOLE.fullmatch(row["round"]) else None
    if not known:
        bad("round", "the dataset has no rounds (dataset.toml has no [rounds])")
    elif round_no not in known:
        bad("round", f"must be one of {', '.join(map(str, known))}")
    return round_no


def _check_date(row: dict[str, str], round_: Round | None, bad) -> None:
    try:
        announced = date.fromisoformat(row["announced"])
    except ValueError:
        bad("announced", "not an ISO date (YYYY-MM-DD)")
        return
    if round_ is not None and round_.date is not None and announced != round_.date:
        bad("announced", f"round {round_.number} is dated {round_.date.isoformat()}")


def _check_sectors(row: dict[str, str], dataset: Dataset, bad) -> None:
    sectors = split_list(row["sectors"])
    known = dataset.sector_by_slug
    for slug in sectors:
        if slug not in known:
            listed = ", ".join(known) or "none: dataset.toml lists no [[sectors]]"
            bad("sectors", f"unknown sector (known: {listed})", slug)
    if len(set(sectors)) != len(sectors):
        bad("sectors", "a sector is listed twice")
    if not row["sector_evidence"]:
        return  # evidence is optional; when given, it must hold for every sector
    evidence = parse_evidence(row["sector_evidence"])
    for slug in sectors:
        if slug in known and not evidence.get(slug):
            bad("sector_evidence", f"no evidence words for sector '{slug}'")
    for slug, words in evidence.items():
        if slug not in sectors:
            bad("sector_evidence", "evidence for a sector the project does not list", slug)
        for word in words:
            if word not in row["summary_ja"]:
                bad("sector_evidence", "evidence word is not in summary_ja", word)
