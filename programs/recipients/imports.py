"""Reading a recipient list (the ministry's decree list, CSV or XLSX) one chunk at a time,
and the cell checks that need nothing but the cell: NIK and KK shape, amount, village code.

The file-level reading (encoding, separator, XLSX cells) is the registry batch reader's."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from households.identifiers import kk_errors, nik_errors
from households.imports import (
    BatchFileError,
    _csv_encoding,
    _xlsx_sheet,
    csv_frames,
    normalise_header,
    xlsx_frames,
)
from households.messages import key_text

COLUMNS = ["nik", "no_kk", "nama", "kode_desa", "nominal"]
ALIASES = {
    "no_nik": "nik",
    "nomor_nik": "nik",
    "nomor_induk_kependudukan": "nik",
    "nik_penerima": "nik",
    "no_kartu_keluarga": "no_kk",
    "nama_penerima": "nama",
    "nama_kpm": "nama",
    "kode_kelurahan": "kode_desa",
    "kd_desa": "kode_desa",
    "jumlah": "nominal",
    "jumlah_bantuan": "nominal",
    "besaran": "nominal",
    "nilai": "nominal",
    "nilai_bantuan": "nominal",
}
IGNORED = {"no", "nomor", "baris", "alasan_penolakan"}
# Staged columns, in the order of the staging table.
STAGED = ["row_number", "nik", "kk", "name", "village_code", "amount", "errors"]


@dataclass
class RecipientFile:
    path: Path
    kind: str
    headers: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    encoding: str = "utf-8-sig"
    delimiter: str = ","

    def chunks(self) -> Iterator[pd.DataFrame]:
        """Cells as stripped text under our column names, with the row number a user sees."""
        reader = self._xlsx() if self.kind == "xlsx" else self._csv()
        seen = False
        for chunk in reader:
            for column in COLUMNS:
                if column not in chunk:
                    chunk[column] = ""
            chunk = chunk[["row_number", *COLUMNS]]
            chunk[COLUMNS] = chunk[COLUMNS].apply(lambda s: s.str.strip())
            chunk = chunk[~(chunk[COLUMNS] == "").all(axis=1)]
            if len(chunk):
                seen = True
                yield chunk
        if not seen:
            raise BatchFileError([_("Berkas hanya berisi judul kolom; tidak ada baris data.")])

    def _csv(self) -> Iterator[pd.DataFrame]:
        return csv_frames(self.path, self.headers, delimiter=self.delimiter, encoding=self.encoding)

    def _xlsx(self) -> Iterator[pd.DataFrame]:
        return xlsx_frames(self.path, self.headers)


def recipient_file_open(path: Path) -> RecipientFile:
    if path.stat().st_size == 0:
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
        found = RecipientFile(path=path, kind="xlsx")
        with _xlsx_sheet(path) as rows:
            header = next((list(r) for r in rows if any(c not in (None, "") for c in r)), [])
        found.headers = _headers_checked(header, found.warnings)
        return found
    found = RecipientFile(path=path, kind="csv")
    found.encoding = _csv_encoding(path, found.warnings)
    with path.open(encoding=found.encoding, newline="") as handle:
        first_line = handle.readline()
    if not first_line.strip():
        raise BatchFileError([_("Baris pertama berkas kosong; baris pertama harus judul kolom.")])
    found.delimiter = max([",", ";", "\t"], key=first_line.count)
    found.headers = _headers_checked(
        next(csv.reader([first_line], delimiter=found.delimiter)), found.warnings
    )
    return found


def _headers_checked(raw: list[Any], warnings: list[str]) -> list[str]:
    headers = [normalise_header(h) for h in raw]
    headers = [ALIASES.get(h, h) for h in headers]
    while headers and headers[-1] == "":
        headers.pop()
    if not headers:
        raise BatchFileError([_("Berkas tidak memiliki baris judul kolom.")])
    duplicates = sorted({h for h in headers if h and headers.count(h) > 1})
    if duplicates:
        raise BatchFileError([_("Kolom muncul lebih dari sekali: %s.") % ", ".join(duplicates)])
    if "nik" not in headers and "no_kk" not in headers:
        raise BatchFileError(
            [
                _(
                    "Daftar penerima harus memiliki kolom nik atau no_kk (kolom yang dikenal: "
                    "%(columns)s)."
                )
                % {"columns": ", ".join(COLUMNS)}
            ]
        )
    unknown = [h or _("(tanpa judul)") for h in headers if h not in COLUMNS and h not in IGNORED]
    if unknown:
        warnings.append(_("Kolom tidak dikenal diabaikan: %s.") % ", ".join(unknown))
    # Unknown columns are read under unique throwaway names and dropped.
    return [h if h in COLUMNS else f"_ignored_{i}" for i, h in enumerate(headers)]


AMOUNT_PATTERN = r"\d{1,3}(?:[.,]\d{3})+|\d+"


def chunk_check(chunk: pd.DataFrame, *, batch_region: str, villages: set[str]) -> pd.DataFrame:
    """The staged rows of one chunk, with each row's cell problems as a JSON array.

    Vectorised over the chunk; only the rows that have problems get their JSON built."""
    nik, kk, village = chunk["nik"], chunk["no_kk"], chunk["kode_desa"]
    amount_text = (
        chunk["nominal"]
        .str.replace(r"^[Rr][Pp]\.?\s*", "", regex=True)
        .str.replace(" ", "", regex=False)
    )
    problems: list[pd.DataFrame] = []

    def add(mask: pd.Series, column: str, values: pd.Series, message: pd.Series | str) -> None:
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "column": column,
                        "value": values[mask],
                        "message": (
                            message.reindex(mask.index)[mask]
                            if isinstance(message, pd.Series)
                            else message
                        ),
                    }
                )
            )

    neither = nik.eq("") & kk.eq("")
    add(neither, "nik", nik, _("Isi NIK atau No. KK penerima"))
    nik_problem = nik_errors(nik)
    bad_nik = nik.ne("") & nik_problem.ne("")
    add(bad_nik, "nik", nik, nik_problem[bad_nik].map(key_text))
    kk_problem = kk_errors(kk)
    bad_kk = kk.ne("") & kk_problem.ne("")
    add(bad_kk, "no_kk", kk, kk_problem[bad_kk].map(key_text))
    in_region = village.eq(batch_region) | village.str.startswith(batch_region + ".")
    add(
        village.ne("") & ~in_region,
        "kode_desa",
        village,
        _("Desa/kelurahan di luar wilayah daftar ini (%(region)s)") % {"region": batch_region},
    )
    add(
        village.ne("") & in_region & ~village.isin(villages),
        "kode_desa",
        village,
        _("Kode desa/kelurahan tidak dikenal"),
    )
    bad_amount = amount_text.ne("") & ~amount_text.str.fullmatch(AMOUNT_PATTERN)
    add(bad_amount, "nominal", chunk["nominal"], _("Nominal harus bilangan bulat rupiah"))
    amount = pd.to_numeric(
        amount_text.where(~bad_amount, "").str.replace(r"[.,]", "", regex=True), errors="coerce"
    ).astype("Int64")
    staged = pd.DataFrame(
        {
            "row_number": chunk["row_number"],
            "nik": nik,
            "kk": kk,
            "name": chunk["nama"].str.slice(0, 100),
            "village_code": village.where(village.str.len() <= 13, village.str.slice(0, 13)),
            "amount": amount,
            "errors": "[]",
        },
        index=chunk.index,
    )
    if problems:
        found = pd.concat(problems)
        staged.loc[found.index.unique(), "errors"] = found.groupby(level=0).apply(
            lambda g: json.dumps(g.to_dict("records"), ensure_ascii=False)
        )
    return staged[STAGED]
