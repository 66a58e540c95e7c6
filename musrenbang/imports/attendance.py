"""A forum's sign-in sheet (CSV or XLSX) as an import of ``tkpk.tabular``: name,
institution or element represented, sex, disability, whether they speak for poor
households. Repeats in the sheet and people already listed are found in SQL
(``musrenbang.services.batches``)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from musrenbang.imports.cells import Problems, cells_tidied, choice, formula_start, yes_no
from musrenbang.models import Attendance
from tkpk.models import AuditAction
from tkpk.roles import Permission
from tkpk.tabular.problems import file_problem
from tkpk.tabular.spec import TableImport

COLUMNS = ["nama", "lembaga", "unsur", "jenis_kelamin", "disabilitas", "mewakili_miskin"]
REQUIRED = ["nama", "jenis_kelamin"]
ALIASES = {
    "nama_peserta": "nama",
    "instansi": "lembaga",
    "lembaga_instansi": "lembaga",
    "asal_lembaga": "lembaga",
    "unsur_perwakilan": "unsur",
    "sex": "jenis_kelamin",
    "l_p": "jenis_kelamin",
    "penyandang_disabilitas": "disabilitas",
    "difabel": "disabilitas",
    "wakil_rumah_tangga_miskin": "mewakili_miskin",
    "mewakili_rumah_tangga_miskin": "mewakili_miskin",
    "miskin": "mewakili_miskin",
}
STAGED = [
    "row_number",
    "name",
    "institution",
    "element",
    "sex",
    "has_disability",
    "represents_poor",
    "errors",
    "raw",
]
NAME_MAX = 150
INSTITUTION_MAX = 200
SEXES = {"L": "laki-laki", "P": "perempuan"}


def _columns_missing(headers: list[str]) -> dict[str, Any] | None:
    missing = [c for c in REQUIRED if c not in headers]
    if not missing:
        return None
    return file_problem(
        "musrenbang_attendance_columns_missing",
        missing=", ".join(missing),
        columns=", ".join(COLUMNS),
    )


def _tidied(chunk: pd.DataFrame) -> pd.DataFrame:
    return cells_tidied(chunk, COLUMNS)


ATTENDANCE_SHEET = TableImport(
    folder="musrenbang/attendance",
    max_bytes=5 * 1024 * 1024,
    too_large=gettext_noop("Daftar hadir lebih dari %(mb)s MB."),
    default_name="daftar-hadir.csv",
    validate_job="musrenbang_attendance_batch_validate",
    commit_job="musrenbang_attendance_batch_commit",
    commit_permission=Permission.PROPOSE_MUSRENBANG,
    commit_audit=AuditAction.MUSRENBANG_ATTENDANCE_IMPORTED,
    not_ready=gettext_noop("Daftar hadir ini belum siap disahkan (status: %s)."),
    columns=frozenset(COLUMNS),
    required=_columns_missing,
    aliases=ALIASES,
    ignored=frozenset({"no", "nomor", "tanda_tangan", "ttd", "alamat", "telp", "alamat_telp"}),
    text_columns=("nama", "lembaga"),
    prepared=_tidied,
    messages={
        "musrenbang_attendance_columns_missing": gettext_noop(
            "Kolom wajib daftar hadir tidak ada: %(missing)s (kolom yang dikenal: %(columns)s)."
        ),
    },
)


def chunk_check(chunk: pd.DataFrame) -> pd.DataFrame:
    """The staged rows of one chunk, each with its cell problems as a JSON array."""
    problems = Problems(chunk)
    name = chunk["nama"]
    problems.required("nama", _("Nama peserta kosong."))
    problems.add(
        name.str.len() > NAME_MAX,
        "nama",
        _("Nama terlalu panjang (paling banyak %(n)s karakter).") % {"n": NAME_MAX},
    )
    problems.add(
        formula_start(name),
        "nama",
        _("Nama diawali =, + atau @ (rumus spreadsheet); tulis tanpa tanda itu."),
    )
    institution = chunk["lembaga"]
    problems.add(
        institution.str.len() > INSTITUTION_MAX,
        "lembaga",
        _("Nama lembaga terlalu panjang (paling banyak %(n)s karakter).") % {"n": INSTITUTION_MAX},
    )
    element, bad_element = choice(
        chunk["unsur"], {v: str(lbl) for v, lbl in Attendance.Element.choices}
    )
    problems.add(
        bad_element,
        "unsur",
        _("Unsur tidak dikenal (kode yang sah: %(codes)s).")
        % {"codes": ", ".join(Attendance.Element.values)},
    )
    blank_sex = problems.required("jenis_kelamin", _("Jenis kelamin wajib diisi (L atau P)."))
    sex, bad_sex = choice(chunk["jenis_kelamin"], SEXES)
    problems.add(~blank_sex & bad_sex, "jenis_kelamin", _("Jenis kelamin L atau P."))
    disability, bad_disability = yes_no(chunk["disabilitas"])
    problems.add(bad_disability, "disabilitas", _("Isi ya atau tidak."))
    poor, bad_poor = yes_no(chunk["mewakili_miskin"])
    problems.add(bad_poor, "mewakili_miskin", _("Isi ya atau tidak."))
    staged = pd.DataFrame(
        {
            "row_number": chunk["row_number"],
            "name": name.str.slice(0, NAME_MAX),
            "institution": institution.str.slice(0, INSTITUTION_MAX),
            # A blank element reads as "other"; a blank yes/no as no.
            "element": element.where(element.ne(""), Attendance.Element.OTHER),
            "sex": sex,
            "has_disability": disability.where(disability.ne(""), "0"),
            "represents_poor": poor.where(poor.ne(""), "0"),
            "errors": problems.as_json(),
            "raw": pd.Series(chunk[COLUMNS].to_dict("records"), index=chunk.index).map(
                lambda r: json.dumps(r, ensure_ascii=False)
            ),
        },
        index=chunk.index,
    )
    return staged[STAGED]


def attendance_template_csv() -> bytes:
    lines = [
        ",".join(COLUMNS),
        "Siti Aminah,PKK Desa Jaten,women,P,tidak,ya",
        "Suyono,BPD Desa Jaten,village,L,ya,tidak",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")
