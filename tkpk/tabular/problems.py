"""Whole-file problems of an uploaded table, stored as codes and shown in the reader's
language: the reader's own (this module) and those an import declares (``TableImport``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext, gettext_noop

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


def file_messages_add(messages: Mapping[str, str]) -> None:
    """Codes an import refuses or warns with, beside the reader's own."""
    clash = [code for code in messages if FILE_MESSAGES.get(code, messages[code]) != messages[code]]
    if clash:
        raise ValueError(f"file problem codes already mean something else: {clash}")
    FILE_MESSAGES.update(messages)


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


def refuse(code: str, /, **params: Any) -> BatchFileError:
    return BatchFileError([file_problem(code, **params)])
