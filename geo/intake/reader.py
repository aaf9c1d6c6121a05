"""Read a publisher's table as it comes — CSV in UTF-8 or Shift_JIS, or an Excel ``.xlsx`` —
into header and rows of text, with limits, so a stranger's file cannot exhaust the server.

Spreadsheets are opened read-only: openpyxl never evaluates a formula; a cell shows its cached
value, or the formula's text when it has none (shown, never run).
"""

from __future__ import annotations

import csv
import io
import itertools
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024  # 10 MB: also the app's upload limit
MAX_ROWS = 20_000
MAX_COLUMNS = 200
CELL_MAX = 20_000
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


class TableError(ValueError):
    """A file that cannot be read as a table; the message says why and what to do."""


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
    if Path(name).suffix.lower() in EXCEL_SUFFIXES or data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data, name, sheet)
    return _read_csv(data, name)


def read_table_file(path: Path | str, *, sheet: str | None = None) -> SourceTable:
    path = Path(path)
    if not path.is_file():
        raise TableError(f"{path}: {'is a directory' if path.is_dir() else 'does not exist'}")
    if path.stat().st_size > MAX_BYTES:
        raise TableError(f"{path}: larger than {MAX_BYTES // 2**20} MB")
    return read_table(path.read_bytes(), str(path), sheet=sheet)


def _read_csv(data: bytes, name: str) -> SourceTable:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(f"{name}: UTF-16 text (Excel's 'Unicode text'): save it as CSV UTF-8")
    if b"\x00" in data:
        raise TableError(f"{name}: binary data (a NUL byte), neither CSV nor .xlsx")
    text, encoding = _decode(data, name)
    reader = csv.reader(io.StringIO(text, newline=""))
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    rows: list[tuple[int, list[str]]] = []
    try:
        start = 1
        for row in reader:  # a row is named by its first line (a cell may hold line breaks)
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as err:
        raise TableError(
            f"{name}: line {reader.line_num + 1}: not readable as CSV: {err}"
        ) from None
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


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> SourceTable:
    """Each cell's cached value (what Excel last showed); a formula with no cached value (a
    file never opened in Excel) arrives as its text. Nothing is ever evaluated."""
    import openpyxl  # only when a spreadsheet comes

    try:
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # The formulas' text only when a sheet has formulas (a second parse costs a second).
        formulas = (
            openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            if _has_formulas(data)
            else values
        )
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as err:
        raise TableError(f"{name}: not a readable .xlsx file ({err})") from None
    try:
        if sheet is not None and sheet not in values.sheetnames:
            raise TableError(f"{name}: no sheet '{sheet}' (sheets: {', '.join(values.sheetnames)})")
        title = sheet or values.sheetnames[0]
        rows = []
        pairs = zip(
            values[title].iter_rows(values_only=True, max_col=MAX_COLUMNS),
            formulas[title].iter_rows(values_only=True, max_col=MAX_COLUMNS),
            strict=False,
        )
        for number, (shown, written) in enumerate(pairs, start=1):
            cells = [
                _cell_text(v if v is not None else w)
                for v, w in itertools.zip_longest(shown, written)
            ]
            rows.append((number, cells))
            if len(rows) > MAX_ROWS + 1:
                break
        return _assemble(name, f"xlsx: {title}", rows)
    finally:
        values.close()
        formulas.close()


def _has_formulas(data: bytes) -> bool:
    """Whether any worksheet of the .xlsx holds a formula (an ``<f>`` element)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                text = archive.read(member)
                if b"<f>" in text or b"<f " in text or b":f>" in text or b":f " in text:
                    return True
    return False


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
