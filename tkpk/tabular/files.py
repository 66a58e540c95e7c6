"""Reading an uploaded table (CSV or XLSX) one chunk at a time: what the file is, its
encoding, separator, header row and whole-file problems. What the cells mean is the
import's to check (``households.normalise``, ``programs.recipients.imports``).

Nothing is trusted before it is looked at: the kind of file comes from its first bytes,
never its name; a CSV is screened once, block by block, for bytes no supported encoding
reads; a workbook's archive is checked before a parser inflates it, and its declared size
is ignored. A file that cannot be read raises ``BatchFileError`` with problems stored as
codes and shown in the reader's language (``file_problem_text``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import logging
import re
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from tkpk.tabular.problems import BatchFileError, file_problem, refuse
from tkpk.tabular.rejected import REJECTION_HEADER, ROW_HEADER
from tkpk.tabular.spec import TableImport

logger = logging.getLogger(__name__)

# Rows per chunk: pandas spends a fixed ~10 ms per column operation, so larger chunks pay
# (50k rows cost 30% more per row than 200k); 200k keeps a 1.2M-row import well under 2 GB.
CHUNK_ROWS = 200_000
# openpyxl hands over Python objects, far bulkier than Arrow's text: smaller chunks.
XLSX_CHUNK_ROWS = 50_000
# Bytes Arrow parses at a time (a record batch), gathered up to CHUNK_ROWS rows: 1 MB blocks
# read a 357 MB file in 2.4 s, 16 MB blocks in 5.3 s.
CSV_BLOCK_BYTES = 1 << 20
# The first bytes tell what a file is (and whether a CSV is UTF-16).
SNIFF_BYTES = 64 * 1024
# A header of ten thousand columns is about 100 KB; a first "line" of a megabyte is not one.
HEADER_MAX_CHARS = 1 << 20
# Workbooks are ZIP archives: refuse one whose parts inflate more than Apache POI accepts by
# default (ZipSecureFile: an inflate ratio under 1/100 is a zip bomb), judged on parts over
# 1 MB, or that holds more than 2 GB (a full sheet of 1,048,576 rows by 40 columns is ~1.5 GB).
XLSX_MAX_INFLATE = 100
XLSX_INFLATE_GRACE_BYTES = 1 << 20
XLSX_MAX_BYTES = 2 << 30
EXCEL_MAX_ROWS = 1_048_576

# Names people write for the columns our imports share (each import adds its own).
HEADER_ALIASES = {
    "no._kk": "no_kk",
    "nomor_kk": "no_kk",
    "kk": "no_kk",
    "nomor_kartu_keluarga": "no_kk",
    "nama_lengkap": "nama",
    "tgl_lahir": "tanggal_lahir",
    "jk": "jenis_kelamin",
    "hubungan": "hubungan_keluarga",
    "shdk": "hubungan_keluarga",
}
# Columns our own files add (row number, reasons of the rejected-rows file): not data.
IGNORED_HEADERS = {ROW_HEADER, REJECTION_HEADER}

_MAGIC: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"%PDF-", "pdf"),
    (b"\x1f\x8b", "archive"),
    (b"7z\xbc\xaf\x27\x1c", "archive"),
    (b"Rar!\x1a\x07", "archive"),
    (b"MZ", "program"),
    (b"\x7fELF", "program"),
]
OLE2 = b"\xd0\xcf\x11\xe0"
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# Windows-1252 leaves these five bytes undefined.
_CP1252_UNDEFINED = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")
# UTF-8 as it looks among Windows-1252 text: an accented Latin letter (Ã + one byte) or a
# dash, quote or ellipsis (â€ + one byte); neither pair means anything in Windows-1252 text.
_UTF8_AMONG_CP1252 = re.compile(rb"\xc3[\x80-\xbf]|\xe2\x80[\x90-\xbf]")
# Characters that reorder the text around them (Unicode's bidirectional embeddings,
# overrides and isolates): a name holding U+202E displays backwards, the "Trojan source"
# trick. Marks (U+200E, U+200F), which Arabic-script names carry, only set a direction, and
# control characters are the cell checks' (households.normalise).
BIDI_CONTROLS = "[\u202a-\u202e\u2066-\u2069]"


@dataclass
class TableFile:
    """A CSV or XLSX file looked at but not yet read: kind, encoding, separator, the header
    row as written, whole-file warnings and (CSV) the number of lines."""

    path: Path
    kind: str  # "csv" or "xlsx"
    header: list[Any] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    lines: int = 0


def table_file_open(path: Path) -> TableFile:
    """What the file is, from its content; refuses with a reason what cannot be a table."""
    if path.stat().st_size == 0:
        raise refuse("empty")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(OLE2):
        raise refuse("encrypted_or_xls")
    if head.startswith(ZIP):
        _xlsx_archive_check(path)
        return TableFile(path=path, kind="xlsx", header=_xlsx_header_row(path))
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise refuse("not_a_table", kind=kind)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise refuse("not_a_table", kind="webp")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise refuse("utf16")
    found = TableFile(path=path, kind="csv")
    found.encoding, found.lines = _csv_screened(path, head, found.warnings)
    with path.open(encoding=found.encoding, newline="") as handle:
        first_line = handle.readline(HEADER_MAX_CHARS + 1)
        if len(first_line) > HEADER_MAX_CHARS:
            raise refuse("header_too_long")
        if not first_line.strip():
            rest = handle.read(SNIFF_BYTES)
            raise refuse(
                "empty" if not rest.strip() and len(rest) < SNIFF_BYTES else "first_line_blank"
            )
    found.delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        found.header = next(csv.reader([first_line], delimiter=found.delimiter))
    except csv.Error as exc:
        raise refuse("header_unreadable") from exc
    return found


def _csv_screened(path: Path, head: bytes, warnings: list[dict[str, Any]]) -> tuple[str, int]:
    """One pass over the file, a block at a time: the encoding that reads all of it and the
    number of lines, or a refusal naming the first line no encoding reads."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    first_not_utf8 = 0  # line
    utf8_text_seen = False  # non-ASCII text that is valid UTF-8
    nul_line = 0
    undefined: tuple[int, bytes] | None = None
    lines = 0
    with path.open("rb") as handle:
        while block := handle.read(CSV_BLOCK_BYTES):
            ascii_only = block.isascii()
            if not nul_line and (at := block.find(b"\0")) >= 0:
                nul_line = lines + block.count(b"\n", 0, at) + 1
            if not ascii_only and undefined is None:
                found = [(i, b) for b in _CP1252_UNDEFINED if (i := block.find(b)) >= 0]
                if found:
                    at, byte = min(found)
                    undefined = (lines + block.count(b"\n", 0, at) + 1, byte)
            if utf8:
                try:
                    decoder.decode(block)
                    utf8_text_seen = utf8_text_seen or not ascii_only
                except UnicodeDecodeError as exc:
                    utf8 = False
                    at = max(exc.start, 0)
                    first_not_utf8 = lines + block.count(b"\n", 0, at) + 1
                    utf8_text_seen = utf8_text_seen or bool(_UTF8_AMONG_CP1252.search(block, 0, at))
                    if not utf8_text_seen:
                        utf8_text_seen = bool(_UTF8_AMONG_CP1252.search(block, at))
            elif not ascii_only and not utf8_text_seen:
                utf8_text_seen = bool(_UTF8_AMONG_CP1252.search(block))
            lines += block.count(b"\n")
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8, first_not_utf8 = False, lines + 1
    if nul_line:
        raise refuse("utf16" if _looks_utf16(head) else "nul_byte", row=nul_line)
    if utf8:
        return "utf-8-sig", lines
    if undefined is not None:
        raise refuse("undefined_byte", row=undefined[0], byte=f"0x{undefined[1].hex().upper()}")
    if utf8_text_seen:
        raise refuse("mixed_encodings", row=first_not_utf8)
    warnings.append(file_problem("not_utf8"))
    return "cp1252", lines


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte order mark: mostly ASCII text, so every other byte is NUL."""
    even, odd = head[0::2], head[1::2]
    quarter = len(head) // 4
    return (odd.count(0) > quarter and even.count(0) < quarter // 4) or (
        even.count(0) > quarter and odd.count(0) < quarter // 4
    )


def normalise_header(name: Any, *, aliases: Mapping[str, str] | None = None) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    text = "_".join(text.replace("-", " ").replace("/", " ").split())
    text = HEADER_ALIASES.get(text, text)
    return aliases.get(text, text) if aliases else text


_UNSHOWABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u200b-\u200f\ufeff]|{BIDI_CONTROLS}")


def shown_headers(headers: list[str], *, limit: int = 12) -> tuple[str, int]:
    """Column names for a message, hidden characters removed and long ones cut: the first
    ``limit`` of them, and how many more there are."""
    names = [_UNSHOWABLE.sub("", h)[:40] for h in headers]
    return ", ".join(names[:limit]), max(len(names) - limit, 0)


def unknown_columns_warning(unknown: list[str]) -> dict[str, Any]:
    columns, more = shown_headers(unknown)
    if more:
        return file_problem("unknown_columns_more", columns=columns, more=more)
    return file_problem("unknown_columns", columns=columns)


def duplicate_headers(headers: list[str]) -> list[str]:
    return sorted(h for h, n in Counter(headers).items() if h and n > 1)


def headers_checked(
    raw: list[Any], warnings: list[dict[str, Any]], *, table: TableImport
) -> list[str]:
    """The header row normalised, or a refusal: none, a column twice, a required one
    missing. Columns the import does not read are warned about."""
    headers = [normalise_header(h, aliases=table.aliases) for h in raw]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise refuse("no_header")
    duplicates = duplicate_headers(headers)
    if duplicates:
        raise refuse("duplicate_columns", columns=shown_headers(duplicates)[0])
    missing = table.required(headers)
    if missing:
        raise BatchFileError([missing])
    unknown = [
        h or '""'
        for h in headers
        if h not in table.columns and h not in IGNORED_HEADERS and h not in table.ignored
    ]
    if unknown:
        warnings.append(unknown_columns_warning(unknown))
    return headers


@dataclass
class ImportFile(TableFile):
    """A table an import reads: its header row checked against the import's columns."""

    table: TableImport = field(kw_only=True)
    headers: list[str] = field(default_factory=list)

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Raw cells of the import's columns as text, headers normalised, a ``row_number`` as
        the user counts rows; blank rows dropped. Other columns are not read: nothing uses
        them."""
        table = self.table
        columns = {i: h for i, h in enumerate(self.headers) if h in table.columns}
        seen_rows = False
        for chunk in table_frames(self, columns):
            if table.prepared is not None:
                chunk = table.prepared(chunk)
            read = [h for h in chunk.columns if h in table.columns]
            chunk = chunk[~(chunk[read] == "").all(axis=1)]
            if len(chunk):
                hidden_characters_refused(chunk, [h for h in table.text_columns if h in read])
                seen_rows = True
                yield chunk
        if not seen_rows:
            raise refuse("header_only")


def import_file_open(path: Path, *, table: TableImport) -> ImportFile:
    """The file, what it is and its header row checked; refuses what the import cannot read."""
    found = table_file_open(path)
    opened = ImportFile(**vars(found), table=table)
    opened.headers = headers_checked(found.header, opened.warnings, table=table)
    return opened


def hidden_characters_refused(chunk: pd.DataFrame, headers: list[str]) -> None:
    """Refuse the file at the first cell of ``headers`` holding a bidirectional control. Only
    cells that are not ASCII are searched (Arrow tells those apart in a few milliseconds)."""
    for header in headers:
        cells = chunk[header]
        cells = cells[~cells.str.isascii().fillna(True).astype(bool)]
        found = cells.str.contains(BIDI_CONTROLS, regex=True).fillna(False).astype(bool)
        if found.any():
            row = chunk.loc[found[found].index[0], "row_number"]
            cell = str(cells[found].iloc[0])
            character = re.search(BIDI_CONTROLS, cell)
            raise refuse(
                "hidden_character",
                row=int(row),
                column=header,
                character=f"U+{ord(character.group()):04X}" if character else "?",
            )


def table_frames(found: TableFile, columns: dict[int, str]) -> Iterator[pd.DataFrame]:
    """The data rows of the file: ``columns`` maps a cell's position to its header."""
    if found.kind == "xlsx":
        return xlsx_frames(found.path, columns)
    return csv_frames(
        found.path,
        columns,
        width=len(found.header),
        delimiter=found.delimiter,
        encoding=found.encoding,
    )


def csv_frames(
    path: Path, columns: dict[int, str], *, width: int, delimiter: str, encoding: str
) -> Iterator[pd.DataFrame]:
    """The rows below the header line as text (Arrow-backed), about ``CHUNK_ROWS`` at a
    time, with a ``row_number`` as the user counts rows. Only the cells at the positions of
    ``columns`` are kept, under their headers. ``width`` is the number of cells of the header
    line: a row with another number of cells refuses the file, naming the row."""
    if not _has_rows(path, encoding=encoding):
        return
    names = [f"column_{i}" for i in range(width)]
    positions = sorted(columns)
    headers = [columns[i] for i in positions]
    bad_rows: list[Any] = []
    read = [0]  # rows read so far, for messages about what follows them

    def refuse(row: Any) -> str:
        bad_rows.append(row)
        return "error"

    first_row = 2
    try:  # Arrow parses the first block when the reader opens
        reader = pacsv.open_csv(
            path,
            read_options=pacsv.ReadOptions(
                column_names=names,
                skip_rows=1,
                encoding="utf8" if encoding.startswith("utf-8") else encoding,
                block_size=CSV_BLOCK_BYTES,
                use_threads=False,  # so that a refused row has its line number
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                newlines_in_values=True,
                invalid_row_handler=refuse,
                # A blank line is a blank row (dropped later): the rows after it keep the
                # numbers a spreadsheet shows them under.
                ignore_empty_lines=False,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names},
                include_columns=[names[i] for i in positions],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for block in _blocks(reader, read):
            frame = block.to_pandas(types_mapper=_ARROW_TEXT.get)
            frame.columns = headers
            frame.index = pd.RangeIndex(first_row, first_row + len(frame))
            first_row += len(frame)
            frame.insert(0, "row_number", frame.index)
            yield frame
    except (pa.ArrowException, UnicodeError) as exc:
        raise BatchFileError([_csv_layout_problem(bad_rows, width, 1 + read[0], exc)]) from exc


_ARROW_TEXT = {pa.string(): pd.StringDtype("pyarrow")}


def _blocks(reader: Any, read: list[int]) -> Iterator[pa.Table]:
    """Arrow's record batches gathered into tables of at least ``CHUNK_ROWS`` rows;
    ``read[0]`` counts the rows Arrow handed over."""
    pending: list[pa.RecordBatch] = []
    rows = 0
    for record_batch in reader:
        pending.append(record_batch)
        rows += record_batch.num_rows
        read[0] += record_batch.num_rows
        if rows >= CHUNK_ROWS:
            yield pa.Table.from_batches(pending)
            pending.clear()
            rows = 0
    if rows:
        yield pa.Table.from_batches(pending)


def _has_rows(path: Path, *, encoding: str) -> bool:
    """Whether anything but blank space follows the header line."""
    with path.open(encoding=encoding, newline="") as handle:
        handle.readline(HEADER_MAX_CHARS + 1)
        while text := handle.read(SNIFF_BYTES):
            if text.strip():
                return True
    return False


def _csv_layout_problem(
    bad_rows: list[Any], width: int, last_good_row: int, exc: Exception
) -> dict[str, Any]:
    if bad_rows:
        row = bad_rows[0]
        number = row.number if row.number and row.number > 0 else "?"
        if (row.text or "").count('"') % 2:
            return file_problem("unclosed_quote", row=number)
        return file_problem("row_cells", row=number, found=row.actual_columns, width=width)
    if "straddling" in str(exc):
        return file_problem("line_too_long", row=last_good_row)
    logger.warning("csv unreadable", extra={"detail": str(exc)[:500]})
    return file_problem("csv_unreadable", row=last_good_row)


def _xlsx_archive_check(path: Path) -> None:
    """A workbook, and one whose parts do not inflate beyond reason, before any parser
    inflates them. Python's zipfile never inflates a part beyond its declared size."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise refuse("xlsx_corrupt") from exc
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise refuse("not_a_table", kind="docx")
        if "ppt/presentation.xml" in names:
            raise refuse("not_a_table", kind="pptx")
        if "content.xml" in names and "mimetype" in names:
            raise refuse("not_a_table", kind="ods")
        raise refuse("not_a_table", kind="zip")
    for part in parts:
        if part.file_size > XLSX_INFLATE_GRACE_BYTES and part.file_size > XLSX_MAX_INFLATE * max(
            part.compress_size, 1
        ):
            raise refuse("xlsx_inflates", ratio=XLSX_MAX_INFLATE)
    if sum(part.file_size for part in parts) > XLSX_MAX_BYTES:
        raise refuse("xlsx_too_large", gb=XLSX_MAX_BYTES >> 30)


def _xlsx_header_row(path: Path) -> list[Any]:
    with xlsx_sheet(path) as sheet:
        for _number, row in _xlsx_rows(sheet):
            if any(cell not in (None, "") for cell in row):
                return list(row)
    raise refuse("xlsx_first_sheet_empty")


class xlsx_sheet:
    """The first worksheet, opened read-only. Its declared dimension is ignored: too large
    pads every row to 16,384 cells, too small silently drops rows and columns."""

    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> Any:
        from openpyxl import load_workbook

        # Opened from a handle: openpyxl refuses a path by its name (a workbook uploaded
        # as .csv is still a workbook).
        self.handle = self.path.open("rb")
        try:
            self.workbook = load_workbook(self.handle, read_only=True, data_only=True)
        except Exception as exc:  # whatever a parser raises on a file it cannot read
            self.handle.close()
            logger.info("xlsx unreadable", extra={"detail": repr(exc)[:500]})
            raise refuse("xlsx_corrupt") from exc
        if not self.workbook.worksheets:
            self.__exit__()
            raise refuse("xlsx_no_worksheet")
        sheet = self.workbook.worksheets[0]
        sheet.reset_dimensions()
        return sheet

    def __exit__(self, *exc: object) -> None:
        try:
            self.workbook.close()
        finally:
            self.handle.close()


def _xlsx_rows(sheet: Any, *, max_col: int | None = None) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of the sheet, blank rows included; a parser failure or a row past
    Excel's last refuses the file, naming the last row read."""
    rows = sheet.iter_rows(max_col=max_col, values_only=True)
    number = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except Exception as exc:  # a malformed part of the sheet, met while reading it
            logger.info("xlsx row unreadable", extra={"row": number, "detail": repr(exc)[:500]})
            raise refuse("xlsx_unreadable_row", row=number) from exc
        number += 1
        if number > EXCEL_MAX_ROWS:
            raise refuse("xlsx_too_many_rows", max=EXCEL_MAX_ROWS)
        yield number, row


def xlsx_frames(path: Path, columns: dict[int, str]) -> Iterator[pd.DataFrame]:
    """The rows below the first sheet's header row as text, ``XLSX_CHUNK_ROWS`` at a time, with a
    ``row_number`` as the user counts rows; NIK and KK cells read as text. Only the cells at
    the positions of ``columns`` are kept, under their headers."""
    positions = sorted(columns)
    headers = [columns[i] for i in positions]
    identifiers = [columns[i] in ("nik", "no_kk") for i in positions]  # one per position
    width = positions[-1] + 1 if positions else 1
    with xlsx_sheet(path) as sheet:
        header_seen = False
        buffer: list[list[str]] = []
        numbers: list[int] = []
        for number, row in _xlsx_rows(sheet, max_col=width):
            if row.count(None) == len(row):  # blank: most rows of a padded gap
                continue
            if not header_seen:
                header_seen = any(cell not in (None, "") for cell in row)
                continue
            buffer.append(
                [
                    _xlsx_cell(row[i] if i < len(row) else None, identifier)
                    for i, identifier in zip(positions, identifiers, strict=True)
                ]
            )
            numbers.append(number)
            if len(buffer) >= XLSX_CHUNK_ROWS:
                yield _frame(buffer, numbers, headers)
                buffer, numbers = [], []
        if buffer:
            yield _frame(buffer, numbers, headers)


def _frame(rows: list[list[str]], numbers: list[int], headers: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=headers, index=numbers)
    frame.insert(0, "row_number", frame.index)
    return frame


def _xlsx_cell(value: Any, identifier: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int | float | Decimal):
        if identifier:
            # Excel keeps 15 significant digits: a 16-digit number has lost one.
            return f"{float(value):E}"
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)
    return str(value)
