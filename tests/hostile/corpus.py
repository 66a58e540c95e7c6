"""Hostile and unusual files, built in code: what people and other systems really upload
(a photo renamed .csv, a Windows-1252 export, a workbook that claims a million columns) and
what an attacker would try. Every upload of the application is run over the same files.

Each ``HostileFile`` has an id (the test id), the name it is uploaded under and its bytes.
The files are small: the whole corpus is built in well under a second.
"""

from __future__ import annotations

import io
import random
import re
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from openpyxl import Workbook
from PIL import Image

from tests.households.batchfiles import HEADERS, csv_bytes, family

# Windows-1252 leaves these five bytes undefined: no decoder maps them to a character.
CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: "Sutrisno\u202eonsirtuS" displays reversed


@dataclass(frozen=True)
class HostileFile:
    id: str
    name: str
    build: Callable[[], bytes]

    @property
    def content(self) -> bytes:
        return _built(self.build)


@cache
def _built(build: Callable[[], bytes]) -> bytes:
    return build()


# ------------------------------------------------------------------ other kinds of file


def png(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, "PNG")
    return out.getvalue()


def jpeg(size: tuple[int, int] = (8, 8)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, "JPEG")
    return out.getvalue()


def pdf(body: str = "") -> bytes:
    """A small, valid one-page PDF; ``body`` adds entries to the catalogue."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {body}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{obj}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return out


def pdf_with_javascript() -> bytes:
    return pdf("/OpenAction << /S /JavaScript /JS (app.alert\\('x'\\)) >> ")


def pdf_with_hidden_javascript() -> bytes:
    """The same action, its names written with #xx escapes that readers decode."""
    return pdf("/OpenAction << /S /J#61vaScript /J#53 (app.alert\\('x'\\)) >> ")


def pdf_with_packed_javascript() -> bytes:
    """The action dictionary compressed inside an object stream (PDF 1.5), where a plain
    byte search cannot see it."""
    inner = b"<< /S /JavaScript /JS (app.alert\\('x'\\)) >>"
    header = b"4 0 "
    packed = zlib.compress(header + inner)
    stream = (
        f"<< /Type /ObjStm /N 1 /First {len(header)} /Filter /FlateDecode "
        f"/Length {len(packed)} >>\nstream\n"
    ).encode()
    body = stream + packed + b"\nendstream"
    base = pdf("/OpenAction 4 0 R ")
    return base.replace(b"xref\n", b"5 0 obj\n" + body + b"\nendobj\nxref\n", 1)


def zip_of(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def plain_zip() -> bytes:
    return zip_of({"baca-saya.txt": b"bukan lembar kerja"})


def docx() -> bytes:
    """A Word document: a ZIP with [Content_Types].xml like an XLSX, but no workbook."""
    return zip_of(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.'
            b'openxmlformats.org/package/2006/content-types"/>',
            "word/document.xml": b"<w:document/>",
        }
    )


def random_bytes() -> bytes:
    return random.Random(2026).randbytes(4096)


def encrypted_xlsx() -> bytes:
    """Excel saves a password-protected workbook as an OLE2 compound file."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088


# ------------------------------------------------------------------ registry batches as CSV


def batch_csv(rows: list[dict[str, str]] | None = None, **kw: object) -> bytes:
    return csv_bytes(family() if rows is None else rows, **kw)  # type: ignore[arg-type]


def with_name(value: str) -> list[dict[str, str]]:
    rows = family()
    rows[0]["nama"] = value
    return rows


def cp1252_with(byte: int) -> bytes:
    """A Windows-1252 export whose second data row holds a byte 1252 does not define."""
    content = batch_csv(with_name("Sutrisno Hadí"), encoding="cp1252")
    return content.replace(b"Siti Aminah", b"Siti" + bytes([byte]) + b"Aminah")


def mixed_encodings() -> bytes:
    """Rows pasted from two files: one UTF-8, one Windows-1252."""
    utf8 = batch_csv(with_name("Sutrisno Hadí")).decode()
    lines = utf8.splitlines(keepends=True)
    return (
        "".join(lines[:2]).encode()
        + lines[2].replace("Siti", "Sití").encode("cp1252")
        + ("".join(lines[3:]).encode())
    )


def nul_in_a_cell() -> bytes:
    return batch_csv().replace(b"Siti Aminah", b"Siti\0Aminah")


def long_line() -> bytes:
    return batch_csv(with_name("A" * (1 << 20)))


def long_header() -> bytes:
    return ("x" * (1 << 20) + ",").encode() + batch_csv()


def many_columns(extra: int = 10_000) -> bytes:
    headers = [*HEADERS, *(f"kolom_{i}" for i in range(extra))]
    return batch_csv(headers=headers)


def unclosed_quote() -> bytes:
    return batch_csv().replace(b"Siti Aminah", b'"Siti Aminah', 1)


def line_ends(ending: bytes) -> bytes:
    return batch_csv().replace(b"\r\n", b"\n").replace(b"\n", ending)


def utf16(codec: str) -> bytes:
    return batch_csv().decode().encode(codec)


def header_only() -> bytes:
    return ",".join(HEADERS).encode() + b"\r\n"


# ------------------------------------------------------------------ registry batches as XLSX


def workbook_bytes(
    rows: list[list[object]] | None = None, *, shape: Callable[[Workbook], None] | None = None
) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows if rows is not None else family_cells():
        sheet.append(row)
    if shape:
        shape(workbook)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def family_cells() -> list[list[object]]:
    return [HEADERS, *([row.get(h, "") for h in HEADERS] for row in family())]


def _rewrite_member(content: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            target.writestr(item, change(data) if item.filename == member else data)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


def xlsx_huge_dimension() -> bytes:
    """The sheet declares every cell Excel has (A1:XFD1048576) while holding four rows."""
    return _rewrite_member(
        workbook_bytes(),
        SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml),
    )


def xlsx_tiny_dimension() -> bytes:
    """The sheet declares one cell (A1:A1) while holding four rows of forty columns."""
    return _rewrite_member(
        workbook_bytes(),
        SHEET,
        lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:A1"', xml),
    )


def xlsx_far_row() -> bytes:
    """A last row numbered far beyond Excel's 1,048,576: readers pad the gap with blanks."""

    def far(xml: bytes) -> bytes:
        last = b'<row r="999999999"><c r="A999999999" t="inlineStr"><is><t>baru</t></is></c></row>'
        return xml.replace(b"</sheetData>", last + b"</sheetData>")

    return _rewrite_member(workbook_bytes(), SHEET, far)


def xlsx_compressed_bomb() -> bytes:
    """A sheet that inflates about a thousand times: 16 MB of blanks from a small file."""

    def padded(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b"<sheetData>" + b" " * (16 << 20), 1)

    return _rewrite_member(workbook_bytes(), SHEET, padded)


def xlsx_formulas() -> bytes:
    """Names as formulas, saved without cached values the way programs (not Excel) write."""
    cells = family_cells()
    name = HEADERS.index("nama")
    cells[1][name] = '="Sutri"&"sno"'
    return workbook_bytes(cells)


def xlsx_merged_cells() -> bytes:
    """The village code written once, merged down over the family's three rows."""
    cells = family_cells()
    column = HEADERS.index("kode_desa")
    for row in cells[2:]:
        row[column] = None

    def merge(workbook: Workbook) -> None:
        letter = workbook.active.cell(row=1, column=column + 1).column_letter
        workbook.active.merge_cells(f"{letter}2:{letter}4")

    return workbook_bytes(cells, shape=merge)


def xlsx_several_sheets() -> bytes:
    def more(workbook: Workbook) -> None:
        notes = workbook.create_sheet("penjelasan")
        notes.append(["kolom", "arti"])
        other = workbook.create_sheet("data lama")
        other.append(["nik", "nama"])

    return workbook_bytes(shape=more)


def xlsx_serial_dates() -> bytes:
    """Birth dates as Excel serial numbers, once formatted as dates and once bare."""
    cells = family_cells()
    column = HEADERS.index("tanggal_lahir")
    cells[1][column] = 31118  # 1985-03-12, a bare number

    def as_date(workbook: Workbook) -> None:
        cell = workbook.active.cell(row=3, column=column + 1)
        cell.value = 32372  # 1988-08-17
        cell.number_format = "dd/mm/yyyy"

    return workbook_bytes(cells, shape=as_date)


def xlsx_date_out_of_range() -> bytes:
    """A date-formatted cell holding a serial past year 9999: readers fail converting it."""
    cells = family_cells()
    column = HEADERS.index("tanggal_lahir")

    def far_date(workbook: Workbook) -> None:
        cell = workbook.active.cell(row=2, column=column + 1)
        cell.value = 99_999_999
        cell.number_format = "yyyy-mm-dd"

    return workbook_bytes(cells, shape=far_date)


def xlsx_no_worksheet() -> bytes:
    """A workbook whose only sheet is a chart sheet: no worksheet to read."""
    content = workbook_bytes()
    return _rewrite_member(
        content,
        "xl/workbook.xml",
        lambda xml: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", xml, flags=re.S),
    )


def xlsx_truncated() -> bytes:
    return workbook_bytes()[:900]


# ------------------------------------------------------------------ the corpus


def _file(id_: str, name: str, build: Callable[[], bytes]) -> HostileFile:
    return HostileFile(id_, name, build)


KINDS: dict[str, Callable[[], bytes]] = {
    "png": png,
    "jpeg": jpeg,
    "pdf": pdf,
    "zip": plain_zip,
    "docx": docx,
}
"""Other kinds of file, each uploaded as .csv and as .xlsx."""

DISGUISED: list[HostileFile] = [
    *(
        _file(f"{kind}-as-{ext}", f"data.{ext}", build)
        for kind, build in KINDS.items()
        for ext in ("csv", "xlsx")
    ),
    _file("random-bytes-csv", "data.csv", random_bytes),
    _file("random-bytes-xlsx", "data.xlsx", random_bytes),
    _file("encrypted-xlsx", "data.xlsx", encrypted_xlsx),
    _file("truncated-xlsx", "data.xlsx", xlsx_truncated),
    _file("empty-csv", "data.csv", lambda: b""),
    _file("empty-xlsx", "data.xlsx", lambda: b""),
    _file("bom-only", "data.csv", lambda: b"\xef\xbb\xbf"),
    _file("utf16-bom-only", "data.csv", lambda: b"\xff\xfe"),
]
"""Files that are not a table at all, or not one we read."""

ENCODINGS: list[HostileFile] = [
    *(
        _file(f"cp1252-undefined-{byte:02x}", "data.csv", lambda byte=byte: cp1252_with(byte))
        for byte in CP1252_UNDEFINED
    ),
    _file("utf16-le-bom", "data.csv", lambda: utf16("utf-16")),
    _file("utf16-be-bom", "data.csv", lambda: b"\xfe\xff" + utf16("utf-16-be")),
    _file("utf16-le-no-bom", "data.csv", lambda: utf16("utf-16-le")),
    _file("mixed-encodings", "data.csv", mixed_encodings),
    _file("nul-byte", "data.csv", nul_in_a_cell),
]

LAYOUTS: list[HostileFile] = [
    _file("header-only-csv", "data.csv", header_only),
    _file("header-only-xlsx", "data.xlsx", lambda: workbook_bytes([HEADERS])),
    _file("no-known-columns", "data.csv", lambda: b"warna,rasa,bau\nmerah,manis,harum\n"),
    _file("line-of-1mb", "data.csv", long_line),
    _file("header-of-1mb", "data.csv", long_header),
    _file("10000-columns", "data.csv", many_columns),
    _file("unclosed-quote", "data.csv", unclosed_quote),
    _file("crlf", "data.csv", lambda: line_ends(b"\r\n")),
    _file("cr-only", "data.csv", lambda: line_ends(b"\r")),
]

WORKBOOKS: list[HostileFile] = [
    _file("xlsx-huge-dimension", "data.xlsx", xlsx_huge_dimension),
    _file("xlsx-tiny-dimension", "data.xlsx", xlsx_tiny_dimension),
    _file("xlsx-row-beyond-excel", "data.xlsx", xlsx_far_row),
    _file("xlsx-compressed-bomb", "data.xlsx", xlsx_compressed_bomb),
    _file("xlsx-formulas", "data.xlsx", xlsx_formulas),
    _file("xlsx-merged-cells", "data.xlsx", xlsx_merged_cells),
    _file("xlsx-several-sheets", "data.xlsx", xlsx_several_sheets),
    _file("xlsx-serial-dates", "data.xlsx", xlsx_serial_dates),
    _file("xlsx-date-out-of-range", "data.xlsx", xlsx_date_out_of_range),
    _file("xlsx-no-worksheet", "data.xlsx", xlsx_no_worksheet),
]

NAMES = {
    "formula-equals": '=HYPERLINK("http://contoh.invalid","klik")',
    "formula-plus": "+6281234567890",
    "formula-at": "@SUM(A1)",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "control-character": "Sutri\x07sno",
    "c1-control": "Sutri\x85sno",
    "bidi-override": f"Sutrisno{RLO}onsirtuS",
    "no-latin-letters": "سوترسنو",
}
"""Names as they are written into the head's ``nama`` cell."""

FILENAMES = {
    "path-traversal": "../../x.csv",
    "windows-traversal": "..\\..\\x.csv",
    "very-long": "d" * 400 + ".csv",
    "non-ascii": "daftar-keluarga-Hadí-ジャワ.csv",
    "control-and-bidi": f"batch\n\x07{RLO}vsc.exe",
}
"""Names files are uploaded under; the content is a valid batch."""

NON_ASCII_DIGITS_NIK = "".join(chr(0x0660 + int(d)) for d in "3505011203850001")


# ------------------------------------------------------------------ attachments


def png_claiming(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def oversize_jpeg() -> bytes:
    """A real JPEG padded past the 5 MB limit (readers ignore bytes after the image)."""
    return jpeg() + b"\0" * (5 * 1024 * 1024)


SCRIPT = b"<script>alert(document.cookie)</script>"

ATTACHMENTS: list[HostileFile] = [
    _file("php-as-jpg", "foto.jpg", lambda: b"<?php system($_GET['c']); ?>"),
    _file("html-as-jpg", "foto.jpg", lambda: b"<!DOCTYPE html><html><body>" + SCRIPT + b"</body>"),
    _file(
        "svg-with-script-as-png",
        "foto.png",
        lambda: b'<svg xmlns="http://www.w3.org/2000/svg">' + SCRIPT + b"</svg>",
    ),
    _file("jpeg-magic-then-php", "foto.jpg", lambda: b"\xff\xd8\xff\xe0<?php system('id'); ?>"),
    _file("png-magic-then-html", "foto.png", lambda: b"\x89PNG\r\n\x1a\n" + SCRIPT),
    _file("real-jpeg-then-script", "foto.jpg", lambda: jpeg() + SCRIPT),
    _file("png-claiming-400-megapixels", "foto.png", lambda: png_claiming(20_000, 20_000)),
    _file("png-claiming-81-megapixels", "foto.png", lambda: png_claiming(9_000, 9_000)),
    _file("oversize-jpeg", "foto.jpg", oversize_jpeg),
    _file("pdf-with-javascript", "bukti.pdf", pdf_with_javascript),
    _file("pdf-with-escaped-javascript", "bukti.pdf", pdf_with_hidden_javascript),
    _file("pdf-with-javascript-in-object-stream", "bukti.pdf", pdf_with_packed_javascript),
    _file("exe-as-pdf", "bukti.pdf", lambda: b"MZ\x90\x00" + b"\0" * 256),
    _file("csv-as-jpg", "foto.jpg", lambda: batch_csv()),
    _file("xlsx-as-pdf", "bukti.pdf", workbook_bytes),
    _file("zip-as-jpg", "foto.jpg", plain_zip),
    _file("random-bytes", "foto.jpg", random_bytes),
    _file("empty", "foto.jpg", lambda: b""),
    _file("bom-only", "foto.jpg", lambda: b"\xef\xbb\xbf"),
]
"""Files a complaint's attachments must refuse, each for a reason the person can act on."""

GOOD_ATTACHMENTS: list[HostileFile] = [
    _file("png-named-csv", "foto.csv", png),
    _file("jpeg", "foto.jpg", jpeg),
    _file("pdf", "bukti.pdf", pdf),
    _file("webp-named-jpg", "foto.jpg", lambda: _webp()),
    _file("truncated-png", "foto.png", lambda: png()[:40]),
]
"""Files accepted by their content, whatever their name (a damaged photo shows broken and
harms no one)."""


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "WEBP")
    return out.getvalue()
