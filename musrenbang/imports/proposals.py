"""Proposals in bulk (CSV or XLSX: villages collect on paper and in spreadsheets) as an
import of ``tkpk.tabular``: the columns, the template, and the cell checks that need
nothing but the cell and the villages the uploader reaches. Repeats in the file and
proposals already there are found in SQL (``musrenbang.services.batches``)."""

from __future__ import annotations

import csv
import io
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font

from musrenbang.imports.cells import (
    Problems,
    cells_tidied,
    choice,
    formula_start,
    whole_number,
    yes_no,
)
from musrenbang.models import FieldOfAffairs, Proposal
from musrenbang.services.common import RUPIAH_DIGITS
from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.tabular.problems import file_problem
from tkpk.tabular.spec import TableImport

# (header, required, example, explanation)
COLUMN_NOTES: list[tuple[str, bool, str, str]] = [
    ("kode_desa", True, "35.05.01.2001", gettext_noop("Kode Kemendagri desa/kelurahan lokasi")),
    ("judul", True, "Pelatihan menjahit ibu rumah tangga miskin", gettext_noop("Judul usulan")),
    ("masalah", True, "Banyak ibu desil 1-2 tanpa penghasilan", gettext_noop("Masalah dijawab")),
    ("rt", False, "002", gettext_noop("RT (angka, boleh kosong)")),
    ("rw", False, "001", gettext_noop("RW (angka, boleh kosong)")),
    ("fisik", True, "tidak", gettext_noop("Usulan fisik/infrastruktur: ya atau tidak")),
    ("bidang_urusan", True, "manpower", gettext_noop("Bidang urusan: kode atau nama")),
    ("volume", True, "20", gettext_noop("Volume (1.250,5 atau 1250.5)")),
    ("satuan", True, "orang", gettext_noop("Satuan volume")),
    ("biaya", True, "15.000.000", gettext_noop("Perkiraan biaya dalam rupiah utuh")),
    ("penerima_manfaat", True, "20", gettext_noop("Jumlah penerima manfaat")),
    ("jenis_penerima", True, "person", gettext_noop("Jenis penerima: kode atau nama")),
    ("peringkat", False, "1", gettext_noop("Peringkat di forum (boleh kosong)")),
]
COLUMNS = [c[0] for c in COLUMN_NOTES]
REQUIRED = [c[0] for c in COLUMN_NOTES if c[1]]
ALIASES = {
    "kode_kelurahan": "kode_desa",
    "kode_wilayah": "kode_desa",
    "kd_desa": "kode_desa",
    "judul_usulan": "judul",
    "usulan": "judul",
    "nama_kegiatan": "judul",
    "permasalahan": "masalah",
    "masalah_yang_dijawab": "masalah",
    "fisik_non_fisik": "fisik",
    "bidang": "bidang_urusan",
    "urusan": "bidang_urusan",
    "perkiraan_biaya": "biaya",
    "anggaran": "biaya",
    "pagu": "biaya",
    "jumlah_penerima": "penerima_manfaat",
    "penerima": "penerima_manfaat",
    "jenis_penerima_manfaat": "jenis_penerima",
    "prioritas": "peringkat",
    "ranking": "peringkat",
}
# Staged columns, in the order of the staging table.
STAGED = [
    "row_number",
    "village_code",
    "title",
    "problem",
    "rt",
    "rw",
    "is_physical",
    "field_of_affairs",
    "volume",
    "unit",
    "estimated_cost",
    "beneficiaries",
    "beneficiary_kind",
    "rank_in_forum",
    "errors",
    "raw",
]
TITLE_MAX = 200
UNIT_MAX = 30


def _columns_missing(headers: list[str]) -> dict[str, Any] | None:
    missing = [c for c in REQUIRED if c not in headers]
    if not missing:
        return None
    return file_problem(
        "musrenbang_proposal_columns_missing",
        missing=", ".join(missing),
        columns=", ".join(COLUMNS),
    )


def _tidied(chunk: pd.DataFrame) -> pd.DataFrame:
    return cells_tidied(chunk, COLUMNS)


PROPOSAL_SHEET = TableImport(
    folder="musrenbang/proposals",
    max_bytes=20 * 1024 * 1024,
    too_large=gettext_noop("Berkas lebih dari %(mb)s MB; pecah menjadi beberapa berkas."),
    default_name="usulan.csv",
    validate_job="musrenbang_proposal_batch_validate",
    commit_job="musrenbang_proposal_batch_commit",
    commit_permission=Permission.PROPOSE_MUSRENBANG,
    commit_audit=AuditAction.MUSRENBANG_PROPOSALS_IMPORTED,
    not_ready=gettext_noop("Unggahan ini belum siap disahkan (status: %s)."),
    columns=frozenset(COLUMNS),
    required=_columns_missing,
    aliases=ALIASES,
    ignored=frozenset({"no", "nomor"}),
    text_columns=("judul", "masalah", "satuan"),
    prepared=_tidied,
    messages={
        "musrenbang_proposal_columns_missing": gettext_noop(
            "Kolom wajib tidak ada: %(missing)s (kolom yang dikenal: %(columns)s)."
        ),
    },
)

_RUPIAH_PLAIN = r"\d+(?:,\d{1,2})?"
_RUPIAH_GROUPED = r"\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?"
_VOLUME_COMMA = r"(?:\d{1,3}(?:\.\d{3})+|\d+),\d+"
_VOLUME_GROUPED = r"\d{1,3}(?:\.\d{3})+"
_VOLUME_PLAIN = r"\d+(?:\.\d+)?"


def _rupiah(cells: pd.Series, problems: Problems, column: str) -> pd.Series:
    """Whole rupiah as digits ('' where refused), with the reasons ``rupiah_parse`` gives."""
    text = cells.str.replace(r"(?i)^rp\.?\s*", "", regex=True).str.replace(" ", "", regex=False)
    negative = text.str.startswith("-")
    shaped = text.str.fullmatch(_RUPIAH_PLAIN) | text.str.fullmatch(_RUPIAH_GROUPED)
    parts = text.str.partition(",")
    whole = parts[0].str.replace(".", "", regex=False)
    sen = parts[2].str.strip("0")
    digits = whole.str.lstrip("0")
    blank = cells.eq("")
    problems.add(~blank & negative, column, _("Biaya tidak boleh negatif."))
    not_number = ~blank & ~negative & ~shaped
    problems.add(
        not_number,
        column,
        _("Bukan angka rupiah (contoh: 1.500.000 atau 1.500.000,00)."),
    )
    ok = ~blank & ~negative & shaped
    with_sen = ok & sen.ne("")
    problems.add(with_sen, column, _("Biaya ditulis dalam rupiah utuh, tanpa sen."))
    ok &= ~with_sen
    zero = ok & digits.eq("")
    problems.add(zero, column, _("Biaya harus lebih dari nol."))
    huge = ok & (digits.str.len() > RUPIAH_DIGITS)
    problems.add(
        huge,
        column,
        _("Biaya terlalu besar (paling banyak %(n)s angka).") % {"n": RUPIAH_DIGITS},
    )
    ok &= ~zero & ~huge
    return digits.where(ok, "")


def _volume(cells: pd.Series, problems: Problems, column: str) -> pd.Series:
    """Volume to two decimals as text ('' where refused), read as ``volume_parse`` reads it."""
    comma = cells.str.fullmatch(_VOLUME_COMMA)
    grouped = ~comma & cells.str.fullmatch(_VOLUME_GROUPED)
    plain = ~comma & ~grouped & cells.str.fullmatch(_VOLUME_PLAIN)
    text = cells.where(~comma, cells.str.replace(".", "", regex=False).str.replace(",", "."))
    text = text.where(~grouped, cells.str.replace(".", "", regex=False))
    text = text.where(comma | grouped | plain, "")
    # Two decimals the way Decimal.quantize rounds (half to even), exact on the text.
    value = pd.Series([_two_decimals(t) for t in text.tolist()], index=cells.index, dtype=object)
    bad = cells.ne("") & value.eq("")
    problems.add(bad, column, _("Volume harus angka lebih dari nol."))
    return value


def _two_decimals(text: str) -> str:
    from decimal import ROUND_HALF_EVEN, Decimal

    from musrenbang.services.common import VOLUME_LIMIT

    if not text:
        return ""
    value = Decimal(text).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return f"{value:.2f}" if 0 < value < VOLUME_LIMIT else ""


def chunk_check(chunk: pd.DataFrame, *, villages: set[str]) -> pd.DataFrame:
    """The staged rows of one chunk, each with its cell problems as a JSON array.

    ``villages`` are the village codes the uploader may propose for: a code outside them
    reads exactly like an unknown one."""
    problems = Problems(chunk)
    village = chunk["kode_desa"]
    blank_village = problems.required("kode_desa", _("Kode desa/kelurahan wajib diisi."))
    problems.add(
        ~blank_village & ~village.isin(villages),
        "kode_desa",
        _("Desa/kelurahan tidak ditemukan."),
    )
    title = chunk["judul"]
    problems.required("judul", _("Judul usulan wajib diisi."))
    problems.add(
        title.str.len() > TITLE_MAX,
        "judul",
        _("Judul terlalu panjang (paling banyak %(n)s karakter).") % {"n": TITLE_MAX},
    )
    problems.add(
        formula_start(title),
        "judul",
        _("Judul diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu."),
    )
    problems.required("masalah", _("Tuliskan masalah yang dijawab usulan ini."))
    for column in ("rt", "rw"):
        _digits, bad = whole_number(chunk[column], digits=3)
        problems.add(bad, column, _("Tulis dengan angka, paling banyak tiga digit."))
    blank_physical = problems.required("fisik", _("Isi ya atau tidak."))
    physical, bad_physical = yes_no(chunk["fisik"])
    problems.add(~blank_physical & bad_physical, "fisik", _("Isi ya atau tidak."))
    blank_field = problems.required("bidang_urusan", _("Bidang urusan wajib diisi."))
    field, bad_field = choice(
        chunk["bidang_urusan"], {v: str(lbl) for v, lbl in FieldOfAffairs.choices}
    )
    problems.add(
        ~blank_field & bad_field,
        "bidang_urusan",
        _("Bidang urusan tidak dikenal (kode yang sah: %(codes)s).")
        % {"codes": ", ".join(FieldOfAffairs.values)},
    )
    problems.required("volume", _("Volume wajib diisi."))
    volume = _volume(chunk["volume"], problems, "volume")
    unit = chunk["satuan"]
    problems.required("satuan", _("Satuan wajib diisi."))
    problems.add(
        unit.str.len() > UNIT_MAX,
        "satuan",
        _("Satuan terlalu panjang (paling banyak %(n)s karakter).") % {"n": UNIT_MAX},
    )
    problems.required("biaya", _("Biaya wajib diisi."))
    cost = _rupiah(chunk["biaya"], problems, "biaya")
    blank_beneficiaries = problems.required(
        "penerima_manfaat", _("Jumlah penerima manfaat wajib diisi.")
    )
    beneficiaries, bad_beneficiaries = whole_number(chunk["penerima_manfaat"], digits=9)
    problems.add(
        ~blank_beneficiaries & bad_beneficiaries,
        "penerima_manfaat",
        _("Jumlah penerima manfaat harus bilangan bulat, tidak negatif."),
    )
    blank_kind = problems.required("jenis_penerima", _("Jenis penerima manfaat wajib diisi."))
    kind, bad_kind = choice(
        chunk["jenis_penerima"], {v: str(lbl) for v, lbl in Proposal.BeneficiaryKind.choices}
    )
    problems.add(
        ~blank_kind & bad_kind,
        "jenis_penerima",
        _("Jenis penerima manfaat tidak dikenal (kode yang sah: %(codes)s).")
        % {"codes": ", ".join(Proposal.BeneficiaryKind.values)},
    )
    rank, bad_rank = whole_number(chunk["peringkat"], digits=4)
    bad_rank |= rank.ne("") & rank.str.fullmatch(r"0+").fillna(False).astype(bool)
    problems.add(bad_rank, "peringkat", _("Peringkat bilangan bulat mulai dari 1."))
    raw = chunk[COLUMNS].to_dict("records")
    staged = pd.DataFrame(
        {
            "row_number": chunk["row_number"],
            "village_code": village.str.slice(0, 13),
            "title": title.str.slice(0, TITLE_MAX),
            "problem": chunk["masalah"],
            "rt": chunk["rt"].str.slice(0, 3),
            "rw": chunk["rw"].str.slice(0, 3),
            "is_physical": physical,
            "field_of_affairs": field,
            "volume": volume,
            "unit": unit.str.slice(0, UNIT_MAX),
            "estimated_cost": cost,
            "beneficiaries": beneficiaries,
            "beneficiary_kind": kind,
            "rank_in_forum": rank.where(~bad_rank, ""),
            "errors": problems.as_json(),
            "raw": pd.Series(raw, index=chunk.index).map(_json),
        },
        index=chunk.index,
    )
    return staged[STAGED]


def _json(value: dict[str, Any]) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)


def proposal_template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerow([c[2] for c in COLUMN_NOTES])
    return buffer.getvalue().encode("utf-8-sig")


def proposal_template_xlsx() -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "Usulan"
    data.append(COLUMNS)
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.append([c[2] for c in COLUMN_NOTES])
    for index, header in enumerate(COLUMNS, start=1):
        letter = data.cell(row=1, column=index).column_letter
        data.column_dimensions[letter].width = max(12, len(header) + 2)
        if header in ("kode_desa", "rt", "rw"):  # codes keep their dots and zeros
            for row in range(2, 1002):
                data.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet(_("Penjelasan"))
    notes.append([_("Kolom"), _("Wajib"), _("Keterangan")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for header, required, _example, explanation in COLUMN_NOTES:
        notes.append([header, _("ya") if required else "", _(explanation)])
    notes.append([])
    notes.append(
        [_("Bidang urusan"), "", ", ".join(f"{v} ({lbl})" for v, lbl in FieldOfAffairs.choices)]
    )
    notes.append(
        [
            _("Jenis penerima"),
            "",
            ", ".join(f"{v} ({lbl})" for v, lbl in Proposal.BeneficiaryKind.choices),
        ]
    )
    notes.append(
        [
            _(
                "Usulan yang sudah ada (desa dan judul yang sama pada tahun ini) tidak ditambahkan "
                "lagi: mengunggah ulang berkas yang sama tidak mengubah apa pun."
            )
        ]
    )
    notes.column_dimensions["A"].width = 20
    notes.column_dimensions["C"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
