"""Files the registry hands out: the batch template and the rejected rows to fix."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from households.columns import BY_HEADER, COLUMNS
from households.models import BatchRow
from tkpk.exports import SheetWriter, number_mask, spreadsheet_safe
from tkpk.tabular.reasons import problems_line
from tkpk.tabular.rejected import rejected_rows_csv as tabular_rejected_rows_csv

HEADERS = [col.header for col in COLUMNS]


def batch_template_xlsx() -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    data.append(HEADERS)
    for cell in data[1]:
        cell.font = Font(bold=True)
    data.append([col.example for col in COLUMNS])
    for index, col in enumerate(COLUMNS, start=1):
        letter = data.cell(row=1, column=index).column_letter
        data.column_dimensions[letter].width = max(12, len(col.header) + 2)
        # NIK and KK must stay text: a number cell keeps only 15 digits.
        for row in range(2, 2002):
            data.cell(row=row, column=index).number_format = "@"
    notes = workbook.create_sheet(_("Penjelasan"))
    notes.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Nilai yang sah")])
    for cell in notes[1]:
        cell.font = Font(bold=True)
    for col in COLUMNS:
        allowed = ", ".join(col.choices.values) if col.choices else ""
        notes.append([col.header, _("ya") if col.required else "", str(col.label), allowed])
    notes.append([])
    for line in _rules():
        notes.append([line])
    notes.column_dimensions["A"].width = 34
    notes.column_dimensions["C"].width = 70
    notes.column_dimensions["D"].width = 60
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def batch_template_csv() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerow([col.example for col in COLUMNS])
    return buffer.getvalue().encode("utf-8")


def _rules() -> list[str]:
    return [
        _(
            "Satu baris untuk satu anggota keluarga; kolom rumah tangga diulang sama pada setiap "
            "baris ber-No. KK sama."
        ),
        _(
            "Aksi: baru (anggota belum terdaftar), perbaikan (ubah data), tetap (data masih "
            "benar), hapus (dengan alasan_hapus)."
        ),
        _(
            "Alasan hapus meninggal, pindah dan tidak_ditemukan berlaku untuk anggota; mampu dan "
            "ganda untuk seluruh rumah tangga dan ditulis pada baris kepala keluarga."
        ),
        _("Setiap KK harus memiliki tepat satu kepala keluarga yang masih hidup."),
        _("Kolom yang dikosongkan pada aksi perbaikan tidak mengubah data yang sudah ada."),
        _("Tulis NIK dan No. KK sebagai teks (format sel Teks), bukan angka."),
        _("Tanggal: YYYY-MM-DD, DD-MM-YYYY atau DD/MM/YYYY."),
        _("Batch hanya bisa disahkan dengan berita acara Musdes/Muskel yang ditandatangani."),
    ]


def rejected_rows_csv(rows: Iterable[BatchRow]) -> bytes:
    """The rejected rows as the operator uploaded them, with the reasons, ready to fix."""
    return tabular_rejected_rows_csv(
        headers=HEADERS,
        rows=(
            (
                row.row_number,
                row.raw or _typed_values(row),
                problems_line([*row.errors, *row.conflicts]),
            )
            for row in rows
        ),
    )


def _typed_values(row: BatchRow) -> dict[str, Any]:
    values = {}
    for header, col in BY_HEADER.items():
        value = getattr(row, col.field)
        if value is None:
            value = ""
        elif isinstance(value, bool):
            value = "ya" if value else "tidak"
        values[header] = str(value)
    return values


# Households per read: each chunk loads its members in one query; 2,000 keeps memory flat.
EXPORT_CHUNK = 2000
EXPORT_HEADERS = [
    "no_kk",
    "kode_desa",
    "desa",
    "alamat",
    "rt",
    "rw",
    "desil",
    "miskin_ekstrem",
    "status_rumah_tangga",
    "kriteria_bps",
    "nik",
    "nama",
    "hubungan_keluarga",
    "jenis_kelamin",
    "tanggal_lahir",
    "pendidikan",
    "status_sekolah",
    "pekerjaan",
    "disabilitas",
    "status_anggota",
]


def registry_export_run(*, job: Any, progress: Any) -> str:
    """Job handler: the filtered registry, one row per member, NIK and KK masked unless the
    requester may see them, every cell safe to open in a spreadsheet."""
    from django.conf import settings

    from households.forms import HouseholdFilterForm
    from households.models import Person
    from households.selectors import household_list
    from tkpk.access import user_region_test
    from tkpk.models import AuditAction
    from tkpk.roles import Permission
    from tkpk.services.audit import audit_record

    user = job.created_by
    form = HouseholdFilterForm(job.parameters.get("filters") or None)
    households = household_list(user=user, filters=form.filters())
    # Full numbers only of households in a region where the user holds that right.
    may_reveal = user_region_test(user, permission=Permission.VIEW_FULL_NIK)
    total = households.count()
    progress(0, total, _("Mengekspor %(total)s rumah tangga…") % {"total": total})
    fmt = job.parameters.get("format", "xlsx")
    relative = f"jobs/{job.pk}/registri-{job.pk}.{fmt}"
    path = settings.PRIVATE_MEDIA_ROOT / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = SheetWriter(path, fmt, sheet="Registri")
    writer.append(EXPORT_HEADERS)
    done, last_id, rows, revealed = 0, 0, 0, 0
    while True:
        chunk = list(households.filter(id__gt=last_id).order_by("id")[:EXPORT_CHUNK])
        if not chunk:
            break
        members = Person.objects.filter(household__in=chunk).order_by("household_id", "birth_date")
        by_household: dict[int, list[Any]] = {}
        for person in members:
            by_household.setdefault(person.household_id, []).append(person)
        for household in chunk:
            reveal = may_reveal(household.village_id)
            for person in by_household.get(household.pk, []):
                writer.append(
                    [
                        spreadsheet_safe(v)
                        for v in (
                            number_mask(household.kk, reveal),
                            household.village_id,
                            household.village.name,
                            household.address,
                            household.rt,
                            household.rw,
                            household.welfare_decile,
                            "ya" if household.extreme_poor else "tidak",
                            household.status,
                            household.bps_criteria_met,
                            number_mask(person.nik, reveal),
                            person.name,
                            person.relation,
                            person.sex,
                            person.birth_date.isoformat(),
                            person.education,
                            person.school_attendance,
                            person.occupation,
                            person.disability,
                            person.status,
                        )
                    ]
                )
                rows += 1
                revealed += reveal
        done += len(chunk)
        last_id = chunk[-1].pk
        progress(done, total)
    writer.close()
    audit_record(
        actor=user,
        action=AuditAction.REGISTRY_EXPORTED,
        target=job,
        region_code=job.region_id,
        ip=job.parameters.get("ip"),
        detail={
            "households": done,
            "rows": rows,
            "masked": rows - revealed,
            "full_nik": revealed,
            "filters": job.parameters.get("filters", {}),
        },
    )
    return relative
