"""Reading verification batch files (CSV or XLSX) one chunk at a time: encoding, separator,
headers and whole-file problems. Cells are checked in ``households.normalise``."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
from django.utils.translation import gettext as _

from households.columns import BY_HEADER, REQUIRED_HEADERS

# Rows per chunk: pandas spends a fixed ~10 ms per column operation, so larger chunks pay
# (50k rows cost 30% more per row than 200k); 200k keeps a 1.2M-row import well under 2 GB.
CHUNK_ROWS = 200_000
# openpyxl hands over Python objects, far bulkier than Arrow's text: smaller chunks.
XLSX_CHUNK_ROWS = 50_000
# Bytes Arrow parses at a time (a record batch), gathered up to CHUNK_ROWS rows: 1 MB blocks
# read a 357 MB file in 2.4 s, 16 MB blocks in 5.3 s.
CSV_BLOCK_BYTES = 1 << 20

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


class BatchFileError(Exception):
    """The file as a whole cannot be read; ``messages`` say why, in the user's language."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class BatchFile:
    path: Path
    kind: str  # "csv" or "xlsx"
    headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Raw cells as text, headers normalised, a ``row_number`` as the user counts rows."""
        reader = _xlsx_chunks(self) if self.kind == "xlsx" else _csv_chunks(self)
        seen_rows = False
        for chunk in reader:
            chunk = chunk[~(chunk[self.headers] == "").all(axis=1)]
            if len(chunk):
                seen_rows = True
                yield chunk
        if not seen_rows:
            raise BatchFileError([_("Berkas hanya berisi judul kolom; tidak ada baris data.")])


def batch_file_open(path: Path) -> BatchFile:
    size = path.stat().st_size
    if size == 0:
        raise BatchFileError([_("Berkas kosong.")])
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise BatchFileError(
            [
                _(
                    "Berkas Excel ini terkunci kata sandi atau berformat .xls lama. Buka di Excel, "
                    "hapus kata sandinya, lalu simpan sebagai .xlsx atau .csv."
                )
            ]
        )
    if magic.startswith(b"PK\x03\x04"):
        batch = BatchFile(path=path, kind="xlsx")
        batch.headers = _headers_checked(_xlsx_header_row(path), batch.warnings)
        return batch
    batch = BatchFile(path=path, kind="csv")
    batch.encoding = _csv_encoding(path, batch.warnings)
    with path.open(encoding=batch.encoding, newline="") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise BatchFileError([_("Baris pertama berkas kosong; baris pertama harus judul kolom.")])
    batch.delimiter = max([",", ";", "\t"], key=first_line.count)
    header = next(csv.reader([first_line], delimiter=batch.delimiter))
    batch.headers = _headers_checked(header, batch.warnings)
    return batch


def _csv_encoding(path: Path, warnings: list[str]) -> str:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as handle:
            while block := handle.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        warnings.append(
            _(
                "Berkas bukan UTF-8; dibaca sebagai Windows-1252 (Latin-1). Periksa huruf "
                "beraksen pada nama di pratinjau."
            )
        )
        return "cp1252"
    return "utf-8-sig"


def normalise_header(name: Any) -> str:
    text = str(name or "").replace("\ufeff", "").strip().lower()
    text = "_".join(text.replace("-", " ").replace("/", " ").split())
    return HEADER_ALIASES.get(text, text)


def _headers_checked(raw: list[Any], warnings: list[str]) -> list[str]:
    headers = [normalise_header(h) for h in raw]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise BatchFileError([_("Berkas tidak memiliki baris judul kolom.")])
    duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicates:
        raise BatchFileError([_("Kolom muncul lebih dari sekali: %s.") % ", ".join(duplicates)])
    missing = [h for h in REQUIRED_HEADERS if h not in headers]
    if missing:
        raise BatchFileError(
            [
                _("Kolom wajib tidak ada: %(missing)s. Unduh templat batch untuk susunan kolom.")
                % {"missing": ", ".join(missing)}
            ]
        )
    unknown = [
        h or _("(tanpa judul)") for h in headers if h not in BY_HEADER and h not in IGNORED_HEADERS
    ]
    if unknown:
        warnings.append(_("Kolom tidak dikenal diabaikan: %s.") % ", ".join(unknown))
    return headers


def _csv_chunks(batch: BatchFile) -> Iterator[pd.DataFrame]:
    return csv_frames(batch.path, batch.headers, delimiter=batch.delimiter, encoding=batch.encoding)


def csv_frames(
    path: Path, headers: list[str], *, delimiter: str, encoding: str
) -> Iterator[pd.DataFrame]:
    """The rows below the header line as text (Arrow-backed), about ``CHUNK_ROWS`` at a
    time, with a ``row_number`` as the user counts rows. Columns past ``headers`` (blank
    trailing headers) are read and dropped; a row with another number of cells refuses the
    file, naming the row."""
    width, has_rows = _header_line(path, delimiter=delimiter, encoding=encoding)
    if not has_rows:
        return
    names = [f"column_{i}" for i in range(width)]
    bad_rows: list[Any] = []

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
                include_columns=names[: len(headers)],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        for block in _blocks(reader):
            frame = block.to_pandas(types_mapper=_ARROW_TEXT.get)
            frame.columns = headers
            frame.index = pd.RangeIndex(first_row, first_row + len(frame))
            first_row += len(frame)
            frame.insert(0, "row_number", frame.index)
            yield frame
    except pa.ArrowInvalid as exc:
        raise BatchFileError([_csv_layout_message(bad_rows, width, exc)]) from exc


_ARROW_TEXT = {pa.string(): pd.StringDtype("pyarrow")}


def _blocks(reader: Any) -> Iterator[pa.Table]:
    """Arrow's record batches gathered into tables of at least ``CHUNK_ROWS`` rows."""
    pending: list[pa.RecordBatch] = []
    rows = 0
    for record_batch in reader:
        pending.append(record_batch)
        rows += record_batch.num_rows
        if rows >= CHUNK_ROWS:
            yield pa.Table.from_batches(pending)
            pending.clear()
            rows = 0
    if rows:
        yield pa.Table.from_batches(pending)


def _header_line(path: Path, *, delimiter: str, encoding: str) -> tuple[int, bool]:
    """The number of cells in the header line, and whether anything follows it."""
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=delimiter)
        width = len(next(reader, []))
        return width, any(line.strip() for line in handle)


def _csv_layout_message(bad_rows: list[Any], width: int, exc: Exception) -> str:
    if bad_rows:
        row = bad_rows[0]
        return _(
            "Susunan kolom CSV rusak: baris %(row)s berisi %(found)s kolom, padahal judul "
            "berisi %(width)s kolom. Pastikan setiap baris memiliki jumlah kolom yang sama "
            "dengan judul."
        ) % {
            "row": row.number if row.number and row.number > 0 else "?",
            "found": row.actual_columns,
            "width": width,
        }
    return _(
        "Susunan kolom CSV rusak: %(detail)s. Pastikan setiap baris memiliki jumlah kolom yang "
        "sama dengan judul."
    ) % {"detail": str(exc).strip()}


def _xlsx_header_row(path: Path) -> list[Any]:
    with _xlsx_sheet(path) as rows:
        for row in rows:
            if any(cell not in (None, "") for cell in row):
                return list(row)
    raise BatchFileError([_("Lembar kerja pertama kosong.")])


class _xlsx_sheet:
    def __init__(self, path: Path):
        self.path = path

    def __enter__(self) -> Iterator[tuple[Any, ...]]:
        from openpyxl import load_workbook

        try:
            self.workbook = load_workbook(self.path, read_only=True, data_only=True)
            sheet = self.workbook.worksheets[0]
            return sheet.iter_rows(values_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
            raise BatchFileError(
                [_("Berkas XLSX rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi.")]
            ) from exc

    def __exit__(self, *exc: object) -> None:
        self.workbook.close()


def _xlsx_chunks(batch: BatchFile) -> Iterator[pd.DataFrame]:
    try:
        yield from xlsx_frames(batch.path, batch.headers)
    except zipfile.BadZipFile as exc:
        raise BatchFileError(
            [_("Berkas XLSX rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi.")]
        ) from exc


def xlsx_frames(path: Path, headers: list[str]) -> Iterator[pd.DataFrame]:
    """The rows below the first sheet's header row as text, ``XLSX_CHUNK_ROWS`` at a time, with a
    ``row_number`` as the user counts rows; NIK and KK cells read as text."""
    width = len(headers)
    identifier_columns = {i for i, h in enumerate(headers) if h in ("nik", "no_kk")}
    with _xlsx_sheet(path) as rows:
        header_seen = False
        buffer: list[list[str]] = []
        numbers: list[int] = []
        for number, row in enumerate(rows, start=1):
            if not header_seen:
                header_seen = any(cell not in (None, "") for cell in row)
                continue
            cells = list(row[:width]) + [None] * (width - len(row))
            buffer.append([_xlsx_cell(v, i in identifier_columns) for i, v in enumerate(cells)])
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
