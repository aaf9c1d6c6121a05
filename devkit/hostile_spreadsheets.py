"""Files an attacker would upload, made on the spot (nothing hostile is committed): zip bombs,
XML bombs, external entities, a row of millions of cells, lying dimensions, damaged parts,
encrypted and old formats, and CSVs of nothing but blank lines. Shared by the tests (each must
be refused clearly, or read completely) and ``bench/hostile.py`` (each within the budget)."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = ("名称", "所在地", "分野")
OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
BOOK_TYPE = f"{OOXML}.sheet.main+xml"
SHEET_TYPE = f"{OOXML}.worksheet+xml"


@dataclass(frozen=True)
class Hostile:
    """A file and what reading it must give: ``refusal`` (words of the message), or the
    number of ``rows`` of a complete table."""

    name: str
    data: Callable[[], bytes]
    refusal: str | None = None
    rows: int | None = None


def _row(number: int, values: tuple[str, ...]) -> str:
    cells = "".join(
        f'<c r="{chr(65 + k)}{number}" t="inlineStr"><is><t>{v}</t></is></c>'
        for k, v in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: list[str], *, dimension: str | None = None, doctype: str = "") -> str:
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<worksheet xmlns="{MAIN}">{dim}'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


def firms(count: int, *, start: int = 2) -> list[str]:
    """``count`` rows of firms in real municipalities, numbered from sheet row ``start``."""
    places = ("大阪府吹田市", "京都府京都市", "兵庫県豊岡市", "滋賀県長浜市", "奈良県奈良市")
    return [
        _row(start + k, (f"企業{k + 1}", places[k % len(places)], "製造")) for k in range(count)
    ]


def xlsx(
    sheets: dict[str, str | Callable[[zipfile.ZipFile, str], None]],
    *,
    workbook_doctype: str = "",
    shared: str | None = None,
    extra: dict[str, bytes] | None = None,
) -> bytes:
    """A workbook of ``sheets`` (title → sheet XML, or a writer of its part); the first is
    the one read. ``extra`` adds parts as they are."""
    hidden = ' state="hidden"'
    entries = "".join(
        f'<sheet name="{title}" sheetId="{k + 1}" r:id="rId{k + 1}"{hidden if k else ""}/>'
        for k, title in enumerate(sheets)
    )
    rels = "".join(
        f'<Relationship Id="rId{k + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{k + 1}.xml"/>'
        for k in range(len(sheets))
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        sheet_types = "".join(
            f'<Override PartName="/xl/worksheets/sheet{k + 1}.xml" ContentType="{SHEET_TYPE}"/>'
            for k in range(len(sheets))
        )
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            f'relationships+xml"/><Override PartName="/xl/workbook.xml" ContentType="{BOOK_TYPE}"/>'
            f"{sheet_types}</Types>",
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?>{workbook_doctype}<workbook xmlns="{MAIN}" xmlns:r="{REL}">'
            f"<sheets>{entries}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            f'package/2006/relationships">{rels}</Relationships>',
        )
        if shared is not None:
            archive.writestr("xl/sharedStrings.xml", shared)
        for k, sheet in enumerate(sheets.values()):
            part = f"xl/worksheets/sheet{k + 1}.xml"
            if callable(sheet):
                sheet(archive, part)
            else:
                archive.writestr(part, sheet)
        for part, data in (extra or {}).items():
            archive.writestr(part, data)
    return buffer.getvalue()


def _streamed(chunk: str, times: int, *, head: str = "", tail: str = ""):
    """A writer of a part that repeats ``chunk`` (written in pieces: never whole in memory)."""

    def write(archive: zipfile.ZipFile, part: str) -> None:
        with archive.open(part, "w", force_zip64=True) as out:
            out.write(head.encode())
            piece = (chunk * 10_000).encode()
            for _ in range(times // 10_000):
                out.write(piece)
            out.write(tail.encode())

    return write


def _sheet_head() -> str:
    return f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><sheetData>{_row(1, HEADER)}'


def zip_bomb(*, hidden: bool) -> bytes:
    """A sheet whose XML unpacks to 140 MB (in the read sheet, or in a hidden second one)."""
    bomb = _streamed(
        _row(2, ("x", "y", "z")), 700_000, head=_sheet_head(), tail="</sheetData></worksheet>"
    )
    sheets = (
        {"表": sheet_xml([_row(1, HEADER), *firms(3)]), "隠し": bomb} if hidden else {"表": bomb}
    )
    return xlsx(sheets)


def ratio_bomb() -> bytes:
    """60 MB of one repeated row: within the size bound, a thousand times compressed."""
    return xlsx(
        {
            "表": _streamed(
                _row(2, ("x", "y", "z")),
                300_000,
                head=_sheet_head(),
                tail="</sheetData></worksheet>",
            )
        }
    )


def shared_strings_bomb() -> bytes:
    """Two cells pointing at shared strings that unpack to 150 MB."""

    def strings(archive: zipfile.ZipFile, part: str) -> None:
        item = "<si><t>" + "稼" * 200 + "</t></si>"
        _streamed(item, 250_000, head=f'<?xml version="1.0"?><sst xmlns="{MAIN}">', tail="</sst>")(
            archive, part
        )

    cells = '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'
    return _with_part(
        xlsx({"表": sheet_xml([_row(1, HEADER), cells])}), "xl/sharedStrings.xml", strings
    )


def _with_part(data: bytes, part: str, write) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        write(archive, part)
    return buffer.getvalue()


def wide_row(cells: int = 1_500_000) -> bytes:
    """One row of ``cells`` numbers (varied, so it packs like real data, not like a bomb)."""
    rng = random.Random(3)

    def write(archive: zipfile.ZipFile, part: str) -> None:
        with archive.open(part, "w", force_zip64=True) as out:
            out.write((_sheet_head() + '<row r="2">').encode())
            for _ in range(cells // 1000):
                out.write(
                    "".join(f"<c><v>{rng.randrange(50)}</v></c>" for _ in range(1000)).encode()
                )
            out.write(b"</row></sheetData></worksheet>")

    return xlsx({"表": write})


def many_rows(rows: int = 25_000) -> bytes:
    """More rows than the limit, in a sheet that packs like real data."""

    def write(archive: zipfile.ZipFile, part: str) -> None:
        with archive.open(part, "w", force_zip64=True) as out:
            out.write(_sheet_head().encode())
            for start in range(2, rows + 2, 1000):
                out.write("".join(firms(1000, start=start)).encode())
            out.write(b"</sheetData></worksheet>")

    return xlsx({"表": write})


def dimension(ref: str, rows: int) -> bytes:
    """A sheet whose ``dimension`` says ``ref`` but holds ``rows`` firms."""
    return xlsx({"表": sheet_xml([_row(1, HEADER), *firms(rows)], dimension=ref)})


def blank_gap(before: int, gap: int, after: int) -> bytes:
    """Firms, then ``gap`` empty sheet rows, then more firms."""
    rows = [_row(1, HEADER), *firms(before), *firms(after, start=before + 2 + gap)]
    return xlsx({"表": sheet_xml(rows)})


BILLION_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'
        for k in range(1, 10)
    )
    + "]>"
)


def billion_laughs() -> bytes:
    return xlsx({"表": sheet_xml([_row(1, HEADER), *firms(2)])}, workbook_doctype=BILLION_LAUGHS)


def external_entity(url: str) -> bytes:
    """A sheet whose cell is an external entity: reading it would fetch ``url``."""
    doctype = f'<!DOCTYPE worksheet [<!ENTITY trap SYSTEM "{url}">]>'
    rows = [_row(1, HEADER), _row(2, ("&trap;", "大阪府吹田市", "製造"))]
    return xlsx({"表": sheet_xml(rows, doctype=doctype)})


def truncated() -> bytes:
    data = xlsx({"表": sheet_xml([_row(1, HEADER), *firms(50)])})
    return data[: len(data) // 2]


def truncated_sheet() -> bytes:
    """A valid zip whose sheet XML stops in the middle."""
    text = sheet_xml([_row(1, HEADER), *firms(20)])
    return xlsx({"表": text[: len(text) // 2]})


def bad_shared_index() -> bytes:
    shared = f'<?xml version="1.0"?><sst xmlns="{MAIN}"><si><t>企業</t></si></sst>'
    cells = '<row r="2"><c r="A2" t="s"><v>7</v></c></row>'
    return xlsx({"表": sheet_xml([_row(1, HEADER), cells])}, shared=shared)


def corrupted_deflate() -> bytes:
    data = bytearray(xlsx({"表": sheet_xml([_row(1, HEADER), *firms(200)])}))
    at = data.index(b"xl/worksheets/sheet1.xml") + 60  # inside the sheet's compressed bytes
    for k in range(at, at + 40):
        data[k] ^= 0x5A
    return bytes(data)


def encrypted_member() -> bytes:
    """A zip part flagged as encrypted (ZipCrypto)."""
    data = bytearray(xlsx({"表": sheet_xml([_row(1, HEADER), *firms(3)])}))
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (start := data.find(signature, start)) >= 0:
            data[start + flag_at] |= 0x1
            start += 4
    return bytes(data)


def traversal() -> bytes:
    return xlsx({"表": sheet_xml([_row(1, HEADER), *firms(3)])}, extra={"../../evil.txt": b"x"})


def ole(kind: str) -> bytes:
    """An OLE compound file: an old .xls, or an encrypted .xlsx (the same envelope)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + kind.encode() + b"\x00" * 1024


def bad_date() -> bytes:
    """A date-formatted cell whose serial is no date."""
    styles = (
        f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/>'
        '<xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
    )
    rows = [
        _row(1, (*HEADER, "日付")),
        '<row r="2"><c r="A2" t="inlineStr"><is><t>企業1</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>大阪府吹田市</t></is></c>'
        '<c r="D2" s="1"><v>1e20</v></c></row>',
    ]
    return xlsx({"表": sheet_xml(rows)}, extra={"xl/styles.xml": styles.encode()})


def styles_bomb() -> bytes:
    """A styles part of 9 MB (varied, so it packs like data): read whole, it would be a tree
    of hundreds of MB."""
    rng = random.Random(5)
    xfs = "".join(
        f'<xf numFmtId="{rng.randrange(200)}" fontId="{rng.randrange(50)}"/>'
        for _ in range(300_000)
    )
    styles = (
        f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><cellXfs>{xfs}</cellXfs></styleSheet>'
    )
    return xlsx(
        {"表": sheet_xml([_row(1, HEADER), *firms(3)])}, extra={"xl/styles.xml": styles.encode()}
    )


def csv_blank_lines(size: int = 9 * 2**20) -> bytes:
    return "名称,所在地\n".encode() + b"\n" * (size - 32)


def csv_tiny_rows(size: int = 9 * 2**20) -> bytes:
    return "名称,所在地\n".encode() + b"a,b\n" * ((size - 32) // 4)


def csv_many_areas(rows: int = 2_000) -> bytes:
    every = "大阪府・京都府・兵庫県・奈良県・和歌山県・滋賀県・福井県"
    lines = ["名称,所在地"] + [f"広域{k + 1},{every}" for k in range(rows)]
    return "\n".join(lines).encode()


def corpus(trap_url: str = "http://127.0.0.1:9/trap") -> list[Hostile]:
    """Every hostile file, with what reading it must give."""
    return [
        Hostile("bomb.xlsx", lambda: zip_bomb(hidden=False), refusal="compressed"),
        Hostile("bomb-hidden.xlsx", lambda: zip_bomb(hidden=True), refusal="compressed"),
        Hostile("ratio.xlsx", ratio_bomb, refusal="compressed"),
        Hostile("shared-bomb.xlsx", shared_strings_bomb, refusal="unpacks to"),
        Hostile("wide.xlsx", wide_row, refusal="cells"),
        Hostile("rows.xlsx", many_rows, refusal="more than 20,000 rows"),
        Hostile("dim-huge.xlsx", lambda: dimension("A1:XFD1048576", 12), rows=12),
        Hostile("dim-under.xlsx", lambda: dimension("A1:H5", 40), rows=40),
        Hostile("gap.xlsx", lambda: blank_gap(10, 500_000, 20), rows=30),
        Hostile("laughs.xlsx", billion_laughs, refusal="damaged"),
        Hostile("xxe.xlsx", lambda: external_entity(trap_url), refusal="damaged"),
        Hostile("truncated.xlsx", truncated, refusal="not a readable .xlsx"),
        Hostile("truncated-sheet.xlsx", truncated_sheet, refusal="damaged"),
        Hostile("shared-index.xlsx", bad_shared_index, refusal="damaged"),
        Hostile("deflate.xlsx", corrupted_deflate, refusal="damaged"),
        Hostile("zipcrypto.xlsx", encrypted_member, refusal="encrypted"),
        Hostile("traversal.xlsx", traversal, refusal="outside the file"),
        Hostile("old.xls", lambda: ole("xls"), refusal=".xls"),
        Hostile("protected.xlsx", lambda: ole("encrypted"), refusal="password-protected"),
        Hostile("macro.xlsm", lambda: dimension("A1:C4", 3), rows=3),
        Hostile("bad-date.xlsx", bad_date, rows=1),
        Hostile("styles-bomb.xlsx", styles_bomb, refusal="at most 8 MB"),
        Hostile("blank.csv", csv_blank_lines, rows=0),
        Hostile("tiny.csv", csv_tiny_rows, refusal="more than 20,000 rows"),
    ]
