"""The recipient list (the ministry's decree list, CSV or XLSX) as an import of
``tkpk.tabular``: its columns, and the cell checks that need nothing but the cell: NIK and
KK shape, amount, village code, names that hide text or start a spreadsheet formula. Rows
are matched to the registry and committed in ``programs.recipients.batches``."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from django.utils.translation import gettext_noop

from households.identifiers import kk_errors, nik_errors
from households.normalise import FORMULA_START
from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.tabular.files import BIDI_CONTROLS, ImportFile, import_file_open
from tkpk.tabular.problems import file_problem
from tkpk.tabular.reasons import key_problem, message_key, problems_line, row_messages_add
from tkpk.tabular.rejected import rejected_rows_csv
from tkpk.tabular.spec import TableImport

if TYPE_CHECKING:
    from programs.models import RecipientBatchRow

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
    "kode_wilayah": "kode_desa",
    "kd_desa": "kode_desa",
    "jumlah": "nominal",
    "jumlah_bantuan": "nominal",
    "besaran": "nominal",
    "nilai": "nominal",
    "nilai_bantuan": "nominal",
}
# Why a row is refused, beside the NIK and KK codes of the registry (stored as codes,
# translated when shown: ``tkpk.tabular.reasons``).
ROW_MESSAGES = {
    "recipient_identifier_required": gettext_noop("Isi NIK atau No. KK penerima"),
    "recipient_village_outside": gettext_noop(
        "Desa/kelurahan di luar wilayah daftar ini (%(region)s)"
    ),
    "recipient_village_unknown": gettext_noop("Kode desa/kelurahan tidak dikenal"),
    "recipient_name_hidden": gettext_noop(
        "Nama mengandung karakter kontrol atau tersembunyi yang dapat menyamarkan teks"
    ),
    "recipient_name_too_long": gettext_noop("Nama terlalu panjang (paling banyak %(n)s karakter)"),
    "recipient_name_formula": gettext_noop(
        "Nama diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu"
    ),
    "recipient_amount_integer": gettext_noop("Nominal harus bilangan bulat rupiah"),
    "recipient_amount_too_large": gettext_noop("Nominal terlalu besar (paling banyak %(n)s angka)"),
    "recipient_listed_twice": gettext_noop(
        "Baris ganda: penerima yang sama sudah ada di baris %(first)s"
    ),
}
row_messages_add(ROW_MESSAGES)
# Staged columns, in the order of the staging table.
STAGED = ["row_number", "nik", "kk", "name", "village_code", "amount", "errors"]


def _identifier_missing(headers: list[str]) -> dict[str, Any] | None:
    if "nik" in headers or "no_kk" in headers:
        return None
    return file_problem("recipient_identifier_missing", columns=", ".join(COLUMNS))


def _cells_tidied(chunk: pd.DataFrame) -> pd.DataFrame:
    """Every column present, cells stripped: a list may leave out any column but one."""
    for column in COLUMNS:
        if column not in chunk:
            chunk[column] = ""
    chunk = chunk[["row_number", *COLUMNS]]
    chunk[COLUMNS] = chunk[COLUMNS].apply(lambda s: s.str.strip())
    return chunk


RECIPIENT_LIST = TableImport(
    folder="recipients",
    max_bytes=200 * 1024 * 1024,
    too_large=gettext_noop("Berkas lebih dari %(mb)s MB; pecah menjadi beberapa daftar."),
    default_name="daftar.csv",
    validate_job="recipient_batch_validate",
    commit_job="recipient_batch_commit",
    commit_permission=Permission.MANAGE_RECIPIENTS,
    commit_audit=AuditAction.RECIPIENTS_COMMITTED,
    not_ready=gettext_noop("Daftar ini belum siap disahkan (status: %s)."),
    columns=frozenset(COLUMNS),
    required=_identifier_missing,
    aliases=ALIASES,
    ignored=frozenset({"no", "nomor"}),
    prepared=_cells_tidied,
    messages={
        "recipient_identifier_missing": gettext_noop(
            "Daftar penerima harus memiliki kolom nik atau no_kk (kolom yang dikenal: %(columns)s)."
        ),
    },
)


def recipient_file_open(path: Path) -> ImportFile:
    return import_file_open(path, table=RECIPIENT_LIST)


NAME_MAX = 100  # the staged and stored name's length
VALUE_SHOWN = 100  # characters of a refused cell kept with its reason
AMOUNT_DIGITS = 15  # a thousand trillion rupiah: beyond any benefit, within a bigint
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

    def add(mask: pd.Series, column: str, values: pd.Series, key: pd.Series | str) -> None:
        if mask.any():
            problems.append(
                pd.DataFrame(
                    {
                        "column": column,
                        "value": values[mask].str.slice(0, VALUE_SHOWN),
                        "key": key.reindex(mask.index)[mask] if isinstance(key, pd.Series) else key,
                    }
                )
            )

    neither = nik.eq("") & kk.eq("")
    add(neither, "nik", nik, message_key("recipient_identifier_required"))
    nik_problem = nik_errors(nik)
    bad_nik = nik.ne("") & nik_problem.ne("")
    add(bad_nik, "nik", nik, nik_problem)
    kk_problem = kk_errors(kk)
    bad_kk = kk.ne("") & kk_problem.ne("")
    add(bad_kk, "no_kk", kk, kk_problem)
    in_region = village.eq(batch_region) | village.str.startswith(batch_region + ".")
    add(
        village.ne("") & ~in_region,
        "kode_desa",
        village,
        message_key("recipient_village_outside", region=batch_region),
    )
    add(
        village.ne("") & in_region & ~village.isin(villages),
        "kode_desa",
        village,
        message_key("recipient_village_unknown"),
    )
    name = chunk["nama"]
    add(
        name.str.contains(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|{BIDI_CONTROLS}", regex=True),
        "nama",
        name,
        message_key("recipient_name_hidden"),
    )
    add(name.str.len() > NAME_MAX, "nama", name, message_key("recipient_name_too_long", n=NAME_MAX))
    add(name.str.startswith(FORMULA_START), "nama", name, message_key("recipient_name_formula"))
    amount_digits = amount_text.str.replace(r"[.,]", "", regex=True)
    bad_amount = amount_text.ne("") & ~amount_text.str.fullmatch(AMOUNT_PATTERN)
    add(bad_amount, "nominal", chunk["nominal"], message_key("recipient_amount_integer"))
    huge_amount = ~bad_amount & (amount_digits.str.len() > AMOUNT_DIGITS)
    add(
        huge_amount,
        "nominal",
        chunk["nominal"],
        message_key("recipient_amount_too_large", n=AMOUNT_DIGITS),
    )
    bad_amount |= huge_amount
    amount = pd.to_numeric(amount_digits.where(~bad_amount, ""), errors="coerce").astype("Int64")
    staged = pd.DataFrame(
        {
            "row_number": chunk["row_number"],
            # A rejected row keeps what fits its columns; its reason holds the cell as written.
            "nik": nik.str.slice(0, 16),
            "kk": kk.str.slice(0, 16),
            "name": chunk["nama"].str.slice(0, NAME_MAX),
            "village_code": village.where(village.str.len() <= 13, village.str.slice(0, 13)),
            "amount": amount,
            "errors": "[]",
        },
        index=chunk.index,
    )
    if problems:
        found = pd.concat(problems)
        staged.loc[found.index.unique(), "errors"] = found.groupby(level=0).apply(
            lambda g: json.dumps([_stored(p) for p in g.to_dict("records")], ensure_ascii=False)
        )
    return staged[STAGED]


def _stored(problem: dict[str, str]) -> dict[str, Any]:
    """A problem as stored: its column, the cell as written, its code and parameters."""
    code, params = key_problem(problem["key"])
    entry: dict[str, Any] = {"column": problem["column"], "value": problem["value"], "code": code}
    if params:
        entry["params"] = params
    return entry


def recipient_rejected_rows_csv(rows: Iterable[RecipientBatchRow]) -> bytes:
    """The rejected rows under the list's headers, with the reasons, ready to fix."""
    return rejected_rows_csv(
        headers=COLUMNS,
        rows=((row.row_number, _cells_as_written(row), problems_line(row.errors)) for row in rows),
    )


def _cells_as_written(row: RecipientBatchRow) -> dict[str, str]:
    cells = {
        "nik": row.nik,
        "no_kk": row.kk,
        "nama": row.name,
        "kode_desa": row.village_code,
        "nominal": "" if row.amount is None else str(row.amount),
    }
    # A refused cell is staged cut to its column; its reason keeps it as written.
    cells.update({p["column"]: p["value"] for p in row.errors if "value" in p})
    return cells
