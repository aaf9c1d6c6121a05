"""Load and validate ``projects.csv``: every problem of a file is reported at once, each naming
its line, column and value, so one fix-and-rerun cycle repairs a spreadsheet export."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pandas as pd

from geo.dataset import Dataset
from geo.project_rows import Problem, check_records, parse_evidence, split_list
from geo.schema import (
    COLUMN_NAMES,
    PREFECTURE_BY_CODE,
    REQUIRED_COLUMNS,
)

# A cell longer than this is not a project's text (csv's own limit is 131,072).
CELL_MAX = 20_000


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
        problems = check_records(records, dataset)
    if problems:
        raise ProjectsFileError(source, problems)
    return _to_frame(records, dataset)


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
