"""Read one sheet of an ``.xlsx`` without trusting the file: the zip's directory is checked
before anything is inflated (member count and names, sizes, compression ratios, encryption),
every XML part is parsed by defusedxml (no DTD, no entities, nothing fetched) and the sheet is
streamed row by row, so cells past the limits are never kept and a declared ``dimension`` is
never believed. Whatever is wrong with a file is a ``TableError`` naming the part, never a
traceback.

openpyxl's own reader materialises whole rows (a row of two million cells is two million
dicts); this reads the same cells the same way — cached values, a formula's text where there
is none, dates by the cell's number format, phonetic guides left out — using openpyxl's
helpers for numbers, dates and styles.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator
from datetime import datetime
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.styles.stylesheet import Stylesheet
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel
from openpyxl.worksheet._reader import _cast_number

from geo.intake.limits import (
    CELL_MAX,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    SETTINGS_PART_BYTES,
    ZIP_MAX_MEMBER_BYTES,
    ZIP_MAX_MEMBERS,
    ZIP_MAX_RATIO,
    ZIP_MAX_TOTAL_BYTES,
    ZIP_RATIO_FROM_BYTES,
    TableError,
)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
RELATIONSHIP = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
PACKAGE_RELATIONSHIP = "{http://schemas.openxmlformats.org/package/2006/relationships}"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, or an encrypted .xlsx
# Errors a damaged part raises while it is inflated or parsed.
DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ParseError,
    DefusedXmlException,
    KeyError,
    IndexError,
    ValueError,
    OverflowError,
    NotImplementedError,
    RuntimeError,
)

Rows = Iterator[tuple[int, list[str]]]


def read_sheet(data: bytes, name: str, sheet: str | None) -> tuple[str, list[tuple[int, list]]]:
    """(the sheet's title, its non-empty rows as (row number, cell texts)); at most
    ``MAX_ROWS`` + 2 of them (the header, the rows, one more to say there are too many)."""
    if data.startswith(OLE_SIGNATURE):
        raise TableError(
            f"{name}: a password-protected workbook or an old Excel .xls file: "
            "save it as an unprotected .xlsx"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise TableError(f"{name}: not a readable .xlsx file ({err})") from None
    with archive:
        check_archive(archive, name)
        part = "xl/workbook.xml"
        try:
            title, sheet_part, epoch = _find_sheet(archive, sheet)
            part = "xl/sharedStrings.xml"
            shared = _shared_strings(archive)
            part = "xl/styles.xml"
            dates = _date_styles(archive)
            part = sheet_part
            rows = []
            for row in _rows(archive, sheet_part, shared, dates, epoch):
                rows.append(row)
                if len(rows) > MAX_ROWS + 1:
                    break
        except TableError as err:  # a bound of a part: the file is named here, once
            raise TableError(f"{name}: {err}") from None
        except DAMAGE as err:
            raise TableError(
                f"{name}: the file is damaged or not a spreadsheet ({part}: {_reason(err)})"
            ) from None
    return title, rows


def check_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse, before inflating anything, a zip whose directory a spreadsheet never has."""
    members = archive.infolist()
    if len(members) > ZIP_MAX_MEMBERS:
        raise TableError(
            f"{name}: {len(members):,} parts; a spreadsheet has at most {ZIP_MAX_MEMBERS:,}"
        )
    total = 0
    for member in members:
        path = member.filename
        if path.startswith(("/", "\\")) or ".." in path.replace("\\", "/").split("/"):
            raise TableError(f"{name}: a part named {path[:80]!r} (outside the file)")
        if member.flag_bits & 0x1:
            raise TableError(f"{name}: encrypted parts ({path[:80]}): save it unprotected")
        if member.file_size > ZIP_MAX_MEMBER_BYTES:
            raise TableError(
                f"{name}: the part {path[:80]} unpacks to {member.file_size:,} bytes; "
                f"at most {ZIP_MAX_MEMBER_BYTES // 2**20} MB"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > ZIP_RATIO_FROM_BYTES and ratio > ZIP_MAX_RATIO:
            raise TableError(
                f"{name}: the part {path[:80]} is compressed {ratio:,.0f} times; "
                f"a spreadsheet's are at most {ZIP_MAX_RATIO} times (a zip bomb?)"
            )
        total += member.file_size
    if total > ZIP_MAX_TOTAL_BYTES:
        raise TableError(
            f"{name}: unpacks to {total:,} bytes; at most {ZIP_MAX_TOTAL_BYTES // 2**20} MB"
        )


def _find_sheet(archive: zipfile.ZipFile, sheet: str | None) -> tuple[str, str, object]:
    """(title, part, date epoch) of ``sheet``, or of the first sheet."""
    workbook = fromstring(_small_part(archive, "xl/workbook.xml"), forbid_dtd=True)
    properties = workbook.find(f"{MAIN}workbookPr")
    date1904 = properties is not None and properties.get("date1904") in ("1", "true")
    sheets = [
        (s.get("name") or "", s.get(RELATIONSHIP) or "") for s in workbook.iter(f"{MAIN}sheet")
    ]
    if not sheets:
        raise TableError("the workbook has no sheet")
    titles = [title for title, _ in sheets]
    if sheet is not None and sheet not in titles:
        raise TableError(f"no sheet '{sheet}' (sheets: {', '.join(titles)})")
    title, relation = sheets[titles.index(sheet)] if sheet is not None else sheets[0]
    rels = fromstring(_small_part(archive, "xl/_rels/workbook.xml.rels"), forbid_dtd=True)
    targets = {
        r.get("Id"): r.get("Target") or "" for r in rels.iter(f"{PACKAGE_RELATIONSHIP}Relationship")
    }
    target = targets[relation]
    part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return title, posixpath.normpath(part), CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900


def _small_part(archive: zipfile.ZipFile, part: str) -> bytes:
    """A part read whole (the workbook, its relationships, its styles): a page of settings,
    so one larger than ``SETTINGS_PART_BYTES`` is refused before it is inflated, never
    built into a tree of gigabytes. Only the sheet and its strings are streamed."""
    size = archive.getinfo(part).file_size
    if size > SETTINGS_PART_BYTES:
        raise TableError(
            f"the part {part} unpacks to {size:,} bytes; at most {SETTINGS_PART_BYTES // 2**20} MB"
        )
    return archive.read(part)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    """The shared strings, streamed; each kept to ``CELL_MAX`` + 1 characters (enough to say
    a cell is too long), at most ``MAX_CELLS`` of them."""
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as stream:
        for _, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if element.tag == f"{MAIN}si":
                strings.append(_text(element)[: CELL_MAX + 1])
                element.clear()
                if len(strings) > MAX_CELLS:
                    raise TableError(f"more than {MAX_CELLS:,} shared strings")
    return strings


def _date_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """The style indexes whose number format is a date (and those of a duration)."""
    if "xl/styles.xml" not in archive.namelist():
        return set(), set()
    styles = fromstring(_small_part(archive, "xl/styles.xml"), forbid_dtd=True)
    styles = Stylesheet.from_tree(styles)
    return set(styles.date_formats), set(styles.timedelta_formats)


def _rows(archive, part: str, shared: list[str], dates, epoch) -> Rows:
    """The sheet's non-empty rows, streamed; a cell past ``MAX_COLUMNS`` is read and dropped,
    and more than ``MAX_CELLS`` cells (empty ones included) is an error. The loop runs for
    every element of the sheet (four events a cell): its tags are compared with constants."""
    date_styles, duration_styles = dates
    seen = 0
    with archive.open(part) as stream:
        parent: Element | None = None
        row: Element | None = None
        cells: dict[int, str] = {}
        column = 0
        number = 0
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=True):
            tag = element.tag
            if event == "start":
                if tag == _ROW:
                    row, cells, column = element, {}, 0
                    number = int(element.get("r") or number + 1)
                elif tag == _SHEET_DATA:
                    parent = element
                continue
            if tag == _CELL and row is not None:
                seen += 1
                if seen > MAX_CELLS:
                    raise TableError(f"more than {MAX_CELLS:,} cells")
                reference = element.get("r")
                column = _column(reference) if reference else column + 1
                if column <= MAX_COLUMNS + 1:  # one more: a header too wide is named
                    value = _value(element, shared, date_styles, duration_styles, epoch)
                    if value:
                        cells[column] = value
                row.remove(element)  # the row never holds more than one cell
            elif tag == _ROW:
                if cells:
                    width = max(cells)
                    yield number, [cells.get(k, "") for k in range(1, width + 1)]
                if parent is not None:
                    parent.remove(element)
                row = None


_SHEET_DATA, _ROW, _CELL = f"{MAIN}sheetData", f"{MAIN}row", f"{MAIN}c"


def _column(reference: str) -> int:
    letters, _ = coordinate_from_string(reference)
    return column_index_from_string(letters)


def _value(cell: Element, shared: list[str], date_styles, duration_styles, epoch) -> str:
    """The cell as openpyxl reads it with ``data_only``, falling back to the formula's text."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{MAIN}is")
        return _text(inline) if inline is not None else ""
    raw = cell.findtext(f"{MAIN}v")
    if not raw:
        formula = cell.findtext(f"{MAIN}f")
        return f"={formula}" if formula else ""
    if kind == "s":
        return shared[int(raw)]
    if kind == "b":
        return str(bool(int(raw)))
    if kind == "d":
        return cell_text(datetime.fromisoformat(raw))
    if kind != "n":
        return raw  # "str" (a formula's text result), "e" (an error such as #N/A)
    value = _cast_number(raw)
    style = int(cell.get("s") or 0)
    if style in date_styles:
        try:
            return cell_text(from_excel(value, epoch, timedelta=style in duration_styles))
        except (OverflowError, ValueError):
            return "#VALUE!"  # a date out of range, as openpyxl reads it
    return cell_text(value)


def _text(element: Element) -> str:
    """A string item's text: its runs' text, without phonetic guides (``rPh``)."""
    parts = []
    for child in element:
        if child.tag == f"{MAIN}t":
            parts.append(child.text or "")
        elif child.tag == f"{MAIN}r":
            parts += [t.text or "" for t in child.iter(f"{MAIN}t")]
    return "".join(parts)


def cell_text(value: object) -> str:
    """A cell's value as text: whole dates as ISO dates, whole numbers without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if hasattr(value, "isoformat") and not hasattr(value, "hour"):  # a date
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _reason(err: BaseException) -> str:
    text = str(err) or type(err).__name__
    return text if len(text) <= 120 else text[:119] + "…"
