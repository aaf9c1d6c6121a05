"""Load and validate ``projects.csv``: every problem of a file is reported at once, each naming
its line, column and value, so one fix-and-rerun cycle repairs a spreadsheet export."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from geo.dataset import Dataset, Round
from geo.schema import (
    COLUMN_NAMES,
    KANSAI_BBOX,
    LEVELS,
    LIST_SEPARATOR,
    PREFECTURE_BY_CODE,
    PREFECTURE_BY_NAME,
    REQUIRED_COLUMNS,
)

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Only ASCII digits are numbers: "\d", str.isdigit() and int() also take "５", "²" or "①".
_CODE = re.compile(r"^(?:[0-9]{2}|[0-9]{5})$")
_WHOLE = re.compile(r"^[0-9]{1,6}$")
_DECIMAL = re.compile(r"^-?[0-9]{1,3}(?:\.[0-9]{1,12})?$")
# A cell longer than this is not a project's text (csv's own limit is 131,072).
CELL_MAX = 20_000


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


class ProjectsFileError(ValueError):
    """A projects file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, path: Path | str, problems: list[Problem]) -> None:
        self.path = str(path)
        self.problems = problems
        count = f"{len(problems)} problem" + ("s" if len(problems) != 1 else "")
        lines = "\n".join(f"  {self.path}: {p}" for p in problems)
        super().__init__(f"{self.path}: {count}\n{lines}")


def load_projects(path: Path | str, dataset: Dataset) -> pd.DataFrame:
    """Read a dataset's ``projects.csv`` into a typed frame sorted by ``no``.

    Columns the file leaves out get their defaults (see ``geo.schema.COLUMNS``); sectors and
    rounds are checked against ``dataset``'s vocabularies. Raises ProjectsFileError.
    """
    path = Path(path)
    if not path.is_file():
        reason = "is a directory, not a file" if path.is_dir() else "does not exist"
        raise ProjectsFileError(path, [Problem(0, "", "", f"the projects file {reason}")])
    return read_projects_text(_decode(path), dataset, source=path)


def read_projects_text(text: str, dataset: Dataset, *, source: Path | str) -> pd.DataFrame:
    """``load_projects`` for text in memory (an upload); ``source`` names it in errors."""
    records, problems = _read_records(source, text)
    if not problems:
        problems = _check_records(records, dataset)
    if problems:
        raise ProjectsFileError(source, problems)
    return _to_frame(records, dataset)


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


def _decode(path: Path) -> str:
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "the file is UTF-16 (Excel's 'Unicode text'): save it as 'CSV UTF-8'"
        raise ProjectsFileError(path, [Problem(1, "", "", message)])
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ProjectsFileError(path, [Problem(line, "", "", "binary data (a NUL byte): not CSV")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("cp932")
            hint = " It decodes as Shift_JIS (cp932): Excel's plain 'CSV' export."
        except UnicodeDecodeError:
            pass
        problem = Problem(
            line,
            "",
            "",
            f"the file is not UTF-8 (byte 0x{data[err.start]:02x} cannot be decoded).{hint} "
            "Save it as 'CSV UTF-8' and try again.",
        )
        raise ProjectsFileError(path, [problem]) from None


def _read_records(path: Path, text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    # csv's own cell limit (131,072) would stop reading with no column named: read up to the
    # whole file, then report cells over CELL_MAX by line and column.
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        return _records(text)
    finally:
        csv.field_size_limit(limit)


def _records(text: str) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return [], [Problem(1, "", "", "the file is empty: expected a header row")]
    except csv.Error as err:
        return [], [Problem(1, "", "", f"not readable as CSV: {err}")]
    problems = [
        Problem(1, name, "", "missing column (required)")
        for name in COLUMN_NAMES
        if name in REQUIRED_COLUMNS and name not in header
    ]
    problems += [
        Problem(1, name, "", f"duplicated column (also column {header.index(name) + 1})")
        for position, name in enumerate(header)
        if name and header.index(name) != position
    ]
    problems += [
        Problem(1, name, "", f"unknown column (expected: {', '.join(COLUMN_NAMES)})")
        for name in header
        if name not in COLUMN_NAMES
    ]
    records: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as err:  # e.g. a cell beyond csv's field limit
            problems.append(Problem(start, "", "", f"not readable as CSV: {err}"))
            break
        long_cells = [
            (header[i] if i < len(header) else f"#{i + 1}", len(cell))
            for i, cell in enumerate(row)
            if len(cell) > CELL_MAX
        ]
        if long_cells:
            problems += [
                Problem(start, column, "", f"cell of {size:,} characters (at most {CELL_MAX:,})")
                for column, size in long_cells
            ]
        elif any(cell.strip() for cell in row):
            if len(row) != len(header):
                problems.append(
                    Problem(start, "", "", f"{len(row)} fields, the header has {len(header)}")
                )
            else:
                cells = dict.fromkeys(COLUMN_NAMES, "")
                cells.update({h: _clean(cell) for h, cell in zip(header, row, strict=True)})
                records.append((start, cells))
        start = reader.line_num + 1
    if not records and not problems:
        problems.append(Problem(2, "", "", "no project rows"))
    return records, problems


def _clean(cell: str) -> str:
    """A cell's text: trimmed, line breaks as "\\n" whatever the file's line ending."""
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


def _check_records(records: list[tuple[int, dict[str, str]]], dataset: Dataset) -> list[Problem]:
    problems: list[Problem] = []
    first_seen: dict[tuple[str, str], int] = {}
    for line, row in records:
        problems += _check_row(line, row, dataset)
        for column in ("id", "no"):
            value = row[column]
            key = (column, str(int(value)) if column == "no" and _WHOLE.match(value) else value)
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

    if row["id"] and not _SLUG.match(row["id"]):
        bad("id", "must be a lowercase ASCII slug such as 'toyooka-bags'")
    if row["no"] and not (_WHOLE.match(row["no"]) and int(row["no"]) >= 1):
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
        if not _CODE.match(code):
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
            if not _DECIMAL.match(row[column]):
                bad(column, "must be a decimal number such as 34.7728 (ASCII digits)")
                continue
            value = float(row[column])
            if not low <= value <= high:
                bad(column, f"outside the Kansai bounding box ({low}–{high})")
    if row["url"] and not re.match(r"^https?://[^\s<>\"']+$", row["url"]):
        bad("url", "must be an http(s) URL")
    return problems


def _check_round(row: dict[str, str], dataset: Dataset, bad) -> int | None:
    """The row's round number when it is one of the dataset's."""
    known = dataset.round_by_number
    if not row["round"]:
        return None
    round_no = int(row["round"]) if _WHOLE.match(row["round"]) else None
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


def _to_frame(records: list[tuple[int, dict[str, str]]], dataset: Dataset) -> pd.DataFrame:
    """Typed columns, with the defaults of the columns a dataset leaves out."""
    frame = pd.DataFrame([row for _, row in records], columns=list(COLUMN_NAMES))
    frame["line"] = [line for line, _ in records]
    if not frame["no"].astype(bool).all():  # numbered in the table's order where not given
        frame["no"] = frame["no"].where(frame["no"] != "", [str(i + 1) for i in range(len(frame))])
    frame["no"] = frame["no"].astype(int)
    frame["round"] = [int(r) if r else 0 for r in frame["round"]]
    for column in ("lat", "lon"):
        frame[column] = frame[column].astype(float)
    frame["announced"] = [
        date.fromisoformat(a) if a else _round_date(dataset, r)
        for a, r in zip(frame["announced"], frame["round"], strict=True)
    ]
    for column in ("area_codes", "area_names_en", "sectors"):
        frame[column] = frame[column].map(split_list)
    frame["sector_evidence"] = frame["sector_evidence"].map(parse_evidence)
    frame["prefecture_code"] = frame["area_codes"].map(lambda codes: codes[0][:2])
    frame["prefecture"] = frame["prefecture_code"].map(lambda c: PREFECTURE_BY_CODE[c].ja)
    frame["level"] = frame["area_codes"].map(
        lambda codes: "prefecture" if len(codes[0]) == 2 else "municipality"
    )
    frame["primary_sector"] = frame["sectors"].map(lambda s: s[0] if s else "")
    return frame.sort_values("no", kind="stable").reset_index(drop=True)


def _round_date(dataset: Dataset, round_no: int) -> date | None:
    round_ = dataset.round_by_number.get(round_no)
    return round_.date if round_ else None
