"""Reading verification batch files (CSV or XLSX) one chunk at a time: what the file is,
its encoding, separator, headers and whole-file problems. Cells are checked in
``households.normalise``. Recipient lists (``programs.recipients.imports``) are read the
same way.

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
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext, gettext_noop

from households.columns import BY_HEADER, COLUMNS, REQUIRED_HEADERS

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
    "kode_wilayah": "kode_desa",
    "alasan": "alasan_hapus",
}
# Columns our own files add (row number, reasons of the rejected-rows file): not data.
IGNORED_HEADERS = {"baris", "alasan_penolakan"}

# code -> Indonesian source text; "%s" takes the single parameter, "%(name)s" the named ones.
FILE_MESSAGES: dict[str, str] = {
    "empty": gettext_noop("Berkas kosong."),
    "not_a_table": gettext_noop(
        "Berkas ini %(kind)s, bukan tabel CSV atau buku kerja XLSX (jenis berkas dibaca dari "
        "isinya, bukan dari namanya). Unggah daftar dalam format CSV atau XLSX."
    ),
    "encrypted_or_xls": gettext_noop(
        "Berkas Excel ini terkunci kata sandi atau berformat .xls lama. Buka di Excel, "
        "hapus kata sandinya, lalu simpan sebagai .xlsx atau .csv."
    ),
    "utf16": gettext_noop(
        "Berkas ini teks UTF-16 (pilihan “Unicode Text” di Excel). Simpan ulang sebagai "
        "“CSV UTF-8” atau .xlsx lalu unggah lagi."
    ),
    "nul_byte": gettext_noop(
        "Baris %(row)s berisi byte NUL (0x00): ini bukan teks CSV biasa, mungkin berkas "
        "rusak atau berkas lain yang diganti namanya. Simpan ulang dari Excel sebagai CSV "
        "UTF-8."
    ),
    "undefined_byte": gettext_noop(
        "Berkas bukan UTF-8, dan baris %(row)s berisi byte %(byte)s yang tidak bermakna "
        "dalam Windows-1252, sehingga tidak ada pengodean yang dapat membacanya. Simpan ulang "
        "berkas sebagai CSV UTF-8."
    ),
    "mixed_encodings": gettext_noop(
        "Berkas mencampur dua pengodean huruf: sebagian UTF-8, sebagian Windows-1252 "
        "(pertama di baris %(row)s), sehingga huruf beraksen akan rusak. Simpan ulang seluruh "
        "berkas sebagai CSV UTF-8."
    ),
    "not_utf8": gettext_noop(
        "Berkas bukan UTF-8; dibaca sebagai Windows-1252 (Latin-1). Periksa huruf "
        "beraksen pada nama di pratinjau."
    ),
    "first_line_blank": gettext_noop(
        "Baris pertama berkas kosong; baris pertama harus judul kolom."
    ),
    "header_too_long": gettext_noop(
        "Baris pertama berkas lebih dari 1 MB atau tidak pernah berakhir, padahal baris "
        "pertama harus judul kolom. Periksa bahwa berkas ini tabel CSV."
    ),
    "header_unreadable": gettext_noop(
        "Baris judul kolom tidak dapat dibaca: sebuah judul terlalu panjang atau tanda "
        "kutipnya tidak ditutup."
    ),
    "no_header": gettext_noop("Berkas tidak memiliki baris judul kolom."),
    "duplicate_columns": gettext_noop("Kolom muncul lebih dari sekali: %s."),
    "missing_columns": gettext_noop(
        "Kolom wajib tidak ada: %(missing)s. Unduh templat batch untuk susunan kolom."
    ),
    "unknown_columns": gettext_noop("Kolom tidak dikenal diabaikan: %s."),
    "unknown_columns_more": gettext_noop(
        "Kolom tidak dikenal diabaikan: %(columns)s, dan %(more)s kolom lain."
    ),
    "header_only": gettext_noop("Berkas hanya berisi judul kolom; tidak ada baris data."),
    "row_cells": gettext_noop(
        "Susunan kolom CSV rusak: baris %(row)s berisi %(found)s kolom, padahal judul "
        "berisi %(width)s kolom. Pastikan setiap baris memiliki jumlah kolom yang sama "
        "dengan judul."
    ),
    "unclosed_quote": gettext_noop(
        'Baris %(row)s membuka tanda kutip (") yang tidak pernah ditutup, sehingga sisa '
        "berkas terbaca sebagai satu sel. Tutup atau hapus tanda kutip itu."
    ),
    "line_too_long": gettext_noop(
        "Sebuah baris sesudah baris %(row)s lebih panjang dari 1 MB; baris data jauh lebih "
        "pendek. Periksa berkas di sekitar baris itu."
    ),
    "csv_unreadable": gettext_noop(
        "Berkas CSV tidak dapat dibaca sesudah baris %(row)s. Simpan ulang dari Excel sebagai "
        "CSV UTF-8 lalu unggah lagi."
    ),
    "hidden_character": gettext_noop(
        "Baris %(row)s, kolom %(column)s berisi karakter tersembunyi %(character)s yang dapat "
        "membalik atau menyamarkan teks. Hapus karakter itu lalu unggah lagi."
    ),
    "xlsx_corrupt": gettext_noop(
        "Berkas XLSX rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi."
    ),
    "xlsx_inflates": gettext_noop(
        "Isi berkas XLSX ini mengembang lebih dari %(ratio)s kali saat dibuka; berkas seperti "
        "ini tidak diterima. Simpan ulang dari Excel atau unggah sebagai CSV."
    ),
    "xlsx_too_large": gettext_noop(
        "Isi berkas XLSX ini lebih dari %(gb)s GB setelah dibuka. Pecah menjadi beberapa "
        "batch atau unggah sebagai CSV."
    ),
    "xlsx_no_worksheet": gettext_noop("Buku kerja ini tidak memiliki lembar kerja."),
    "xlsx_first_sheet_empty": gettext_noop("Lembar kerja pertama kosong."),
    "xlsx_unreadable_row": gettext_noop(
        "Lembar kerja tidak dapat dibaca sesudah baris %(row)s; simpan ulang dari Excel lalu "
        "unggah lagi."
    ),
    "xlsx_too_many_rows": gettext_noop(
        "Lembar kerja berlanjut melewati baris %(max)s, batas Excel: berkas ini rusak atau "
        "dibuat keliru. Simpan ulang dari Excel lalu unggah lagi."
    ),
    # the registry's batches
    "same_file_committed": gettext_noop(
        "Berkas ini sama persis dengan batch #%(id)s yang sudah disahkan."
    ),
    # recipient lists, read by this module
    "recipient_identifier_missing": gettext_noop(
        "Daftar penerima harus memiliki kolom nik atau no_kk (kolom yang dikenal: %(columns)s)."
    ),
}
# What a file that is not a table is, named in the message ("Berkas ini %(kind)s").
FILE_KINDS: dict[str, str] = {
    "png": gettext_noop("gambar PNG"),
    "jpeg": gettext_noop("foto JPEG"),
    "gif": gettext_noop("gambar GIF"),
    "webp": gettext_noop("gambar WebP"),
    "pdf": gettext_noop("dokumen PDF"),
    "zip": gettext_noop("arsip ZIP"),
    "archive": gettext_noop("arsip terkompresi"),
    "program": gettext_noop("program komputer"),
    "docx": gettext_noop("dokumen Word"),
    "pptx": gettext_noop("presentasi PowerPoint"),
    "ods": gettext_noop("lembar kerja OpenDocument (.ods)"),
}
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


def file_problem(code: str, /, **params: Any) -> dict[str, Any]:
    """A whole-file problem as stored (``file_errors``/``file_warnings``)."""
    if code not in FILE_MESSAGES:
        raise KeyError(code)
    return {"code": code, "params": params} if params else {"code": code}


def file_problem_text(problem: dict[str, Any] | str) -> str:
    """The problem in the active language. Problems stored before codes are their text."""
    if isinstance(problem, str):
        return problem
    code = problem.get("code", "")
    if code not in FILE_MESSAGES:
        return str(problem.get("message", code))
    text = gettext(FILE_MESSAGES[code])
    params = dict(problem.get("params") or {})
    if "kind" in params and params["kind"] in FILE_KINDS:
        params["kind"] = gettext(FILE_KINDS[params["kind"]])
    if not params:
        return text
    if "%s" in text and len(params) == 1:
        return text % next(iter(params.values()))
    return text % params


def file_problem_texts(problems: list[Any]) -> list[str]:
    return [file_problem_text(p) for p in problems]


class BatchFileError(Exception):
    """The file as a whole cannot be read; ``problems`` say why (``file_problem``)."""

    def __init__(self, problems: list[dict[str, Any]]):
        super().__init__("; ".join(p["code"] for p in problems))
        self.problems = problems

    @property
    def messages(self) -> list[str]:
        return file_problem_texts(self.problems)


def _refuse(code: str, /, **params: Any) -> BatchFileError:
    return BatchFileError([file_problem(code, **params)])


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
        raise _refuse("empty")
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(OLE2):
        raise _refuse("encrypted_or_xls")
    if head.startswith(ZIP):
        _xlsx_archive_check(path)
        return TableFile(path=path, kind="xlsx", header=_xlsx_header_row(path))
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            raise _refuse("not_a_table", kind=kind)
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        raise _refuse("not_a_table", kind="webp")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise _refuse("utf16")
    found = TableFile(path=path, kind="csv")
    found.encoding, found.lines = _csv_screened(path, head, found.warnings)
    with path.open(encoding=found.encoding, newline="") as handle:
        first_line = handle.readline(HEADER_MAX_CHARS + 1)
        if len(first_line) > HEADER_MAX_CHARS:
            raise _refuse("header_too_long")
        if not first_line.strip():
            rest = handle.read(SNIFF_BYTES)
            raise _refuse(
                "empty" if not rest.strip() and len(rest) < SNIFF_BYTES else "first_line_blank"
            )
    found.delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        found.header = next(csv.reader([first_line], delimiter=found.delimiter))
    except csv.Error as exc:
        raise _refuse("header_unreadable") from exc
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
        raise _refuse("utf16" if _looks_utf16(head) else "nul_byte", row=nul_line)
    if utf8:
        return "utf-8-sig", lines
    if undefined is not None:
        raise _refuse("undefined_byte", row=undefined[0], byte=f"0x{undefined[1].hex().upper()}")
    if utf8_text_seen:
        raise _refuse("mixed_encodings", row=first_not_utf8)
    warnings.append(file_problem("not_utf8"))
    return "cp1252", lines


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without a byte order mark: mostly ASCII text, so every other byte is NUL."""
    even, odd = head[0::2], head[1::2]
    quarter = len(head) // 4
    return (odd.count(0) > quarter and even.count(0) < quarter // 4) or (
        even.count(0) > quarter and odd.count(0) < quarter // 4
    )


def normalise_header(name: Any) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    text = "_".join(text.replace("-", " ").replace("/", " ").split())
    return HEADER_ALIASES.get(text, text)


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


def _headers_checked(raw: list[Any], warnings: list[dict[str, Any]]) -> list[str]:
    headers = [normalise_header(h) for h in raw]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise _refuse("no_header")
    duplicates = duplicate_headers(headers)
    if duplicates:
        raise _refuse("duplicate_columns", columns=shown_headers(duplicates)[0])
    present = set(headers)
    missing = [h for h in REQUIRED_HEADERS if h not in present]
    if missing:
        raise _refuse("missing_columns", missing=", ".join(missing))
    unknown = [h or '""' for h in headers if h not in BY_HEADER and h not in IGNORED_HEADERS]
    if unknown:
        warnings.append(unknown_columns_warning(unknown))
    return headers


# Free-text columns a person reads on the page (names, addresses, sources): where hidden
# characters would mislead.
_TEXT_HEADERS = [col.header for col in COLUMNS if col.kind in ("text", "name")]


@dataclass
class BatchFile(TableFile):
    headers: list[str] = field(default_factory=list)

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Raw cells of the known columns as text, headers normalised, a ``row_number`` as
        the user counts rows. Other columns are not read: nothing uses them."""
        columns = {i: h for i, h in enumerate(self.headers) if h in BY_HEADER}
        known = list(columns.values())
        text_headers = [h for h in _TEXT_HEADERS if h in known]
        seen_rows = False
        for chunk in table_frames(self, columns):
            chunk = chunk[~(chunk[known] == "").all(axis=1)]
            if len(chunk):
                hidden_characters_refused(chunk, text_headers)
                seen_rows = True
                yield chunk
        if not seen_rows:
            raise _refuse("header_only")


def batch_file_open(path: Path) -> BatchFile:
    found = table_file_open(path)
    batch = BatchFile(**vars(found))
    batch.headers = _headers_checked(found.header, batch.warnings)
    return batch


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
            raise _refuse(
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
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=refuse
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
        raise _refuse("xlsx_corrupt") from exc
    names = {part.filename for part in parts}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise _refuse("not_a_table", kind="docx")
        if "ppt/presentation.xml" in names:
            raise _refuse("not_a_table", kind="pptx")
        if "content.xml" in names and "mimetype" in names:
            raise _refuse("not_a_table", kind="ods")
        raise _refuse("not_a_table", kind="zip")
    for part in parts:
        if part.file_size > XLSX_INFLATE_GRACE_BYTES and part.file_size > XLSX_MAX_INFLATE * max(
            part.compress_size, 1
        ):
            raise _refuse("xlsx_inflates", ratio=XLSX_MAX_INFLATE)
    if sum(part.file_size for part in parts) > XLSX_MAX_BYTES:
        raise _refuse("xlsx_too_large", gb=XLSX_MAX_BYTES >> 30)


def _xlsx_header_row(path: Path) -> list[Any]:
    with _xlsx_sheet(path) as sheet:
        for _number, row in _xlsx_rows(sheet):
            if any(cell not in (None, "") for cell in row):
                return list(row)
    raise _refuse("xlsx_first_sheet_empty")


class _xlsx_sheet:
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
            raise _refuse("xlsx_corrupt") from exc
        if not self.workbook.worksheets:
            self.__exit__()
            raise _refuse("xlsx_no_worksheet")
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
            raise _refuse("xlsx_unreadable_row", row=number) from exc
        number += 1
        if number > EXCEL_MAX_ROWS:
            raise _refuse("xlsx_too_many_rows", max=EXCEL_MAX_ROWS)
        yield number, row


def xlsx_frames(path: Path, columns: dict[int, str]) -> Iterator[pd.DataFrame]:
    """The rows below the first sheet's header row as text, ``XLSX_CHUNK_ROWS`` at a time, with a
    ``row_number`` as the user counts rows; NIK and KK cells read as text. Only the cells at
    the positions of ``columns`` are kept, under their headers."""
    positions = sorted(columns)
    headers = [columns[i] for i in positions]
    identifiers = [columns[i] in ("nik", "no_kk") for i in positions]  # one per position
    width = positions[-1] + 1 if positions else 1
    with _xlsx_sheet(path) as sheet:
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
