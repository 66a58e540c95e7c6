"""Reading and normalising verification batch files (CSV or XLSX), one chunk at a time.

Everything that can be checked on a row by itself is checked here, vectorised with pandas;
what needs other rows or the registry is checked in SQL (``households.reconcile``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _

from households.columns import BY_HEADER, COLUMNS, REQUIRED_HEADERS, Column
from households.identifiers import kk_errors, nik_errors, nik_warnings

# 50,000 rows per chunk keeps a 1.2M-row import under 2 GB peak while pandas still works
# on whole columns; 20k made no measurable difference in speed.
CHUNK_ROWS = 50_000

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
TRUE_WORDS = {"ya", "y", "1", "true", "benar", "yes"}
FALSE_WORDS = {"tidak", "t", "0", "false", "salah", "no", "tdk"}
FORMULA_START = ("=", "+", "@")
# Columns our own files add (row number, reasons of the rejected-rows file): not data.
IGNORED_HEADERS = {"baris", "alasan_penolakan"}
EXCEL_EPOCH = pd.Timestamp("1899-12-30")


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
    try:
        reader = pd.read_csv(
            batch.path,
            sep=batch.delimiter,
            dtype=str,
            keep_default_na=False,
            encoding=batch.encoding,
            chunksize=CHUNK_ROWS,
            header=0,
            names=batch.headers,
            usecols=range(len(batch.headers)),
            skip_blank_lines=True,
            engine="c",
        )
        first_row = 2
        for chunk in reader:
            chunk.index = pd.RangeIndex(first_row, first_row + len(chunk))
            first_row += len(chunk)
            chunk.insert(0, "row_number", chunk.index)
            yield chunk
    except pd.errors.ParserError as exc:
        raise BatchFileError(
            [
                _(
                    "Susunan kolom CSV rusak: %(detail)s. Pastikan setiap baris memiliki jumlah "
                    "kolom yang sama dengan judul."
                )
                % {"detail": str(exc).strip()}
            ]
        ) from exc


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
    width = len(batch.headers)
    identifier_columns = {i for i, h in enumerate(batch.headers) if h in ("nik", "no_kk")}
    try:
        with _xlsx_sheet(batch.path) as rows:
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
                if len(buffer) >= CHUNK_ROWS:
                    yield _frame(buffer, numbers, batch.headers)
                    buffer, numbers = [], []
            if buffer:
                yield _frame(buffer, numbers, batch.headers)
    except zipfile.BadZipFile as exc:
        raise BatchFileError(
            [_("Berkas XLSX rusak atau terpotong; simpan ulang dari Excel lalu unggah lagi.")]
        ) from exc


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


# ---------------------------------------------------------------- normalising a chunk


def normalise(frame: pd.DataFrame, *, known_districts: set[str]) -> pd.DataFrame:
    """Typed values for every known column plus ``errors``, ``warnings`` and ``raw`` (JSON)."""
    present = [col for col in COLUMNS if col.header in frame.columns]
    out = pd.DataFrame(index=frame.index)
    out["row_number"] = frame["row_number"].astype(int)
    messages: list[tuple[str, pd.Series]] = []
    warnings: list[tuple[str, pd.Series]] = []
    cleaned = {col.header: _clean(frame[col.header]) for col in present}
    for col in present:
        value, error = _parse(col, cleaned[col.header])
        # A value that failed its check is not kept typed (it may not even fit the column);
        # the row keeps the cell as uploaded in ``raw``.
        out[col.field] = value.where(error.eq(""), None)
        messages.append((col.header, error))
    for col in COLUMNS:
        if col.field not in out:
            out[col.field] = None

    action = out["action"].fillna("")
    for header, field_name in [
        ("kode_desa", "village_code"),
        ("nama", "name"),
        ("hubungan_keluarga", "relation"),
        ("jenis_kelamin", "sex"),
        ("tanggal_lahir", "birth_date"),
    ]:
        blank = action.eq("baru") & out[field_name].isna() & _no_error(messages, header)
        messages.append((header, _where(blank, _("wajib diisi untuk aksi baru"))))
    no_reason = (
        action.eq("hapus") & out["removal_reason"].isna() & _no_error(messages, "alasan_hapus")
    )
    messages.append(("alasan_hapus", _where(no_reason, _("wajib diisi bila aksi hapus"))))

    checked_niks = out["nik"].fillna("")  # NIKs that failed their check are blank by now
    nik_warning = nik_warnings(
        checked_niks,
        sexes=out["sex"],
        birth_dates=out["birth_date"],
        known_districts=known_districts,
        well_formed=checked_niks.ne(""),
    )
    warnings.append(("nik", nik_warning))
    ignored_reason = ~action.eq("hapus") & out["removal_reason"].notna()
    warnings.append(
        ("alasan_hapus", _where(ignored_reason, _("diabaikan karena aksi bukan hapus")))
    )

    out["name_search"] = name_search_keys(out["name"])
    out["errors"] = _json_messages(messages, index=out.index)
    out["warnings"] = _json_messages(warnings, index=out.index)
    # The cells as uploaded are kept only where something is wrong with the row.
    out["raw"] = None
    has_errors = out["errors"].ne("[]")
    if has_errors.any():
        raw = frame.loc[has_errors, [c for c in frame.columns if c != "row_number"]]
        out.loc[has_errors, "raw"] = raw.to_json(
            orient="records", lines=True, force_ascii=False
        ).splitlines()
    for text_field in ("kk", "nik", "village_code", "action", "removal_reason"):
        out[text_field] = out[text_field].fillna("")
    return out


def _clean(values: pd.Series) -> pd.Series:
    return values.fillna("").astype("string[pyarrow]").str.strip()


def name_search_keys(names: pd.Series) -> pd.Series:
    """'Sutrisno Hadí' -> 'SUTRISNO HADI': the key that name search matches by prefix."""
    text = names.astype("string[pyarrow]").fillna("")
    keys = (
        text.str.normalize("NFKD")
        .str.replace(r"[^\x00-\x7F]+", "", regex=True)
        .str.replace(r"\s+", " ", regex=True)
        .str.strip()
        .str.upper()
    )
    return keys.astype(object).where(keys.ne(""), None)


def _where(mask: pd.Series, message: str) -> pd.Series:
    return pd.Series(np.where(mask, message, ""), index=mask.index, dtype=object)


def _no_error(messages: list[tuple[str, pd.Series]], header: str) -> pd.Series:
    result = None
    for name, series in messages:
        if name == header:
            ok = series.eq("")
            result = ok if result is None else result & ok
    return result if result is not None else True


def _parse(col: Column, text: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Parse each distinct cell once: most columns hold a handful of distinct values."""
    codes, uniques = pd.factorize(text)
    distinct = pd.Series(uniques)
    empty = distinct.eq("")
    value, error = _PARSERS[col.kind](col, distinct, empty)
    value = value.astype(object).where(~empty, None)
    error = error.astype(object).where(~empty, "")
    return (
        pd.Series(value.to_numpy(dtype=object)[codes], index=text.index),
        pd.Series(error.to_numpy(dtype=object)[codes], index=text.index),
    )


def _parse_text(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    value = text.str.replace(r"\s+", " ", regex=True)
    error = pd.Series("", index=text.index, dtype=object)
    error[value.str.len() > col.max_length] = (
        _("terlalu panjang (paling banyak %s karakter)") % col.max_length
    )
    error[text.str.contains(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", regex=True)] = _(
        "mengandung karakter kontrol yang tidak terlihat"
    )
    error[value.str.startswith(FORMULA_START)] = _(
        "diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu"
    )
    return value, error


def _parse_digits(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    ok = text.str.fullmatch(rf"\d{{1,{col.max_length}}}")
    value = text.where(~ok, text.astype(object).str.zfill(col.max_length))
    return value, _where(~ok, _("harus angka, paling banyak %s digit") % col.max_length)


def _parse_int(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    number = pd.to_numeric(text.str.replace(",", ".", regex=False), errors="coerce")
    rounded = number.round()
    bad = number.isna() | ~rounded.between(col.min_value, col.max_value)
    value = rounded.where(~bad).astype("Int64").astype(object).where(~bad, None)
    message = _("harus bilangan %(min)s–%(max)s") % {"min": col.min_value, "max": col.max_value}
    return value, _where(bad, message)


def _parse_date(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    parsed = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d", "%d.%m.%Y"):
        parsed = parsed.fillna(pd.to_datetime(text, format=fmt, errors="coerce"))
    serial = pd.to_numeric(text.where(text.str.fullmatch(r"\d{1,5}(\.0+)?")), errors="coerce")
    from_serial = EXCEL_EPOCH + pd.to_timedelta(serial, unit="D")
    parsed = parsed.fillna(from_serial.where(serial.between(1, 73000)))
    today = pd.Timestamp(dt.date.today())
    future = parsed > today
    too_old = parsed < pd.Timestamp("1900-01-01")
    error = _where(
        parsed.isna(), _("bukan tanggal yang dikenali (pakai YYYY-MM-DD atau DD-MM-YYYY)")
    )
    error[future] = _("tanggal di masa depan")
    error[too_old] = _("tanggal sebelum tahun 1900")
    ok = parsed.notna() & ~future & ~too_old
    value = parsed.dt.date.astype(object).where(ok, None)
    return value, error


def _parse_bool(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    value = pd.Series(None, index=text.index, dtype=object)
    value[lower.isin(TRUE_WORDS)] = True
    value[lower.isin(FALSE_WORDS)] = False
    return value, _where(value.isna(), _("isi ya atau tidak"))


def _parse_choice(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    assert col.choices is not None
    code = text.str.lower().str.replace(r"[\s\-/]+", "_", regex=True)
    valid = code.isin(col.choices.values)
    message = _("bukan pilihan yang sah; pilihan: %s") % ", ".join(col.choices.values)
    return code.where(valid, None), _where(~valid, message)


def _parse_sex(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    lower = text.str.lower()
    value = pd.Series(None, index=text.index, dtype=object)
    value[lower.isin(["l", "laki-laki", "laki laki", "lk", "pria"])] = "L"
    value[lower.isin(["p", "perempuan", "pr", "wanita"])] = "P"
    return value, _where(value.isna(), _("isi L atau P"))


def _parse_village(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    undotted = text.str.fullmatch(r"\d{10}")
    dotted = text.where(
        ~undotted,
        text.str[0:2] + "." + text.str[2:4] + "." + text.str[4:6] + "." + text.str[6:10],
    )
    ok = dotted.str.fullmatch(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
    return dotted.where(ok, None), _where(~ok, _("harus kode desa seperti 35.05.01.2001"))


def _parse_nik(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    error = nik_errors(text)
    return text, error.where(~empty, _("NIK wajib diisi"))


def _parse_kk(col: Column, text: pd.Series, empty: pd.Series) -> tuple[pd.Series, pd.Series]:
    error = kk_errors(text)
    return text, error.where(~empty, _("No. KK wajib diisi"))


_PARSERS = {
    "text": _parse_text,
    "digits": _parse_digits,
    "int": _parse_int,
    "date": _parse_date,
    "bool": _parse_bool,
    "choice": _parse_choice,
    "sex": _parse_sex,
    "village": _parse_village,
    "nik": _parse_nik,
    "kk": _parse_kk,
}


def _json_messages(pairs: list[tuple[str, pd.Series]], *, index: pd.Index) -> pd.Series:
    """'[{"column": ..., "message": ...}, ...]' per row, built column-wise (no row loop)."""
    result = pd.Series("", index=index, dtype=object)
    cache: dict[tuple[str, str], str] = {}

    def encode(header: str, message: str) -> str:
        key = (header, message)
        if key not in cache:
            cache[key] = json.dumps({"column": header, "message": message}, ensure_ascii=False)
        return cache[key]

    for header, series in pairs:
        has = series.ne("") & series.notna()
        if not has.any():
            continue
        encoded = series[has].map(lambda m, h=header: encode(h, m))
        joined = result[has]
        result[has] = joined.where(joined.eq(""), joined + ",") + encoded
    return "[" + result + "]"
