"""Read a publisher's table as it comes — CSV in UTF-8 or Shift_JIS, or an Excel ``.xlsx`` —
into header and rows of text, with limits, so a stranger's file cannot exhaust the server.

Spreadsheets are opened read-only: openpyxl never evaluates a formula; a cell shows its cached
value, or the formula's text when it has none (shown, never run).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from geo.intake.limits import CELL_MAX, MAX_BYTES, MAX_COLUMNS, MAX_ROWS, TableError
from geo.intake.xlsx import OLE_SIGNATURE, read_sheet

__all__ = ["MAX_BYTES", "SourceTable", "TableError", "read_table", "read_table_file"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
OLD_EXCEL_SUFFIXES = (".xls",)


@dataclass(frozen=True)
class SourceTable:
    name: str  # the file's name, for messages and the dataset's source
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]  # (line or sheet row, {column: text})
    encoding: str  # "UTF-8", "UTF-8 (BOM)", "Shift_JIS (cp932)" or "xlsx: <sheet>"


def read_table(data: bytes, name: str, *, sheet: str | None = None) -> SourceTable:
    """The table in ``data`` (the bytes of file ``name``); Excel by its suffix or signature."""
    if len(data) > MAX_BYTES:
        raise TableError(f"{name}: {len(data):,} bytes; at most {MAX_BYTES // 2**20} MB")
    suffix = Path(name).suffix.lower()
    if suffix in EXCEL_SUFFIXES + OLD_EXCEL_SUFFIXES or data.startswith(
        (b"PK\x03\x04", OLE_SIGNATURE)
    ):
        title, rows = read_sheet(data, name, sheet)
        return _assemble(name, f"xlsx: {title}", rows)
    return _read_csv(data, name)


def read_table_file(path: Path | str, *, sheet: str | None = None) -> SourceTable:
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: {'is a directory' if path.is_dir() else 'does not exist'}")
    if path.stat().st_size > MAX_BYTES:
        raise TableError(f"{path}: larger than {MAX_BYTES // 2**20} MB")
    return read_table(path.read_bytes(), str(path), sheet=sheet)


def _read_csv(data: bytes, name: str) -> SourceTable:
    """Rows streamed from the decoded text: blank lines are skipped as they come, and reading
    stops at the first row past the limit, so a file of a million tiny rows costs no more
    than one of 20,000."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"{name}: UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8")
    if b"\x00" in data:
        raise TableError(f"{name}: binary data (a NUL byte), neither CSV nor .xlsx")
    text, encoding = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    limit = csv.field_size_limit()
    csv.field_size_limit(CELL_MAX + 1)  # a longer cell is an error, not a copy in memory
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for row in reader:  # a row is named by its first line (a cell may hold line breaks)
            if any(cell.strip() for cell in row[: MAX_COLUMNS + 1]):
                rows.append((start, row[: MAX_COLUMNS + 1]))
                if len(rows) > MAX_ROWS + 1:
                    break
            start = reader.line_num + 1
    except csv.Error as err:
        line = reader.line_num + 1 if "field larger" not in str(err) else start
        if "field larger" in str(err):
            raise TableError(
                f"{name}: line {line}: a cell longer than {CELL_MAX:,} characters"
            ) from None
        raise TableError(f"{name}: line {line}: not readable as CSV: {err}") from None
    finally:
        csv.field_size_limit(limit)
    return _assemble(name, encoding, rows)


def _decode(data: bytes, name: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "UTF-8 (BOM)"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932"), "Shift_JIS (cp932)"
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise TableError(
            f"{name}: line {line}: neither UTF-8 nor Shift_JIS; save it as CSV UTF-8"
        ) from None


def _assemble(name: str, encoding: str, rows: list[tuple[int, list[str]]]) -> SourceTable:
    rows = [(line, cells) for line, cells in rows if any(c.strip() for c in cells)]
    if not rows:
        raise TableError(f"{name}: the table is empty")
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise TableError(f"{name}: {len(header)} columns; at most {MAX_COLUMNS}")
    named = [h or f"列{i + 1}" for i, h in enumerate(header)]
    repeated = sorted({h for h in named if named.count(h) > 1})
    if repeated:
        raise TableError(
            f"{name}: line {header_line}: repeated column names: {', '.join(repeated)}"
        )
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise TableError(f"{name}: more than {MAX_ROWS:,} rows")
    records = []
    for line, cells in body:
        long = [named[i] for i, c in enumerate(cells[: len(named)]) if len(c) > CELL_MAX]
        if long:
            raise TableError(
                f"{name}: line {line}, column '{long[0]}': cell longer than {CELL_MAX:,} characters"
            )
        padded = list(cells[: len(named)]) + [""] * (len(named) - len(cells))
        records.append((line, {h: _clean(c) for h, c in zip(named, padded, strict=True)}))
    return SourceTable(name, tuple(named), tuple(records), encoding)


def _clean(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()
